import { runbookLink, RUNBOOKS_URL } from '../runbooks';
import { RuleGroup, Severity } from './rules';
import { seriesName, SeriesFixture, TestedAlertRule } from './service-alerts';

/** The node count the capacity plan expects (sums of the node groups' bounds). */
export interface ClusterNodePlan {
  readonly expectedNodesMin: number;
  readonly expectedNodesMax: number;
}

/**
 * Node count against the plan, from kube-state-metrics (`kube_node_info`, one series per
 * node), so it holds without Container Insights. `absent()` covers a cluster whose
 * kube-state-metrics stopped reporting.
 */
export function clusterNodeAlerts(plan: ClusterNodePlan, options: { readonly runbookBaseUrl?: string } = {}): TestedAlertRule[] {
  const base = options.runbookBaseUrl ?? RUNBOOKS_URL;
  // One series per node, lasting past the latest evaluation time below.
  const nodes = (count: number): SeriesFixture[] =>
    Array.from({ length: count }, (_, i) => ({ series: seriesName('kube_node_info', { node: `ip-10-0-0-${i + 1}.ec2.internal` }), values: '1+0x45' }));
  const alerts: TestedAlertRule[] = [
    {
      rule: {
        alert: 'ClusterNodesBelowPlan',
        expr: `count(kube_node_info) < ${plan.expectedNodesMin}\nor\nabsent(kube_node_info)`,
        for: '10m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: `The cluster has fewer than the ${plan.expectedNodesMin} nodes the planned pods fit on`,
          description: 'Node groups are below their planned minimum: pods go Pending and the services lose capacity. Check node group health, EC2 capacity and the cluster autoscaler.',
          runbook_url: runbookLink('ClusterNodesBelowPlan', base),
        },
      },
      fixture: { unhealthy: nodes(plan.expectedNodesMin - 1), healthy: nodes(plan.expectedNodesMin), firingLabels: {}, evalMinutes: 20 },
    },
  ];
  if (plan.expectedNodesMax > plan.expectedNodesMin) {
    alerts.push({
      rule: {
        alert: 'ClusterNodesAtMax',
        expr: `count(kube_node_info) >= ${plan.expectedNodesMax}`,
        for: '30m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: `The cluster runs its maximum of ${plan.expectedNodesMax} nodes`,
          description: 'The node groups cannot grow: pods that do not fit stay Pending. Raise the node group maximum from the capacity model.',
          runbook_url: runbookLink('ClusterNodesAtMax', base),
        },
      },
      fixture: { unhealthy: nodes(plan.expectedNodesMax), healthy: nodes(plan.expectedNodesMax - 1), firingLabels: {}, evalMinutes: 40 },
    });
  }
  return alerts;
}

export function clusterRuleGroup(plan: ClusterNodePlan, options: { readonly runbookBaseUrl?: string } = {}): RuleGroup {
  return { name: 'cluster-nodes', rules: clusterNodeAlerts(plan, options).map((a) => a.rule) };
}
