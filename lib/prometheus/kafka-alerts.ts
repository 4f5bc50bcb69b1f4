import { runbookLink, RUNBOOKS_URL } from '../runbooks';
import { promNumber, RuleGroup, Severity } from './rules';
import { SeriesFixture, seriesName, TestedAlertRule } from './service-alerts';

/**
 * Prometheus's view of an MSK cluster: scrape configs for the brokers' open-monitoring
 * exporters and the Kafka alerts on what they export.
 *
 * MSK's managed JMX exporter names a family `kafka_<package>_<MBean type>_<attribute>` and puts
 * the MBean's `name` in a label, e.g. `kafka_server_ReplicaManager_Value{name="UnderReplicatedPartitions"}`
 * (AWS docs, "Monitor an MSK Provisioned cluster with Prometheus",
 * https://docs.aws.amazon.com/msk/latest/developerguide/open-monitoring.html, and its example
 * queries). Every series scraped here carries `kafka_cluster` and `broker` from the scrape config.
 */

/** MSK open-monitoring ports. https://docs.aws.amazon.com/msk/latest/developerguide/set-up-prometheus-host.html */
export const MSK_EXPORTER_PORTS = { jmx: 11001, node: 11002 } as const;
/** Scrape job names: the alerts select on them. */
export const MSK_SCRAPE_JOBS = { jmx: 'msk-jmx', node: 'msk-node' } as const;
/**
 * Every 60 s: MSK's Prometheus host guide uses 60 s, and AWS's MSK troubleshooting guidance names
 * excessive Prometheus scraping as a broker CPU cost ("use 60s+ scrape interval";
 * aws/agent-toolkit-for-aws, managing-amazon-msk/references/troubleshoot-performance.md).
 */
const MSK_SCRAPE_INTERVAL = '60s';
const MSK_SCRAPE_TIMEOUT = '30s';

/** The cluster Prometheus scrapes and alerts on. */
export interface MskScrapeTarget {
  /** MSK cluster name: the `kafka_cluster` label. */
  readonly clusterName: string;
  /** Brokers, numbered 1..brokerCount by MSK (broker ids). */
  readonly brokerCount: number;
  /**
   * What follows `b-<id>.` in a broker's DNS name (`<cluster>.<id>.c<n>.kafka.<region>.amazonaws.com`),
   * known after apply: ClusterMonitoring derives it in Terraform from the bootstrap brokers (the first host without `b-<id>.` and its port).
   */
  readonly brokerDomain: string;
  /** Express brokers (managed storage: no broker disk alert). */
  readonly express: boolean;
}

/** `b-<id>.<domain>`: MSK names each broker so (AWS docs, set-up-prometheus-host: the ListNodes DNS names; the bootstrap brokers list the same names). */
export function mskBrokerHost(id: number, brokerDomain: string): string {
  return `b-${id}.${brokerDomain}`;
}

/**
 * Two scrape jobs (JMX exporter, node exporter), one static target per broker, each labelled
 * with its cluster and broker id. Plain HTTP inside the VPC: MSK serves the exporters without TLS;
 * the brokers' security group admits only the EKS nodes, on 11001-11002.
 */
export function mskScrapeConfigs(target: MskScrapeTarget): Record<string, unknown>[] {
  const ids = Array.from({ length: target.brokerCount }, (_, i) => i + 1);
  const job = (name: string, port: number) => ({
    job_name: name,
    scrape_interval: MSK_SCRAPE_INTERVAL,
    scrape_timeout: MSK_SCRAPE_TIMEOUT,
    scheme: 'http',
    metrics_path: '/metrics',
    static_configs: ids.map((id) => ({ targets: [`${mskBrokerHost(id, target.brokerDomain)}:${port}`], labels: { kafka_cluster: target.clusterName, broker: String(id) } })),
  });
  return [job(MSK_SCRAPE_JOBS.jmx, MSK_EXPORTER_PORTS.jmx), job(MSK_SCRAPE_JOBS.node, MSK_EXPORTER_PORTS.node)];
}

/** Broker data disk use above this pages (the CloudWatch KafkaDataLogsDiskUsed alarm's 85%; storage auto scaling targets 60%). */
export const KAFKA_BROKER_DISK_PERCENT_MAX = 85;
/**
 * Request handler threads idle less than 30% of the time: the broker is near saturation and
 * latency climbs. The JMX meter RequestHandlerAvgIdlePercent is a fraction, 0 (all busy) to 1
 * (all idle) (Kafka docs, Monitoring: "Average fraction of time the request handler threads are
 * idle", https://kafka.apache.org/documentation/#monitoring). 30% is AWS's saturation line
 * ("RequestHandlerAvgIdlePercent < 30%: request handler threads are saturated",
 * aws/agent-toolkit-for-aws, managing-amazon-msk/references/troubleshoot-performance.md).
 */
