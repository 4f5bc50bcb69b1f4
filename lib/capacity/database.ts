import { invalid } from '../errors';
import { dbInstanceSpec, rdsDefaultMaxConnections } from './catalog';
import { CapacityInputs } from './inputs';
import { DatabasePlan, ServicePlan, TierReport } from './plan';
import { AWS_QUOTAS } from './sourced';
import { ceilClean, floorClean, fmt, spreadAcrossAzs } from './spread';

const DEFAULT_QUERIES_PER_WRITE = 1;
const DEFAULT_QUERY_MS = 2;
const DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT = 90;
const DEFAULT_MIN_REPLICAS = 1;
/** Database connections cover twice the Little's-law concurrency. */
const CONNECTION_MARGIN = 2;
const MS_PER_SECOND = 1_000;

export interface DatabaseQps {
  /** Queries/s to read replicas at target: reads that miss the cache. */
  readonly read: number;
  /** Queries/s to the primary at target: writes. */
  readonly write: number;
  readonly queryMs: number;
}

export function databaseQps(inputs: CapacityInputs): DatabaseQps {
  const mix = inputs.requestMix;
  return {
    read: inputs.targetRps * mix.readShare * (1 - mix.cacheHitRatio) * mix.dbQueriesPerCacheMiss,
    write: inputs.targetRps * mix.writeShare * (mix.dbQueriesPerWrite ?? DEFAULT_QUERIES_PER_WRITE),
    queryMs: mix.averageQueryMs ?? DEFAULT_QUERY_MS,
  };
}

/**
 * RDS PostgreSQL: reads that miss the cache go to read replicas, writes to the primary.
 * Replicas are spread over the AZs so the survivors of an AZ loss carry the reads at the
 * target utilisation; the primary is Multi-AZ, so a failover keeps its capacity. Pools:
 * each pod's pool covers its Little's-law query concurrency twice over; RDS Proxy may use
 * `proxyMaxConnectionsPercent` of max_connections, which must cover the primary's.
 */
