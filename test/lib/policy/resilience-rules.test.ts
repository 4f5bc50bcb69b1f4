import { FAIL, outcomeOf, PASS, Resources, UNKNOWN } from '../../support/policy';

/**
 * The backup and fault-injection rules on exact Terraform JSON: each failing case with its
 * exact finding, and each way a rule finds what it looks for (a reference or the literal name).
 */

describe('CKV_AWS_166 and MRPS_BACKUP_1: a vault with a customer managed key and a vault lock', () => {
  const vault = (config: Record<string, unknown> = {}): Resources => ({ aws_backup_vault: { v: { name: 'prod-vault', kms_key_arn: '${aws_kms_key.k.arn}', ...config } } });

  test('GIVEN no kms_key_arn THEN the finding names the AWS managed key', () => {
    expect(outcomeOf('CKV_AWS_166', vault({ kms_key_arn: undefined }))).toEqual(FAIL('kms_key_arn is not set: the vault uses the AWS managed key'));
    expect(outcomeOf('CKV_AWS_166', vault())).toEqual(PASS);
  });

  const NO_LOCK = FAIL('no aws_backup_vault_lock_configuration names this vault: whoever may delete recovery points can erase every backup');
  test.each<[string, Record<string, unknown> | undefined, unknown]>([
    ['a lock referencing the vault', { backup_vault_name: '${aws_backup_vault.v.name}', min_retention_days: 7 }, PASS],
    ['a lock naming the vault literally', { backup_vault_name: 'prod-vault', min_retention_days: 7 }, PASS],
    ['a lock of another vault', { backup_vault_name: 'other-vault', min_retention_days: 7 }, NO_LOCK],
    ['no lock', undefined, NO_LOCK],
  ])('MRPS_BACKUP_1 GIVEN %s THEN the outcome is as expected', (_, lock, expected) => {
    expect(outcomeOf('MRPS_BACKUP_1', { ...vault(), ...(lock ? { aws_backup_vault_lock_configuration: { l: lock } } : {}) })).toEqual(expected);
  });
});

describe('MRPS_FIS_1: an alarm stop condition on every experiment', () => {
  const ALARM = { source: 'aws:cloudwatch:alarm', value: '${aws_cloudwatch_metric_alarm.slo.arn}' };
  const NO_ALARM = FAIL('no stop condition on a CloudWatch alarm: the experiment runs to its end however bad the environment gets');
  test.each<[string, unknown, unknown]>([
    ['an alarm', [ALARM], PASS],
    ['an alarm as a single block', ALARM, PASS],
    ['no stop condition', undefined, NO_ALARM],
    ['an alarm condition without an alarm', [{ source: 'aws:cloudwatch:alarm', value: '' }], NO_ALARM],
    ['only "none"', [{ source: 'none' }], NO_ALARM],
    ['another source with a value', [{ source: 'aws:arc:zonal-shift', value: '${aws_cloudwatch_metric_alarm.slo.arn}' }], NO_ALARM],
    ['an alarm and "none"', [ALARM, { source: 'none' }], FAIL('a stop condition has source "none"')],
  ])('GIVEN %s THEN the outcome is as expected', (_, stopCondition, expected) => {
    expect(outcomeOf('MRPS_FIS_1', { aws_fis_experiment_template: { t: { description: 'x', role_arn: 'arn', ...(stopCondition ? { stop_condition: stopCondition } : {}) } } })).toEqual(expected);
  });
});

describe('MRPS_FIS_2: the experiment role is not an administrator', () => {
  /** An experiment template on `roleArn`, the role `fis` (named fis-role), and the given policies. */
  function experiment(roleArn: unknown, extra: Resources = {}): Resources {
    return { aws_fis_experiment_template: { t: { description: 'x', role_arn: roleArn } }, aws_iam_role: { fis: { name: 'fis-role', assume_role_policy: '{}' } }, aws_iam_policy: { p: { policy: '{}' } }, ...extra };
  }
  const ROLE = '${aws_iam_role.fis.arn}';
  const inline = (policy: unknown, role = ROLE): Resources => ({ aws_iam_role_policy: { p: { role, policy } } });
  const statements = (...statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

  test.each<[string, Resources, unknown]>([
    ['a narrow inline policy', experiment(ROLE, inline(statements({ Effect: 'Allow', Action: ['ec2:StopInstances'], Resource: '*' }))), PASS],
    ['a role ARN that references a resource other than a role', experiment('${aws_iam_policy.p.arn}'), UNKNOWN('role of another stack')],
    ['a literal role ARN', experiment('arn:aws:iam::123456789012:role/fis'), UNKNOWN('role_arn "arn:aws:iam::123456789012:role/fis" is not a role of this stack')],
    [
      'AdministratorAccess attached to the role by name',
      experiment(ROLE, { aws_iam_role_policy_attachment: { a: { role: 'fis-role', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } } }),
      FAIL('the role has arn:aws:iam::aws:policy/AdministratorAccess attached'),
    ],
    ['an inline policy on the role by name allowing "*"', experiment(ROLE, inline(statements({ Effect: 'Allow', Action: '*', Resource: '*' }), 'fis-role')), FAIL('policy aws_iam_role_policy.p allows "*"')],
    ['a policy with leading white space allowing a service', experiment(ROLE, inline(`\n  ${statements({ Effect: 'Allow', Action: ['ec2:*'], Resource: '*' })}`)), FAIL('policy aws_iam_role_policy.p allows "ec2:*"')],
    ['"*" only in a Deny statement', experiment(ROLE, inline(statements({ Effect: 'Deny', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*' }))), PASS],
    ['a policy from a data source', experiment(ROLE, inline('${data.aws_iam_policy_document.fis.json}')), UNKNOWN('policy aws_iam_role_policy.p is not JSON text')],
    ['a JSON list, not a policy document', experiment(ROLE, inline('[]')), UNKNOWN('policy aws_iam_role_policy.p is not JSON text')],
    ['text that is not JSON', experiment(ROLE, inline('{ not json')), UNKNOWN('policy aws_iam_role_policy.p is not JSON text')],
  ])('GIVEN %s THEN the outcome is as expected', (_, resources, expected) => {
    expect(outcomeOf('MRPS_FIS_2', resources)).toEqual(expected);
  });
});
