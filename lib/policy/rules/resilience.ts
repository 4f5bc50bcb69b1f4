import { fail, pass, PolicyRule, unknown } from '../rule';
import { blocks, isExpression, isSet, ResourceView, StackView } from '../stack-view';

/** Actions that make a role an administrator of a service or of the account. */
const ADMIN_ACTION = /^(\*|[a-z0-9-]+:\*)$/;
/** AWS managed policies that grant (nearly) everything. */
const ADMIN_MANAGED_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** The role a `role_arn` names, when it is a role of this stack. */
function roleOf(arn: unknown, stack: StackView): ResourceView | undefined {
  const role = stack.resolve(arn);
  return role?.type === 'aws_iam_role' ? role : undefined;
}

/** Every `Action` of a policy document given as JSON text (Terraform template expressions inside strings are fine). */
function actionsOf(policy: unknown): string[] | undefined {
  if (typeof policy !== 'string' || !policy.trim().startsWith('{')) return undefined;
  try {
    // Terraform interpolations inside the JSON text (`${element(split(":", ...))}`) may hold quotes: blank them out first.
    const doc = JSON.parse(policy.replace(/\$\{[^{}]*\}/g, 'EXPRESSION')) as { Statement?: { Effect?: string; Action?: string | string[] }[] };
    return (doc.Statement ?? []).filter((s) => s.Effect !== 'Deny').flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action !== undefined ? [s.Action] : []));
  } catch {
    return undefined;
  }
}

export const RESILIENCE_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_166',
    title: 'Ensure Backup Vault is encrypted at rest using KMS CMK',
    resourceTypes: ['aws_backup_vault'],
    fix: 'set kmsKeyArn to a customer managed key (CrossRegionBackup creates one per vault)',
    check: (r) => (isSet(r.config.kms_key_arn) ? pass() : fail('kms_key_arn is not set: the vault uses the AWS managed key')),
  },
  {
    id: 'MRPS_BACKUP_1',
    title: 'Ensure every backup vault has a vault lock in production',
    resourceTypes: ['aws_backup_vault'],
    productionOnly: true,
    fix: 'add an aws_backup_vault_lock_configuration for the vault (CrossRegionBackup vaultLock: "compliance" or "governance")',
    check(r, stack) {
      const locks = stack.referencing(r, ['aws_backup_vault_lock_configuration'], 'backup_vault_name', [r.config.name]);
      return locks.length > 0 ? pass() : fail('no aws_backup_vault_lock_configuration names this vault: whoever may delete recovery points can erase every backup');
    },
  },
  {
    id: 'MRPS_FIS_1',
    title: 'Ensure every FIS experiment template has a CloudWatch alarm stop condition',
    resourceTypes: ['aws_fis_experiment_template'],
    fix: 'add stop_condition { source = "aws:cloudwatch:alarm", value = <alarm ARN> } (FaultInjectionExperiments stopConditionAlarmArns)',
    check(r) {
      const conditions = blocks(r.config.stop_condition);
      const alarms = conditions.filter((c) => c.source === 'aws:cloudwatch:alarm' && isSet(c.value));
      if (alarms.length === 0) return fail('no stop condition on a CloudWatch alarm: the experiment runs to its end however bad the environment gets');
      if (conditions.some((c) => c.source === 'none')) return fail('a stop condition has source "none"');
      return pass();
    },
  },
  {
    id: 'MRPS_FIS_2',
    title: 'Ensure the FIS experiment role is not an administrator',
    resourceTypes: ['aws_fis_experiment_template'],
    fix: 'give the experiment role only the actions its experiments run (FaultInjectionExperiments builds one)',
    check(r, stack) {
      const role = roleOf(r.config.role_arn, stack);
      if (!role) return isExpression(r.config.role_arn) ? unknown('role of another stack') : unknown(`role_arn ${JSON.stringify(r.config.role_arn)} is not a role of this stack`);
      const attached = stack.referencing(role, ['aws_iam_role_policy_attachment'], 'role', [role.config.name]).map((a) => String(a.config.policy_arn));
      const admin = attached.find((arn) => ADMIN_MANAGED_POLICIES.test(arn));
      if (admin) return fail(`the role has ${admin} attached`);
      const inline = stack.referencing(role, ['aws_iam_role_policy'], 'role', [role.config.name]);
      for (const policy of inline) {
        const actions = actionsOf(policy.config.policy);
        if (actions === undefined) return unknown(`policy ${policy.address} is not JSON text`);
        const wide = actions.find((a) => ADMIN_ACTION.test(a));
        if (wide) return fail(`policy ${policy.address} allows "${wide}"`);
      }
      return pass();
    },
  },
];