export function planDatabase(inputs: CapacityInputs, services: Readonly<Record<string, ServicePlan>>, where: string): { plan: DatabasePlan; tier: TierReport } {
  const { targetRps: rps, targetUtilization: u, azCount: az, survivesAzLoss } = inputs;
  const w = `${where} database`;
  const primary = dbInstanceSpec(inputs.database.primaryClass, `${w} primaryClass`);
  const replica = dbInstanceSpec(inputs.database.replicaClass, `${w} replicaClass`);
  const qps = databaseQps(inputs);
  const replicaQps = replica.readsPerSecond.value;
  const primaryQps = primary.writesPerSecond.value;
  const minReplicas = inputs.database.minReplicas ?? DEFAULT_MIN_REPLICAS;

  const requiredReplicas = qps.read / u / replicaQps;
  let replicaCount: number;
  let survivingReplicas: number;
  if (survivesAzLoss) {
    const spread = spreadAcrossAzs(requiredReplicas, az, true, 0);
    replicaCount = Math.max(minReplicas, spread.total);
    survivingReplicas = replicaCount - Math.ceil(replicaCount / az);
  } else {
    replicaCount = Math.max(minReplicas, ceilClean(requiredReplicas));
    survivingReplicas = replicaCount - Math.ceil(replicaCount / az);
  }
  const replicaQuota = AWS_QUOTAS.rdsPostgresReadReplicas.value;
  if (replicaCount > replicaQuota) {
    invalid(
      w,
      'replicaCount',
      replicaCount,
      `exceeds the AWS limit "read replicas per source DB instance" (${replicaQuota}) for ${fmt(qps.read)} read queries/s on ${replica.instanceClass}`,
      'choose a bigger database.replicaClass, or raise requestMix.cacheHitRatio so fewer reads reach PostgreSQL',
    );
  }
  if (qps.write / u > primaryQps) {
    invalid(
      w,
      'primaryClass',
      primary.instanceClass,
      `cannot carry ${fmt(qps.write)} write queries/s at utilisation ${u} (capacity ${fmt(primaryQps)} committed writes/s)`,
      'choose a bigger database.primaryClass, lower requestMix.writeShare or dbQueriesPerWrite, or shard the database',
    );
  }

  const maxConnections = rdsDefaultMaxConnections(primary.memoryGiB);
  const proxyPercent = inputs.database.proxyMaxConnectionsPercent ?? DEFAULT_PROXY_MAX_CONNECTIONS_PERCENT;
  const proxyConnections = Math.floor((maxConnections * proxyPercent) / 100);
  const backendConnectionsAtTarget = ceilClean(((qps.write * qps.queryMs) / MS_PER_SECOND) * CONNECTION_MARGIN);
  if (backendConnectionsAtTarget > proxyConnections) {
    invalid(
      w,
      'proxyMaxConnectionsPercent',
      proxyPercent,
      `lets RDS Proxy open ${fmt(proxyConnections)} connections, fewer than the ${fmt(backendConnectionsAtTarget)} the primary needs at target (${fmt(qps.write)} q/s x ${qps.queryMs} ms x ${CONNECTION_MARGIN})`,
      'raise proxyMaxConnectionsPercent, choose a primary class with more memory (higher max_connections), or lower requestMix.averageQueryMs',
    );
  }
  const dbServices = Object.values(services).filter((s) => s.dbPoolSizePerPod > 0);
  const poolSizePerPod = dbServices.reduce((m, s) => Math.max(m, s.dbPoolSizePerPod), 0);
  const clientConnectionsAtMax = dbServices.reduce((sum, s) => sum + s.maxReplicas * s.dbPoolSizePerPod, 0);

  const readPerRequest = qps.read / rps;
  const writePerRequest = qps.write / rps;
  const readCap = (n: number): number => (readPerRequest > 0 ? (n * replicaQps * u) / readPerRequest : Number.POSITIVE_INFINITY);
  const writeCap = writePerRequest > 0 ? (primaryQps * u) / writePerRequest : Number.POSITIVE_INFINITY;
  const capacity = Math.min(readCap(replicaCount), writeCap);
  const capacityAzLost = Math.min(readCap(survivingReplicas), survivesAzLoss ? writeCap : 0);

  const mix = inputs.requestMix;
  const tier: TierReport = {
    name: 'RDS PostgreSQL (primary + read replicas, RDS Proxy)',
    inputs: [
      ['read share / cache hit ratio / queries per miss', `${mix.readShare} / ${mix.cacheHitRatio} / ${mix.dbQueriesPerCacheMiss}`, 'environment config (request mix)'],
      ['write share / queries per write', `${mix.writeShare} / ${mix.dbQueriesPerWrite ?? DEFAULT_QUERIES_PER_WRITE}`, 'environment config (request mix)'],
      ['replica class', `${replica.instanceClass} (${replica.vcpus} vCPU, ${replica.memoryGiB} GiB): ${fmt(replicaQps)} reads/s`, `${replica.source}; reads/s: ${replica.readsPerSecond.source}`],
      ['primary class', `${primary.instanceClass} (${primary.vcpus} vCPU, ${primary.memoryGiB} GiB): ${fmt(primaryQps)} writes/s`, `${primary.source}; writes/s: ${primary.writesPerSecond.source}`],
      ['read replicas (limit)', fmt(replicaQuota), AWS_QUOTAS.rdsPostgresReadReplicas.source],
      ['max_connections', `LEAST(${primary.memoryGiB} GiB / 9,531,392, 5,000) = ${fmt(maxConnections)}`, AWS_QUOTAS.rdsMaxConnectionsDivisor.source],
    ],
    formula:
      `reads = ${fmt(rps)} x ${mix.readShare} x (1 - ${mix.cacheHitRatio}) x ${mix.dbQueriesPerCacheMiss} = ${fmt(qps.read)} q/s; ` +
      `replicas = ${survivesAzLoss ? `ceil(${fmt(qps.read)} / ${u} / ${fmt(replicaQps)} / ${az - 1}) x ${az}` : `ceil(${fmt(qps.read)} / ${u} / ${fmt(replicaQps)})`} (min ${minReplicas}) = ${replicaCount}; ` +
      `writes = ${fmt(rps)} x ${mix.writeShare} x ${mix.dbQueriesPerWrite ?? DEFAULT_QUERIES_PER_WRITE} = ${fmt(qps.write)} q/s <= ${fmt(primaryQps)} x ${u}; ` +
      `proxy connections = ${fmt(maxConnections)} x ${proxyPercent}% = ${fmt(proxyConnections)} >= ${fmt(backendConnectionsAtTarget)} needed`,
    result: `primary ${primary.instanceClass}${survivesAzLoss ? ' (Multi-AZ)' : ''} + ${replicaCount} x ${replica.instanceClass}; max_connections ${fmt(maxConnections)}; RDS Proxy ${proxyPercent}%; pool ${poolSizePerPod}/pod (${fmt(clientConnectionsAtMax)} client connections at HPA max)`,
    capacityRps: floorClean(capacity),
    capacityRpsWithOneAzLost: floorClean(capacityAzLost),
  };
  return {
    plan: {
      environment: inputs.environment,
      azCount: az,
      multiAz: survivesAzLoss,
      primaryInstanceClass: primary.instanceClass,
      replicaInstanceClass: replica.instanceClass,
      replicaCount,
      maxConnections,
      proxyMaxConnectionsPercent: proxyPercent,
      poolSizePerPod,
      instanceMemoryGiB: primary.memoryGiB,
      replicaMemoryGiB: replica.memoryGiB,
      readQpsAtTarget: qps.read,
      writeQpsAtTarget: qps.write,
      clientConnectionsAtMax,
      backendConnectionsAtTarget,
    },
    tier,
  };
}
