import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { BACKUP_INTERVAL_HOURS, backupScheduleExpression, MAX_BACKUP_RETENTION_DAYS, VAULT_LOCK_GRACE_DAYS, VaultLockMode } from '../../lib/config/resilience';
import { invalid } from '../../lib/errors';
import { PolicyDocument, Principal } from '../../lib/iam';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkArray, checkInteger, checkName, checkOneOf, checkProps, checkRequiredObject, checkString, isUnresolved } from '../../lib/validation';
import { EncryptionKey } from '../encryption-key';

/** A resource AWS Backup protects. */
export interface BackedUpResource {
  /** Short label (recovery point tags, the runbook). */
  readonly label: string;
  /** Its ARN (an RDS DB instance, an EBS volume, ...; ElastiCache is not an AWS Backup resource type). */
  readonly arn: string;
}

export interface CrossRegionBackupProps {
  /** Environment name: names the vaults (`<name>-backup`), plan, role and keys. */
  readonly name: string;
  /** The environment's Region (where the source vault is). */
  readonly region: string;
  /** What to back up. */
  readonly resources: readonly BackedUpResource[];
  /** Region of the copy. Must differ from `region`. */
  readonly copyRegion: string;
  /** An AWS provider (an alias) for `copyRegion`: the copy's vault and key are created with it. */
  readonly copyProvider: TerraformProvider;
  /** Hours between backups: 1, 2, 3, 4, 6, 8, 12, 24 or 168 (weekly). */
  readonly intervalHours: number;
  /** Days a backup is kept in `region`. */
  readonly retentionDays: number;
  /** Days its copy is kept in `copyRegion`. @default retentionDays */
  readonly copyRetentionDays?: number;
  /** Vault lock of both vaults. @default VaultLockMode.COMPLIANCE with the production guardrails, NONE otherwise */
  readonly vaultLock?: VaultLockMode;
  /** `prevent_destroy` of the vaults and keys; `force_destroy` of the vaults outside production. @default Protection.PRODUCTION */
  readonly protection?: Protection;
}

/** AWS Backup starts a job within this window after its scheduled time (the minimum, 60 minutes). https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html */
export const BACKUP_START_WINDOW_MINUTES = 60;
/** A job that has not finished this long after it started is cancelled: the next one is due (at most a day). At least 2 hours (AWS Backup requires the completion window to exceed the start window). */
const MIN_COMPLETION_WINDOW_MINUTES = 120;

/**
 * AWS Backup for an environment's data stores: a vault encrypted with its own KMS key, a
 * plan that backs the resources up every `intervalHours` and copies every recovery point to a
 * vault (with its own key) in a second Region, and, with vault lock, recovery points nobody
 * can delete before their retention ends (compliance mode: not even the account's root user
 * once the 3-day grace time is over; https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html).
 *
 * RDS recovery points in the source vault stay encrypted with the database's own key (RDS
 * snapshots keep their key); the copy in the second Region is encrypted with that Region's
 * vault key. The backup role has the AWS managed policies for backup and restore
 * (AWSBackupServiceRolePolicyForBackup / ForRestores).
 */
export class CrossRegionBackup extends Construct {
  public readonly vault: BackupVault;
  public readonly copyVault: BackupVault;
  public readonly plan: BackupPlan;
  public readonly role: IamRole;
  public readonly key: EncryptionKey;
  public readonly copyKey: EncryptionKey;
  public readonly vaultLock: VaultLockMode;

  constructor(scope: Construct, id: string, props: CrossRegionBackupProps) {
    super(scope, id);
    checkProps(this, props, `{ name: 'prod', region: 'us-east-1', resources: [{ label: 'database', arn }], copyRegion: 'us-west-2', copyProvider, intervalHours: 4, retentionDays: 35 }`);
    const protection = resolveProtection(this, props);
    this.validate(props);
    const { name } = props;
    const copyRetentionDays = props.copyRetentionDays ?? props.retentionDays;
    this.vaultLock = props.vaultLock ?? (protection.productionGuardrails ? VaultLockMode.COMPLIANCE : VaultLockMode.NONE);

    this.key = new EncryptionKey(this, 'key', { alias: `${name}-backup`, description: `Encrypts the AWS Backup vault of ${name}`, protection });
    this.copyKey = new EncryptionKey(this, 'copy-key', { alias: `${name}-backup-copy`, description: `Encrypts the ${props.copyRegion} copy of the AWS Backup vault of ${name}`, protection, provider: props.copyProvider });
    // Both vaults wait for their key's policy: EncryptionKey orders every consumer of a key after it.

    const vaultName = `${name}-backup`;
    this.vault = new BackupVault(this, 'vault', {
      name: vaultName,
      kmsKeyArn: this.key.keyArn,
      forceDestroy: protection.forceDestroy,
      lifecycle: protection.lifecycle(),
      tags: { Name: vaultName },
    });
    this.copyVault = new BackupVault(this, 'copy-vault', {
      name: vaultName,
      kmsKeyArn: this.copyKey.keyArn,
      forceDestroy: protection.forceDestroy,
      lifecycle: protection.lifecycle(),
      provider: props.copyProvider,
      tags: { Name: vaultName },
    });
    if (this.vaultLock !== VaultLockMode.NONE) {
      const lock = (lockId: string, vault: BackupVault, minDays: number, provider?: TerraformProvider) =>
        new BackupVaultLockConfiguration(this, lockId, {
          backupVaultName: vault.name,
          minRetentionDays: minDays,
          maxRetentionDays: MAX_BACKUP_RETENTION_DAYS,
          // Compliance mode: the lock becomes immutable after the grace time; governance: omit it.
          changeableForDays: this.vaultLock === VaultLockMode.COMPLIANCE ? VAULT_LOCK_GRACE_DAYS : undefined,
          provider,
        });
      lock('vault-lock', this.vault, props.retentionDays);
      lock('copy-vault-lock', this.copyVault, copyRetentionDays, props.copyProvider);
    }

    this.role = new IamRole(this, 'role', {
      name: `${name}-backup`,
      description: `AWS Backup backs up, copies and restores the data stores of ${name}`,
      assumeRolePolicy: PolicyDocument.trust(Principal.service('backup.amazonaws.com')).toJson(),
    });
    const attachments = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'].map(
      (policy) => new IamRolePolicyAttachment(this, `role-${policy}`, { role: this.role.name, policyArn: `arn:${this.key.partition}:iam::aws:policy/service-role/${policy}` }),
    );

