export * from './charts';
export * from './cluster-monitoring-props';
export * from './cluster-monitoring';
export * from './random-password';
export {
  escapeTerraformTemplate,
  kubePrometheusStackValues,
  prometheusAdapterValues,
  prometheusVolumeGiB,
  monitoringReplicas,
  PROMETHEUS_RESOURCES,
  GRAFANA_RESOURCES,
  ALERTMANAGER_RESOURCES,
  CONFIG_RELOADER_RESOURCES,
  PROMETHEUS_OPERATOR_RESOURCES,
  KUBE_STATE_METRICS_RESOURCES,
  PROMETHEUS_ADAPTER_RESOURCES,
  GRAFANA_REPLICAS,
  KUBE_STATE_METRICS_REPLICAS,
  PROMETHEUS_OPERATOR_REPLICAS,
} from './values';
export * from './alertmanager-role';
