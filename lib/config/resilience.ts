import { invalid } from '../errors';
import { checkArray, checkBoolean, checkInteger, checkOneOf } from '../validation';

/**
 * Resilience settings of an environment: ARC zonal shift, AWS FIS experiments that reproduce
 * the loss of one AZ, and AWS Backup with a copy in a second Region. Every field is optional;
 * `resolveResilience` fills the defaults and `validateResilience` rejects what AWS would (or
 * what would leave the claim it makes unproven).
 */

/** Alarms of the environment itself a setting may name instead of an ARN. */
export enum EnvironmentAlarm {
  /** `<name>-degraded`: the composite in ALARM while any critical alarm is (MonitoringStack). */
  DEGRADED = 'degraded',
  /** The SLO alarms: every ALB's 5xx burn rate and p95 latency (MonitoringStack `sloAlarms`). */
  SLO = 'slo',
}

/** CloudWatch alarm ARN. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies */
export const CLOUDWATCH_ALARM_ARN = /^arn:aws(-cn|-us-gov)?:cloudwatch:[a-z0-9-]+:\d{12}:alarm:[^\s]+$/;

export interface ZonalAutoshiftSettings {
  /** Let AWS shift traffic away from an AZ it detects as impaired (and run weekly practice runs). */
  readonly enabled: boolean;
  /**
   * The practice runs' outcome alarm: ARC ends a practice run, and reports it failed, when it
   * goes to ALARM ("The outcome alarm for practice runs is a required Amazon CloudWatch alarm",
   * CreatePracticeRunConfiguration, https://docs.aws.amazon.com/arc-zonal-shift/latest/api/API_CreatePracticeRunConfiguration.html).
   * `"degraded"` names the environment's composite alarm, or pass an alarm ARN.
   * @default - none: required when `enabled`
   */
  readonly practiceRunOutcomeAlarm?: string;
  /**
   * An alarm that keeps ARC from starting a practice run while it is in ALARM.
   * @default - none
   */
  readonly practiceRunBlockingAlarm?: string;
}

export interface ZonalShiftSettings {
  /**
   * Register the ALBs, the internal NLB and the EKS cluster with ARC zonal shift.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Zonal autoshift. hashicorp/aws 5.100 has no resource for it (no `aws_arczonalshift_*`),
   * so the AWS stack outputs `zonal_autoshift_commands`: the `aws arc-zonal-shift` calls that
   * configure the practice runs and turn autoshift on for each registered resource.
   * @default - off
   */
  readonly autoshift?: ZonalAutoshiftSettings;
}

export interface FaultInjectionSettings {
  /**
   * Create the AWS FIS experiment templates (creating a template changes nothing; an operator
   * starts an experiment from it).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * How long an AZ-loss experiment keeps the AZ down (instances stopped, subnets cut off,
   * cache nodes powered off), in minutes.
   * @default DEFAULT_AZ_LOSS_MINUTES (30)
   */
  readonly durationMinutes?: number;
  /**
   * Alarms that stop every experiment when they go to ALARM: `"degraded"`, `"slo"` or alarm ARNs.
   * @default ['degraded', 'slo']
   */
  readonly stopConditions?: readonly string[];
}

/** AWS Backup vault lock modes. https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html */
export enum VaultLockMode {
  /** No lock: recovery points can be deleted by whoever may delete them. */
  NONE = 'none',
  /** Governance mode: only principals with backup:DeleteBackupVaultLockConfiguration can remove the lock. */
  GOVERNANCE = 'governance',
  /** Compliance mode: immutable once the grace time (`changeable_for_days`) ends, even for the root user. */
  COMPLIANCE = 'compliance',
}

export interface BackupSettings {
  /** @default true */
  readonly enabled?: boolean;
  /**
   * Region the backups are copied to (a vault with its own key there).
   * @default DEFAULT_COPY_REGIONS[region]
   */
  readonly copyRegion?: string;
  /**
   * Hours between backups (AWS Backup runs at most hourly): 1, 2, 3, 4, 6, 8, 12, 24 or 168 (weekly).
   * @default 4 in production, 24 otherwise
   */
  readonly intervalHours?: number;
  /** Days a backup is kept in the environment's Region. @default 35 in production, 7 otherwise */
  readonly retentionDays?: number;
  /** Days its copy is kept in `copyRegion`. @default retentionDays */
  readonly copyRetentionDays?: number;
  /** @default VaultLockMode.COMPLIANCE in production, NONE otherwise */
  readonly vaultLock?: VaultLockMode;
}

