/**
 * Plain, typed descriptions of what MonitoringStack watches. Every field is either known at
 * synth time or a token of the resource that owns it (e.g. `aws_lb.arn_suffix`), so the
 * construct works with resources made by this library, by another stack or by hand.
 */

/** An Application Load Balancer. */
export interface WatchedLoadBalancer {
  /** Short name used in alarm names and dashboard labels, e.g. `edge-0`. */
  readonly name: string;
  /** `app/<name>/<id>`: the `arn_suffix` attribute of `aws_lb` (the CloudWatch `LoadBalancer` dimension). */
  readonly arnSuffix: string;
  /**
   * LCUs reserved for this ALB (`minimum_load_balancer_capacity.capacity_units`).
   * @default - no reservation, no LCU alarm
   */
  readonly reservedLcu?: number;
}

/** A target group behind one of the load balancers. */
export interface WatchedTargetGroup {
  /** Short name used in alarm names, e.g. `nginx-0`. */
  readonly name: string;
  /** `targetgroup/<name>/<id>`: the `arn_suffix` attribute of `aws_lb_target_group`. */
  readonly arnSuffix: string;
  /** `arn_suffix` of the load balancer the target group is attached to. */
  readonly loadBalancerArnSuffix: string;
  /**
   * Fewest healthy targets the tier can serve its load with (from the capacity model).
   * @default 1
   */
  readonly minHealthyTargets?: number;
}

/** An EC2 Auto Scaling group (the nginx fleet). Its group metrics must be enabled (`enabled_metrics`). */
export interface WatchedAutoScalingGroup {
  /** The group's name (the `AutoScalingGroupName` dimension). */
  readonly name: string;
  /** Short name used in alarm names. @default - `name` */
  readonly label?: string;
  /** Fewest in-service instances that carry the planned load (the capacity model's AZ-loss minimum). */
  readonly expectedMin: number;
}

/** Role of an RDS instance: replicas also get a replica-lag alarm. */
export enum DatabaseRole {
  PRIMARY = 'primary',
  REPLICA = 'replica',
}

/** An RDS instance. */
export interface WatchedDatabase {
  /** `DBInstanceIdentifier`. */
  readonly identifier: string;
  readonly role: DatabaseRole;
  /** `max_connections` of the instance (parameter group, or the RDS default for its class). */
  readonly maxConnections: number;
  /** Memory of the instance class, for the FreeableMemory alarm. @default - no memory alarm */
  readonly memoryGiB?: number;
  /** Allocated storage, for the FreeStorageSpace alarm; may be the `allocated_storage` token, so the threshold follows storage autoscaling. @default - no storage alarm */
  readonly allocatedStorageGiB?: number;
}

/** An ElastiCache (Valkey/Redis OSS) replication group. Metrics are per member cluster (node). */
export interface WatchedCache {
  readonly replicationGroupId: string;
  /** Shards (`num_node_groups`); 1 without cluster mode. */
  readonly shards: number;
  /** Replicas per shard. */
  readonly replicasPerShard: number;
  /**
   * Cluster mode enabled: members are `<id>-<shard:4>-<node:3>` (e.g. `prod-cache-0001-001`);
   * without cluster mode they are `<id>-<node:3>`.
   * @default true
   */
  readonly clusterMode?: boolean;
  /**
   * Member cluster ids, when they do not follow the naming above (e.g. after resharding).
   * @default - derived from the counts
   */
  readonly cacheClusterIds?: string[];
}

/**
 * An EKS cluster, watched through Container Insights: the `ContainerInsights` metrics of the
 * amazon-cloudwatch-observability add-on, which EksCluster installs unless `containerInsights` is false.
 */
export interface WatchedEksCluster {
  readonly name: string;
  /** Fewest nodes the planned pods fit on. */
  readonly expectedNodesMin: number;
  /** Node group ceiling: at it, pending pods cannot get a node. */
  readonly expectedNodesMax: number;
}

/** A NAT gateway. */
export interface WatchedNatGateway {
  /** Short name used in alarm names, e.g. the AZ. */
  readonly name: string;
  readonly id: string;
}

/** Everything one tier asks MonitoringStack to watch: its resources, with the thresholds its capacity plan implies. */
export interface MonitoringTargets {
  readonly loadBalancers?: readonly WatchedLoadBalancer[];
  readonly targetGroups?: readonly WatchedTargetGroup[];
  readonly autoScalingGroups?: readonly WatchedAutoScalingGroup[];
  readonly databases?: readonly WatchedDatabase[];
  readonly caches?: readonly WatchedCache[];
  readonly eksClusters?: readonly WatchedEksCluster[];
  readonly natGateways?: readonly WatchedNatGateway[];
}

/** A construct MonitoringStack can watch as a whole (`watch: [network, data, compute, edge]`). */
export interface IMonitorable {
  readonly monitoringTargets: MonitoringTargets;
}
