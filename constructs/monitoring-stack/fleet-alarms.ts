import { AlarmFactory, AlarmSeverity, Comparison, MissingData, Tier } from './alarm-factory';
import { EC2_CPU_PERCENT_MAX } from './thresholds';
import { WatchedAutoScalingGroup, WatchedEksCluster } from './watched-resources';

/** nginx fleet: CPU (AWS's EC2 recommendation) and in-service instances below the planned minimum. */
export function addAutoScalingGroupAlarms(factory: AlarmFactory, groups: readonly WatchedAutoScalingGroup[]): void {
  groups.forEach((group, i) => {
    const label = group.label ?? group.name;
    const dimensions = { AutoScalingGroupName: group.name };
    factory.add({
      id: `asg-${i}-cpu`,
      name: `asg-${label}-cpu`,
      description: `Average CPU of Auto Scaling group ${label} above ${EC2_CPU_PERCENT_MAX}%.`,
      tier: Tier.NGINX,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: EC2_CPU_PERCENT_MAX,
      metric: { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions, statistic: 'Average' },
    });
    factory.add({
      id: `asg-${i}-in-service`,
      name: `asg-${label}-in-service-low`,
      description: `Auto Scaling group ${label} has fewer than ${group.expectedMin} instances in service. Needs group metrics enabled (no data also alarms).`,
      tier: Tier.NGINX,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.BELOW,
      threshold: group.expectedMin,
      metric: { namespace: 'AWS/AutoScaling', metricName: 'GroupInServiceInstances', dimensions, statistic: 'Minimum' },
      missingData: MissingData.BREACHING,
      datapoints: 3,
    });
  });
}

/**
 * EKS node count against the plan, from Container Insights (`cluster_node_count`,
 * `cluster_failed_node_count`, published by the CloudWatch agent of the
 * amazon-cloudwatch-observability add-on that EksCluster installs unless `containerInsights`
 * is false). Missing data is not breaching: a cluster built without the add-on, or whose agent
 * stops reporting, leaves the alarms INSUFFICIENT_DATA rather than holding `<env>-degraded` in
 * ALARM; the in-cluster ClusterNodesBelowPlan alert (from kube-state-metrics) covers the same
 * promise either way.
 */
export function addEksClusterAlarms(factory: AlarmFactory, clusters: readonly WatchedEksCluster[]): void {
  clusters.forEach((cluster, i) => {
    const dimensions = { ClusterName: cluster.name };
    factory.add({
      id: `eks-${i}-nodes-low`,
      name: `eks-${cluster.name}-nodes-below-plan`,
      description: `EKS cluster ${cluster.name} has fewer than ${cluster.expectedNodesMin} nodes, the fewest the planned pods fit on.`,
      tier: Tier.EKS,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.BELOW,
      threshold: cluster.expectedNodesMin,
      metric: { namespace: 'ContainerInsights', metricName: 'cluster_node_count', dimensions, statistic: 'Minimum' },
      missingData: MissingData.MISSING,
    });
    // A fixed-size cluster (min = max) is always at its maximum: nothing to warn about.
    if (cluster.expectedNodesMax > cluster.expectedNodesMin) {
      factory.add({
        id: `eks-${i}-nodes-at-max`,
        name: `eks-${cluster.name}-nodes-at-max`,
        description: `EKS cluster ${cluster.name} runs ${cluster.expectedNodesMax} nodes, its ceiling: pods that do not fit stay Pending.`,
        tier: Tier.EKS,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.AT_OR_ABOVE,
        threshold: cluster.expectedNodesMax,
        metric: { namespace: 'ContainerInsights', metricName: 'cluster_node_count', dimensions, statistic: 'Maximum' },
      });
    }
    factory.add({
      id: `eks-${i}-failed-nodes`,
      name: `eks-${cluster.name}-failed-nodes`,
      description: `EKS cluster ${cluster.name} has nodes failing their status checks.`,
      tier: Tier.EKS,
      severity: AlarmSeverity.WARNING,
      comparison: Comparison.ABOVE,
      threshold: 0,
      metric: { namespace: 'ContainerInsights', metricName: 'cluster_failed_node_count', dimensions, statistic: 'Maximum' },
    });
  });
}
