/**
 * Helm charts pinned to versions whose values.yaml was read for every key this construct
 * sets (prometheus-community/helm-charts commit cf408a290aec, 2026-08-22).
 */
export const MONITORING_CHARTS = {
  /** kube-prometheus-stack 88.5.3 = Prometheus Operator v0.93.1, Grafana chart 12.11.1; needs Kubernetes >= 1.25. */
  kubePrometheusStack: { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3' },
  /** prometheus-adapter 5.3.0 = prometheus-adapter v0.12.0. */
  prometheusAdapter: { repository: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-adapter', version: '5.3.0' },
} as const;

/**
 * `fullnameOverride` of kube-prometheus-stack, so object names do not depend on the release
 * name: the Prometheus service is `<fullname>-prometheus` (templates/prometheus/service.yaml).
 */
export const KUBE_PROMETHEUS_FULLNAME = 'kube-prometheus';

/**
 * Alertmanager's service account: kube-prometheus-stack creates it in the monitoring
 * namespace under the name ClusterMonitoring sets (value alertmanager.serviceAccount.name,
 * here the chart's own default `<fullname>-alertmanager`); AlertmanagerRole's Pod Identity
 * association in the AWS stack names the same one.
 */
export const ALERTMANAGER_SERVICE_ACCOUNT = { namespace: 'monitoring', name: `${KUBE_PROMETHEUS_FULLNAME}-alertmanager` } as const;
/** Prometheus' HTTP port (chart value prometheus.service.port). */
export const PROMETHEUS_PORT = 9090;
