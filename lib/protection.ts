import { TerraformResourceLifecycle } from 'cdktf';
import { IConstruct } from 'constructs';
import { describeValue, invalid } from './errors';
import { checkLogRetention, CLOUDWATCH_LOG_RETENTION_DAYS } from './log-retention';
import { rejectReplacedProps, Replacements } from './replaced-props';
import { checkBoolean, checkInteger } from './validation';

/*
 * The figures each preset stands for. They are this project's choices, each with its reason;
 * the AWS ranges they must fall in are checked by Protection.with() and by the constructs.
 */

/**
 * A year of logs in production: PCI DSS v4.0 requirement 10.5.1 keeps audit log history for
 * at least 12 months, and checkov's CKV_AWS_338 (lib/policy, production only) asks CloudWatch
 * log groups for at least one year. Covers RDS, ElastiCache, EKS control-plane and Container
 * Insights logs, VPC flow logs, the ALB access logs and the WAF's blocked-request log.
 */
export const PRODUCTION_LOG_RETENTION_DAYS = 365;
/**
 * A month outside production: long enough to debug anything found during a release cycle,
 * short enough that dev and staging logs (often verbose, never audited) do not pile up cost.
 */
export const NON_PRODUCTION_LOG_RETENTION_DAYS = 30;
/**
 * Two weeks of RDS point-in-time recovery in production: a corruption noticed a week after
 * a weekly release can still be rolled back (the project's floor is 7, see
 * constructs/rds-with-replicas/limits.ts).
 */
export const PRODUCTION_DATABASE_BACKUP_DAYS = 14;
/** A week outside production: a broken staging migration can be undone, and read replicas need backups on the source (at least 1 day). */
export const NON_PRODUCTION_DATABASE_BACKUP_DAYS = 7;
/** A week of daily ElastiCache snapshots in production: the cache can be rebuilt from the database, so a week of warm restarts is enough. */
export const PRODUCTION_CACHE_SNAPSHOT_DAYS = 7;
/** One daily ElastiCache snapshot outside production. */
export const NON_PRODUCTION_CACHE_SNAPSHOT_DAYS = 1;
/**
 * Days Secrets Manager waits before deleting a secret: the longest it allows (30) in
 * production, so a mistaken delete can be undone for a month; its shortest (7) elsewhere.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html (RecoveryWindowInDays: 7 to 30)
 */
export const PRODUCTION_SECRET_RECOVERY_DAYS = 30;
export const NON_PRODUCTION_SECRET_RECOVERY_DAYS = 7;

/** Secrets Manager's recovery window bounds (same page). */
const SECRET_RECOVERY_MIN_DAYS = 7;
const SECRET_RECOVERY_MAX_DAYS = 30;
/** RDS keeps automated backups up to 35 days; read replicas need at least 1. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html */
const MAX_DATABASE_BACKUP_DAYS = 35;
/** ElastiCache keeps automatic snapshots up to 35 days. https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (SnapshotRetentionLimit) */
const MAX_CACHE_SNAPSHOT_DAYS = 35;

/** What a {@link Protection} decides. */
export interface ProtectionSettings {
  /**
   * Nothing stateful is lost to `terraform destroy` or a replacement: `prevent_destroy` on
   * stateful resources, deletion protection (RDS, load balancers), a final snapshot (RDS,
   * ElastiCache), automated backups kept after the instance is deleted, buckets and zones
   * never force-destroyed, the longest secret recovery window.
   */
  readonly retainOnDestroy: boolean;
  /**
   * The production guardrails the constructs enforce: a Multi-AZ database (the default, and
   * an error when turned off), at least one cache replica per shard, no burstable database
   * class, HTTPS at the edge, the strictest ALB desync mitigation, two replicas (and a PDB)
   * of the in-cluster monitoring.
   */
  readonly productionGuardrails: boolean;
  /** Days every log group (and the ALB access-log bucket) keeps logs, unless a construct's own override says otherwise. */
  readonly logRetentionDays: number;
  /** Days of RDS automated backups (point-in-time recovery). */
  readonly databaseBackupRetentionDays: number;
  /** Days of ElastiCache automatic snapshots. */
  readonly cacheSnapshotRetentionDays: number;
  /** Days Secrets Manager waits before deleting a secret the construct owns. */
  readonly secretRecoveryWindowDays: number;
}

