/**
 * PostgreSQL settings derived from instance memory and the connection budget.
 *
 * Fractions follow the PostgreSQL documentation's guidance (shared_buffers about 25% of
 * RAM, effective_cache_size the memory the OS and PostgreSQL can cache, about 75%):
 * https://www.postgresql.org/docs/16/runtime-config-resource.html and
 * https://www.postgresql.org/docs/16/runtime-config-query.html#GUC-EFFECTIVE-CACHE-SIZE.
 * RDS's own default for shared_buffers is the same 25% ({DBInstanceClassMemory/32768} pages):
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Parameters.html
 *
 * Which changes need a reboot: `static` parameters (max_connections, shared_buffers,
 * max_wal_senders, max_replication_slots) are applied with `pending-reboot`: RDS marks
 * the instance "pending-reboot" and the value takes effect at the next reboot, which the
 * operator schedules; the others are dynamic and apply at once without a restart.
 */

/** One parameter with how RDS may apply it. */
export interface PostgresParameter {
  readonly name: string;
  readonly value: string;
  /** `pending-reboot` for static parameters, `immediate` for dynamic ones. */
  readonly applyMethod: 'immediate' | 'pending-reboot';
}

export interface TuningInputs {
  /** Memory of the instance class, GiB. */
  readonly memoryGiB: number;
  /** max_connections; must be the same on replicas as on the primary (see below). */
  readonly maxConnections: number;
  readonly replicaCount: number;
  readonly slowQueryThresholdMs: number;
  /** Settings for a read replica rather than the primary. */
  readonly replica: boolean;
  /**
   * vCPUs of the primary's class. RDS derives max_worker_processes from the instance's own
   * vCPUs, so a smaller replica would default below the primary, which a hot standby refuses:
   * both groups set it from the primary's.
   */
  readonly primaryVcpus: number;
}

const KIB_PER_GIB = 1024 * 1024;
/** shared_buffers and effective_cache_size are counted in 8 kB pages. */
const PAGE_KIB = 8;
const SHARED_BUFFERS_SHARE = 0.25;
const EFFECTIVE_CACHE_SHARE = 0.75;
/** Share of memory that all sessions' sorts and hashes may use at once (work_mem x connections). */
const WORK_MEM_SHARE = 0.25;
/** PostgreSQL's default work_mem (4 MB) is the floor; 256 MB the ceiling so one query cannot starve the rest. */
const WORK_MEM_MIN_KIB = 4 * 1024;
const WORK_MEM_MAX_KIB = 256 * 1024;
/** maintenance_work_mem: 5% of memory, between PostgreSQL's 64 MB default and 2 GB (more does not speed up VACUUM). */
const MAINTENANCE_WORK_MEM_SHARE = 0.05;
const MAINTENANCE_WORK_MEM_MIN_KIB = 64 * 1024;
const MAINTENANCE_WORK_MEM_MAX_KIB = 2 * 1024 * 1024;
/** WAL senders and slots: one per replica plus room for RDS's own tooling, never below PostgreSQL's default of 10. */
const WAL_SENDER_HEADROOM = 5;
const WAL_SENDERS_MIN = 10;
/**
 * RDS's default max_worker_processes is GREATEST(${DBInstanceVCPU*2},8): twice the instance's
 * own vCPUs, at least 8 (AWS docs, Working with parameters on your RDS for PostgreSQL DB
 * instance, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.PostgreSQL.CommonDBATasks.Parameters.html).
 */
const WORKER_PROCESSES_PER_VCPU = 2;
const WORKER_PROCESSES_MIN = 8;
/** PostgreSQL's defaults, which RDS keeps: https://www.postgresql.org/docs/16/runtime-config-resource.html, https://www.postgresql.org/docs/16/runtime-config-locks.html */
const MAX_PREPARED_TRANSACTIONS = 0;
const MAX_LOCKS_PER_TRANSACTION = 64;
/**
 * The parameters a hot standby refuses to start with lower than its primary's: max_connections,
 * max_worker_processes, max_wal_senders, max_prepared_transactions, max_locks_per_transaction
 * (https://www.postgresql.org/docs/16/hot-standby.html#HOT-STANDBY-ADMIN). Both parameter
 * groups set each explicitly, to the same value.
 */
export const HOT_STANDBY_PARAMETERS = ['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'] as const;

/** Random reads on SSD-backed EBS cost about the same as sequential ones. */
const SSD_RANDOM_PAGE_COST = '1.1';
/** Log autovacuum runs longer than 10 s: slow vacuums are the early sign of bloat. */
const LOG_AUTOVACUUM_MIN_DURATION_MS = 10_000;

/**
 * The parameters for one instance. Replicas get the same {@link HOT_STANDBY_PARAMETERS} as the
 * primary, all derived from the primary (a hot standby refuses to start when any is lower,
 * https://www.postgresql.org/docs/16/hot-standby.html#HOT-STANDBY-ADMIN), plus
 * hot_standby_feedback so long reads on a replica are not cancelled by vacuum on the primary.
 */
export function tunedParameters(inputs: TuningInputs): PostgresParameter[] {
  const memoryKiB = inputs.memoryGiB * KIB_PER_GIB;
  const walSenders = Math.max(WAL_SENDERS_MIN, inputs.replicaCount + WAL_SENDER_HEADROOM);
  const workMem = clamp(Math.floor((memoryKiB * WORK_MEM_SHARE) / inputs.maxConnections), WORK_MEM_MIN_KIB, WORK_MEM_MAX_KIB);
  const maintenanceWorkMem = clamp(Math.floor(memoryKiB * MAINTENANCE_WORK_MEM_SHARE), MAINTENANCE_WORK_MEM_MIN_KIB, MAINTENANCE_WORK_MEM_MAX_KIB);
  const params: PostgresParameter[] = [
    staticParam('max_connections', inputs.maxConnections),
    staticParam('shared_buffers', Math.floor((memoryKiB * SHARED_BUFFERS_SHARE) / PAGE_KIB)),
    dynamicParam('effective_cache_size', Math.floor((memoryKiB * EFFECTIVE_CACHE_SHARE) / PAGE_KIB)),
    dynamicParam('work_mem', workMem),
    dynamicParam('maintenance_work_mem', maintenanceWorkMem),
    dynamicParam('random_page_cost', SSD_RANDOM_PAGE_COST),
    staticParam('max_wal_senders', walSenders),
    staticParam('max_replication_slots', walSenders),
    staticParam('max_worker_processes', Math.max(WORKER_PROCESSES_MIN, WORKER_PROCESSES_PER_VCPU * inputs.primaryVcpus)),
    staticParam('max_prepared_transactions', MAX_PREPARED_TRANSACTIONS),
    staticParam('max_locks_per_transaction', MAX_LOCKS_PER_TRANSACTION),
    dynamicParam('rds.force_ssl', 1),
    dynamicParam('log_min_duration_statement', inputs.slowQueryThresholdMs),
    dynamicParam('log_lock_waits', 1),
    dynamicParam('log_autovacuum_min_duration', LOG_AUTOVACUUM_MIN_DURATION_MS),
  ];
  if (inputs.replica) params.push(dynamicParam('hot_standby_feedback', 1));
  return params;
}

function staticParam(name: string, value: number | string): PostgresParameter {
  return { name, value: String(value), applyMethod: 'pending-reboot' };
}

function dynamicParam(name: string, value: number | string): PostgresParameter {
  return { name, value: String(value), applyMethod: 'immediate' };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
