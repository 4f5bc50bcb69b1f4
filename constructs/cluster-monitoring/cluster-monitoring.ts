import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import { snsAlertmanagerConfig } from '../../lib/alertmanager/sns-routing';
import { invalid } from '../../lib/errors';
import { resolveProtection } from '../../lib/protection';
import { serviceDashboard, servicesOverviewDashboard } from '../../lib/grafana/service-dashboards';
import { clusterRuleGroup } from '../../lib/prometheus/cluster-alerts';
import { kafkaRuleGroup, mskScrapeConfigs, MskScrapeTarget } from '../../lib/prometheus/kafka-alerts';
import { RuleGroup } from '../../lib/prometheus/rules';
import { ServiceMonitoringTarget, serviceRuleGroup } from '../../lib/prometheus/service-alerts';
import { checkPlanSlice, planned } from '../../lib/plan-slice';
import { checkInteger, checkMinMax, checkName, checkProps, isUnresolved } from '../../lib/validation';
import { MONITORING_CHARTS } from './charts';
import { ClusterMonitoringProps } from './cluster-monitoring-props';
import { RandomPassword } from './random-password';
import { additionalScrapeConfigValues, escapeTerraformTemplate, kubePrometheusStackValues, prometheusAdapterValues } from './values';

/** Design notes (001): `--storage.tsdb.retention.time=30d`, `--storage.tsdb.retention.size=50GB`. */
export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_RETENTION_SIZE_GB = 50;
/** 32 alphanumeric characters: about 190 bits. */
const GRAFANA_PASSWORD_LENGTH = 32;
const GENERATED_GRAFANA_SECRET = 'grafana-admin';
/** Kubernetes object names are DNS-1123 labels. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Helm waits this long for the stack's pods (Prometheus attaches a new EBS volume on first install). */
const RELEASE_TIMEOUT_SECONDS = 900;
/** Standard (not FIFO) SNS topic ARN: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]{1,256}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/**
 * Stands for the topic ARN while the values are serialized and escaped: the ARN is usually a
 * cross-stack reference (a token), which must reach Terraform unescaped.
 */
const TOPIC_ARN_PLACEHOLDER = 'ALARM_TOPIC_ARN_PLACEHOLDER';
/** Stands for the MSK brokers' DNS domain (known after apply) while the values are serialized and escaped. */
const BROKER_DOMAIN_PLACEHOLDER = 'MSK_BROKER_DOMAIN_PLACEHOLDER';
/** A DNS domain (what follows `b-<id>.` in an MSK broker's name). */
const DNS_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
/** MSK cluster names: https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html (clusterName). */
const MSK_CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;
/** Brokers per KRaft cluster (lib/capacity MSK_LIMITS). */
const MSK_MAX_BROKERS = 60;

/**
 * Prometheus, Alertmanager and Grafana (kube-prometheus-stack) and prometheus-adapter on an
 * EKS cluster, for the `<env>-platform` stack (kubernetes and helm providers).
 *
 * The services' PrometheusRules and ServiceMonitors are chart values
 * (`additionalPrometheusRulesMap`, `prometheus.additionalServiceMonitors`), not
 * `kubernetes_manifest` resources: a `kubernetes_manifest` of a CRD kind cannot be planned
 * before the CRD exists, so a first deploy would fail; rendered by the chart, they are
 * created right after the CRDs it installs. Grafana dashboards are ConfigMaps labelled
 * `grafana_dashboard: "1"`, which Grafana's sidecar loads from every namespace.
 */
export class ClusterMonitoring extends Construct {
  public readonly namespaceName: string;
  public readonly kubePrometheusStack: Release;
  public readonly prometheusAdapter: Release;
  /** Where Prometheus answers inside the cluster. */
  public readonly prometheusUrl: string;
  public readonly grafanaAdminSecretName: string;
  public readonly storageClassName: string;

