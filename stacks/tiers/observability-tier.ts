import { Construct } from 'constructs';
import { EnvironmentConfig } from '../../lib/config/environment';
import { Network } from '../../constructs/network';
import {
  MonitoringStack,
  WatchedAutoScalingGroup,
  WatchedCache,
  WatchedDatabase,
  WatchedEksCluster,
  WatchedLoadBalancer,
  WatchedTargetGroup,
} from '../../constructs/monitoring-stack';

/**
 * What the other tiers of the environment hand to monitoring. Each list is optional: the
 * stack passes what it has built, and every tier added later only fills its own field.
 */
export interface ObservedTiers {
  readonly network: Network;
  /** Edge tier: each ALB's `arn_suffix` and LCU reservation (capacity model `alb.lcuReservationPerAlb`). */
  readonly loadBalancers?: WatchedLoadBalancer[];
  /** Edge tier: the nginx target group of each ALB, with the nginx minimum as `minHealthyTargets`. */
  readonly targetGroups?: WatchedTargetGroup[];
  /** nginx tier: the Auto Scaling group, `expectedMin` = capacity model `nginx.minSize`. */
  readonly autoScalingGroups?: WatchedAutoScalingGroup[];
  /** Data tier: primary and replicas, `maxConnections` = capacity model `database.maxConnections`. */
  readonly databases?: WatchedDatabase[];
  /** Data tier: the replication group, shards and replicas from capacity model `cache`. */
  readonly caches?: WatchedCache[];
  /** EKS tier: node bounds = sums of the capacity model's `nodeGroups` min/max sizes. */
  readonly eksClusters?: WatchedEksCluster[];
}

/** CloudWatch alarms, the golden-signals dashboard and the alarm topic of one environment. */
export function addObservabilityTier(scope: Construct, config: EnvironmentConfig, tiers: ObservedTiers): MonitoringStack {
  const network = tiers.network;
  return new MonitoringStack(scope, 'monitoring', {
    name: config.name,
    region: config.region,
    alarmEmails: config.alarmEmails,
    preventDestroy: config.production,
    natGateways: network.natGatewayIds.map((id, i) => ({ name: network.availabilityZones[i], id })),
    loadBalancers: tiers.loadBalancers,
    targetGroups: tiers.targetGroups,
    autoScalingGroups: tiers.autoScalingGroups,
    databases: tiers.databases,
    caches: tiers.caches,
    eksClusters: tiers.eksClusters,
  });
}
