import { cacheClusterIds, MonitoringStack, MonitoringStackProps } from '../../../constructs/monitoring-stack';
import { allOf, countOf, onlyOf, synthConstructs } from '../../support/synth';
import { FULL_PROPS } from './fixtures';

function synthMonitoring(props: MonitoringStackProps) {
  let monitoring: MonitoringStack | undefined;
  const stack = synthConstructs((scope) => {
    monitoring = new MonitoringStack(scope, 'monitoring', props);
  });
  return { stack, monitoring: monitoring! };
}

type Alarm = Record<string, unknown> & { alarm_name: string; dimensions?: Record<string, string>; metric_query?: Record<string, unknown>[] };
const alarms = (stack: ReturnType<typeof synthMonitoring>['stack']) => allOf(stack, 'aws_cloudwatch_metric_alarm') as Alarm[];
const alarmNamed = (stack: ReturnType<typeof synthMonitoring>['stack'], name: string): Alarm => {
  const found = alarms(stack).find((a) => a.alarm_name === name);
  if (!found) throw new Error(`no alarm ${name}; have ${alarms(stack).map((a) => a.alarm_name).join(', ')}`);
  return found;
};

describe('MonitoringStack', () => {
  describe('GIVEN every kind of watched resource', () => {
    const { stack, monitoring } = synthMonitoring(FULL_PROPS);

    test('THEN the alarm topic is KMS-encrypted and CloudWatch may use the key and publish', () => {
      const topic = onlyOf(stack, 'aws_sns_topic');
      expect(String(topic.kms_master_key_id)).toContain('aws_kms_key');
      expect(onlyOf(stack, 'aws_kms_key').enable_key_rotation).toBe(true);
      const keyPolicy = String(onlyOf(stack, 'aws_kms_key_policy').policy);
      expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
      // The account id is an interpolation of the key ARN, so the policy is JSON only after Terraform renders it.
      const topicPolicy = String(onlyOf(stack, 'aws_sns_topic_policy').policy);
      expect(topicPolicy).toContain('"Sid":"CloudWatchAlarmsOfThisAccountPublish","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish"');
      expect(topicPolicy).toContain('"Condition":{"StringEquals":{"aws:SourceAccount":"${element(split(\":\", aws_kms_key.monitoring_topic-key_');
      expect(topicPolicy).toContain('"Sid":"DenyPlainHttp","Effect":"Deny"');
    });

    test('THEN the configured e-mail is subscribed', () => {
      expect(onlyOf(stack, 'aws_sns_topic_subscription')).toMatchObject({ protocol: 'email', endpoint: 'oncall@example.com' });
    });

    test('THEN the ALB 5xx alarm is metric math over ELB and target 5xx against the SLO fast-burn ratio', () => {
      const alarm = alarmNamed(stack, 'prod-alb-edge-0-5xx-ratio');
      expect(alarm.threshold).toBe(1.44);
      expect(alarm.comparison_operator).toBe('GreaterThanThreshold');
      const queries = alarm.metric_query!;
      expect(queries.find((q) => q.return_data === true)?.expression).toBe('100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests');
      expect(queries.map((q) => (q.metric as { metric_name?: string } | undefined)?.metric_name).filter(Boolean).sort()).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'RequestCount']);
    });

    test('THEN target response time p95 and p99 alarm at the 100 ms and 250 ms objectives', () => {
      expect(alarmNamed(stack, 'prod-alb-edge-0-latency-p95')).toMatchObject({ extended_statistic: 'p95', threshold: 0.1, metric_name: 'TargetResponseTime' });
      expect(alarmNamed(stack, 'prod-alb-edge-0-latency-p99')).toMatchObject({ extended_statistic: 'p99', threshold: 0.25 });
    });

    test('THEN rejected connections, unhealthy and too few healthy hosts alarm', () => {
      expect(alarmNamed(stack, 'prod-alb-edge-1-rejected-connections')).toMatchObject({ metric_name: 'RejectedConnectionCount', threshold: 0 });
      expect(alarmNamed(stack, 'prod-tg-nginx-0-unhealthy-hosts').dimensions).toEqual({ TargetGroup: 'targetgroup/prod-nginx-0/73e2d6bc24d8a067', LoadBalancer: 'app/prod-edge-0/50dc6c495c0c9188' });
      expect(alarmNamed(stack, 'prod-tg-nginx-0-healthy-hosts-low')).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 6 });
    });

    test('THEN peak LCUs are compared with 90% of the reservation, only where there is one', () => {
      expect(alarmNamed(stack, 'prod-alb-edge-0-lcu-above-reservation')).toMatchObject({ metric_name: 'PeakLCUs', statistic: 'Sum', threshold: 900 });
      expect(alarms(stack).some((a) => a.alarm_name === 'prod-alb-edge-1-lcu-above-reservation')).toBe(false);
    });

    test('THEN the nginx fleet alarms on CPU and on in-service instances below the plan (no data alarms)', () => {
      expect(alarmNamed(stack, 'prod-asg-prod-nginx-cpu')).toMatchObject({ namespace: 'AWS/EC2', threshold: 80 });
      expect(alarmNamed(stack, 'prod-asg-prod-nginx-in-service-low')).toMatchObject({ metric_name: 'GroupInServiceInstances', threshold: 6, treat_missing_data: 'breaching' });
    });

    test('THEN each database gets CPU, memory, storage, connections and latency alarms; replicas also lag', () => {
      expect(alarmNamed(stack, 'prod-rds-prod-db-cpu').threshold).toBe(90);
      expect(alarmNamed(stack, 'prod-rds-prod-db-connections').threshold).toBe(4500);
      expect(alarmNamed(stack, 'prod-rds-prod-db-freeable-memory-low').threshold).toBe(64 * 1024 ** 3);
      expect(alarmNamed(stack, 'prod-rds-prod-db-free-storage-low').threshold).toBe(Math.floor(100 * 1024 ** 3));
      expect(alarmNamed(stack, 'prod-rds-prod-db-write-latency')).toMatchObject({ extended_statistic: 'p90', threshold: 0.02 });
      expect(alarmNamed(stack, 'prod-rds-prod-db-replica-1-replica-lag').threshold).toBe(30);
      expect(alarms(stack).some((a) => a.alarm_name === 'prod-rds-prod-db-replica-lag')).toBe(false);
    });

    test('THEN every cache node is watched by its CacheClusterId', () => {
      const nodes = ['prod-cache-0001-001', 'prod-cache-0001-002', 'prod-cache-0002-001', 'prod-cache-0002-002'];
      const watched = new Set(alarms(stack).filter((a) => a.namespace === 'AWS/ElastiCache').map((a) => a.dimensions!.CacheClusterId));
      expect([...watched].sort()).toEqual(nodes);
      for (const metric of ['EngineCPUUtilization', 'DatabaseMemoryUsagePercentage', 'Evictions', 'CurrConnections', 'ReplicationLag']) {
        expect(alarms(stack).filter((a) => a.metric_name === metric)).toHaveLength(4);
      }
      expect(alarmNamed(stack, 'prod-cache-prod-cache-0001-001-connections').threshold).toBe(52_000);
    });

    test('THEN the EKS node count is held against the plan', () => {
      expect(alarmNamed(stack, 'prod-eks-prod-nodes-below-plan')).toMatchObject({ namespace: 'ContainerInsights', metric_name: 'cluster_node_count', threshold: 12, comparison_operator: 'LessThanThreshold' });
      expect(alarmNamed(stack, 'prod-eks-prod-nodes-at-max')).toMatchObject({ threshold: 60, comparison_operator: 'GreaterThanOrEqualToThreshold' });
    });

    test('THEN every alarm notifies the topic on ALARM and OK and carries tier and severity tags', () => {
      for (const alarm of alarms(stack)) {
        expect(alarm.alarm_actions).toEqual(['${aws_sns_topic.monitoring_topic_631C3BE1.arn}']);
        expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
        expect(Object.keys(alarm.tags as object).sort()).toEqual(['Severity', 'Tier']);
      }
    });

    test('THEN <env>-degraded ORs one composite per tier, and each tier composite ORs exactly its critical alarms', () => {
      const composites = allOf(stack, 'aws_cloudwatch_composite_alarm');
      const top = composites.find((c) => c.alarm_name === 'prod-degraded')!;
      expect(top.alarm_actions).toHaveLength(1);
      const tiers = composites.filter((c) => c !== top);
      expect(tiers.map((c) => c.alarm_name).sort()).toEqual(['prod-degraded-cache', 'prod-degraded-database', 'prod-degraded-edge', 'prod-degraded-eks', 'prod-degraded-network', 'prod-degraded-nginx']);
      expect(tiers.every((c) => c.alarm_actions === undefined)).toBe(true);
      expect(String(top.alarm_rule).split(' OR ')).toHaveLength(6);
      const critical = monitoring.alarms.filter((a) => a.severity === 'critical');
      const named = tiers.flatMap((c) => String(c.alarm_rule).split(' OR '));
      expect(named).toHaveLength(critical.length);
    });

    test('THEN the dashboard has a header and golden-signal widgets for every tier', () => {
      const body = JSON.parse(String(onlyOf(stack, 'aws_cloudwatch_dashboard').dashboard_body)) as { widgets: { type: string; properties: { markdown?: string; title?: string } }[] };
      const headers = body.widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown!.split('\n')[0]);
      expect(headers).toEqual(['## Edge: ALB fleet', '## nginx tier', '## EKS', '## PostgreSQL (RDS)', '## Valkey (ElastiCache)', '## Network: NAT gateways']);
      const titles = body.widgets.filter((w) => w.type === 'metric').map((w) => w.properties.title!);
      for (const signal of ['Latency', 'Traffic', 'Errors', 'Saturation']) expect(titles.filter((t) => t.startsWith(signal)).length).toBeGreaterThanOrEqual(4);
    });
  });

  test('GIVEN nothing to watch THEN only the topic exists: no alarms, composite or dashboard', () => {
    const { stack, monitoring } = synthMonitoring({ name: 'dev', region: 'us-east-1' });
    expect(countOf(stack, 'aws_sns_topic')).toBe(1);
    expect(countOf(stack, 'aws_cloudwatch_metric_alarm')).toBe(0);
    expect(countOf(stack, 'aws_cloudwatch_composite_alarm')).toBe(0);
    expect(monitoring.dashboard).toBeUndefined();
  });

  test('GIVEN more than 100 critical alarms in a tier THEN the tier composite is split', () => {
    const { stack } = synthMonitoring({ name: 'big', region: 'us-east-1', caches: [{ replicationGroupId: 'c', shards: 60, replicasPerShard: 1 }] });
    const names = allOf(stack, 'aws_cloudwatch_composite_alarm').map((c) => c.alarm_name).sort();
    expect(names).toEqual(['big-degraded', 'big-degraded-cache-1', 'big-degraded-cache-2']);
  });

  test('GIVEN a cache without cluster mode THEN members are <id>-001..', () => {
    expect(cacheClusterIds({ replicationGroupId: 'sessions', shards: 1, replicasPerShard: 2, clusterMode: false })).toEqual(['sessions-001', 'sessions-002', 'sessions-003']);
  });

  describe('bad props fail at synth with the prop and the fix', () => {
    const cases: [string, Partial<MonitoringStackProps>, RegExp][] = [
      ['ALB ARN instead of suffix', { loadBalancers: [{ name: 'a', arnSuffix: 'arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/b' }] }, /MonitoringStack \(test\/monitoring\): loadBalancers\[0\]\.arnSuffix = .* is not an ALB ARN suffix\. Fix: pass the arn_suffix attribute of aws_lb/],
      ['bad e-mail', { alarmEmails: ['oncall'] }, /alarmEmails\[0\] = "oncall" is not an e-mail address/],
      ['http subscription', { subscriptions: [{ protocol: 'https' as never, endpoint: 'http://hooks.example.com' }] }, /subscriptions\[0\]\.endpoint = "http:\/\/hooks.example.com" is not an https:\/\/ URL/],
      ['nodes min above max', { eksClusters: [{ name: 'c', expectedNodesMin: 10, expectedNodesMax: 5 }] }, /eksClusters\[0\]\.expectedNodesMin = 10 is greater than expectedNodesMax \(5\)/],
      ['too many replicas', { caches: [{ replicationGroupId: 'c', shards: 1, replicasPerShard: 6 }] }, /caches\[0\]\.replicasPerShard = 6 is out of range \(ElastiCache allows up to 5 replicas per shard\)/],
      ['shards without cluster mode', { caches: [{ replicationGroupId: 'c', shards: 3, replicasPerShard: 1, clusterMode: false }] }, /caches\[0\]\.shards = 3 is not 1 for a replication group without cluster mode/],
      ['availability as percent', { availabilityObjective: 99.9 }, /availabilityObjective = 99.9 is out of range/],
    ];
    test.each(cases)('%s', (_label, props, message) => {
      expect(() => synthMonitoring({ name: 'prod', region: 'us-east-1', ...props })).toThrow(message);
    });
  });
});

test('GIVEN a fixed-size EKS cluster (min = max) THEN there is no at-max alarm, which would always be in ALARM', () => {
  const stack = synthConstructs((scope) => new MonitoringStack(scope, 'monitoring', { name: 'dev', region: 'us-east-1', eksClusters: [{ name: 'dev', expectedNodesMin: 6, expectedNodesMax: 6 }] }));
  const names = allOf(stack, 'aws_cloudwatch_metric_alarm').map((a) => String(a.alarm_name));
  expect(names.sort()).toEqual(['dev-eks-dev-failed-nodes', 'dev-eks-dev-nodes-below-plan']);
});
