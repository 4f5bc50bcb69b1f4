import { TerraformVariable } from 'cdktf';
import { ALERTMANAGER_SERVICE_ACCOUNT, ClusterMonitoring, ClusterMonitoringProps, MONITORING_CHARTS, prometheusVolumeGiB } from '../../../constructs/cluster-monitoring';
import { SNS_RECEIVER } from '../../../lib/alertmanager';
import { PODS_RPS_METRIC, ServiceMonitoringTarget } from '../../../lib/prometheus';
import { helmValues, synthPlatformConstructs } from '../../support/platform-synth';
import { allOf, onlyOf, resourcesOf } from '../../support/synth';
import { Protection } from '../../../lib/protection';

const SERVICES: ServiceMonitoringTarget[] = [
  { name: 'api-gateway', namespace: 'services', usesDatabase: false, plannedRps: 50_000 },
  { name: 'user-service', namespace: 'services' },
];

function synthMonitoring(props: ClusterMonitoringProps = { services: SERVICES }) {
  return synthPlatformConstructs((scope) => new ClusterMonitoring(scope, 'monitoring', props));
}

const release = (stack: ReturnType<typeof synthMonitoring>, name: string) => allOf(stack, 'helm_release').find((r) => r.name === name)!;

describe('ClusterMonitoring', () => {
  describe('GIVEN two services', () => {
    const stack = synthMonitoring();
    const kps = release(stack, 'kube-prometheus-stack');
    const values = helmValues(kps);

    test('THEN kube-prometheus-stack is pinned and installed atomically into the monitoring namespace', () => {
      expect(kps).toMatchObject({ chart: 'kube-prometheus-stack', version: MONITORING_CHARTS.kubePrometheusStack.version, repository: 'https://prometheus-community.github.io/helm-charts', atomic: true });
      expect(onlyOf(stack, 'kubernetes_namespace_v1').metadata).toMatchObject({ name: 'monitoring' });
    });

    test('THEN control-plane components EKS does not expose are neither scraped nor alerted on', () => {
      for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy']) expect(values[component]).toEqual({ enabled: false });
      expect(values.defaultRules.rules).toMatchObject({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false });
      expect(values.kubeApiServer).toBeUndefined();
    });

    test('THEN ServiceMonitors, PodMonitors and PrometheusRules are selected cluster-wide, not only the chart\'s own', () => {
      expect(values.prometheus.prometheusSpec).toMatchObject({
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
      });
    });

    test('THEN Prometheus keeps 30 days / 50 GB on a 59 GiB gp3 volume of a Retain StorageClass', () => {
      const spec = values.prometheus.prometheusSpec;
      expect(spec.retention).toBe('30d');
      expect(spec.retentionSize).toBe('50GB');
      expect(spec.storageSpec.volumeClaimTemplate.spec).toMatchObject({ storageClassName: 'gp3-retain', resources: { requests: { storage: '59Gi' } } });
      expect(onlyOf(stack, 'kubernetes_storage_class_v1')).toMatchObject({
        storage_provisioner: 'ebs.csi.aws.com',
        reclaim_policy: 'Retain',
        volume_binding_mode: 'WaitForFirstConsumer',
        parameters: { type: 'gp3', encrypted: 'true' },
      });
      expect(prometheusVolumeGiB(50) * 2 ** 30 * 0.8).toBeGreaterThanOrEqual(50e9);
    });

    test('THEN Prometheus and Grafana have the design notes\' requests and limits', () => {
      expect(values.prometheus.prometheusSpec.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } });
      expect(values.grafana.resources.requests).toEqual({ cpu: '1', memory: '2Gi' });
    });

    test('THEN the Grafana admin password comes from a Secret filled by random_password, never a literal', () => {
      expect(values.grafana.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
      expect(values.grafana.adminPassword).toBeUndefined();
      const secret = onlyOf(stack, 'kubernetes_secret_v1');
      expect((secret.data as Record<string, string>)['admin-password']).toMatch(/^\$\{random_password\.monitoring_grafana-admin-password_[A-F0-9]+\.result\}$/);
      expect(onlyOf(stack, 'random_password')).toMatchObject({ length: 32 });
      expect((stack.terraform as { required_providers: Record<string, unknown> }).required_providers.random).toEqual({ source: 'hashicorp/random', version: '3.7.2' });
      expect(kps.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('kubernetes_secret_v1.')]));
    });

    test('THEN each service gets a PrometheusRule and the services a ServiceMonitor', () => {
      expect(Object.keys(values.additionalPrometheusRulesMap)).toEqual(['service-services-api-gateway', 'service-services-user-service']);
      const rules = values.additionalPrometheusRulesMap['service-services-user-service'].groups[0].rules;
      expect(rules.map((r: { alert: string }) => r.alert)).toContain('ServiceDbPoolExhausted');
      expect(rules[0].annotations.summary).toContain('{{ $labels.service }}');
      expect(values.prometheus.additionalServiceMonitors).toEqual([
        {
          name: 'services-services',
          namespaceSelector: { matchNames: ['services'] },
          selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api-gateway', 'user-service'] }] },
          endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
        },
      ]);
    });

    test('THEN prometheus-adapter serves http_requests_per_second from this Prometheus, after it', () => {
      const adapter = release(stack, 'prometheus-adapter');
      expect(adapter).toMatchObject({ version: MONITORING_CHARTS.prometheusAdapter.version });
      expect(adapter.depends_on).toEqual([expect.stringContaining('helm_release.monitoring_kube-prometheus-stack')]);
      const adapterValues = helmValues(adapter);
      expect(adapterValues.prometheus).toEqual({ url: 'http://kube-prometheus-prometheus.monitoring.svc', port: 9090 });
      expect(adapterValues.rules.default).toBe(false);
      expect(adapterValues.rules.custom[0].name.as).toBe(PODS_RPS_METRIC);
    });

    test('THEN dashboards are ConfigMaps for the Grafana sidecar, with ${datasource} escaped for Terraform', () => {
      const maps = Object.values(resourcesOf(stack, 'kubernetes_config_map_v1'));
      expect(maps.map((m) => (m.metadata as { name: string }).name).sort()).toEqual(['dashboard-services-overview', 'dashboard-svc-services-api-gateway', 'dashboard-svc-services-user-service']);
      for (const map of maps) {
        expect((map.metadata as { labels: Record<string, string> }).labels).toEqual({ grafana_dashboard: '1' });
        const [json] = Object.values(map.data as Record<string, string>);
        expect(json).toContain('"uid":"$${datasource}"');
        expect(json).not.toMatch(/[^$]\$\{datasource\}/);
        expect(() => JSON.parse(json)).not.toThrow();
      }
    });
  });

  test.each([
    ['no protection (production by default)', undefined],
    ['Protection.PRODUCTION', Protection.PRODUCTION],
  ])('GIVEN %s THEN Prometheus, Alertmanager and the adapter run two replicas', (_, protection) => {
    const stack = synthMonitoring({ services: SERVICES, protection });
    const values = helmValues(release(stack, 'kube-prometheus-stack'));
    expect(values.prometheus.prometheusSpec.replicas).toBe(2);
    expect(values.alertmanager.alertmanagerSpec.replicas).toBe(2);
    expect(helmValues(release(stack, 'prometheus-adapter'))).toMatchObject({ replicas: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } });
  });

  test('GIVEN Protection.NON_PRODUCTION THEN one replica each and no adapter PDB', () => {
    const stack = synthMonitoring({ services: SERVICES, protection: Protection.NON_PRODUCTION });
    const values = helmValues(release(stack, 'kube-prometheus-stack'));
    expect([values.prometheus.prometheusSpec.replicas, values.alertmanager.alertmanagerSpec.replicas]).toEqual([1, 1]);
    const adapter = helmValues(release(stack, 'prometheus-adapter'));
    expect(adapter.replicas).toBe(1);
    expect(adapter.podDisruptionBudget).toBeUndefined();
  });

  test('GIVEN a node plan THEN the node-count alerts join the rules', () => {
    const stack = synthMonitoring({ services: SERVICES, nodePlan: { expectedNodesMin: 6, expectedNodesMax: 30 } });
    const rules = helmValues(release(stack, 'kube-prometheus-stack')).additionalPrometheusRulesMap['cluster-nodes'].groups[0].rules;
    expect(rules.map((r: { alert: string; expr: string }) => [r.alert, r.expr])).toEqual([
      ['ClusterNodesBelowPlan', 'count(kube_node_info) < 6\nor\nabsent(kube_node_info)'],
      ['ClusterNodesAtMax', 'count(kube_node_info) >= 30'],
    ]);
  });

  test('GIVEN an existing Grafana admin Secret THEN no password is generated', () => {
    const stack = synthMonitoring({ grafanaAdminSecretName: 'grafana-from-secrets-manager' });
    expect(resourcesOf(stack, 'random_password')).toEqual({});
    expect(resourcesOf(stack, 'kubernetes_secret_v1')).toEqual({});
    expect(helmValues(release(stack, 'kube-prometheus-stack')).grafana.admin.existingSecret).toBe('grafana-from-secrets-manager');
  });

  describe('GIVEN an alarm topic', () => {
    const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:prod-alarms';
    const values = helmValues(release(synthMonitoring({ services: SERVICES, alarmTopicArn: TOPIC_ARN, region: 'eu-west-1', environmentName: 'prod' }), 'kube-prometheus-stack'));

    test('THEN Alertmanager routes to an SNS receiver on that topic, signed for its region, with the environment in the subject', () => {
      expect(values.alertmanager.config.route.receiver).toBe(SNS_RECEIVER);
      const [sns] = values.alertmanager.config.receivers.find((r: { name: string }) => r.name === SNS_RECEIVER).sns_configs;
      expect(sns).toMatchObject({ topic_arn: TOPIC_ARN, sigv4: { region: 'eu-west-1' } });
      expect(sns.subject).toContain('printf "prod ');
    });

    test('THEN the chart creates Alertmanager\'s service account under the name the Pod Identity association uses', () => {
      expect(values.alertmanager.serviceAccount).toEqual({ create: true, name: ALERTMANAGER_SERVICE_ACCOUNT.name });
    });

    test('GIVEN a topic ARN from another stack (a token) THEN it reaches Terraform as an unescaped reference', () => {
      const stack = synthPlatformConstructs((scope) => {
        const topic = new TerraformVariable(scope, 'topic', { type: 'string' });
        new ClusterMonitoring(scope, 'monitoring', { alarmTopicArn: topic.stringValue, region: 'eu-west-1' });
      });
      const [raw] = release(stack, 'kube-prometheus-stack').values as string[];
      expect(raw).toContain('"topic_arn":"${var.topic}"');
      expect(raw).not.toContain('PLACEHOLDER');
    });
  });

  test('GIVEN no alarm topic THEN Alertmanager keeps the chart\'s configuration', () => {
    expect(helmValues(release(synthMonitoring(), 'kube-prometheus-stack')).alertmanager.config).toBeUndefined();
  });

  describe('GIVEN an MSK cluster to watch', () => {
    const KAFKA = { clusterName: 'prod-events', brokerCount: 6, brokerDomain: 'prod-events.abc123.c2.kafka.us-east-1.amazonaws.com', express: false };

    test('THEN Prometheus scrapes every broker\'s JMX and node exporter by its b-<id> name, labelled with the cluster and broker', () => {
      const kps = release(synthMonitoring({ services: SERVICES, kafka: KAFKA }), 'kube-prometheus-stack');
      // A second values document (Helm merges it over the first), kept apart for its apply-time targets.
      const [first, second] = kps.values as string[];
      expect(JSON.parse(first).prometheus.prometheusSpec.additionalScrapeConfigs).toBeUndefined();
      const jobs = JSON.parse(second).prometheus.prometheusSpec.additionalScrapeConfigs as any[];
      expect(jobs.map((j) => j.job_name)).toEqual(['msk-jmx', 'msk-node']);
      for (const [job, port] of [[jobs[0], 11001], [jobs[1], 11002]] as const) {
        expect(job.static_configs).toHaveLength(6);
        job.static_configs.forEach((c: any, i: number) => {
          expect(c).toEqual({ targets: [`b-${i + 1}.prod-events.abc123.c2.kafka.us-east-1.amazonaws.com:${port}`], labels: { kafka_cluster: 'prod-events', broker: String(i + 1) } });
        });
      }
    });

    test('THEN a broker domain known only at apply reaches the targets as a Terraform reference', () => {
      const stack = synthPlatformConstructs((scope) => {
        const domain = new TerraformVariable(scope, 'domain', { type: 'string' });
        new ClusterMonitoring(scope, 'monitoring', { services: SERVICES, kafka: { ...KAFKA, brokerDomain: domain.stringValue } });
      });
      const second = (release(stack, 'kube-prometheus-stack').values as string[])[1];
      expect(JSON.parse(second).prometheus.prometheusSpec.additionalScrapeConfigs[1].static_configs[2].targets).toEqual(['b-3.${var.domain}:11002']);
    });

    test('THEN the Kafka alerts are a PrometheusRule of the chart, the broker disk alert only for Standard brokers', () => {
      const alerts = (express: boolean) =>
        (helmValues(release(synthMonitoring({ services: SERVICES, kafka: { ...KAFKA, express } }), 'kube-prometheus-stack')).additionalPrometheusRulesMap['kafka-prod-events'].groups[0].rules as any[]).map((r) => r.alert);
      const common = ['KafkaOfflinePartitions', 'KafkaUnderReplicatedPartitions', 'KafkaActiveControllerCount', 'KafkaRequestHandlerIdleLow', 'KafkaConsumerLagGrowing'];
      expect(alerts(false)).toEqual([...common, 'KafkaBrokerDiskFilling']);
      expect(alerts(true)).toEqual(common);
    });

    test('THEN without kafka there is no extra scrape config', () => {
      expect(release(synthMonitoring(), 'kube-prometheus-stack').values).toHaveLength(1);
    });
  });

  describe('bad props fail at synth with the prop and the fix', () => {
    const cases: [string, ClusterMonitoringProps, RegExp][] = [
      ['namespace with capitals', { namespace: 'Monitoring' }, /ClusterMonitoring \(test-platform\/monitoring\): namespace = "Monitoring" is not a valid Kubernetes name/],
      ['retention size beyond gp3', { retentionSizeGB: 20_000 }, /retentionSizeGB = 20000 is out of range \(a gp3 volume holds at most 16 TiB\)/],
      ['duplicate service', { services: [SERVICES[0], SERVICES[0]] }, /services = "services\/api-gateway" is listed twice/],
      ['node plan min above max', { nodePlan: { expectedNodesMin: 9, expectedNodesMax: 3 } }, /nodePlan.expectedNodesMin = 9 is greater than nodePlan.expectedNodesMax \(3\)/],
      ['topic ARN of another service', { alarmTopicArn: 'arn:aws:sqs:us-east-1:123456789012:q', region: 'us-east-1' }, /alarmTopicArn = "arn:aws:sqs:us-east-1:123456789012:q" is not the ARN of a standard SNS topic/],
      ['topic without region', { alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:prod-alarms' }, /region = undefined is required with alarmTopicArn/],
      ['region other than the topic\'s', { alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:prod-alarms', region: 'eu-west-1' }, /region = "eu-west-1" differs from the topic's region us-east-1/],
      ['environment name with spaces', { environmentName: 'prod eu' }, /environmentName = "prod eu"/],
      ['a Kafka broker count of 0', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, brokerCount: 0 } }, /kafka\.brokerCount = 0/],
      ['a Kafka broker count above 60', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, brokerCount: 61 } }, /kafka\.brokerCount = 61/],
      ['a Kafka cluster name with underscores', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, clusterName: 'prod_events' } }, /kafka\.clusterName = "prod_events"/],
      ['a broker domain with the b-1 host and port', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, brokerDomain: 'b-1.prod-events.abc.c2.kafka.us-east-1.amazonaws.com:9098' } }, /kafka\.brokerDomain = "b-1\.prod-events.*" is not a DNS domain/],
      ['a broker domain with capitals', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, brokerDomain: 'Prod-Events.example.com' } }, /kafka\.brokerDomain = "Prod-Events\.example\.com" is not a DNS domain/],
      ['an empty broker domain', { kafka: { ...{ clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc.c2.kafka.us-east-1.amazonaws.com', express: true }, brokerDomain: '' } }, /kafka\.brokerDomain = "" is empty/],
    ];
    test.each(cases)('%s', (_label, props, message) => {
      expect(() => synthMonitoring(props)).toThrow(message);
    });
  });
});