/**
 * How much an environment protects itself against loss: one value from which deletion
 * protection, `prevent_destroy`, final snapshots, backup and snapshot retention, log
 * retention and the production guardrails follow (as aws-cdk-lib's `RemovalPolicy` drives
 * deletion protection and retention defaults of its RDS constructs).
 *
 * Every construct that owns something stateful takes `protection?: Protection`, defaulting
 * to {@link Protection.PRODUCTION}: safe unless told otherwise. A construct's own explicit
 * overrides (`logRetentionDays`, `backupRetentionDays`, ...) still win over the preset.
 *
 * ```ts
 * const protection = Protection.forEnvironment(config.production);
 * new RdsWithReplicas(this, 'db', { ..., protection });
 * new Network(this, 'network', { ..., protection });
 * ```
 */
export class Protection implements ProtectionSettings {
  /** Retain everything, production guardrails on, a year of logs, two weeks of backups. */
  public static readonly PRODUCTION = new Protection('Protection.PRODUCTION', {
    retainOnDestroy: true,
    productionGuardrails: true,
    logRetentionDays: PRODUCTION_LOG_RETENTION_DAYS,
    databaseBackupRetentionDays: PRODUCTION_DATABASE_BACKUP_DAYS,
    cacheSnapshotRetentionDays: PRODUCTION_CACHE_SNAPSHOT_DAYS,
    secretRecoveryWindowDays: PRODUCTION_SECRET_RECOVERY_DAYS,
  });

  /** Everything can be destroyed and re-created; a month of logs, a week of backups. */
  public static readonly NON_PRODUCTION = new Protection('Protection.NON_PRODUCTION', {
    retainOnDestroy: false,
    productionGuardrails: false,
    logRetentionDays: NON_PRODUCTION_LOG_RETENTION_DAYS,
    databaseBackupRetentionDays: NON_PRODUCTION_DATABASE_BACKUP_DAYS,
    cacheSnapshotRetentionDays: NON_PRODUCTION_CACHE_SNAPSHOT_DAYS,
    secretRecoveryWindowDays: NON_PRODUCTION_SECRET_RECOVERY_DAYS,
  });

  /** The preset for an environment's `production` flag, stated once in its config. */
  public static forEnvironment(production: boolean): Protection {
    checkBoolean('Protection.forEnvironment', 'production', production);
    return production ? Protection.PRODUCTION : Protection.NON_PRODUCTION;
  }

  /** True for a Protection made by this module (JavaScript callers can pass anything). */
  public static isProtection(value: unknown): value is Protection {
    return value instanceof Protection;
  }

  public readonly retainOnDestroy: boolean;
  public readonly productionGuardrails: boolean;
  public readonly logRetentionDays: number;
  public readonly databaseBackupRetentionDays: number;
  public readonly cacheSnapshotRetentionDays: number;
  public readonly secretRecoveryWindowDays: number;
  /** How error messages name this protection, e.g. `Protection.PRODUCTION`. */
  public readonly name: string;

  private constructor(name: string, settings: ProtectionSettings) {
    this.name = name;
    this.retainOnDestroy = settings.retainOnDestroy;
    this.productionGuardrails = settings.productionGuardrails;
    this.logRetentionDays = settings.logRetentionDays;
    this.databaseBackupRetentionDays = settings.databaseBackupRetentionDays;
    this.cacheSnapshotRetentionDays = settings.cacheSnapshotRetentionDays;
    this.secretRecoveryWindowDays = settings.secretRecoveryWindowDays;
    Object.freeze(this);
  }