/** Every field filled in. */
export interface ResolvedResilience {
  readonly zonalShift: { readonly enabled: boolean; readonly autoshift?: ZonalAutoshiftSettings };
  readonly faultInjection: { readonly enabled: boolean; readonly durationMinutes: number; readonly stopConditions: readonly string[] };
  readonly backup: {
    readonly enabled: boolean;
    readonly region: string;
    readonly copyRegion: string;
    readonly intervalHours: number;
    readonly retentionDays: number;
    readonly copyRetentionDays: number;
    readonly vaultLock: VaultLockMode;
  };
}

/**
 * The FIS "AZ Availability: Power Interruption" scenario's default outage is 30 minutes
 * (https://docs.aws.amazon.com/fis/latest/userguide/az-availability-scenario.html): long
 * enough for the Auto Scaling groups and the cluster autoscaler to replace capacity elsewhere.
 */
export const DEFAULT_AZ_LOSS_MINUTES = 30;
/** FIS actions run at most 12 hours (action duration quota, https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html). */
export const MAX_EXPERIMENT_MINUTES = 12 * 60;
/**
 * Stop conditions per template this library writes at most: FIS has a per-template quota
 * (https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html) whose default was not read
 * here, so the environment ORs its SLO alarms into one composite and stays far below it.
 */
export const MAX_STOP_CONDITIONS = 5;

/** AWS Backup schedules: hourly is the most frequent (https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html); these divide a day evenly, or are a week (168). */
export const BACKUP_INTERVAL_HOURS = [1, 2, 3, 4, 6, 8, 12, 24, 168] as const;
/**
 * Production backs up every 4 hours: the Region-loss RPO (interval + copy lag) stays a working
 * morning, while RDS's own point-in-time restore (5 minutes, in-Region) covers the common case.
 */
export const PRODUCTION_BACKUP_INTERVAL_HOURS = 4;
export const NON_PRODUCTION_BACKUP_INTERVAL_HOURS = 24;
/** Production keeps backups 35 days (a month plus a weekend, the longest RDS keeps its own automated backups). */
export const PRODUCTION_BACKUP_RETENTION_DAYS = 35;
export const NON_PRODUCTION_BACKUP_RETENTION_DAYS = 7;
/** AWS Backup keeps a recovery point at most 100 years. https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html */
export const MAX_BACKUP_RETENTION_DAYS = 36_500;
/** Vault lock's compliance grace time: at least 3 days (vault-lock.html). */
export const VAULT_LOCK_GRACE_DAYS = 3;

/**
 * A second Region per Region, for the copy (same partition, same continent where there is one).
 * Regions missing here need `backup.copyRegion`.
 */
export const DEFAULT_COPY_REGIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'us-west-2',
  'us-east-2': 'us-west-2',
  'us-west-1': 'us-east-1',
  'us-west-2': 'us-east-1',
  'ca-central-1': 'us-east-1',
  'eu-west-1': 'eu-central-1',
  'eu-west-2': 'eu-west-1',
  'eu-west-3': 'eu-central-1',
  'eu-central-1': 'eu-west-1',
  'eu-north-1': 'eu-central-1',
  'ap-southeast-1': 'ap-southeast-2',
  'ap-southeast-2': 'ap-southeast-1',
  'ap-northeast-1': 'ap-northeast-3',
  'ap-northeast-2': 'ap-northeast-1',
  'ap-south-1': 'ap-southeast-1',
  'sa-east-1': 'us-east-1',
};

const REGION_NAME = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : region.includes('-gov-') ? 'aws-us-gov' : 'aws');

/** The settings as given, the environment facts they depend on. */
export interface ResilienceInputs {
  readonly where: string;
  readonly region: string;
  readonly production: boolean;
  readonly zonalShift?: ZonalShiftSettings;
  readonly faultInjection?: FaultInjectionSettings;
  readonly backup?: BackupSettings;
}