export const KAFKA_REQUEST_HANDLER_IDLE_MIN = 0.3;
/** A consumer group's lag must grow for this long (and be non-zero) before it warns: longer than a rebalance or a deploy's restart. */
const CONSUMER_LAG_GROWTH_WINDOW = '15m';

/** Every Kafka alert for `target`, each with the fixture that proves it (promtool, test/real-tools/promtool.test.ts). */
export function kafkaAlerts(target: MskScrapeTarget, options: { readonly runbookBaseUrl?: string } = {}): TestedAlertRule[] {
  const base = options.runbookBaseUrl ?? RUNBOOKS_URL;
  const c = target.clusterName;
  const jmx = `job="${MSK_SCRAPE_JOBS.jmx}", kafka_cluster="${c}"`;
  const broker = (id: number) => ({ job: MSK_SCRAPE_JOBS.jmx, kafka_cluster: c, broker: String(id), instance: `${mskBrokerHost(id, 'example')}:${MSK_EXPORTER_PORTS.jmx}` });
  const brokers = Array.from({ length: target.brokerCount }, (_, i) => i + 1);
  const gauge = (family: string, name: string, values: (id: number) => string): SeriesFixture[] =>
    brokers.map((id) => ({ series: seriesName(family, { ...broker(id), name }), values: values(id) }));
  const steady = (v: number) => `${v}+0x40`;

  const alerts: TestedAlertRule[] = [
    {
      rule: {
        alert: 'KafkaOfflinePartitions',
        expr: `sum by (kafka_cluster) (kafka_controller_KafkaController_Value{${jmx}, name="OfflinePartitionsCount"}) > 0`,
        for: '1m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: 'Kafka cluster {{ $labels.kafka_cluster }} has partitions without a leader',
          description: 'Producers and consumers of those partitions fail: no in-sync replica can lead them. Find the brokers that are down and the topics affected.',
          runbook_url: runbookLink('KafkaOfflinePartitions', base),
        },
      },
      fixture: {
        unhealthy: gauge('kafka_controller_KafkaController_Value', 'OfflinePartitionsCount', (id) => steady(id === 1 ? 4 : 0)),
        healthy: gauge('kafka_controller_KafkaController_Value', 'OfflinePartitionsCount', () => steady(0)),
        firingLabels: { kafka_cluster: c },
        evalMinutes: 10,
      },
    },
    {
      rule: {
        alert: 'KafkaUnderReplicatedPartitions',
        expr: `sum by (kafka_cluster, broker) (kafka_server_ReplicaManager_Value{${jmx}, name="UnderReplicatedPartitions"}) > 0`,
        for: '10m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'Broker {{ $labels.broker }} of {{ $labels.kafka_cluster }} leads under-replicated partitions',
          description: 'Followers of partitions this broker leads are out of sync for 10 minutes: with min.insync.replicas 2, one more lost replica stops acks=all writes to them.',
          runbook_url: runbookLink('KafkaUnderReplicatedPartitions', base),
        },
      },
      fixture: {
        unhealthy: gauge('kafka_server_ReplicaManager_Value', 'UnderReplicatedPartitions', (id) => steady(id === 2 ? 7 : 0)),
        healthy: gauge('kafka_server_ReplicaManager_Value', 'UnderReplicatedPartitions', () => steady(0)),
        firingLabels: { kafka_cluster: c, broker: '2' },
        evalMinutes: 20,
      },
    },
    {
      rule: {
        alert: 'KafkaActiveControllerCount',
        // Present: exactly one broker reports 1. Absent on KRaft brokers (the controller quorum reports it): then silent.
        expr: `sum by (kafka_cluster) (kafka_controller_KafkaController_Value{${jmx}, name="ActiveControllerCount"}) != 1`,
        for: '5m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: 'Kafka cluster {{ $labels.kafka_cluster }} does not have exactly one active controller',
          description: 'With no controller no leader is elected and no topic changes; with two (a split brain) metadata diverges. Check the brokers and the cluster state in MSK.',
          runbook_url: runbookLink('KafkaActiveControllerCount', base),
        },
      },
      fixture: {
        unhealthy: gauge('kafka_controller_KafkaController_Value', 'ActiveControllerCount', () => steady(0)),
        healthy: gauge('kafka_controller_KafkaController_Value', 'ActiveControllerCount', (id) => steady(id === 1 ? 1 : 0)),
        firingLabels: { kafka_cluster: c },
        evalMinutes: 10,
      },
    },
    {
      rule: {
        alert: 'KafkaRequestHandlerIdleLow',
        expr: `avg by (kafka_cluster, broker) (kafka_server_KafkaRequestHandlerPool_OneMinuteRate{${jmx}, name="RequestHandlerAvgIdlePercent"}) < ${promNumber(KAFKA_REQUEST_HANDLER_IDLE_MIN)}`,
        for: '15m',
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'The request handlers of broker {{ $labels.broker }} of {{ $labels.kafka_cluster }} are nearly saturated',
          description: `Request handler threads were idle less than ${KAFKA_REQUEST_HANDLER_IDLE_MIN * 100}% of the time for 15 minutes: produce and fetch latency climbs and the broker cannot absorb a failed broker's share.`,
          runbook_url: runbookLink('KafkaRequestHandlerIdleLow', base),
        },
      },
      fixture: {
        unhealthy: brokers.map((id) => ({ series: seriesName('kafka_server_KafkaRequestHandlerPool_OneMinuteRate', { ...broker(id), name: 'RequestHandlerAvgIdlePercent' }), values: steady(id === 3 ? 0.12 : 0.8) })),
        healthy: brokers.map((id) => ({ series: seriesName('kafka_server_KafkaRequestHandlerPool_OneMinuteRate', { ...broker(id), name: 'RequestHandlerAvgIdlePercent' }), values: steady(0.8) })),
        firingLabels: { kafka_cluster: c, broker: '3' },
        evalMinutes: 25,
      },
    },
    {
      rule: {
        alert: 'KafkaConsumerLagGrowing',
        // kafka_consumergroup_lag: the Kafka exporter's per-partition lag (consumergroup, topic, partition).
        expr:
          `sum by (consumergroup, topic) (kafka_consumergroup_lag) > 0\nand\n` +
          `sum by (consumergroup, topic) (delta(kafka_consumergroup_lag[${CONSUMER_LAG_GROWTH_WINDOW}])) > 0`,
        for: CONSUMER_LAG_GROWTH_WINDOW,
        labels: { severity: Severity.WARNING },
        annotations: {
          summary: 'Consumer group {{ $labels.consumergroup }} falls further behind {{ $labels.topic }}',
          description: `The group's lag on the topic has grown for ${CONSUMER_LAG_GROWTH_WINDOW} and more: it consumes slower than the producers publish. Scale the consumer, or find the stuck partition.`,
          runbook_url: runbookLink('KafkaConsumerLagGrowing', base),
        },
      },
      fixture: {
        unhealthy: [{ series: seriesName('kafka_consumergroup_lag', { consumergroup: 'fraud-detection', topic: 'transfer.completed', partition: '0' }), values: '0+50x60' }],
        healthy: [{ series: seriesName('kafka_consumergroup_lag', { consumergroup: 'fraud-detection', topic: 'transfer.completed', partition: '0' }), values: '200+0x60' }],
        firingLabels: { consumergroup: 'fraud-detection', topic: 'transfer.completed' },
        evalMinutes: 45,
      },
    },
  ];
  if (!target.express) {
    const node = (id: number) => ({ job: MSK_SCRAPE_JOBS.node, kafka_cluster: c, broker: String(id), instance: `${mskBrokerHost(id, 'example')}:${MSK_EXPORTER_PORTS.node}`, device: '/dev/nvme1n1', fstype: 'ext4', mountpoint: '/kafka/datalogs' });
    const size = 1_000 * 2 ** 30;
    const disk = (freeShare: (id: number) => number): SeriesFixture[] =>
      brokers.flatMap((id) => [
        { series: seriesName('node_filesystem_size_bytes', node(id)), values: steady(size) },
        { series: seriesName('node_filesystem_avail_bytes', node(id)), values: steady(Math.round(size * freeShare(id))) },
      ]);
    const fs = `job="${MSK_SCRAPE_JOBS.node}", kafka_cluster="${c}", fstype=~"ext4|xfs"`;
    alerts.push({
      rule: {
        alert: 'KafkaBrokerDiskFilling',
        expr: `100 * (1 - max by (kafka_cluster, broker, mountpoint) (node_filesystem_avail_bytes{${fs}} / node_filesystem_size_bytes{${fs}})) > ${KAFKA_BROKER_DISK_PERCENT_MAX}`,
        for: '10m',
        labels: { severity: Severity.CRITICAL },
        annotations: {
          summary: 'Disk {{ $labels.mountpoint }} of broker {{ $labels.broker }} of {{ $labels.kafka_cluster }} is over ' + `${KAFKA_BROKER_DISK_PERCENT_MAX}% full`,
          description: 'Storage auto scaling (60% target, at most once every 6 hours) has not kept up: a full data disk stops the broker. Raise the volume, shorten retention, or add brokers.',
          runbook_url: runbookLink('KafkaBrokerDiskFilling', base),
        },
      },
      fixture: {
        unhealthy: disk((id) => (id === 1 ? 0.05 : 0.5)),
        healthy: disk(() => 0.5),
        firingLabels: { kafka_cluster: c, broker: '1', mountpoint: '/kafka/datalogs' },
        evalMinutes: 20,
      },
    });
  }
  return alerts;
}

/** The Kafka PrometheusRule group of one cluster. */
export function kafkaRuleGroup(target: MskScrapeTarget, options: { readonly runbookBaseUrl?: string } = {}): RuleGroup {
  return { name: `kafka-${target.clusterName}`, rules: kafkaAlerts(target, options).map((a) => a.rule) };
}
