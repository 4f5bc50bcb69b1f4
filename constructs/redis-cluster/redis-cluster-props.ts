import { IConnectable } from '../connections';
import { Protection } from '../../lib/protection';
import { INetwork } from '../network';
import { CacheEngineVersion, CacheScalingDimension } from './engine';

/** Application Auto Scaling of the replication group. */
export interface CacheAutoScaling {
  readonly dimension: CacheScalingDimension;
  /** Fewest shards (or replicas per shard). */
  readonly minCapacity: number;
  /** Most shards (or replicas per shard). */
  readonly maxCapacity: number;
  /**
   * Engine CPU utilisation to hold, percent.
   * @default 60
   */
  readonly targetEngineCpuPercent?: number;
}

export interface RedisClusterProps {
  /** Replication group id: at most 40 lower-case letters, digits and hyphens. */
  readonly replicationGroupId: string;
  /** The cluster goes in its data subnets. */
  readonly network: INetwork;
  /**
   * Clients admitted on the port (an EksCluster). More can be added with
   * `connections.allowDefaultPortFrom(client)`; `Connections.fromSecurityGroupId(...)` brings
   * in a group made elsewhere.
   * @default [] - nobody
   */
  readonly clients?: IConnectable[];
  /** @default CacheEngineVersion.VALKEY_8_0 */
  readonly engineVersion?: CacheEngineVersion;
  /** Node type, e.g. `cache.r7g.4xlarge` (the capacity model's `nodeType`). */
  readonly nodeType: string;
  /** Shards (the capacity model's `shards`), 1 to 500. */
  readonly shards: number;
  /** Replicas per shard (the capacity model's `replicasPerShard`), 0 to 5. Production needs at least 1. */
  readonly replicasPerShard: number;
  /** @default 6379 */
  readonly port?: number;
  /**
   * What protects the data: with `retainOnDestroy`, `prevent_destroy` and a final snapshot;
   * with `productionGuardrails`, at least one replica per shard (Multi-AZ) and one snapshot
   * day. Snapshot and log retention default to its figures.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
  /** Days of automatic snapshots, 0 to 35. @default - the protection's `cacheSnapshotRetentionDays` (7 in production, 1 otherwise) */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window, UTC. @default '03:00-04:00' */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window, UTC. @default 'sun:06:00-sun:07:00' */
  readonly maintenanceWindow?: string;
  /**
   * Eviction policy when memory is full. A cache evicts the least recently used keys.
   * @default 'allkeys-lru'
   */
  readonly maxmemoryPolicy?: string;
  /**
   * Access string of the IAM-authenticated application user (`applicationUser`). Give each
   * service its own user with its own access string through {@link RedisCluster.addUser}.
   * @default 'on ~* +@all -@dangerous'
   */
  readonly applicationAccessString?: string;
  /** Days to keep the slow log and engine log. @default - the protection's `logRetentionDays` (365 in production, 30 otherwise) */
  readonly logRetentionDays?: number;
  /** @default - fixed counts */
  readonly autoScaling?: CacheAutoScaling;
  /** @default false */
  readonly applyImmediately?: boolean;
}