/** Checks the settings and fills their defaults. */
export function resolveResilience(inputs: ResilienceInputs): ResolvedResilience {
  const { where, region, production } = inputs;
  for (const field of ['zonalShift', 'faultInjection', 'backup'] as const) {
    const value = inputs[field];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) invalid(where, field, value, 'is not an object', `pass ${field}: { ... } or leave it out for the defaults`);
  }

  const zs = inputs.zonalShift ?? {};
  checkBoolean(where, 'zonalShift.enabled', zs.enabled);
  const zonalShiftEnabled = zs.enabled ?? true;
  const autoshift = zs.autoshift;
  if (autoshift !== undefined) {
    checkBoolean(where, 'zonalShift.autoshift.enabled', autoshift.enabled);
    if (autoshift.enabled) {
      if (!zonalShiftEnabled) invalid(where, 'zonalShift.autoshift.enabled', true, 'is on while zonalShift.enabled is false: autoshift shifts only resources registered for zonal shift', 'set zonalShift.enabled: true, or turn autoshift off');
      if (autoshift.practiceRunOutcomeAlarm === undefined || autoshift.practiceRunOutcomeAlarm === '') {
        invalid(where, 'zonalShift.autoshift.practiceRunOutcomeAlarm', autoshift.practiceRunOutcomeAlarm, 'is missing: zonal autoshift needs practice runs, and a practice run needs an outcome alarm', `set practiceRunOutcomeAlarm: "${EnvironmentAlarm.DEGRADED}" (the environment's composite alarm) or a CloudWatch alarm ARN`);
      }
    }
    checkAlarmRef(where, 'zonalShift.autoshift.practiceRunOutcomeAlarm', autoshift.practiceRunOutcomeAlarm, [EnvironmentAlarm.DEGRADED]);
    checkAlarmRef(where, 'zonalShift.autoshift.practiceRunBlockingAlarm', autoshift.practiceRunBlockingAlarm, [EnvironmentAlarm.DEGRADED]);
  }

  const fi = inputs.faultInjection ?? {};
  checkBoolean(where, 'faultInjection.enabled', fi.enabled);
  checkInteger(where, 'faultInjection.durationMinutes', fi.durationMinutes, { min: 1, max: MAX_EXPERIMENT_MINUTES, limit: 'an FIS action runs at most 12 hours' });
  const stopConditions = fi.stopConditions ?? [EnvironmentAlarm.DEGRADED, EnvironmentAlarm.SLO];
  checkArray(where, 'faultInjection.stopConditions', stopConditions, { maxLength: MAX_STOP_CONDITIONS, what: 'alarms ("degraded", "slo" or alarm ARNs)' });
  if ((fi.enabled ?? true) && stopConditions.length === 0) {
    invalid(where, 'faultInjection.stopConditions', stopConditions, 'is empty: an experiment without a stop condition keeps breaking the environment however bad it gets', `list "${EnvironmentAlarm.DEGRADED}", "${EnvironmentAlarm.SLO}" or alarm ARNs`);
  }
  stopConditions.forEach((ref, i) => checkAlarmRef(where, `faultInjection.stopConditions[${i}]`, ref, [EnvironmentAlarm.DEGRADED, EnvironmentAlarm.SLO]));
  if (new Set(stopConditions).size !== stopConditions.length) invalid(where, 'faultInjection.stopConditions', stopConditions, 'names an alarm twice', 'list each alarm once');

  const b = inputs.backup ?? {};
  checkBoolean(where, 'backup.enabled', b.enabled);
  const copyRegion = b.copyRegion ?? DEFAULT_COPY_REGIONS[region];
  const backupEnabled = b.enabled ?? true;
  if (backupEnabled) {
    if (copyRegion === undefined) invalid(where, 'backup.copyRegion', b.copyRegion, `is not set and ${region} has no default second Region`, 'set backup.copyRegion to another Region of the same partition, e.g. "eu-central-1"');
    if (typeof copyRegion !== 'string' || !REGION_NAME.test(copyRegion)) invalid(where, 'backup.copyRegion', copyRegion, 'is not an AWS region name', 'use a Region name such as "us-west-2"');
    if (copyRegion === region) invalid(where, 'backup.copyRegion', copyRegion, `is the environment's own Region: the copy would not survive losing ${region}`, `choose another Region, e.g. "${DEFAULT_COPY_REGIONS[region] ?? 'us-west-2'}"`);
    if (partitionOf(copyRegion) !== partitionOf(region)) invalid(where, 'backup.copyRegion', copyRegion, `is in another partition than ${region}; AWS Backup copies only within a partition`, `choose a Region of the ${partitionOf(region)} partition`);
  }
  checkOneOf(where, 'backup.intervalHours', b.intervalHours, BACKUP_INTERVAL_HOURS);
  const intervalHours = b.intervalHours ?? (production ? PRODUCTION_BACKUP_INTERVAL_HOURS : NON_PRODUCTION_BACKUP_INTERVAL_HOURS);
  checkInteger(where, 'backup.retentionDays', b.retentionDays, { min: 1, max: MAX_BACKUP_RETENTION_DAYS, limit: 'AWS Backup keeps a recovery point 1 day to 100 years' });
  checkInteger(where, 'backup.copyRetentionDays', b.copyRetentionDays, { min: 1, max: MAX_BACKUP_RETENTION_DAYS, limit: 'AWS Backup keeps a recovery point 1 day to 100 years' });
  const retentionDays = b.retentionDays ?? (production ? PRODUCTION_BACKUP_RETENTION_DAYS : NON_PRODUCTION_BACKUP_RETENTION_DAYS);
  const copyRetentionDays = b.copyRetentionDays ?? retentionDays;
  for (const [prop, days] of [['backup.retentionDays', retentionDays], ['backup.copyRetentionDays', copyRetentionDays]] as const) {
    if (days * 24 < intervalHours) {
      invalid(where, prop, days, `keeps a backup ${days * 24} h, shorter than the ${intervalHours} h between backups: for part of every interval no recovery point exists`, `keep backups at least ${Math.ceil(intervalHours / 24)} day(s), or back up more often`);
    }
  }
  checkOneOf(where, 'backup.vaultLock', b.vaultLock, Object.values(VaultLockMode));
  const vaultLock = b.vaultLock ?? (production ? VaultLockMode.COMPLIANCE : VaultLockMode.NONE);
  if (production && backupEnabled && vaultLock === VaultLockMode.NONE) {
    invalid(where, 'backup.vaultLock', vaultLock, 'is "none" in a production environment: anyone who may delete a recovery point can erase every backup', 'use "compliance" (the default) or "governance"');
  }
  if (production && !backupEnabled) invalid(where, 'backup.enabled', false, 'is false in a production environment: no copy of the database would survive losing the Region', 'leave backup enabled');

  return {
    zonalShift: { enabled: zonalShiftEnabled, autoshift },
    faultInjection: { enabled: fi.enabled ?? true, durationMinutes: fi.durationMinutes ?? DEFAULT_AZ_LOSS_MINUTES, stopConditions: [...stopConditions] },
    backup: { enabled: backupEnabled, region, copyRegion: copyRegion ?? region, intervalHours, retentionDays, copyRetentionDays, vaultLock },
  };
}

function checkAlarmRef(where: string, prop: string, value: unknown, keywords: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value === 'string' && (keywords.includes(value) || CLOUDWATCH_ALARM_ARN.test(value))) return;
  invalid(where, prop, value, 'is neither an alarm of this environment nor a CloudWatch alarm ARN', `use ${keywords.map((k) => `"${k}"`).join(' or ')}, or an ARN such as "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors"`);
}

/** `cron(...)` of AWS Backup for a backup every `hours` hours (UTC): daily at 05:00, weekly on Sundays at 05:00. */
export function backupScheduleExpression(hours: number): string {
  if (hours === 168) return 'cron(0 5 ? * SUN *)';
  return hours === 24 ? 'cron(0 5 * * ? *)' : `cron(0 0/${hours} * * ? *)`;
}