    this.plan = new BackupPlan(this, 'plan', {
      name: `${name}-data`,
      rule: [
        {
          ruleName: `every-${props.intervalHours}h-copy-to-${props.copyRegion}`,
          targetVaultName: this.vault.name,
          schedule: backupScheduleExpression(props.intervalHours),
          startWindow: BACKUP_START_WINDOW_MINUTES,
          completionWindow: Math.max(MIN_COMPLETION_WINDOW_MINUTES, Math.min(props.intervalHours, 24) * 60),
          lifecycle: { deleteAfter: props.retentionDays },
          copyAction: [{ destinationVaultArn: this.copyVault.arn, lifecycle: { deleteAfter: copyRetentionDays } }],
          recoveryPointTags: { Environment: name, Plan: `${name}-data` },
        },
      ],
      tags: { Name: `${name}-data` },
    });
    new BackupSelection(this, 'selection', {
      name: `${name}-data`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: props.resources.map((r) => r.arn),
      dependsOn: attachments,
    });
  }

  private validate(props: CrossRegionBackupProps): void {
    checkName(this, 'name', props.name, { maxLength: 32, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'environment name (it names the vaults and the role)' });
    checkString(this, 'region', props.region, true);
    checkString(this, 'copyRegion', props.copyRegion, true);
    if (props.copyRegion === props.region) {
      invalid(this, 'copyRegion', props.copyRegion, `is the Region the backups are taken in: the copy would not survive losing ${props.region}`, 'pass another Region of the same partition, and a provider alias for it as copyProvider');
    }
    checkRequiredObject(this, 'copyProvider', props.copyProvider, 'pass an AwsProvider with an alias and region: copyRegion');
    const providerRegion = (props.copyProvider as unknown as { regionInput?: string }).regionInput;
    if (typeof providerRegion === 'string' && !isUnresolved(providerRegion) && providerRegion !== props.copyRegion) {
      invalid(this, 'copyProvider', providerRegion, `is a provider for ${providerRegion}, not copyRegion ${props.copyRegion}`, `pass an AwsProvider with region: "${props.copyRegion}"`);
    }
    checkArray(this, 'resources', props.resources, { minLength: 1, what: 'resources to back up' });
    props.resources.forEach((r, i) => {
      checkString(this, `resources[${i}].arn`, r?.arn, true);
      if (typeof r.arn === 'string' && !isUnresolved(r.arn) && /:elasticache:/.test(r.arn)) {
        invalid(this, `resources[${i}].arn`, r.arn, 'is an ElastiCache resource, which AWS Backup does not back up', 'keep ElastiCache on its own snapshots (RedisCluster snapshotRetentionDays)');
      }
    });
    checkOneOf(this, 'intervalHours', props.intervalHours, BACKUP_INTERVAL_HOURS);
    if (props.intervalHours === undefined) invalid(this, 'intervalHours', props.intervalHours, 'is required', `pass one of ${BACKUP_INTERVAL_HOURS.join(', ')}`);
    checkInteger(this, 'retentionDays', props.retentionDays, { min: 1, max: MAX_BACKUP_RETENTION_DAYS, limit: 'AWS Backup keeps a recovery point 1 day to 100 years' });
    checkInteger(this, 'copyRetentionDays', props.copyRetentionDays, { min: 1, max: MAX_BACKUP_RETENTION_DAYS, limit: 'AWS Backup keeps a recovery point 1 day to 100 years' });
    for (const [prop, days] of [['retentionDays', props.retentionDays], ['copyRetentionDays', props.copyRetentionDays ?? props.retentionDays]] as const) {
      if (days * 24 < props.intervalHours) {
        invalid(this, prop, days, `keeps a backup ${days * 24} h, shorter than the ${props.intervalHours} h between backups`, `keep backups at least ${Math.ceil(props.intervalHours / 24)} day(s), or back up more often`);
      }
    }
    checkOneOf(this, 'vaultLock', props.vaultLock, Object.values(VaultLockMode));
  }
}