  constructor(scope: Construct, id: string, given: ClusterMonitoringProps = {}) {
    super(scope, id);
    checkProps(this, given, `{ namespace: 'monitoring', capacity: plan.monitoring, servicesNamespace: 'services', ... }`);
    const props = this.sized(given);
    const services = props.services ?? [];
    this.validate(props, services);
    // The production guardrails (or the plan's high availability) run two replicas of each: a drained node or a lost AZ keeps one.
    const production = props.capacity?.highAvailability ?? resolveProtection(this, props).productionGuardrails;

    const namespace = new NamespaceV1(this, 'namespace', {
      metadata: { name: props.namespace ?? 'monitoring', labels: { ...props.namespaceLabels, 'app.kubernetes.io/managed-by': 'cdktf' } },
    });
    this.namespaceName = namespace.metadata.name;

    // gp3, encrypted, and Retain: deleting the release or the PVC keeps the samples' volume.
    this.storageClassName = 'gp3-retain';
    const storageClass = new StorageClassV1(this, 'storage-class', {
      metadata: { name: this.storageClassName },
      storageProvisioner: 'ebs.csi.aws.com',
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      parameters: { type: 'gp3', encrypted: 'true' },
    });

    let grafanaSecretName = props.grafanaAdminSecretName;
    const dependsOn: (NamespaceV1 | StorageClassV1 | SecretV1)[] = [namespace, storageClass];
    if (!grafanaSecretName) {
      const password = new RandomPassword(this, 'grafana-admin-password', { length: GRAFANA_PASSWORD_LENGTH });
      const secret = new SecretV1(this, 'grafana-admin', {
        metadata: { name: GENERATED_GRAFANA_SECRET, namespace: this.namespaceName },
        data: { 'admin-user': 'admin', 'admin-password': password.result },
      });
      // The literal name, not the token: values are escaped for Terraform and must stay static.
      grafanaSecretName = GENERATED_GRAFANA_SECRET;
      dependsOn.push(secret);
    }
    this.grafanaAdminSecretName = grafanaSecretName;

    const rules: Record<string, { groups: RuleGroup[] }> = {};
    for (const s of services) rules[`service-${s.namespace}-${s.name}`] = { groups: [serviceRuleGroup(s, { runbookBaseUrl: props.runbookBaseUrl })] };
    if (props.nodePlan) rules['cluster-nodes'] = { groups: [clusterRuleGroup(props.nodePlan, { runbookBaseUrl: props.runbookBaseUrl })] };
    const kafka: MskScrapeTarget | undefined = props.kafka
      ? { clusterName: props.kafka.clusterName, brokerCount: props.kafka.brokerCount, brokerDomain: BROKER_DOMAIN_PLACEHOLDER, express: props.kafka.express }
      : undefined;
    if (kafka) rules[`kafka-${kafka.clusterName}`] = { groups: [kafkaRuleGroup(kafka, { runbookBaseUrl: props.runbookBaseUrl })] };
    const values = kubePrometheusStackValues({
      production,
      retentionDays: props.retentionDays ?? DEFAULT_RETENTION_DAYS,
      retentionSizeGB: props.retentionSizeGB ?? DEFAULT_RETENTION_SIZE_GB,
      storageClassName: this.storageClassName,
      grafanaAdminSecretName: grafanaSecretName,
      rules,
      serviceMonitors: serviceMonitors(services, props.metricsPortName ?? 'http', props.metricsPath ?? '/metrics'),
      alertmanagerConfig: props.alarmTopicArn
        ? snsAlertmanagerConfig({ topicArn: TOPIC_ARN_PLACEHOLDER, region: props.region!, environment: props.environmentName })
        : undefined,
    });
    const topicArn = props.alarmTopicArn === undefined || Token.isUnresolved(props.alarmTopicArn) ? props.alarmTopicArn : escapeTerraformTemplate(props.alarmTopicArn);
    const chart = MONITORING_CHARTS.kubePrometheusStack;
    this.kubePrometheusStack = new Release(this, 'kube-prometheus-stack', {
      name: 'kube-prometheus-stack',
      namespace: this.namespaceName,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      values: [
        escapeTerraformTemplate(JSON.stringify(values)).split(TOPIC_ARN_PLACEHOLDER).join(topicArn ?? TOPIC_ARN_PLACEHOLDER),
        ...(kafka && props.kafka
          ? [escapeTerraformTemplate(JSON.stringify(additionalScrapeConfigValues(mskScrapeConfigs(kafka)))).split(BROKER_DOMAIN_PLACEHOLDER).join(props.kafka.brokerDomain)]
          : []),
      ],
      timeout: RELEASE_TIMEOUT_SECONDS,
      atomic: true,
      dependsOn,
    });

    const adapter = MONITORING_CHARTS.prometheusAdapter;
    this.prometheusAdapter = new Release(this, 'prometheus-adapter', {
      name: 'prometheus-adapter',
      namespace: this.namespaceName,
      repository: adapter.repository,
      chart: adapter.chart,
      version: adapter.version,
      values: [escapeTerraformTemplate(JSON.stringify(prometheusAdapterValues({ production, prometheusNamespace: props.namespace ?? 'monitoring' })))],
      atomic: true,
      dependsOn: [this.kubePrometheusStack],
    });
    this.prometheusUrl = `http://kube-prometheus-prometheus.${props.namespace ?? 'monitoring'}.svc:9090`;

    const dashboards = [servicesOverviewDashboard(), ...services.map(serviceDashboard)];
    for (const dashboard of dashboards) {
      new ConfigMapV1(this, `dashboard-${dashboard.uid}`, {
        metadata: { name: `dashboard-${dashboard.uid}`, namespace: this.namespaceName, labels: { grafana_dashboard: '1' } },
        data: { [`${dashboard.uid}.json`]: escapeTerraformTemplate(JSON.stringify(dashboard)) },
      });
    }
  }

