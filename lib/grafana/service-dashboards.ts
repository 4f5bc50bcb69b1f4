import { CACHE_HIT_RATE_MIN_PERCENT, CPU_THROTTLING_RATIO_MAX, DB_POOL_USAGE_WARNING_PERCENT, ServiceMonitoringTarget } from '../prometheus/service-alerts';
import { LATENCY_P95_OBJECTIVE_SECONDS } from '../slo';
import { buildDashboard, GrafanaDashboard, PanelUnit } from './dashboard';

/**
 * The design notes' Grafana queries (000, "Grafana Dashboard Queries"), verbatim apart from
 * the label selector that scopes them to one service.
 */
export function designNotesQueries(selector: string): Record<'requestRate' | 'p95' | 'errorRate' | 'dbPoolUsage' | 'redisHitRate', string> {
  const s = selector ? `{${selector}}` : '';
  const withSel = (extra: string) => `{${[selector, extra].filter(Boolean).join(',')}}`;
  return {
    requestRate: `sum(rate(http_requests_total${s}[5m])) by (service)`,
    p95: `histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket${s}[5m])) by (le, service))`,
    errorRate: `sum(rate(http_requests_total${withSel('status=~"5.."')}[5m])) by (service) / sum(rate(http_requests_total${s}[5m])) by (service)`,
    dbPoolUsage: `sum(db_connections_active${s}) / sum(db_connections_max${s}) * 100`,
    redisHitRate: `sum(rate(redis_commands_total${withSel('command="get",result="hit"')}[5m])) / sum(rate(redis_commands_total${withSel('command="get"')}[5m])) * 100`,
  };
}

/** One dashboard per service: the design notes' five panels, then saturation. */
export function serviceDashboard(target: ServiceMonitoringTarget): GrafanaDashboard {
  const selector = `namespace="${target.namespace}",service="${target.name}"`;
  const q = designNotesQueries(selector);
  const container = target.containerName ?? target.name;
  const hpa = target.hpaName ?? target.name;
  const containerSel = `namespace="${target.namespace}",container="${container}"`;
  const p95Objective = target.latencyP95ObjectiveSeconds ?? LATENCY_P95_OBJECTIVE_SECONDS;
  return buildDashboard({
    uid: `svc-${target.namespace}-${target.name}`.slice(0, 40),
    title: `Service: ${target.name} (${target.namespace})`,
    tags: ['service', 'red', target.namespace],
    panels: [
      { title: 'Request rate', unit: PanelUnit.REQUESTS_PER_SECOND, queries: [{ expr: q.requestRate, legend: '{{service}}' }] },
      {
        title: 'Response time (p95, p99)',
        unit: PanelUnit.SECONDS,
        threshold: p95Objective,
        queries: [
          { expr: q.p95, legend: 'p95' },
          { expr: `histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket{${selector}}[5m])) by (le, service))`, legend: 'p99' },
        ],
      },
      { title: 'Error rate (5xx / all)', unit: PanelUnit.PERCENT_UNIT, queries: [{ expr: q.errorRate, legend: '{{service}}' }] },
      { title: 'Database connection pool usage', unit: PanelUnit.PERCENT, threshold: DB_POOL_USAGE_WARNING_PERCENT, queries: [{ expr: q.dbPoolUsage, legend: 'pool used' }] },
      { title: 'Redis hit rate (GET)', unit: PanelUnit.PERCENT, threshold: CACHE_HIT_RATE_MIN_PERCENT, queries: [{ expr: q.redisHitRate, legend: 'hit rate' }] },
      {
        title: 'CPU throttling (throttled / all CFS periods)',
        unit: PanelUnit.PERCENT_UNIT,
        threshold: CPU_THROTTLING_RATIO_MAX,
        queries: [
          {
            expr: `sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{${containerSel}}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{${containerSel}}[5m]))`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'Memory working set / limit',
        unit: PanelUnit.PERCENT_UNIT,
        queries: [
          {
            expr: `max by (pod) (container_memory_working_set_bytes{${containerSel}}) / max by (pod) (kube_pod_container_resource_limits{${containerSel},resource="memory"})`,
            legend: '{{pod}}',
          },
        ],
      },
      {
        title: 'HPA replicas (current, desired, max)',
        unit: PanelUnit.COUNT,
        queries: [
          { expr: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${target.namespace}",horizontalpodautoscaler="${hpa}"}`, legend: 'current' },
          { expr: `kube_horizontalpodautoscaler_status_desired_replicas{namespace="${target.namespace}",horizontalpodautoscaler="${hpa}"}`, legend: 'desired' },
          { expr: `kube_horizontalpodautoscaler_spec_max_replicas{namespace="${target.namespace}",horizontalpodautoscaler="${hpa}"}`, legend: 'max' },
        ],
      },
    ],
  });
}

/** Every service side by side, with the design notes' queries exactly as written. */
export function servicesOverviewDashboard(): GrafanaDashboard {
  const q = designNotesQueries('');
  return buildDashboard({
    uid: 'services-overview',
    title: 'Services overview',
    tags: ['service', 'red'],
    panels: [
      { title: 'Request rate', unit: PanelUnit.REQUESTS_PER_SECOND, queries: [{ expr: q.requestRate, legend: '{{service}}' }] },
      { title: 'Response time (p95)', unit: PanelUnit.SECONDS, threshold: LATENCY_P95_OBJECTIVE_SECONDS, queries: [{ expr: q.p95, legend: '{{service}}' }] },
      { title: 'Error rate', unit: PanelUnit.PERCENT_UNIT, queries: [{ expr: q.errorRate, legend: '{{service}}' }] },
      { title: 'Database connection pool usage', unit: PanelUnit.PERCENT, threshold: DB_POOL_USAGE_WARNING_PERCENT, queries: [{ expr: q.dbPoolUsage, legend: 'all services' }] },
      { title: 'Redis hit rate', unit: PanelUnit.PERCENT, threshold: CACHE_HIT_RATE_MIN_PERCENT, queries: [{ expr: q.redisHitRate, legend: 'all services' }] },
    ],
  });
}
