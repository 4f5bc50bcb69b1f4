import { monitoringAlarms, STACK_INVENTORY } from '../../../lib/cost';

const WATCHED = { albs: 2, albLcuReserved: false, natGateways: 1, dbInstances: 2, dbReplicas: 1, cacheNodes: 3, cacheReplicasPerShard: 0, kafkaBrokers: 3, kafkaExpress: false, kafkaConsumerGroupTopics: 2, distributions: 1 };

describe('the MonitoringStack alarms the cost model prices (counted by hand)', () => {
  test('GIVEN 2 ALBs, 1 NAT, a primary and a replica, 3 cache nodes, 3 Standard brokers, 2 lag pairs, 1 distribution THEN 59 alarms reading 68 metrics', () => {
    // Standard alarms: ALBs 2 x 5 = 10, nginx 2, EKS 3, RDS 2 x 5 + 1 write latency + 1 replica lag = 12,
    // cache 3 x 4 = 12, NAT port errors 1, MSK 1 offline + 2 lag + 1 controller + 3 x 2 (URP, disk) = 10,
    // CloudFront 3: 53. Metric math: ALB 5xx ratio 2 (3 metrics each), NAT drop ratio 1 (3 metrics),
    // broker CPU 3 (2 metrics each). Alarms 53 + 3 + 3 = 59; metrics 53 + 3 x 3 + 2 x 3 = 68.
    expect(monitoringAlarms(WATCHED)).toEqual({ metricAlarms: 59, alarmMetrics: 68, compositeAlarms: STACK_INVENTORY.compositeAlarms });
  });

  test('GIVEN reserved LCUs, cache replicas and Express brokers THEN a PeakLCUs alarm per ALB and a replication-lag alarm per node, and no controller, URP or disk alarms', () => {
    // ALBs 2 x 6 = 12, cache 3 x 5 = 15, MSK 1 + 2 = 3; the rest as above: 12 + 2 + 3 + 12 + 15 + 1 + 3 + 3 = 51.
    expect(monitoringAlarms({ ...WATCHED, albLcuReserved: true, cacheReplicasPerShard: 1, kafkaExpress: true })).toEqual({ metricAlarms: 57, alarmMetrics: 66, compositeAlarms: STACK_INVENTORY.compositeAlarms });
  });

  test('GIVEN one more of each watched resource THEN the count grows by that resource\'s alarms', () => {
    const base = monitoringAlarms(WATCHED).metricAlarms;
    const plus = (change: Partial<typeof WATCHED>) => monitoringAlarms({ ...WATCHED, ...change }).metricAlarms - base;
    expect(plus({ albs: 3 })).toBe(6);
    expect(plus({ natGateways: 2 })).toBe(2);
    expect(plus({ dbInstances: 3 })).toBe(5);
    expect(plus({ dbReplicas: 2 })).toBe(1);
    expect(plus({ cacheNodes: 4 })).toBe(4);
    expect(plus({ kafkaBrokers: 4 })).toBe(3);
    expect(plus({ kafkaConsumerGroupTopics: 3 })).toBe(1);
    expect(plus({ distributions: 2 })).toBe(3);
  });
});
