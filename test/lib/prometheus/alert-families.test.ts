import { runbookLink } from '../../../lib/runbooks';
import { expandLabelTemplate, podsRpsAdapterRule, promtoolTestFile } from '../../../lib/prometheus';
import {
  clusterNodeAlerts,
  clusterRuleGroup,
  KAFKA_BROKER_DISK_PERCENT_MAX,
  kafkaAlerts,
  kafkaRuleGroup,
  meshAlerts,
  meshRuleGroup,
  mskBrokerHost,
  mskScrapeConfigs,
  MskScrapeTarget,
  recordingRulesFor,
  renderRuleFile,
  seriesName,
  serviceAlerts,
  Severity,
  TestedAlertRule,
} from '../../../lib/prometheus';

/**
 * What each alert family promises beside what promtool proves (test/real-tools/promtool.test.ts
 * runs every alert against its firing and silent fixtures): which alerts exist, how urgent each
 * is and for how long it must hold, the threshold in its expression and in the words a person
 * reads, and a runbook link. promtool compares an alert's annotations with the same rule's, so
 * only these tests notice an emptied summary or a wrong number in a description.
 */
const CLUSTER: MskScrapeTarget = { clusterName: 'prod-events', brokerCount: 3, brokerDomain: 'prod-events.abc123.c2.kafka.us-east-1.amazonaws.com', express: false };
const WIKI = 'https://wiki.example.com/runbooks';

type Families = Record<string, () => TestedAlertRule[]>;
const FAMILIES: Families = {
  'service (all signals)': () => serviceAlerts({ name: 'checkout', namespace: 'shop', plannedRps: 5_000 }),
  mesh: () => meshAlerts(),
  'Kafka (Standard)': () => kafkaAlerts(CLUSTER),
  'Kafka (Express)': () => kafkaAlerts({ ...CLUSTER, express: true }),
  'cluster nodes (autoscaling)': () => clusterNodeAlerts({ expectedNodesMin: 3, expectedNodesMax: 9 }),
};
const minutes = (duration: string) => Number(duration.slice(0, -1)) * (duration.endsWith('h') ? 60 : 1);