  /** Services, node bounds and replicas: explicit props, else the capacity slice's; a contradiction is an error. */
  private sized(props: ClusterMonitoringProps): ClusterMonitoringProps {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan);
    if (plan === undefined) return props;
    const protection = resolveProtection(this, props);
    if (props.protection !== undefined && protection.productionGuardrails !== plan.highAvailability) {
      invalid(
        this,
        'protection',
        protection.name,
        `contradicts the capacity plan (capacity.highAvailability is ${plan.highAvailability}, which decides the replicas)`,
        'pass the protection of the environment the plan was made for (Protection.forEnvironment(production)), or leave capacity out',
      );
    }
    const namespace = props.servicesNamespace;
    if (namespace === undefined) invalid(this, 'servicesNamespace', namespace, 'is required with capacity (the plan names the services, not their namespace)', "pass the namespace the services run in, e.g. servicesNamespace: 'services'");
    checkName(this, 'servicesNamespace', namespace, { maxLength: 63, pattern: DNS_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'namespace' });
    return {
      ...props,
      services: planned(this, 'services', props.services, plan.services.map((s) => ({ name: s.name, namespace, plannedRps: s.plannedRps, usesDatabase: s.usesDatabase }))),
      nodePlan: planned(this, 'nodePlan', props.nodePlan, { expectedNodesMin: plan.expectedNodesMin, expectedNodesMax: plan.expectedNodesMax }),
    };
  }

  private validate(props: ClusterMonitoringProps, services: readonly ServiceMonitoringTarget[]): void {
    const dns = { maxLength: 63, pattern: DNS_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)', what: 'Kubernetes name' };
    checkName(this, 'namespace', props.namespace, dns);
    checkName(this, 'grafanaAdminSecretName', props.grafanaAdminSecretName, { ...dns, maxLength: 253 });
    checkInteger(this, 'retentionDays', props.retentionDays, { min: 1, max: 3650 });
    checkInteger(this, 'nodePlan.expectedNodesMin', props.nodePlan?.expectedNodesMin, { min: 1 });
    checkMinMax(this, 'nodePlan.expectedNodesMin', props.nodePlan?.expectedNodesMin, 'nodePlan.expectedNodesMax', props.nodePlan?.expectedNodesMax);
    checkInteger(this, 'retentionSizeGB', props.retentionSizeGB, { min: 1, max: 16_000, limit: 'a gp3 volume holds at most 16 TiB' });
    services.forEach((s, i) => {
      checkName(this, `services[${i}].name`, s.name, dns);
      checkName(this, `services[${i}].namespace`, s.namespace, dns);
    });
    this.validateAlerting(props);
    if (props.kafka !== undefined) {
      checkName(this, 'kafka.clusterName', props.kafka.clusterName, { maxLength: 64, pattern: MSK_CLUSTER_NAME, charset: 'letters, digits and hyphens, starting with a letter', what: 'MSK cluster name' });
      checkInteger(this, 'kafka.brokerCount', props.kafka.brokerCount, { min: 1, max: MSK_MAX_BROKERS, limit: `an MSK cluster holds 1 to ${MSK_MAX_BROKERS} brokers` });
      if (typeof props.kafka.brokerDomain !== 'string' || props.kafka.brokerDomain.trim() === '') {
        invalid(this, 'kafka.brokerDomain', props.kafka.brokerDomain, 'is empty', "pass the MSK cluster's brokerDomain");
      }
      if (!isUnresolved(props.kafka.brokerDomain) && !DNS_DOMAIN.test(props.kafka.brokerDomain)) {
        invalid(this, 'kafka.brokerDomain', props.kafka.brokerDomain, 'is not a DNS domain (lower-case labels joined by dots, no "b-<id>." prefix, no port)', "pass the MSK cluster's brokerDomain attribute, e.g. prod-events.abc123.c2.kafka.us-east-1.amazonaws.com");
      }
    }
    const keys = services.map((s) => `${s.namespace}/${s.name}`);
    const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
    if (duplicate) invalid(this, 'services', duplicate, 'is listed twice', 'list each service once');
  }

  private validateAlerting(props: ClusterMonitoringProps): void {
    checkName(this, 'environmentName', props.environmentName, { maxLength: 32, pattern: /^[A-Za-z0-9-]+$/, charset: 'letters, digits and hyphens', what: 'environment name (it leads the SNS subject)' });
    if (props.alarmTopicArn === undefined) return;
    const arn = props.alarmTopicArn;
    const topicRegion = isUnresolved(arn) ? undefined : SNS_TOPIC_ARN.exec(arn)?.[1];
    if (!isUnresolved(arn) && !topicRegion) invalid(this, 'alarmTopicArn', arn, 'is not the ARN of a standard SNS topic', 'pass the topic\'s arn attribute (arn:aws:sns:<region>:<account>:<name>)');
    if (props.region === undefined) invalid(this, 'region', props.region, 'is required with alarmTopicArn (Alertmanager signs its SNS requests for it)', 'pass the topic\'s region');
    if (isUnresolved(props.region)) return;
    if (!REGION.test(props.region)) invalid(this, 'region', props.region, 'is not an AWS region name', 'pass a region such as us-east-1');
    if (topicRegion && topicRegion !== props.region) invalid(this, 'region', props.region, `differs from the topic's region ${topicRegion}`, 'pass the region of alarmTopicArn');
  }
}

/** One ServiceMonitor per namespace, selecting the listed services by `app.kubernetes.io/name`. */
function serviceMonitors(services: readonly ServiceMonitoringTarget[], port: string, path: string): Record<string, unknown>[] {
  const byNamespace = new Map<string, string[]>();
  for (const s of services) byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s.name]);
  return [...byNamespace.entries()].map(([namespace, names]) => ({
    name: `services-${namespace}`,
    namespaceSelector: { matchNames: [namespace] },
    selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: names }] },
    endpoints: [{ port, path, interval: '30s' }],
  }));
}
