import { Fn, Op, Token } from 'cdktf';
import { isUnresolved } from '../../lib/validation';
import { AlarmFactory, AlarmSeverity, Comparison, Tier } from './alarm-factory';
import {
  CACHE_CONNECTIONS_RATIO_MAX,
  CACHE_ENGINE_CPU_PERCENT_MAX,
  CACHE_EVICTIONS_MAX,
  CACHE_MAX_CLIENTS,
  CACHE_MEMORY_PERCENT_MAX,
  CACHE_REPLICATION_LAG_SECONDS_MAX,
  RDS_CONNECTIONS_RATIO_MAX,
  RDS_CPU_PERCENT_MAX,
  RDS_FREE_STORAGE_RATIO_MIN,
  RDS_FREEABLE_MEMORY_RATIO_MIN,
  RDS_IO_LATENCY_SECONDS_MAX,
  RDS_REPLICA_LAG_SECONDS_MAX,
} from './thresholds';
import { DatabaseRole, WatchedCache, WatchedDatabase } from './watched-resources';

const GIB = 1024 ** 3;

/** Per RDS instance: CPU, freeable memory, free storage, connections vs max_connections, read/write latency, replica lag. */
export function addDatabaseAlarms(factory: AlarmFactory, databases: readonly WatchedDatabase[]): void {
  databases.forEach((db, i) => {
    const dimensions = { DBInstanceIdentifier: db.identifier };
    const metric = (metricName: string, statistic: string) => ({ namespace: 'AWS/RDS', metricName, dimensions, statistic });
    const id = (what: string) => `rds-${i}-${what}`;
    const name = (what: string) => `rds-${db.identifier}-${what}`;
    factory.add({
      id: id('cpu'),
      name: name('cpu'),
      description: `CPU of ${db.role} ${db.identifier} above ${RDS_CPU_PERCENT_MAX}%.`,
      tier: Tier.DATABASE,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: RDS_CPU_PERCENT_MAX,
      metric: metric('CPUUtilization', 'Average'),
    });
    const connectionLimit = Math.floor(db.maxConnections * RDS_CONNECTIONS_RATIO_MAX);
    factory.add({
      id: id('connections'),
      name: name('connections'),
      description: `${db.identifier} holds more than ${connectionLimit} of its ${db.maxConnections} connections: new connections will soon be refused.`,
      tier: Tier.DATABASE,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.ABOVE,
      threshold: connectionLimit,
      metric: metric('DatabaseConnections', 'Maximum'),
    });
    if (db.memoryGiB !== undefined) {
      const minBytes = Math.floor(db.memoryGiB * GIB * RDS_FREEABLE_MEMORY_RATIO_MIN);
      factory.add({
        id: id('freeable-memory'),
        name: name('freeable-memory-low'),
        description: `Freeable memory of ${db.identifier} below ${RDS_FREEABLE_MEMORY_RATIO_MIN * 100}% of its ${db.memoryGiB} GiB.`,
        tier: Tier.DATABASE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.BELOW,
        threshold: minBytes,
        metric: metric('FreeableMemory', 'Average'),
      });
    }
    if (db.allocatedStorageGiB !== undefined) {
      // A token (e.g. aws_db_instance.allocated_storage, which storage autoscaling raises) is
      // multiplied by Terraform, so the threshold follows the volume.
      const minBytes = isUnresolved(db.allocatedStorageGiB)
        ? Token.asNumber(Fn.floor(Op.mul(db.allocatedStorageGiB, GIB * RDS_FREE_STORAGE_RATIO_MIN)))
        : Math.floor(db.allocatedStorageGiB * GIB * RDS_FREE_STORAGE_RATIO_MIN);
      const allocated = isUnresolved(db.allocatedStorageGiB) ? 'allocated storage' : `${db.allocatedStorageGiB} GiB`;
      factory.add({
        id: id('free-storage'),
        name: name('free-storage-low'),
        description: `Free storage of ${db.identifier} below ${RDS_FREE_STORAGE_RATIO_MIN * 100}% of its ${allocated}: PostgreSQL stops accepting writes when it is full.`,
        tier: Tier.DATABASE,
        severity: AlarmSeverity.CRITICAL,
        comparison: Comparison.BELOW,
        threshold: minBytes,
        metric: metric('FreeStorageSpace', 'Minimum'),
      });
    }
    for (const direction of ['Read', 'Write'] as const) {
      if (direction === 'Write' && db.role === DatabaseRole.REPLICA) continue;
      factory.add({
        id: id(`${direction.toLowerCase()}-latency`),
        name: name(`${direction.toLowerCase()}-latency`),
        description: `${direction} latency p90 of ${db.identifier} above ${RDS_IO_LATENCY_SECONDS_MAX * 1000} ms.`,
        tier: Tier.DATABASE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: RDS_IO_LATENCY_SECONDS_MAX,
        metric: metric(`${direction}Latency`, 'p90'),
      });
    }
    if (db.role === DatabaseRole.REPLICA) {
      factory.add({
        id: id('replica-lag'),
        name: name('replica-lag'),
        description: `Replica ${db.identifier} lags its primary by more than ${RDS_REPLICA_LAG_SECONDS_MAX} s.`,
        tier: Tier.DATABASE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: RDS_REPLICA_LAG_SECONDS_MAX,
        metric: metric('ReplicaLag', 'Maximum'),
      });
    }
  });
}

