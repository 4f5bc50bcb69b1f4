import { runbookLink, RUNBOOKS_URL } from '../runbooks';
import { promNumber, RuleGroup, Severity } from './rules';
import { SeriesFixture, seriesName, TestedAlertRule } from './service-alerts';

/**
 * Alerts on the service mesh's resilience machinery, from the waypoints' metrics (Istio's
 * standard `istio_requests_total` with Envoy's `response_flags`, and the Envoy cluster stats
 * the mesh config includes: outlier detection, retries): pods ejected by the circuit breaker,
 * requests rejected by a full connection pool (503 UO), upstream connect failures including
 * failed mTLS handshakes (503 UF), retries eating their budget.
 * https://istio.io/latest/docs/reference/config/metrics/,
 * https://www.envoyproxy.io/docs/envoy/latest/configuration/upstream/cluster_manager/cluster_stats
 */

/** Share of a service's requests a waypoint may reject for a full pool (UO) before it pages: 1%, a tenth of the error budget's 0.1%-per-request scale would be too noisy at low rates. */
export const MESH_OVERFLOW_RATIO_MAX = 0.01;
/** Share of requests that may fail to connect (UF: refused, reset, TLS handshake) before it warns. */
export const MESH_CONNECT_FAILURE_RATIO_MAX = 0.01;
/** Retries as a share of requests before it warns: half the retry budget's 20% (lib/mesh/config.ts). */
export const MESH_RETRY_RATIO_MAX = 0.1;

/** Envoy stats the alerts read, beyond Istio's default set: meshConfig.defaultConfig.proxyStatsMatcher.inclusionRegexps. */
export const MESH_ENVOY_STATS_INCLUSIONS = ['.*outlier_detection.*', '.*upstream_rq_retry.*', '.*upstream_rq_pending_overflow.*', '.*upstream_rq_total.*'] as const;

const BY = 'destination_service_name, destination_service_namespace';

