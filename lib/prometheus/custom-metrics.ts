/**
 * The per-pod request rate, served to HPAs by prometheus-adapter through the
 * custom.metrics.k8s.io API.
 */

/** Name of the custom metric HPAs scale on (design notes 003's HPA uses this name). */
export const PODS_RPS_METRIC = 'http_requests_per_second';

/**
 * Rate window of the metric. With kube-prometheus-stack's 30 s scrape interval a 2-minute
 * window holds four samples: enough to survive one missed scrape, short enough to react.
 */
export const PODS_RPS_RATE_WINDOW = '2m';

/** One prometheus-adapter discovery rule (chart value `rules.custom[]`). https://github.com/kubernetes-sigs/prometheus-adapter/blob/master/docs/config.md */
export interface AdapterRule {
  readonly seriesQuery: string;
  readonly resources: { readonly overrides: Record<string, { readonly resource: string }> };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/** Exposes `http_requests_total` per pod as `http_requests_per_second`. */
export function podsRpsAdapterRule(): AdapterRule {
  return {
    seriesQuery: 'http_requests_total{namespace!="",pod!=""}',
    resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
    name: { matches: '^http_requests_total$', as: PODS_RPS_METRIC },
    metricsQuery: `sum(rate(<<.Series>>{<<.LabelMatchers>>}[${PODS_RPS_RATE_WINDOW}])) by (<<.GroupBy>>)`,
  };
}

/**
 * The PromQL prometheus-adapter runs for one pod, with its template filled in: used by
 * tests to prove the query parses, and by runbooks to reproduce what the HPA sees.
 */
export function podsRpsQuery(namespace: string, pod: string): string {
  return podsRpsAdapterRule()
    .metricsQuery.replace('<<.Series>>', 'http_requests_total')
    .replace('<<.LabelMatchers>>', `namespace="${namespace}",pod="${pod}"`)
    .replace('<<.GroupBy>>', 'namespace,pod');
}

/**
 * An HPA `metric` entry (autoscaling/v2, shape of kubernetes_horizontal_pod_autoscaler_v2's
 * `spec.metric`) scaling on requests per second per pod. Use it beside the CPU and memory
 * entries: the HPA takes the largest replica count any metric asks for.
 */
export function podsRpsHpaMetric(targetRpsPerPod: number): {
  type: 'Pods';
  pods: { metric: { name: string }; target: { type: 'AverageValue'; averageValue: string } };
} {
  if (!Number.isFinite(targetRpsPerPod) || targetRpsPerPod <= 0) {
    throw new Error(`podsRpsHpaMetric: targetRpsPerPod = ${targetRpsPerPod} is not a positive number. Fix: pass the per-pod RPS the capacity model plans (ServicePlan)`);
  }
  return { type: 'Pods', pods: { metric: { name: PODS_RPS_METRIC }, target: { type: 'AverageValue', averageValue: String(Math.round(targetRpsPerPod)) } } };
}