/**
 * Member cluster ids of a replication group: `<id>-0001-001` ... with cluster mode,
 * `<id>-001` ... without (how ElastiCache names the nodes it creates).
 */
export function cacheClusterIds(cache: WatchedCache): string[] {
  if (cache.cacheClusterIds) return [...cache.cacheClusterIds];
  const nodesPerShard = cache.replicasPerShard + 1;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  if (cache.clusterMode ?? true) {
    return Array.from({ length: cache.shards }, (_, s) => Array.from({ length: nodesPerShard }, (_, n) => `${cache.replicationGroupId}-${pad(s + 1, 4)}-${pad(n + 1, 3)}`)).flat();
  }
  return Array.from({ length: nodesPerShard }, (_, n) => `${cache.replicationGroupId}-${pad(n + 1, 3)}`);
}

/** Per cache node: engine CPU, memory usage, evictions, connections and (with replicas) replication lag. */
export function addCacheAlarms(factory: AlarmFactory, caches: readonly WatchedCache[]): void {
  caches.forEach((cache, c) => {
    cacheClusterIds(cache).forEach((nodeId, n) => {
      const dimensions = { CacheClusterId: nodeId };
      const metric = (metricName: string, statistic: string) => ({ namespace: 'AWS/ElastiCache', metricName, dimensions, statistic });
      const id = (what: string) => `cache-${c}-${n}-${what}`;
      const name = (what: string) => `cache-${nodeId}-${what}`;
      factory.add({
        id: id('engine-cpu'),
        name: name('engine-cpu'),
        description: `Engine CPU of cache node ${nodeId} above ${CACHE_ENGINE_CPU_PERCENT_MAX}%: its single command thread is saturated.`,
        tier: Tier.CACHE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: CACHE_ENGINE_CPU_PERCENT_MAX,
        metric: metric('EngineCPUUtilization', 'Average'),
      });
      factory.add({
        id: id('memory'),
        name: name('memory'),
        description: `Cache node ${nodeId} uses more than ${CACHE_MEMORY_PERCENT_MAX}% of maxmemory.`,
        tier: Tier.CACHE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: CACHE_MEMORY_PERCENT_MAX,
        metric: metric('DatabaseMemoryUsagePercentage', 'Maximum'),
      });
      factory.add({
        id: id('evictions'),
        name: name('evictions'),
        description: `Cache node ${nodeId} evicts keys: the working set no longer fits.`,
        tier: Tier.CACHE,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: CACHE_EVICTIONS_MAX,
        metric: metric('Evictions', 'Sum'),
      });
      const connectionLimit = Math.floor(CACHE_MAX_CLIENTS * CACHE_CONNECTIONS_RATIO_MAX);
      factory.add({
        id: id('connections'),
        name: name('connections'),
        description: `Cache node ${nodeId} holds more than ${connectionLimit} of the ${CACHE_MAX_CLIENTS} connections ElastiCache allows.`,
        tier: Tier.CACHE,
        severity: AlarmSeverity.CRITICAL,
        comparison: Comparison.ABOVE,
        threshold: connectionLimit,
        metric: metric('CurrConnections', 'Maximum'),
      });
      if (cache.replicasPerShard > 0) {
        // Only replicas report ReplicationLag; after a failover the roles move, so every node gets the alarm.
        factory.add({
          id: id('replication-lag'),
          name: name('replication-lag'),
          description: `Cache node ${nodeId} lags its primary by more than ${CACHE_REPLICATION_LAG_SECONDS_MAX} s.`,
          tier: Tier.CACHE,
          severity: AlarmSeverity.WARNING,
          comparison: Comparison.ABOVE,
          threshold: CACHE_REPLICATION_LAG_SECONDS_MAX,
          metric: metric('ReplicationLag', 'Maximum'),
        });
      }
    });
  });
}

