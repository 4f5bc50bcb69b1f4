import { MESH_CONNECT_FAILURE_RATIO_MAX, MESH_OVERFLOW_RATIO_MAX, MESH_RETRY_RATIO_MAX } from '../prometheus/mesh-alerts';
import { LATENCY_P99_OBJECTIVE_SECONDS } from '../slo';
import { buildDashboard, GrafanaDashboard, MAX_UID_LENGTH, PanelUnit } from './dashboard';

/** One caller -> service pair of the mesh, as the waypoint reports it. */
export interface MeshPair {
  /** The calling service (its workload name, `source_workload`). */
  readonly caller: string;
  /** The called service (`destination_service_name`). */
  readonly service: string;
  readonly namespace: string;
  /** The called service's port (the waypoint's Envoy cluster is `outbound|<port>|<subset>|<host>`). */
  readonly port: number;
}

const MS_PER_SECOND = 1_000;

/**
 * One dashboard per caller -> service pair: the pair's requests by response code, the
 * resilience machinery's verdicts (503 UO pool overflow, 503 UF connect failures, retries,
 * ejected pods) and the latency the caller sees through the waypoint, from the waypoint's
 * `istio_requests_total` / `istio_request_duration_milliseconds` and Envoy cluster stats.
 */
export function meshPairDashboard(pair: MeshPair): GrafanaDashboard {
  const sel = `source_workload="${pair.caller}",destination_service_name="${pair.service}",destination_service_namespace="${pair.namespace}"`;
  // Character classes rather than escapes: the Envoy cluster of either subset of the service.
  const cluster = `cluster_name=~"outbound[|]${pair.port}[|].*[|]${pair.service}[.]${pair.namespace}[.]svc[.]cluster[.]local"`;
  const ratio = (flags: string) => `sum(rate(istio_requests_total{${sel},response_flags=~".*${flags}.*"}[5m])) / sum(rate(istio_requests_total{${sel}}[5m]))`;
  return buildDashboard({
    uid: `mesh-${pair.caller}-${pair.service}`.slice(0, MAX_UID_LENGTH),
    title: `Mesh: ${pair.caller} -> ${pair.service} (${pair.namespace})`,
    tags: ['mesh', pair.namespace],
    panels: [
      { title: 'Requests by response code', unit: PanelUnit.REQUESTS_PER_SECOND, queries: [{ expr: `sum by (response_code) (rate(istio_requests_total{${sel}}[5m]))`, legend: '{{response_code}}' }] },
      {
        title: 'Latency through the waypoint (p50, p99)',
        unit: PanelUnit.SECONDS,
        threshold: LATENCY_P99_OBJECTIVE_SECONDS,
        queries: [0.5, 0.99].map((q) => ({
          expr: `histogram_quantile(${q}, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${sel}}[5m]))) / ${MS_PER_SECOND}`,
          legend: `p${q * 100}`,
        })),
      },
      { title: 'Pool overflow (503 UO / all)', unit: PanelUnit.PERCENT_UNIT, threshold: MESH_OVERFLOW_RATIO_MAX, queries: [{ expr: ratio('UO'), legend: 'UO' }] },
      { title: 'Connect failures (503 UF / all)', unit: PanelUnit.PERCENT_UNIT, threshold: MESH_CONNECT_FAILURE_RATIO_MAX, queries: [{ expr: ratio('UF'), legend: 'UF' }] },
      {
        title: 'Retries (retries / requests) and refused by the budget',
        unit: PanelUnit.PERCENT_UNIT,
        threshold: MESH_RETRY_RATIO_MAX,
        queries: [
          { expr: `sum(rate(envoy_cluster_upstream_rq_retry{${cluster}}[5m])) / sum(rate(envoy_cluster_upstream_rq_total{${cluster}}[5m]))`, legend: 'retries' },
          { expr: `sum(rate(envoy_cluster_upstream_rq_retry_overflow{${cluster}}[5m])) / sum(rate(envoy_cluster_upstream_rq_total{${cluster}}[5m]))`, legend: 'over budget' },
        ],
      },
      { title: 'Pods ejected by the circuit breaker', unit: PanelUnit.COUNT, queries: [{ expr: `sum by (cluster_name) (envoy_cluster_outlier_detection_ejections_active{${cluster}})`, legend: '{{cluster_name}}' }] },
    ],
  });
}