describe.each(Object.keys(FAMILIES))('the %s alerts', (family) => {
  let alerts: TestedAlertRule[];
  beforeEach(() => {
    alerts = FAMILIES[family]();
  });

  test('THEN each has a unique name, a severity, a hold time, a summary, a description and its runbook', () => {
    expect(new Set(alerts.map((a) => a.rule.alert)).size).toBe(alerts.length);
    for (const { rule } of alerts) {
      expect([Severity.CRITICAL, Severity.WARNING]).toContain(rule.labels.severity);
      expect(rule.for).toMatch(/^[1-9]\d*[mh]$/);
      expect(rule.annotations.summary.length).toBeGreaterThan(20);
      expect(rule.annotations.description.length).toBeGreaterThan(40);
      expect(rule.annotations.runbook_url).toBe(runbookLink(rule.alert));
    }
  });

  test('THEN the healthy fixture is the unhealthy one\'s series at healthy values: silence proves the threshold, not a missing series', () => {
    // Node-count fixtures differ in how many nodes report, so they share their metric, not every series.
    const key = (series: string) => (family.startsWith('cluster') ? series.replace(/\{.*/, '') : series);
    for (const { fixture } of alerts) {
      expect([...new Set(fixture.healthy.map((f) => key(f.series)))]).toEqual([...new Set(fixture.unhealthy.map((f) => key(f.series)))]);
    }
  });

  test('THEN every series of both fixtures has samples up to the evaluation: an emptied series cannot pass for a silent one', () => {
    // promtool's expanding notation: "a+bxN" is N + 1 samples, a plain value or "_" one; one sample a minute.
    const samples = (values: string) => values.trim().split(/\s+/).filter(Boolean).reduce((n, t) => n + (/x(\d+)$/.test(t) ? Number(/x(\d+)$/.exec(t)![1]) + 1 : 1), 0);
    for (const { rule, fixture } of alerts) {
      for (const f of [...fixture.healthy, ...fixture.unhealthy]) {
        expect({ alert: rule.alert, series: f.series, samples: samples(f.values) >= fixture.evalMinutes }).toEqual({ alert: rule.alert, series: f.series, samples: true });
      }
    }
  });

  test('THEN each fixture is evaluated after the hold time, so the firing case really fires', () => {
    for (const { rule, fixture } of alerts) {
      expect(fixture.evalMinutes).toBeGreaterThan(minutes(rule.for));
      expect(fixture.unhealthy.length).toBeGreaterThan(0);
      expect(fixture.healthy.length).toBeGreaterThan(0);
      expect(fixture.unhealthy).not.toEqual(fixture.healthy);
    }
  });
});

describe('runbook links', () => {
  test.each([
    ['service', () => serviceAlerts({ name: 'checkout', namespace: 'shop' }, { runbookBaseUrl: WIKI })],
    ['mesh', () => meshAlerts({ runbookBaseUrl: WIKI })],
    ['Kafka', () => kafkaAlerts(CLUSTER, { runbookBaseUrl: WIKI })],
    ['cluster nodes', () => clusterNodeAlerts({ expectedNodesMin: 2, expectedNodesMax: 4 }, { runbookBaseUrl: WIKI })],
  ])('GIVEN a runbook base for the %s alerts THEN every link is under it', (_family, make) => {
    for (const { rule } of make()) expect(rule.annotations.runbook_url).toBe(runbookLink(rule.alert, WIKI));
  });
});

describe('the mesh alerts', () => {
  test('THEN outlier ejections, pool overflow, connect failures, retries and the retry budget, with their urgency', () => {
    expect(meshAlerts().map((a) => [a.rule.alert, a.rule.labels.severity, a.rule.for])).toEqual([
      ['MeshOutlierEjections', 'warning', '5m'],
      ['MeshCircuitBreakerOverflow', 'critical', '5m'],
      ['MeshUpstreamConnectFailures', 'critical', '5m'],
      ['MeshRetryRateHigh', 'warning', '10m'],
      ['MeshRetryBudgetExhausted', 'warning', '5m'],
    ]);
  });

  test('THEN the thresholds are 1% overflow, 1% connect failures and 10% retries, in the expression and in the words', () => {
    const byName = Object.fromEntries(meshAlerts().map((a) => [a.rule.alert, a.rule]));
    expect(byName.MeshCircuitBreakerOverflow.expr).toMatch(/response_flags=~"\.\*UO\.\*"[\s\S]*\n> 0\.01$/);
    expect(byName.MeshCircuitBreakerOverflow.annotations.description).toMatch(/^More than 1% of the requests/);
    expect(byName.MeshUpstreamConnectFailures.expr).toMatch(/response_flags=~"\.\*UF\.\*"[\s\S]*\n> 0\.01$/);
    expect(byName.MeshUpstreamConnectFailures.annotations.description).toMatch(/^More than 1% of the requests/);
    expect(byName.MeshRetryRateHigh.expr).toBe('sum by (cluster_name) (rate(envoy_cluster_upstream_rq_retry[5m]))\n  /\nsum by (cluster_name) (rate(envoy_cluster_upstream_rq_total[5m]))\n> 0.1');
    expect(byName.MeshRetryRateHigh.annotations.description).toMatch(/^More than 10% of the requests/);
    expect(byName.MeshOutlierEjections.expr).toBe('sum by (cluster_name) (envoy_cluster_outlier_detection_ejections_active) > 0');
    expect(byName.MeshRetryBudgetExhausted.expr).toBe('sum by (cluster_name) (rate(envoy_cluster_upstream_rq_retry_overflow[5m])) > 0');
  });

  test('THEN the group is named service-mesh and holds every mesh alert', () => {
    expect(meshRuleGroup()).toEqual({ name: 'service-mesh', rules: meshAlerts().map((a) => a.rule) });
  });
});

describe('the Kafka alerts and scrape configs', () => {
  test('THEN a Standard cluster gets six alerts; Express brokers (managed storage) all but the disk alert', () => {
    const standard = kafkaAlerts(CLUSTER).map((a) => [a.rule.alert, a.rule.labels.severity, a.rule.for]);
    expect(standard).toEqual([
      ['KafkaOfflinePartitions', 'critical', '1m'],
      ['KafkaUnderReplicatedPartitions', 'warning', '10m'],
      ['KafkaActiveControllerCount', 'critical', '5m'],
      ['KafkaRequestHandlerIdleLow', 'warning', '15m'],
      ['KafkaConsumerLagGrowing', 'warning', '15m'],
      ['KafkaBrokerDiskFilling', 'critical', '10m'],
    ]);
    expect(kafkaAlerts({ ...CLUSTER, express: true }).map((a) => a.rule.alert)).toEqual(standard.slice(0, 5).map(([name]) => name));
  });

  test('THEN each expression selects the JMX job of this cluster, with its threshold in the words', () => {
    const byName = Object.fromEntries(kafkaAlerts(CLUSTER).map((a) => [a.rule.alert, a.rule]));
    const jmx = 'job="msk-jmx", kafka_cluster="prod-events"';
    expect(byName.KafkaOfflinePartitions.expr).toBe(`sum by (kafka_cluster) (kafka_controller_KafkaController_Value{${jmx}, name="OfflinePartitionsCount"}) > 0`);
    expect(byName.KafkaUnderReplicatedPartitions.expr).toBe(`sum by (kafka_cluster, broker) (kafka_server_ReplicaManager_Value{${jmx}, name="UnderReplicatedPartitions"}) > 0`);
    expect(byName.KafkaActiveControllerCount.expr).toBe(`sum by (kafka_cluster) (kafka_controller_KafkaController_Value{${jmx}, name="ActiveControllerCount"}) != 1`);
    expect(byName.KafkaRequestHandlerIdleLow.expr).toBe(`avg by (kafka_cluster, broker) (kafka_server_KafkaRequestHandlerPool_OneMinuteRate{${jmx}, name="RequestHandlerAvgIdlePercent"}) < 0.3`);
    expect(byName.KafkaRequestHandlerIdleLow.annotations.description).toMatch(/^Request handler threads were idle less than 30% of the time for 15 minutes/);
    expect(byName.KafkaConsumerLagGrowing.expr).toBe('sum by (consumergroup, topic) (kafka_consumergroup_lag) > 0\nand\nsum by (consumergroup, topic) (delta(kafka_consumergroup_lag[15m])) > 0');
    expect(byName.KafkaConsumerLagGrowing.annotations.description).toMatch(/has grown for 15m and more/);
    const fs = 'job="msk-node", kafka_cluster="prod-events", fstype=~"ext4|xfs"';
    expect(byName.KafkaBrokerDiskFilling.expr).toBe(`100 * (1 - max by (kafka_cluster, broker, mountpoint) (node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}})) > 85`);
    expect(KAFKA_BROKER_DISK_PERCENT_MAX).toBe(85);
    expect(byName.KafkaBrokerDiskFilling.annotations.summary).toBe('Disk {{ $labels.mountpoint }} of broker {{ $labels.broker }} of {{ $labels.kafka_cluster }} is over 85% full');
  });

  test('THEN the fixtures name the broker that fails: broker 2 under-replicated, broker 3 saturated, broker 1\'s disk', () => {
    const byName = Object.fromEntries(kafkaAlerts(CLUSTER).map((a) => [a.rule.alert, a.fixture]));
    expect(byName.KafkaUnderReplicatedPartitions.firingLabels).toEqual({ kafka_cluster: 'prod-events', broker: '2' });
    expect(byName.KafkaRequestHandlerIdleLow.firingLabels).toEqual({ kafka_cluster: 'prod-events', broker: '3' });
    expect(byName.KafkaBrokerDiskFilling.firingLabels).toEqual({ kafka_cluster: 'prod-events', broker: '1', mountpoint: '/kafka/datalogs' });
    // One gauge per broker, and for the disk a size and an availability per broker.
    expect(byName.KafkaOfflinePartitions.unhealthy).toHaveLength(3);
    expect(byName.KafkaBrokerDiskFilling.unhealthy).toHaveLength(6);
    expect(byName.KafkaOfflinePartitions.unhealthy[0].series).toBe(
      seriesName('kafka_controller_KafkaController_Value', { job: 'msk-jmx', kafka_cluster: 'prod-events', broker: '1', instance: 'b-1.example:11001', name: 'OfflinePartitionsCount' }),
    );
  });

  test('THEN Prometheus scrapes each broker\'s JMX (11001) and node (11002) exporter every 60 s over HTTP, labelled with cluster and broker', () => {
    const target = (id: number, port: number) => ({ targets: [`b-${id}.prod-events.abc123.c2.kafka.us-east-1.amazonaws.com:${port}`], labels: { kafka_cluster: 'prod-events', broker: String(id) } });
    const job = (name: string, port: number) => ({ job_name: name, scrape_interval: '60s', scrape_timeout: '30s', scheme: 'http', metrics_path: '/metrics', static_configs: [1, 2, 3].map((id) => target(id, port)) });
    expect(mskScrapeConfigs(CLUSTER)).toEqual([job('msk-jmx', 11001), job('msk-node', 11002)]);
    expect(mskBrokerHost(7, 'x.kafka.us-east-1.amazonaws.com')).toBe('b-7.x.kafka.us-east-1.amazonaws.com');
  });

  test('THEN the group is named after the cluster', () => {
    expect(kafkaRuleGroup(CLUSTER)).toEqual({ name: 'kafka-prod-events', rules: kafkaAlerts(CLUSTER).map((a) => a.rule) });
  });
});

describe('the cluster node alerts', () => {
  test('GIVEN node groups from 3 to 9 THEN below 3 (or no kube-state-metrics) pages after 10 minutes, at 9 warns after 30', () => {
    const [below, atMax] = clusterNodeAlerts({ expectedNodesMin: 3, expectedNodesMax: 9 });
    expect(below.rule).toMatchObject({ alert: 'ClusterNodesBelowPlan', expr: 'count(kube_node_info) < 3\nor\nabsent(kube_node_info)', for: '10m', labels: { severity: 'critical' } });
    expect(below.rule.annotations.summary).toBe('The cluster has fewer than the 3 nodes the planned pods fit on');
    expect([below.fixture.unhealthy.length, below.fixture.healthy.length]).toEqual([2, 3]);
    expect(atMax.rule).toMatchObject({ alert: 'ClusterNodesAtMax', expr: 'count(kube_node_info) >= 9', for: '30m', labels: { severity: 'warning' } });
    expect(atMax.rule.annotations.summary).toBe('The cluster runs its maximum of 9 nodes');
    expect([atMax.fixture.unhealthy.length, atMax.fixture.healthy.length]).toEqual([9, 8]);
    expect(new Set(atMax.fixture.unhealthy.map((s) => s.series)).size).toBe(9);
  });

  test('GIVEN a fixed-size cluster THEN only the below-plan alert (at its maximum is where it always runs)', () => {
    expect(clusterNodeAlerts({ expectedNodesMin: 6, expectedNodesMax: 6 }).map((a) => a.rule.alert)).toEqual(['ClusterNodesBelowPlan']);
    expect(clusterRuleGroup({ expectedNodesMin: 6, expectedNodesMax: 6 })).toEqual({ name: 'cluster-nodes', rules: clusterNodeAlerts({ expectedNodesMin: 6, expectedNodesMax: 6 }).map((a) => a.rule) });
  });
});

describe('rule files', () => {
  test('GIVEN groups THEN the file is their JSON with a trailing newline; recording rules are named per query', () => {
    const file = recordingRulesFor('dashboard', ['sum(up)', 'count(up)']);
    expect(file).toEqual({ groups: [{ name: 'dashboard', rules: [{ record: 'check:expr_0', expr: 'sum(up)' }, { record: 'check:expr_1', expr: 'count(up)' }] }] });
    expect(renderRuleFile(file)).toBe(`${JSON.stringify(file, null, 2)}\n`);
  });
});

describe('the service alerts', () => {
  const target = { name: 'checkout', namespace: 'shop', plannedRps: 5_000 };
  const byName = (alerts: TestedAlertRule[]) => Object.fromEntries(alerts.map((a) => [a.rule.alert, a.rule]));

  test('THEN each has its urgency and hold time: pages for a fast burn, p95 latency and an exhausted pool', () => {
    expect(serviceAlerts(target).map((a) => [a.rule.alert, a.rule.labels.severity, a.rule.for])).toEqual([
      ['ServiceErrorBudgetFastBurn', 'critical', '2m'],
      ['ServiceErrorBudgetSlowBurn', 'warning', '15m'],
      ['ServiceLatencyP95High', 'critical', '10m'],
      ['ServiceLatencyP99High', 'warning', '10m'],
      ['ServiceNoTraffic', 'warning', '10m'],
      ['ServiceTrafficAboveCapacity', 'warning', '10m'],
      ['ServiceCpuThrottled', 'warning', '15m'],
      ['ServiceMemoryNearLimit', 'warning', '15m'],
      ['ServiceHpaAtMaxReplicas', 'warning', '15m'],
      ['ServiceDbPoolSaturated', 'warning', '10m'],
      ['ServiceDbPoolExhausted', 'critical', '5m'],
      ['ServiceCacheHitRateLow', 'warning', '15m'],
    ]);
  });

  test('GIVEN the default 99.9% objective THEN the burn alerts say 1.44% over 1h and 5m (budget gone in 2.1 days) and 0.6% over 6h and 30m (5.0 days)', () => {
    const rules = byName(serviceAlerts(target));
    expect(rules.ServiceErrorBudgetFastBurn.annotations.summary).toBe('{{ $labels.service }} in {{ $labels.namespace }} is burning its 99.9% availability budget 14.4x too fast');
    expect(rules.ServiceErrorBudgetFastBurn.annotations.description).toBe('More than 1.44% of requests answered 5xx over the last 1h and 5m; at this rate the 30-day error budget lasts 2.1 days.');
    expect(rules.ServiceErrorBudgetSlowBurn.annotations.description).toBe('More than 0.6% of requests answered 5xx over the last 6h and 30m; at this rate the 30-day error budget lasts 5.0 days.');
    expect(rules.ServiceErrorBudgetSlowBurn.expr).toMatch(/\[6h\]\)\)\n\) > 0\.006\nand\n\([\s\S]*\[30m\]\)\)\n\) > 0\.006$/);
  });

  test('GIVEN a 99% objective and 200/500 ms latency objectives THEN the thresholds and the words follow them', () => {
    const rules = byName(serviceAlerts({ ...target, availabilityObjective: 0.99, latencyP95ObjectiveSeconds: 0.2, latencyP99ObjectiveSeconds: 0.5 }));
    expect(rules.ServiceErrorBudgetFastBurn.expr).toMatch(/\) > 0\.144\nand\n[\s\S]*\) > 0\.144$/);
    expect(rules.ServiceErrorBudgetFastBurn.annotations.summary).toMatch(/burning its 99% availability budget 14\.4x too fast$/);
    expect(rules.ServiceErrorBudgetFastBurn.annotations.description).toMatch(/^More than 14\.4% of requests/);
    expect(rules.ServiceErrorBudgetSlowBurn.annotations.description).toMatch(/^More than 6% of requests/);
    expect(rules.ServiceLatencyP95High.expr).toMatch(/\n> 0\.2$/);
    expect(rules.ServiceLatencyP95High.annotations.summary).toBe('{{ $labels.service }} in {{ $labels.namespace }}: p95 latency above 200 ms');
    expect(rules.ServiceLatencyP95High.annotations.description).toBe('The 95th percentile of request duration has been above the 200 ms objective for 10 minutes.');
    expect(rules.ServiceLatencyP99High.expr).toMatch(/histogram_quantile\(0\.99, [\s\S]*\n> 0\.5$/);
    expect(rules.ServiceLatencyP99High.annotations.summary).toMatch(/p99 latency above 500 ms$/);
  });

  test('THEN saturation alerts select the container and the HPA (their own names when given) at 25% throttling, 90% memory and max replicas', () => {
    const rules = byName(serviceAlerts({ ...target, containerName: 'app', hpaName: 'checkout-hpa' }));
    expect(rules.ServiceCpuThrottled.expr).toBe(
      'sum by (namespace, pod, container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop", container="app"}[5m]))\n  /\n' +
        'sum by (namespace, pod, container) (rate(container_cpu_cfs_periods_total{namespace="shop", container="app"}[5m]))\n> 0.25',
    );
    expect(rules.ServiceCpuThrottled.annotations.description).toMatch(/more than 25% of its CFS periods/);
    expect(rules.ServiceMemoryNearLimit.expr).toBe(
      'max by (namespace, pod, container) (container_memory_working_set_bytes{namespace="shop", container="app"})\n  /\n' +
        'max by (namespace, pod, container) (kube_pod_container_resource_limits{namespace="shop", container="app", resource="memory"})\n> 0.9',
    );
    expect(rules.ServiceHpaAtMaxReplicas.expr).toBe(
      'max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_current_replicas{namespace="shop", horizontalpodautoscaler="checkout-hpa"})\n  >=\n' +
        'max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_spec_max_replicas{namespace="shop", horizontalpodautoscaler="checkout-hpa"})',
    );
    const defaults = byName(serviceAlerts(target));
    expect(defaults.ServiceCpuThrottled.expr).toContain('container="checkout"');
    expect(defaults.ServiceHpaAtMaxReplicas.expr).toContain('horizontalpodautoscaler="checkout"');
  });

  test('THEN the pools warn above 80% and page above 95%, traffic warns above 90% of the plan, and no traffic (or no metrics) warns', () => {
    const rules = byName(serviceAlerts(target));
    const pool = 'sum by (namespace, service) (db_connections_active{namespace="shop", service="checkout"})\n  /\nsum by (namespace, service) (db_connections_max{namespace="shop", service="checkout"})\n* 100';
    expect(rules.ServiceDbPoolSaturated.expr).toBe(`${pool}\n> 80`);
    expect(rules.ServiceDbPoolSaturated.annotations.summary).toMatch(/uses more than 80% of its database connection pools$/);
    expect(rules.ServiceDbPoolExhausted.expr).toBe(`${pool}\n> 95`);
    expect(rules.ServiceTrafficAboveCapacity.expr).toBe('sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="checkout"}[5m])) > 4500');
    expect(rules.ServiceTrafficAboveCapacity.annotations.summary).toMatch(/serves more than 90% of its planned 5000 requests\/s$/);
    expect(rules.ServiceNoTraffic.expr).toBe('sum by (namespace, service) (rate(http_requests_total{namespace="shop", service="checkout"}[5m])) == 0\nor\nabsent(http_requests_total{namespace="shop", service="checkout"})');
  });

  test('THEN the fixtures fire on 10% errors, slow requests, pools at 97% and a 50% hit rate, and stay silent on healthy series', () => {
    const fixtures = Object.fromEntries(serviceAlerts(target).map((a) => [a.rule.alert, a.fixture]));
    expect(fixtures.ServiceErrorBudgetFastBurn.unhealthy.map((s) => s.series)).toEqual([
      'http_requests_total{namespace="shop", service="checkout", pod="checkout-7d9f8-abcde", status="200"}',
      'http_requests_total{namespace="shop", service="checkout", pod="checkout-7d9f8-abcde", status="503"}',
    ]);
    expect(fixtures.ServiceErrorBudgetFastBurn.evalMinutes).toBe(70);
    expect(fixtures.ServiceErrorBudgetSlowBurn.evalMinutes).toBe(380);
    expect(fixtures.ServiceHpaAtMaxReplicas.firingLabels).toEqual({ namespace: 'shop', horizontalpodautoscaler: 'checkout' });
    expect(fixtures.ServiceCpuThrottled.firingLabels).toEqual({ namespace: 'shop', pod: 'checkout-7d9f8-abcde', container: 'checkout' });
  });
});

