import { Token } from 'cdktf';
import { podsRpsAdapterRule } from '../../lib/prometheus/custom-metrics';
import { RuleGroup } from '../../lib/prometheus/rules';
import { PROMETHEUS_ADAPTER_PORT, PROMETHEUS_OPERATOR_WEBHOOK_PORT } from '../../lib/platform-ports';
import { AlertmanagerConfig } from '../../lib/alertmanager/sns-routing';
import {
  ALERTMANAGER_RESOURCES,
  CONFIG_RELOADER_RESOURCES,
  GRAFANA_REPLICAS,
  GRAFANA_RESOURCES,
  KUBE_STATE_METRICS_REPLICAS,
  KUBE_STATE_METRICS_RESOURCES,
  monitoringReplicas,
  PROMETHEUS_ADAPTER_RESOURCES,
  PROMETHEUS_OPERATOR_REPLICAS,
  PROMETHEUS_OPERATOR_RESOURCES,
  PROMETHEUS_RESOURCES,
} from '../../lib/platform-pods';
import { ALERTMANAGER_SERVICE_ACCOUNT, KUBE_PROMETHEUS_FULLNAME, PROMETHEUS_PORT } from './charts';

/**
 * Prometheus deletes old blocks at `retentionSize`; the docs advise keeping it at 80-85% of
 * the disk so compaction and the WAL fit. https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects
 */
export const RETENTION_SIZE_TO_VOLUME_RATIO = 0.8;
const GB = 1e9;
const GIB = 2 ** 30;

/** Volume (GiB) whose 80% holds `retentionSizeGB`: 50 GB -> 59 GiB. */
export function prometheusVolumeGiB(retentionSizeGB: number): number {
  return Math.ceil((retentionSizeGB * GB) / RETENTION_SIZE_TO_VOLUME_RATIO / GIB);
}

export {
  ALERTMANAGER_RESOURCES,
  CONFIG_RELOADER_RESOURCES,
  GRAFANA_REPLICAS,
  GRAFANA_RESOURCES,
  KUBE_STATE_METRICS_REPLICAS,
  KUBE_STATE_METRICS_RESOURCES,
  monitoringReplicas,
  PROMETHEUS_ADAPTER_RESOURCES,
  PROMETHEUS_OPERATOR_REPLICAS,
  PROMETHEUS_OPERATOR_RESOURCES,
  PROMETHEUS_RESOURCES,
};

export interface KubePrometheusStackValuesInput {
  readonly production: boolean;
  readonly retentionDays: number;
  readonly retentionSizeGB: number;
  readonly storageClassName: string;
  readonly grafanaAdminSecretName: string;
  /** PrometheusRule name -> rule groups (chart value additionalPrometheusRulesMap). */
  readonly rules: Record<string, { groups: RuleGroup[] }>;
  /** ServiceMonitors for the services (chart value prometheus.additionalServiceMonitors). */
  readonly serviceMonitors: Record<string, unknown>[];
  /**
   * Alertmanager's configuration (chart value alertmanager.config). Helm merges it into the
   * chart's default map: keys set here win, lists replace the default lists, and the chart's
   * `global.resolve_timeout` and `templates` stay.
   * @default - the chart's, which routes everything to a null receiver
   */
  readonly alertmanagerConfig?: AlertmanagerConfig;
}

/**
 * kube-prometheus-stack values for EKS.
 *
 * - EKS runs the control plane: there is no etcd, scheduler or controller-manager endpoint to
 *   scrape, so those components and their default rules are off (otherwise their "down"
 *   alerts fire forever). The API server's metrics are exposed and stay on.
 * - kube-proxy: the EKS add-on binds its metrics to 127.0.0.1:10249, out of Prometheus'
 *   reach, so it is off too (turn it on only after setting metricsBindAddress to 0.0.0.0).
 * - Selectors: the `*NilUsesHelmValues=false` keys make Prometheus pick up every
 *   ServiceMonitor, PodMonitor and PrometheusRule in the cluster, not only this release's.
 * - Storage: 30 days / 50 GB (design notes) on a gp3 volume whose StorageClass retains it.
 */
