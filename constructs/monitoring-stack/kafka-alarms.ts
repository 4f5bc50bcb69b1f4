import { AlarmFactory, AlarmSeverity, Comparison, MissingData, queryMetric, Tier } from './alarm-factory';
import { KAFKA_CONSUMER_LAG_SECONDS_MAX, KAFKA_CPU_PERCENT_MAX, KAFKA_DISK_PERCENT_MAX } from './thresholds';
import { WatchedKafkaCluster } from './watched-resources';

const NAMESPACE = 'AWS/Kafka';

/**
 * Per MSK cluster (DEFAULT-level metrics, https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html):
 * offline partitions; on Standard brokers the active controller count, and per broker
 * under-replicated partitions and data-log disk use; per broker CPU (user + system); per consumer
 * group and topic the estimated time lag.
 */
export function addKafkaAlarms(factory: AlarmFactory, clusters: readonly WatchedKafkaCluster[]): void {
  clusters.forEach((c, k) => {
    const cluster = { 'Cluster Name': c.clusterName };
    const id = (what: string) => `kafka-${k}-${what}`;
    const name = (what: string) => `kafka-${c.clusterName}-${what}`;
    factory.add({
      id: id('offline-partitions'),
      name: name('offline-partitions'),
      description: `Cluster ${c.clusterName} has partitions without a leader: producers and consumers of them fail.`,
      tier: Tier.KAFKA,
      severity: AlarmSeverity.CRITICAL,
      comparison: Comparison.ABOVE,
      threshold: 0,
      metric: { namespace: NAMESPACE, metricName: 'OfflinePartitionsCount', dimensions: cluster, statistic: 'Maximum' },
    });
    if (!c.express) {
      factory.add({
        id: id('active-controller'),
        name: name('active-controller'),
        description: `Cluster ${c.clusterName} has no active controller: no leader elections or metadata changes happen.`,
        tier: Tier.KAFKA,
        severity: AlarmSeverity.CRITICAL,
        comparison: Comparison.BELOW,
        threshold: 1,
        // A silent controller metric is itself the failure.
        missingData: MissingData.BREACHING,
        metric: { namespace: NAMESPACE, metricName: 'ActiveControllerCount', dimensions: cluster, statistic: 'Sum' },
      });
    }
    for (let b = 1; b <= c.brokerCount; b++) {
      const broker = { ...cluster, 'Broker ID': String(b) };
      factory.add({
        id: id(`broker-${b}-cpu`),
        name: name(`broker-${b}-cpu`),
        description: `CPU (user + system) of broker ${b} of ${c.clusterName} above ${KAFKA_CPU_PERCENT_MAX}%: it cannot absorb a failed broker's share.`,
        tier: Tier.KAFKA,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: KAFKA_CPU_PERCENT_MAX,
        metric: {
          queries: [
            { id: 'cpu', expression: 'user + system', label: 'broker CPU %', returnData: true },
            queryMetric('user', { namespace: NAMESPACE, metricName: 'CpuUser', dimensions: broker, statistic: 'Average' }),
            queryMetric('system', { namespace: NAMESPACE, metricName: 'CpuSystem', dimensions: broker, statistic: 'Average' }),
          ],
        },
      });
      if (!c.express) {
        factory.add({
          id: id(`broker-${b}-under-replicated`),
          name: name(`broker-${b}-under-replicated`),
          description: `Broker ${b} of ${c.clusterName} leads partitions whose followers are out of sync: one more broker lost and writes with acks=all stop.`,
          tier: Tier.KAFKA,
          severity: AlarmSeverity.WARNING,
          comparison: Comparison.ABOVE,
          threshold: 0,
          metric: { namespace: NAMESPACE, metricName: 'UnderReplicatedPartitions', dimensions: broker, statistic: 'Maximum' },
        });
        factory.add({
          id: id(`broker-${b}-disk`),
          name: name(`broker-${b}-disk`),
          description: `Data-log disk of broker ${b} of ${c.clusterName} above ${KAFKA_DISK_PERCENT_MAX}% despite storage auto scaling: a full disk stops the broker.`,
          tier: Tier.KAFKA,
          severity: AlarmSeverity.CRITICAL,
          comparison: Comparison.ABOVE,
          threshold: KAFKA_DISK_PERCENT_MAX,
          metric: { namespace: NAMESPACE, metricName: 'KafkaDataLogsDiskUsed', dimensions: broker, statistic: 'Maximum' },
        });
      }
    }
    (c.consumerGroups ?? []).forEach((g, i) => {
      factory.add({
        id: id(`lag-${i}`),
        name: name(`lag-${g.group}-${g.topic}`),
        description: `Consumer group ${g.group} is more than ${KAFKA_CONSUMER_LAG_SECONDS_MAX} s behind ${g.topic} on ${c.clusterName}.`,
        tier: Tier.KAFKA,
        severity: AlarmSeverity.WARNING,
        comparison: Comparison.ABOVE,
        threshold: KAFKA_CONSUMER_LAG_SECONDS_MAX,
        metric: { namespace: NAMESPACE, metricName: 'EstimatedMaxTimeLag', dimensions: { ...cluster, 'Consumer Group': g.group, Topic: g.topic }, statistic: 'Maximum' },
      });
    });
  });
}