describe('fixture details promtool reads but no alert selects on', () => {
  test('THEN mesh request fixtures answer 200 without a flag and 503 with one (as Envoy does for UO and UF)', () => {
    const overflow = meshAlerts().find((a) => a.rule.alert === 'MeshCircuitBreakerOverflow')!.fixture;
    expect(overflow.unhealthy.map((f) => f.series)).toEqual([
      'istio_requests_total{destination_service_name="user-service", destination_service_namespace="services", response_code="200", response_flags="-"}',
      'istio_requests_total{destination_service_name="user-service", destination_service_namespace="services", response_code="503", response_flags="UO"}',
    ]);
  });

  test('THEN latency fixtures are histogram buckets: ascending bounds ending at +Inf', () => {
    const p95 = serviceAlerts({ name: 'checkout', namespace: 'shop' }).find((a) => a.rule.alert === 'ServiceLatencyP95High')!.fixture;
    const bounds = p95.unhealthy.map((f) => /le="([^"]*)"/.exec(f.series)![1]);
    expect(bounds).toEqual(['0.05', '0.1', '0.25', '0.5', '+Inf']);
  });
});

describe('promtool test files, the adapter rule and label templates', () => {
  test('THEN each case is named after its alert and the service (or the alert, for alerts of no service)', () => {
    const service = promtoolTestFile('checkout.rules.json', serviceAlerts({ name: 'checkout', namespace: 'shop' }).slice(0, 1)).tests.map((t) => t.name);
    expect(service).toEqual(['ServiceErrorBudgetFastBurn fires on unhealthy series (checkout)', 'ServiceErrorBudgetFastBurn stays silent on healthy series (checkout)']);
    const mesh = promtoolTestFile('mesh.rules.json', meshAlerts().slice(0, 1)).tests.map((t) => t.name);
    expect(mesh).toEqual(['MeshOutlierEjections fires on unhealthy series (MeshOutlierEjections)', 'MeshOutlierEjections stays silent on healthy series (MeshOutlierEjections)']);
  });

  test('THEN prometheus-adapter discovers http_requests_total of every pod in a namespace', () => {
    expect(podsRpsAdapterRule().seriesQuery).toBe('http_requests_total{namespace!="",pod!=""}');
  });

  test('THEN a label template may be written with or without spaces inside the braces', () => {
    expect(expandLabelTemplate('{{$labels.pod}} and {{   $labels.pod   }}', { pod: 'a-1' })).toBe('a-1 and a-1');
  });
});
