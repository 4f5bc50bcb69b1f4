import { Construct } from 'constructs';
import { CapacityPlan, DatabaseRole, MonitoringStack, Network } from 'cdktf-million-rps';
import { ComputeTier } from './compute-tier';
import { DataTier } from './data-tier';
import { EdgeTier } from './edge-tier';
import { ALARM_EMAILS, ENVIRONMENT, PROTECTION, REGION } from './settings';

/**
 * CloudWatch alarms, the golden-signals dashboard and an encrypted SNS alarm topic over
 * what the other tiers built. The thresholds that depend on size (fewest healthy nginx
 * instances, node bounds, max_connections, shards) come from the plan.
 */
export function addMonitoringTier(scope: Construct, network: Network, plan: CapacityPlan, tiers: { compute: ComputeTier; data: DataTier; edge: EdgeTier }): MonitoringStack {
  const edge = tiers.edge.tier;
  const { database, cache } = tiers.data;
  const dbInstance = (role: DatabaseRole, instance: { identifier: string; allocatedStorage: number }, memoryGiB: number) => ({
    identifier: instance.identifier,
    role,
    maxConnections: plan.database.maxConnections,
    memoryGiB,
    allocatedStorageGiB: instance.allocatedStorage,
  });
  return new MonitoringStack(scope, 'monitoring', {
    name: ENVIRONMENT,
    region: REGION,
    alarmEmails: ALARM_EMAILS,
    protection: PROTECTION,
    natGateways: network.natGatewayIds.map((id, i) => ({ name: network.availabilityZones[i], id })),
    loadBalancers: edge.albs.map((alb, i) => ({ name: `alb-${i}`, arnSuffix: alb.arnSuffix })),
    // Every ALB's target group holds the whole fleet, so each needs the planned minimum healthy.
    targetGroups: edge.targetGroups.map((tg, i) => ({ name: `nginx-${i}`, arnSuffix: tg.arnSuffix, loadBalancerArnSuffix: edge.albs[i].arnSuffix, minHealthyTargets: plan.nginx.minSize })),
    autoScalingGroups: [{ name: edge.fleet.groupName, label: 'nginx', expectedMin: plan.nginx.minSize }],
    databases: [
      dbInstance(DatabaseRole.PRIMARY, database.primary, plan.database.instanceMemoryGiB),
      ...database.replicas.map((replica) => dbInstance(DatabaseRole.REPLICA, replica, plan.database.replicaMemoryGiB)),
    ],
    caches: [{ replicationGroupId: cache.replicationGroup.replicationGroupId, shards: plan.cache.shards, replicasPerShard: plan.cache.replicasPerShard }],
    eksClusters: [
      {
        name: tiers.compute.eks.clusterName,
        expectedNodesMin: plan.eks.nodeGroups.reduce((sum, g) => sum + g.minSize, 0),
        expectedNodesMax: plan.eks.nodeGroups.reduce((sum, g) => sum + g.maxSize, 0),
      },
    ],
  });
}