/** Every mesh alert, each with the fixture that proves it (promtool, test/real-tools/promtool.test.ts). */
export function meshAlerts(options: { readonly runbookBaseUrl?: string } = {}): TestedAlertRule[] {
  const base = options.runbookBaseUrl ?? RUNBOOKS_URL;
  const dest = { destination_service_name: 'user-service', destination_service_namespace: 'services' };
  const requests = (flags: string, perMinute: number): SeriesFixture => ({
    series: seriesName('istio_requests_total', { ...dest, response_code: flags === '-' ? '200' : '503', response_flags: flags }),
    values: `0+${promNumber(perMinute)}x40`,
  });
  const ratio = (flags: string) =>
    `sum by (${BY}) (rate(istio_requests_total{response_flags=~".*${flags}.*"}[5m]))\n  /\nsum by (${BY}) (rate(istio_requests_total[5m]))`;
  const cluster = 'outbound|8080|standard|user-service.services.svc.cluster.local';
  const envoy = (name: string, values: string): SeriesFixture => ({ series: seriesName(name, { cluster_name: cluster }), values });

  return [
    {
      rule: {
        alert: 'MeshOutlierEjections',
        expr: 'sum by (cluster_name) (envoy_cluster_outlier_detection_ejections_active) > 0',
        for: '5m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'The circuit breaker keeps pods of {{ $labels.cluster_name }} ejected',
          description: 'Outlier detection ejected pods that answered 5xx in a row, for 5 minutes: the rest carry their load. Find the failing pods before the ejections reach maxEjectionPercent.',
          runbook_url: runbookLink('MeshOutlierEjections', base),
        },
      },
      fixture: {
        unhealthy: [envoy('envoy_cluster_outlier_detection_ejections_active', '2+0x20')],
        healthy: [envoy('envoy_cluster_outlier_detection_ejections_active', '0+0x20')],
        firingLabels: { cluster_name: cluster },
        evalMinutes: 15,
      },
    },
    {
      rule: {
        alert: 'MeshCircuitBreakerOverflow',
        expr: `${ratio('UO')}\n> ${promNumber(MESH_OVERFLOW_RATIO_MAX)}`,
        for: '5m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: '{{ $labels.destination_service_name }}: the connection pool rejects requests (503 UO)',
          description: `More than ${MESH_OVERFLOW_RATIO_MAX * 100}% of the requests to the service overflow the waypoint's connection pool and pending queue: callers get 503 UO. The service is slow or under-scaled, or the pool is smaller than the planned load.`,
          runbook_url: runbookLink('MeshCircuitBreakerOverflow', base),
        },
      },
      fixture: { unhealthy: [requests('-', 900), requests('UO', 100)], healthy: [requests('-', 1000), requests('UO', 1)], firingLabels: dest, evalMinutes: 20 },
    },
    {
      rule: {
        alert: 'MeshUpstreamConnectFailures',
        expr: `${ratio('UF')}\n> ${promNumber(MESH_CONNECT_FAILURE_RATIO_MAX)}`,
        for: '5m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: '{{ $labels.destination_service_name }}: connections fail (503 UF, mTLS included)',
          description: `More than ${MESH_CONNECT_FAILURE_RATIO_MAX * 100}% of the requests to the service fail to connect: refused, reset or a failed mTLS handshake (a STRICT pod reached without the mesh, an expired or untrusted certificate, a denied HBONE tunnel).`,
          runbook_url: runbookLink('MeshUpstreamConnectFailures', base),
        },
      },
      fixture: { unhealthy: [requests('-', 900), requests('UF', 100)], healthy: [requests('-', 1000), requests('UF', 1)], firingLabels: dest, evalMinutes: 20 },
    },
    {
      rule: {
        alert: 'MeshRetryRateHigh',
        expr:
          'sum by (cluster_name) (rate(envoy_cluster_upstream_rq_retry[5m]))\n  /\nsum by (cluster_name) (rate(envoy_cluster_upstream_rq_total[5m]))\n' +
          `> ${promNumber(MESH_RETRY_RATIO_MAX)}`,
        for: '10m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'Retries exceed {{ $labels.cluster_name }}\'s healthy share',
          description: `More than ${MESH_RETRY_RATIO_MAX * 100}% of the requests to the cluster are retries: its pods fail or time out, and the retry budget is being spent.`,
          runbook_url: runbookLink('MeshRetryRateHigh', base),
        },
      },
      fixture: {
        unhealthy: [envoy('envoy_cluster_upstream_rq_retry', '0+200x30'), envoy('envoy_cluster_upstream_rq_total', '0+1000x30')],
        healthy: [envoy('envoy_cluster_upstream_rq_retry', '0+10x30'), envoy('envoy_cluster_upstream_rq_total', '0+1000x30')],
        firingLabels: { cluster_name: cluster },
        evalMinutes: 25,
      },
    },
    {
      rule: {
        alert: 'MeshRetryBudgetExhausted',
        expr: 'sum by (cluster_name) (rate(envoy_cluster_upstream_rq_retry_overflow[5m])) > 0',
        for: '5m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'The retry budget of {{ $labels.cluster_name }} is spent',
          description: 'Retries were refused because the budget (a share of the requests in flight) was spent: the failures go back to the callers instead of multiplying the load.',
          runbook_url: runbookLink('MeshRetryBudgetExhausted', base),
        },
      },
      fixture: {
        unhealthy: [envoy('envoy_cluster_upstream_rq_retry_overflow', '0+30x30')],
        healthy: [envoy('envoy_cluster_upstream_rq_retry_overflow', '0+0x30')],
        firingLabels: { cluster_name: cluster },
        evalMinutes: 20,
      },
    },
  ];
}

export function meshRuleGroup(options: { readonly runbookBaseUrl?: string } = {}): RuleGroup {
  return { name: 'service-mesh', rules: meshAlerts(options).map((a) => a.rule) };
}
