import { Construct } from 'constructs';
import { CapacityPlan } from '../../lib/capacity';
import { EnvironmentConfig } from '../../lib/config/environment';
import { Network } from '../../constructs/network';
import { Protection } from '../../lib/protection';
import {
  DatabaseRole,
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
    protection: Protection.forEnvironment(config.production),
    natGateways: network.natGatewayIds.map((id, i) => ({ name: network.availabilityZones[i], id })),
    loadBalancers: tiers.loadBalancers,
    targetGroups: tiers.targetGroups,
    autoScalingGroups: tiers.autoScalingGroups,
    databases: tiers.databases,
    caches: tiers.caches,
    eksClusters: tiers.eksClusters,
  });
}

/*
 * The capacity plan's numbers, shaped for MonitoringStack, so each tier passes only the
 * identifiers of what it created.
 */

/** Node bounds of the cluster: the sums of the planned node groups' minimum and maximum sizes. */
export function plannedEksCluster(clusterName: string, plan: CapacityPlan): WatchedEksCluster {
  return {
    name: clusterName,
    expectedNodesMin: plan.nodeGroups.reduce((sum, g) => sum + g.minSize, 0),
    expectedNodesMax: plan.nodeGroups.reduce((sum, g) => sum + g.maxSize, 0),
  };
}

/** The nginx fleet: alarms when fewer instances than the planned minimum are in service. */
export function plannedNginxGroup(autoScalingGroupName: string, plan: CapacityPlan): WatchedAutoScalingGroup {
  return { name: autoScalingGroupName, label: 'nginx', expectedMin: plan.nginx.minSize };
}

/**
 * Each ALB of the fleet (`arnSuffixes[i]` = `aws_lb.arn_suffix` of ALB i) and the LCUs
 * reserved on it (the edge tier reserves `plan.alb.lcuReservationPerAlb` in production only).
 */
export function plannedLoadBalancers(arnSuffixes: readonly string[], reservedLcuPerAlb?: number): WatchedLoadBalancer[] {
  return arnSuffixes.map((arnSuffix, i) => ({ name: `alb-${i}`, arnSuffix, reservedLcu: reservedLcuPerAlb }));
}

/**
 * The nginx target group of each ALB (`targetGroupArnSuffixes[i]` behind `albArnSuffixes[i]`).
 * Every target group holds the whole fleet, so each needs the plan's nginx minimum healthy.
 */
export function plannedNginxTargetGroups(targetGroupArnSuffixes: readonly string[], albArnSuffixes: readonly string[], plan: CapacityPlan): WatchedTargetGroup[] {
  return targetGroupArnSuffixes.map((arnSuffix, i) => ({ name: `nginx-${i}`, arnSuffix, loadBalancerArnSuffix: albArnSuffixes[i], minHealthyTargets: plan.nginx.minSize }));
}

/** An RDS instance as the data tier made it: `identifier` and `allocated_storage` (tokens are fine). */
export interface DatabaseInstanceRef {
  readonly identifier: string;
  readonly allocatedStorageGiB?: number;
}

/** The primary and its replicas, with the planned max_connections and instance memory. */
export function plannedDatabases(primary: DatabaseInstanceRef, replicas: readonly DatabaseInstanceRef[], plan: CapacityPlan): WatchedDatabase[] {
  const db = plan.database;
  return [
    { ...primary, role: DatabaseRole.PRIMARY, maxConnections: db.maxConnections, memoryGiB: db.instanceMemoryGiB },
    ...replicas.map((replica) => ({ ...replica, role: DatabaseRole.REPLICA, maxConnections: db.maxConnections, memoryGiB: db.replicaMemoryGiB })),
  ];
}

/** The cache replication group with the planned shards and replicas (cluster mode). */
export function plannedCache(replicationGroupId: string, plan: CapacityPlan): WatchedCache {
  return { replicationGroupId, shards: plan.cache.shards, replicasPerShard: plan.cache.replicasPerShard, clusterMode: true };
}
