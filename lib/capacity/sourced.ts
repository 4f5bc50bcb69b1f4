/**
 * Every per-unit figure and every AWS limit the capacity model uses carries its source
 * beside it: an AWS document, a published benchmark, or this repo's own measurement. A
 * figure that is not yet measured says so (`PLACEHOLDER`) so the report shows it.
 */
export interface Sourced<T> {
  readonly value: T;
  /** AWS document URL or title, published benchmark, or `this repo: <measurement>`. */
  readonly source: string;
}

/** Marks a figure as a conservative planning value until this repo measures it. */
export const PLACEHOLDER = 'PLACEHOLDER';

export function sourced<T>(value: T, source: string): Sourced<T> {
  return { value, source };
}

const NLB_QUOTAS_DOC = 'AWS docs, Quotas for your Network Load Balancers (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html)';
const ALB_QUOTAS_DOC = 'AWS docs, Quotas for your Application Load Balancers (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html)';
const ELB_PRICING = 'AWS Elastic Load Balancing pricing, "An LCU contains" (https://aws.amazon.com/elasticloadbalancing/pricing/)';
/** AWS spreads an LCU reservation evenly over the ALB's AZs, so an AZ loss takes its share with it. */
export const ALB_RESERVATION_SPREAD_SOURCE =
  'AWS docs, Request Load balancer Capacity Unit reservation for your Application Load Balancer: "Capacity is reserved at the regional level and is evenly distributed across availability zones" (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/request-capacity-unit-reservation.html)';
const EKS_QUOTAS_DOC = 'AWS docs, Amazon EKS service quotas (https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html)';
const ELASTICACHE_SHARDS_DOC = 'AWS docs, Working with shards in ElastiCache (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html)';
const RDS_REPLICAS_DOC = 'AWS docs, Working with read replicas for Amazon RDS for PostgreSQL (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html)';
const RDS_MAX_CONNECTIONS_DOC = 'AWS docs, Quotas and constraints for Amazon RDS, Maximum number of database connections (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections)';
const EKS_MAX_PODS = 'amazon-eks-ami max-pods-calculator.sh (https://github.com/awslabs/amazon-eks-ami/blob/main/templates/al2/runtime/max-pods-calculator.sh) and AWS docs, Assign more IP addresses to Amazon EKS nodes with prefixes (https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html)';

/** One Load Balancer Capacity Unit of an Application Load Balancer, per dimension. */
export const ALB_LCU = {
  newConnectionsPerSecond: sourced(25, ELB_PRICING),
  activeConnectionsPerMinute: sourced(3_000, ELB_PRICING),
  processedGBPerHourEc2Targets: sourced(1, ELB_PRICING),
  ruleEvaluationsPerSecond: sourced(1_000, ELB_PRICING),
  /** The first 10 processed rules per request are free. */
  freeRulesPerRequest: sourced(10, ELB_PRICING),
} as const;

/** AWS limits the model checks. An exceeded one is an error naming it and the fix. */
export const AWS_QUOTAS = {
  albReservedLcuPerAlb: sourced(15_000, `${ALB_QUOTAS_DOC}: Reserved Application Load Balancer Capacity Units (LCU) per Application Load Balancer`),
  albPerRegion: sourced(50, `${ALB_QUOTAS_DOC}: Application Load Balancers per Region`),
  eksNodesPerManagedNodeGroup: sourced(450, `${EKS_QUOTAS_DOC}: Nodes per managed node group`),
  eksManagedNodeGroupsPerCluster: sourced(30, `${EKS_QUOTAS_DOC}: Managed node groups per cluster`),
  elastiCacheNodesPerCluster: sourced(500, `${ELASTICACHE_SHARDS_DOC}: up to 500 nodes or shards per cluster (Valkey 7.2+, Redis OSS 5.0.6+) after a quota increase; default 90`),
  elastiCacheDefaultNodesPerCluster: sourced(90, `${ELASTICACHE_SHARDS_DOC}: 90 nodes per cluster by default`),
  elastiCacheMaxReplicasPerShard: sourced(5, `${ELASTICACHE_SHARDS_DOC}: a shard is one primary and 0 to 5 replicas`),
  nlbTargetsPerTargetGroup: sourced(1_000, `${NLB_QUOTAS_DOC}: Targets per target group per Region (default, adjustable)`),
  nlbTargetsPerAzCrossZone: sourced(500, `${NLB_QUOTAS_DOC}: Targets per Availability Zone per Network Load Balancer (default, adjustable); with cross-zone load balancing every target counts in every AZ`),
  rdsPostgresReadReplicas: sourced(15, `${RDS_REPLICAS_DOC}: up to 15 read replicas per source DB instance`),
  rdsMaxConnectionsDivisor: sourced(9_531_392, `${RDS_MAX_CONNECTIONS_DOC}: PostgreSQL default max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)`),
  rdsMaxConnectionsCeiling: sourced(5_000, `${RDS_MAX_CONNECTIONS_DOC}: PostgreSQL default max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)`),
  eksIpsPerPrefix: sourced(16, `${EKS_MAX_PODS}: a /28 prefix holds 16 addresses`),
  eksMaxPodsCeilingLowCpu: sourced(110, `${EKS_MAX_PODS}: recommended max pods 110 for instances with 30 vCPUs or fewer`),
  eksMaxPodsCeilingHighCpu: sourced(250, `${EKS_MAX_PODS}: recommended max pods 250 for instances with more than 30 vCPUs`),
  eksMaxPodsHighCpuThresholdVcpus: sourced(30, `${EKS_MAX_PODS}: the 250-pod ceiling applies above 30 vCPUs`),
} as const;
