/**
 * Cache engine and major version. The version is pinned at major.minor, the form
 * ElastiCache accepts for Valkey and Redis OSS 6+; patch releases arrive with
 * `auto_minor_version_upgrade` and Terraform reads them into `engine_version_actual`,
 * so no drift appears. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 */
export class CacheEngineVersion {
  /** Valkey 8.0: the default (lower price than Redis OSS on ElastiCache, same protocol). */
  public static readonly VALKEY_8_0 = new CacheEngineVersion('valkey', '8.0', 'valkey8');
  public static readonly VALKEY_7_2 = new CacheEngineVersion('valkey', '7.2', 'valkey7');
  public static readonly REDIS_7_1 = new CacheEngineVersion('redis', '7.1', 'redis7');

  private constructor(
    /** `valkey` or `redis`, as the replication group and RBAC users spell it. */
    public readonly engine: 'valkey' | 'redis',
    public readonly version: string,
    /** Parameter group family of the version. */
    public readonly parameterGroupFamily: string,
  ) {}
}

/** What Application Auto Scaling changes. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html */
export enum CacheScalingDimension {
  /** Shards (node groups), tracking primary engine CPU: scales writes and memory. */
  SHARDS = 'elasticache:replication-group:NodeGroups',
  /** Replicas per shard, tracking replica engine CPU: scales reads. */
  REPLICAS = 'elasticache:replication-group:Replicas',
}