  /**
   * This preset with some settings changed, e.g. `Protection.PRODUCTION.with({ logRetentionDays: 731 })`.
   * Each value is checked against the AWS range it feeds.
   */
  public with(changes: Partial<ProtectionSettings>): Protection {
    const where = `${this.name}.with`;
    if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
      invalid(where, 'changes', changes, 'is not an object', 'pass the settings to change, e.g. { logRetentionDays: 731 }');
    }
    const known = new Set<string>(['retainOnDestroy', 'productionGuardrails', 'logRetentionDays', 'databaseBackupRetentionDays', 'cacheSnapshotRetentionDays', 'secretRecoveryWindowDays']);
    for (const key of Object.keys(changes)) {
      if (!known.has(key)) invalid(where, key, (changes as Record<string, unknown>)[key], 'is not a protection setting', `use one of ${[...known].join(', ')}`);
    }
    const next: ProtectionSettings = { ...this.settings(), ...changes };
    checkBoolean(where, 'retainOnDestroy', next.retainOnDestroy);
    checkBoolean(where, 'productionGuardrails', next.productionGuardrails);
    checkLogRetention(where, 'logRetentionDays', next.logRetentionDays);
    if (next.logRetentionDays === undefined) invalid(where, 'logRetentionDays', undefined, 'is required', `use one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')}`);
    checkInteger(where, 'databaseBackupRetentionDays', next.databaseBackupRetentionDays, { min: 1, max: MAX_DATABASE_BACKUP_DAYS, limit: `RDS keeps 1 to ${MAX_DATABASE_BACKUP_DAYS} days when read replicas need backups on the source` });
    checkInteger(where, 'cacheSnapshotRetentionDays', next.cacheSnapshotRetentionDays, { min: 0, max: MAX_CACHE_SNAPSHOT_DAYS, limit: `ElastiCache keeps snapshots up to ${MAX_CACHE_SNAPSHOT_DAYS} days` });
    checkInteger(where, 'secretRecoveryWindowDays', next.secretRecoveryWindowDays, { min: SECRET_RECOVERY_MIN_DAYS, max: SECRET_RECOVERY_MAX_DAYS, limit: `Secrets Manager waits ${SECRET_RECOVERY_MIN_DAYS} to ${SECRET_RECOVERY_MAX_DAYS} days` });
    const changed = Object.entries(changes).map(([k, v]) => `${k}: ${describeValue(v)}`).join(', ');
    return new Protection(`${this.name}.with({ ${changed} })`, next);
  }

  /** Every setting as a plain object (for reports and tests). */
  public settings(): ProtectionSettings {
    return {
      retainOnDestroy: this.retainOnDestroy,
      productionGuardrails: this.productionGuardrails,
      logRetentionDays: this.logRetentionDays,
      databaseBackupRetentionDays: this.databaseBackupRetentionDays,
      cacheSnapshotRetentionDays: this.cacheSnapshotRetentionDays,
      secretRecoveryWindowDays: this.secretRecoveryWindowDays,
    };
  }

  /**
   * The lifecycle block of a stateful resource: `prevent_destroy` when retaining, merged with
   * the resource's own settings (`ignore_changes`, ...); undefined when there is nothing to set.
   */
  public lifecycle(own?: TerraformResourceLifecycle): TerraformResourceLifecycle | undefined {
    const merged: TerraformResourceLifecycle = { ...(this.retainOnDestroy ? { preventDestroy: true } : {}), ...own };
    return Object.keys(merged).length > 0 ? merged : undefined;
  }

  /** Deletion protection of databases and load balancers. */
  public get deletionProtection(): boolean {
    return this.retainOnDestroy;
  }

  /** `force_destroy` of buckets and zones: only when nothing is retained. */
  public get forceDestroy(): boolean {
    return !this.retainOnDestroy;
  }

  /** Name of the snapshot taken when `name` is deleted, or undefined when none is taken. */
  public finalSnapshotIdentifier(name: string): string | undefined {
    return this.retainOnDestroy ? `${name}-final` : undefined;
  }

  /** Log retention: the construct's own override when given (checked against CloudWatch's values), else the preset's. */
  public logRetention(scope: IConstruct | string, prop: string, override: number | undefined): number {
    checkLogRetention(scope, prop, override);
    return override ?? this.logRetentionDays;
  }

  /** The fix clause for a production-only requirement: how to opt out, spelled the same everywhere. */
  public static readonly OPT_OUT = 'or pass protection: Protection.NON_PRODUCTION';

  public toString(): string {
    return this.name;
  }
}

/** Props that {@link Protection} replaced, with the migration each needs. */
const BY = 'one protection setting';
const REPLACED_PROPS: Replacements = {
  production: { by: BY, fix: (v) => `pass protection: Protection.forEnvironment(${describeValue(v)})` },
  preventDestroy: { by: BY, fix: (v) => `pass protection: ${v ? 'Protection.PRODUCTION' : 'Protection.NON_PRODUCTION'} (prevent_destroy follows from it)` },
  deletionProtection: { by: BY, fix: (v) => `pass protection: ${v ? 'Protection.PRODUCTION' : 'Protection.NON_PRODUCTION'} (deletion protection follows from it)` },
};

/**
 * Resolves a construct's `protection` prop: the default is {@link Protection.PRODUCTION}.
 * Rejects a value that is not a Protection (JavaScript callers) and the props it replaced
 * (`production`, `preventDestroy`, `deletionProtection`), so an upgrade that still passes
 * them fails at synth instead of silently getting the default.
 */
export function resolveProtection(scope: IConstruct | string, props: object | undefined): Protection {
  const record = (props ?? {}) as Record<string, unknown>;
  rejectReplacedProps(scope, record, REPLACED_PROPS);
  const value = record.protection;
  if (value === undefined) return Protection.PRODUCTION;
  if (!Protection.isProtection(value)) {
    invalid(scope, 'protection', value, 'is not a Protection', 'pass Protection.PRODUCTION, Protection.NON_PRODUCTION or Protection.forEnvironment(<production flag>)');
  }
  return value;
}
