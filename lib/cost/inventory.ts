/**
 * What the reference stacks (stacks/) create besides the plan's counts: keys, log groups,
 * alarms, endpoints, zones. lib/ cannot import the constructs, so these mirror them, each with
 * where it is set; test/stacks/cost-quantities.test.ts reads every one back from the
 * synthesized stacks, so a construct that adds a key or an alarm fails that test until this
 * file follows.
 */
export const STACK_INVENTORY = {
  /** Customer managed KMS keys: flow logs, EKS secrets/logs, images, database, cache, WAF logs, alarm topic. */
  kmsKeys: 7,
  /** Interface endpoints (ecr.api, ecr.dkr, logs, sts), one network interface per AZ each (constructs/network). The S3 gateway endpoint is free. */
  interfaceEndpoints: 4,
  /** Log groups every environment has: ElastiCache engine and slow logs, Container Insights performance, EKS control plane, WAF, VPC flow logs. */
  fixedLogGroups: 6,
  /** Log groups per RDS instance: postgresql and upgrade exports. */
  logGroupsPerDbInstance: 2,
  /** One web ACL shared by every ALB, with its rules (constructs/alb-nginx-tier/edge-web-acl.ts): 3 AWS managed groups, 3 rate rules. */
  wafWebAcls: 1,
  wafRules: 6,
  /** The golden-signals dashboard (constructs/monitoring-stack). */
  dashboards: 1,
  /** Composite alarms of the MonitoringStack (one per tier and the environment's). */
  compositeAlarms: 7,
  /** The database master secret (Secrets Manager). */
  secrets: 1,
  /** The private zone of the data tier's names; the public zone is created unless the config names an existing one. */
  privateHostedZones: 1,
  /** gp3 root volume of each EKS node (constructs/eks-cluster/node-group.ts DEFAULT_ROOT_VOLUME_GIB) and of each nginx instance (constructs/auto-scaling-group). */
  nodeRootVolumeGiB: 50,
  nginxRootVolumeGiB: 20,
  /** The internal NLB in front of the services (constructs/service-ingress), cross-zone load balancing on. */
  internalNlbs: 1,
  internalNlbCrossZone: true,
  /** The EKS version the stacks pin (constructs/eks-cluster KubernetesVersion.V1_33). */
  kubernetesVersion: '1.33',
  /**
   * Last day of 1.33's EKS standard support: released on EKS in May 2025, 14 months of standard
   * support (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), so the
   * end of July 2026. After it, a cluster with support type EXTENDED pays the extended fee.
   */
  kubernetesStandardSupportEnds: '2026-07-31',
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
}

/**
 * Per ALB: target response time (2), rejected connections, healthy and unhealthy hosts, a 5xx
 * ratio (metric math over 3 metrics), PeakLCUs when reserved. nginx group: CPU and in-service
 * instances. EKS: node count (2) and failed nodes. Per RDS instance: connections, CPU, free
 * storage, freeable memory, read latency; the primary's write latency; each replica's lag. Per
 * cache node: connections, engine CPU, evictions, memory, and replication lag when shards have
 * replicas. Per NAT gateway: port allocation errors and a packet-drop ratio (3 metrics).
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
  const standard = albStandard + nginx + eks + db + cache + natStandard;
  const math = albMath + natMath;
  return { metricAlarms: standard + math, alarmMetrics: standard + 3 * math, compositeAlarms: STACK_INVENTORY.compositeAlarms };
}
