import { AWS_QUOTAS } from '../../lib/capacity/sourced';

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html: at most 500 nodes or shards per cluster (Valkey 7.2+, Redis OSS 5.0.6+; 90 until a quota increase). */
export const MAX_NODES_PER_CLUSTER = AWS_QUOTAS.elastiCacheNodesPerCluster.value;
export const MAX_SHARDS = AWS_QUOTAS.elastiCacheNodesPerCluster.value;
/** A shard is one primary and 0 to 5 replicas (same document). */
export const MAX_REPLICAS_PER_SHARD = AWS_QUOTAS.elastiCacheMaxReplicasPerShard.value;

/**
 * Replication group id: 1 to 40 letters, digits or hyphens, first a letter, no hyphen at
 * the end or two in a row; stored lower-case.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (ReplicationGroupId)
 */
export const REPLICATION_GROUP_ID_MAX_LENGTH = 40;
export const REPLICATION_GROUP_ID_PATTERN = /^[a-z](?!.*--)([a-z0-9-]*[a-z0-9])?$/;

/** A TCP port; ElastiCache publishes no narrower range. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const DEFAULT_PORT = 6379;

/** Automatic backups are kept 0 to 35 days. https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (SnapshotRetentionLimit) */
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;

/** Node families ElastiCache auto scaling supports (not burstable t-types). https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html */
export const AUTO_SCALING_NODE_FAMILIES = /^cache\.(r7g|r6g|r6gd|r5|m7g|m6g|m5)\./;

export const NODE_TYPE_PATTERN = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
