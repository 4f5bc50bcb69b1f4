export * from './charts';
export * from './cluster-monitoring-props';
export * from './cluster-monitoring';
export * from './random-password';
export { escapeTerraformTemplate, kubePrometheusStackValues, prometheusAdapterValues, prometheusVolumeGiB, PROMETHEUS_RESOURCES, GRAFANA_RESOURCES } from './values';
export * from './alertmanager-role';
