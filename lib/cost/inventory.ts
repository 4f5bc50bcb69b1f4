/**
 * What the reference stacks (stacks/) create besides the plan's counts: keys, log groups,
 * alarms, endpoints, zones. lib/ cannot import the constructs, so these mirror them, each with
 * where it is set; test/stacks/cost-quantities.test.ts reads every one back from the
 * synthesized stacks, so a construct that adds a key or an alarm fails that test until this
 * file follows.
 */
export const STACK_INVENTORY = {
  /** Customer managed KMS keys: flow logs, EKS secrets/logs, images, database, cache, WAF logs, alarm topic, Kafka (MSK), static assets and their logs (constructs/static-assets). */
  kmsKeys: 9,
  /** Interface endpoints (ecr.api, ecr.dkr, logs, sts), one network interface per AZ each (constructs/network). The S3 gateway endpoint is free. */
  interfaceEndpoints: 4,
  /** Log groups every environment has: ElastiCache engine and slow logs, Container Insights performance, EKS control plane, WAF, VPC flow logs, MSK broker logs. */
  fixedLogGroups: 7,
  /** Log groups per RDS instance: postgresql and upgrade exports. */
  logGroupsPerDbInstance: 2,
  /** One web ACL shared by every ALB, with its rules (constructs/alb-nginx-tier/edge-web-acl.ts): 3 AWS managed groups, 3 rate rules. */
  wafWebAcls: 1,
  wafRules: 6,
  /** The static-assets distribution's web ACL at CloudFront scope and its AWS managed rule groups (constructs/static-assets/cdn-web-acl.ts). */
  cdnWafWebAcls: 1,
  cdnWafRules: 3,
  /** CloudFront's additional metrics each distribution subscribes to (cache hit rate, origin latency, six error rates), billed as custom metrics. */
  cloudFrontAdditionalMetrics: 8,
  /** The golden-signals dashboard (constructs/monitoring-stack). */
  dashboards: 1,
  /** Composite alarms of the MonitoringStack (one per tier, Kafka's and the CDN's included, and the environment's). */
  compositeAlarms: 9,
  /** The database master secret (Secrets Manager). */
  secrets: 1,
  /** The private zone of the data tier's names; the public zone is created unless the config names an existing one. */
  privateHostedZones: 1,
  /** gp3 root volume of each EKS node (constructs/eks-cluster/node-group.ts DEFAULT_ROOT_VOLUME_GIB) and of each nginx instance (constructs/auto-scaling-group). */
  nodeRootVolumeGiB: 50,
  nginxRootVolumeGiB: 20,
  /** The internal NLB in front of the services (constructs/service-ingress), cross-zone load balancing on (off with the lever `azAffineRouting`). */
  internalNlbs: 1,
  internalNlbCrossZone: true,
  /** Production keeps 14 days of automated database backups (stacks/tiers/data-tier.ts), others the construct's 7. */
  productionBackupDays: 14,
  defaultBackupDays: 7,
  /** ElastiCache snapshot retention: production 7 days, others 1 (constructs/redis-cluster). */
  productionCacheSnapshotDays: 7,
  defaultCacheSnapshotDays: 1,
  /** RDS gp3 storage the primary starts with and may grow to (constructs/rds-with-replicas). */
  dbAllocatedGiB: 100,
  dbMaxAllocatedGiB: 400,
  /** Log retention: production 365 days, others 30 (lib/log-retention.ts). */
  productionLogRetentionDays: 365,
  defaultLogRetentionDays: 30,
  /** ALB access logs expire with the log retention (365 days in production, 30 otherwise); a noncurrent version lives 30 more (constructs/alb-nginx-tier/access-log-bucket.ts). */
  accessLogNoncurrentDays: 30,
  /** AWS Backup (constructs/cross-region-backup): a key for the vault and one for its copy in the second Region. */
  backupKmsKeys: 2,
  /** FIS (constructs/fault-injection): the experiment log group and its key. */
  faultInjectionKmsKeys: 1,
  faultInjectionLogGroups: 1,
  /** `<env>-slo`, the composite of the SLO alarms the experiments stop on (constructs/environment/resilience-tier.ts). */
  sloCompositeAlarms: 1,
} as const;

/** The MonitoringStack's alarms, per watched resource (constructs/monitoring-stack). */
export interface AlarmCount {
  /** Metric alarms (each standard resolution, one-minute period). */
  readonly metricAlarms: number;
  /** Metrics those alarms list: a metric-math alarm counts each metric it reads. */
  readonly alarmMetrics: number;
  readonly compositeAlarms: number;
}

export interface WatchedResources {
  readonly albs: number;
  /** Whether the ALBs carry an LCU reservation (adds a PeakLCUs alarm each). */
  readonly albLcuReserved: boolean;
  readonly natGateways: number;
  readonly dbInstances: number;
  readonly dbReplicas: number;
  readonly cacheNodes: number;
  readonly cacheReplicasPerShard: number;
  /** MSK brokers. */
  readonly kafkaBrokers: number;
  /** Express brokers (no controller, under-replication or disk alarms). */
  readonly kafkaExpress: boolean;
  /** Consumer group x topic pairs (one lag alarm each). */
  readonly kafkaConsumerGroupTopics: number;
  /** CloudFront distributions (the static assets' one), each with a 5xx-rate, an origin-latency and a cache-hit-rate alarm. */
  readonly distributions: number;
}

/**
 * Per ALB: target response time (2), rejected connections, healthy and unhealthy hosts, a 5xx
 * ratio (metric math over 3 metrics), PeakLCUs when reserved. nginx group: CPU and in-service
 * instances. EKS: node count (2) and failed nodes. Per RDS instance: connections, CPU, free
 * storage, freeable memory, read latency; the primary's write latency; each replica's lag. Per
 * cache node: connections, engine CPU, evictions, memory, and replication lag when shards have
 * replicas. Per NAT gateway: port allocation errors and a packet-drop ratio (3 metrics). Per MSK
 * cluster: offline partitions, per broker CPU (user + system: 2 metrics), per consumer group and
 * topic the lag; on Standard brokers also the active controller and per broker under-replicated
 * partitions and disk. Per
 * CloudFront distribution: 5xx rate, origin latency and cache hit rate.
 */
export function monitoringAlarms(w: WatchedResources): AlarmCount {
  const albStandard = w.albs * (5 + (w.albLcuReserved ? 1 : 0));
  const albMath = w.albs;
  const nginx = 2;
  const eks = 3;
  const db = w.dbInstances * 5 + 1 + w.dbReplicas;
  const cache = w.cacheNodes * (4 + (w.cacheReplicasPerShard > 0 ? 1 : 0));
  const natStandard = w.natGateways;
  const natMath = w.natGateways;
  const cdn = w.distributions * 3;
  const kafkaStandard = 1 + w.kafkaConsumerGroupTopics + (w.kafkaExpress ? 0 : 1 + 2 * w.kafkaBrokers);
  const kafkaMath = w.kafkaBrokers;
  const standard = albStandard + nginx + eks + db + cache + natStandard + kafkaStandard + cdn;
  const math = albMath + natMath;
  return { metricAlarms: standard + math + kafkaMath, alarmMetrics: standard + 3 * math + 2 * kafkaMath, compositeAlarms: STACK_INVENTORY.compositeAlarms };
}
