import { READ_POOLER_CPU_MILLICORES, READ_POOLER_MEMORY_MIB, ROLLOUT_MAX_SURGE_PERCENT } from '../platform-pods';
import { POOLER_QUERIES_PER_CORE } from './measured';
import { DatabasePlan, PlanIdentity, ReadPoolerPlan, ServicePlan } from './plan';

const MILLICORES_PER_CORE = 1000;

/**
 * How many PgBouncer pods the read path runs and how many connections each may hold, from
 * the database and services plans. ReadPooler takes the result as its `capacity`.
 */

/**
 * Share of the replicas' `max_connections` the poolers may hold together, at their HPA
 * maximum. The other half covers: uneven spread over the replicas (the reader name is a
 * weighted Route 53 record and PgBouncer caches each answer for `dns_max_ttl`, so one
 * pod's burst of new connections lands on one replica; a replica can see up to twice its
 * fair share), the `rds_superuser_reserved_connections` and `superuser_reserved_connections`
 * slots RDS keeps (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections),
 * monitoring and administrator sessions, and clients that use `db_replica_endpoints` directly.
 */
export const READ_POOLER_CONNECTION_SHARE = 0.5;

/**
 * Queries per second one PgBouncer pod is planned for: this repo's measured queries per
 * PgBouncer core (`npm run bench:pooler`, derated by the one policy) times the cores a pod
 * may use, never more than one (PgBouncer is one single-threaded process).
 */
export const POOLER_QUERIES_PER_SECOND_PER_POD = Math.floor(POOLER_QUERIES_PER_CORE.value * Math.min(1, READ_POOLER_CPU_MILLICORES / MILLICORES_PER_CORE));
/** Where {@link POOLER_QUERIES_PER_SECOND_PER_POD} comes from. */
export const POOLER_QUERIES_PER_SECOND_PER_POD_SOURCE = `${POOLER_QUERIES_PER_CORE.value.toLocaleString('en-US')} per PgBouncer core x min(1, ${READ_POOLER_CPU_MILLICORES}m / 1000m); per core: ${POOLER_QUERIES_PER_CORE.source}`;

/** HPA CPU target: the same 60% utilisation the capacity model plans every tier at. */
export const POOLER_TARGET_CPU_UTILIZATION_PERCENT = 60;

/** Two pods at least, so a node drain or an AZ loss never takes the read path away. */
export const MIN_POOLER_REPLICAS = 2;

/** The HPA may double the pods the plan needs at target load (a read surge or a lost AZ). */
export const POOLER_SURGE_FACTOR = 2;

/** PgBouncer's own default `max_client_conn`: small environments never go below it (https://www.pgbouncer.org/config.html#max_client_conn). */
export const MIN_MAX_CLIENT_CONNECTIONS = 100;

/** Fewer server connections per pod than this and transaction pooling queues at modest load. */
export const MIN_DEFAULT_POOL_SIZE = 5;

const PERCENT = 100;

/** The parts of the plan the pooler is sized from. */
export interface ReadPoolerPlanInput extends PlanIdentity {
  readonly database: Pick<DatabasePlan, 'replicaCount' | 'maxConnections' | 'readQpsAtTarget'>;
  readonly services: Readonly<Record<string, Pick<ServicePlan, 'maxReplicas' | 'dbPoolSizePerPod'>>>;
}

/** The pooler's HPA bounds ({@link planReadPooler} explains them). */
export function readPoolerReplicas(plan: Pick<ReadPoolerPlanInput, 'azCount' | 'database'>): { minReplicas: number; maxReplicas: number } {
  const perPod = POOLER_QUERIES_PER_SECOND_PER_POD * (POOLER_TARGET_CPU_UTILIZATION_PERCENT / PERCENT);
  const minReplicas = Math.max(MIN_POOLER_REPLICAS, plan.azCount, Math.ceil(plan.database.readQpsAtTarget / perPod));
  return { minReplicas, maxReplicas: minReplicas * POOLER_SURGE_FACTOR };
}

/**
 * - pods: `max(2, AZs, ceil(reads/s at target / (queries per pod x 60%)))`, and the HPA may go to
 *   twice that;
 * - `max_client_conn`: every database-using service pod at its HPA maximum plus a rollout's
 *   surge, each with its read pool open (at least PgBouncer's default 100). Each pod gets the
 *   whole figure, because kube-proxy balances connections, not load, and after a scale-down
 *   the remaining pods take them all;
 * - `default_pool_size`: the budget (`replicaCount x max_connections x 50%`) divided by the
 *   HPA maximum, so the poolers never exceed it even at full scale.
 *
 * With no replicas the reader name points at the writer; the budget then counts the writer
 * once, and the same share keeps half of it for RDS Proxy and the writes.
 */
export function planReadPooler(plan: ReadPoolerPlanInput): ReadPoolerPlan {
  const db = plan.database;
  const { minReplicas, maxReplicas } = readPoolerReplicas(plan);
  const serviceConnections = Object.values(plan.services).reduce((sum, s) => sum + s.maxReplicas * s.dbPoolSizePerPod, 0);
  const maxClientConnections = Math.max(MIN_MAX_CLIENT_CONNECTIONS, Math.ceil(serviceConnections * (1 + ROLLOUT_MAX_SURGE_PERCENT / PERCENT)));
  const serverConnectionBudget = Math.floor(Math.max(1, db.replicaCount) * db.maxConnections * READ_POOLER_CONNECTION_SHARE);
  const defaultPoolSize = Math.floor(serverConnectionBudget / maxReplicas);
  return {
    environment: plan.environment,
    azCount: plan.azCount,
    minReplicas,
    maxReplicas,
    maxClientConnections,
    defaultPoolSize,
    serverConnectionBudget,
    targetCpuUtilizationPercent: POOLER_TARGET_CPU_UTILIZATION_PERCENT,
    cpuMillicores: READ_POOLER_CPU_MILLICORES,
    memoryMiB: READ_POOLER_MEMORY_MIB,
  };
}