export function kubePrometheusStackValues(input: KubePrometheusStackValuesInput): Record<string, unknown> {
  const replicas = monitoringReplicas(input.production);
  return {
    fullnameOverride: KUBE_PROMETHEUS_FULLNAME,
    defaultRules: {
      rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false, windows: false },
    },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
    additionalPrometheusRulesMap: input.rules,
    // The admission webhooks' port: the AWS stack opens exactly this one from the control plane (lib/platform-ports.ts).
    prometheusOperator: { resources: PROMETHEUS_OPERATOR_RESOURCES, prometheusConfigReloader: { resources: CONFIG_RELOADER_RESOURCES }, tls: { internalPort: PROMETHEUS_OPERATOR_WEBHOOK_PORT.port } },
    'kube-state-metrics': { replicas: KUBE_STATE_METRICS_REPLICAS, resources: KUBE_STATE_METRICS_RESOURCES },
    alertmanager: {
      alertmanagerSpec: { replicas, resources: ALERTMANAGER_RESOURCES },
      // Named, not derived from the release, because the Pod Identity association names it.
      serviceAccount: { create: true, name: ALERTMANAGER_SERVICE_ACCOUNT.name },
      ...(input.alertmanagerConfig ? { config: input.alertmanagerConfig } : {}),
    },
    prometheus: {
      additionalServiceMonitors: input.serviceMonitors,
      prometheusSpec: {
        replicas,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        retention: `${input.retentionDays}d`,
        retentionSize: `${input.retentionSizeGB}GB`,
        resources: PROMETHEUS_RESOURCES,
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: input.storageClassName,
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${prometheusVolumeGiB(input.retentionSizeGB)}Gi` } },
            },
          },
        },
      },
    },
    grafana: {
      admin: { existingSecret: input.grafanaAdminSecretName, userKey: 'admin-user', passwordKey: 'admin-password' },
      replicas: GRAFANA_REPLICAS,
      resources: GRAFANA_RESOURCES,
      sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } },
    },
  };
}

/**
 * A second kube-prometheus-stack values document with scrape configs beyond the operator's
 * (chart value prometheus.prometheusSpec.additionalScrapeConfigs), e.g. the MSK brokers'
 * exporters, which no ServiceMonitor can select. Helm merges it over the first; it is separate
 * because its targets hold a Terraform expression (the brokers' domain, known after apply), so
 * the first document stays plain JSON before Terraform renders it.
 */
export function additionalScrapeConfigValues(scrapeConfigs: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { prometheus: { prometheusSpec: { additionalScrapeConfigs: scrapeConfigs } } };
}

/** prometheus-adapter values: only the custom metrics API, serving requests per second per pod. */
export function prometheusAdapterValues(input: { readonly production: boolean; readonly prometheusNamespace: string }): Record<string, unknown> {
  return {
    replicas: monitoringReplicas(input.production),
    resources: PROMETHEUS_ADAPTER_RESOURCES,
    // The custom metrics APIService's port: the AWS stack opens exactly this one from the control plane (lib/platform-ports.ts).
    listenPort: PROMETHEUS_ADAPTER_PORT.port,
    prometheus: { url: `http://${KUBE_PROMETHEUS_FULLNAME}-prometheus.${input.prometheusNamespace}.svc`, port: PROMETHEUS_PORT },
    rules: { default: false, custom: [podsRpsAdapterRule()] },
    ...(input.production ? { podDisruptionBudget: { enabled: true, maxUnavailable: 1 } } : {}),
  };
}

/**
 * Terraform reads `${` and `%{` in any string as a template; dashboards use Grafana's
 * `${datasource}`. Doubling them keeps the text literal.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTerraformTemplate(text: string): string {
  if (Token.isUnresolved(text)) throw new Error('escapeTerraformTemplate: the text holds a cdktf token, which escaping would break; pass static values only');
  // A function replacement: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
