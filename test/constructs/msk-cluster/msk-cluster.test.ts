import { TerraformOutput } from 'cdktf';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Connections } from '../../../constructs/connections';
import { MonitoringStack } from '../../../constructs/monitoring-stack';
import { EnhancedMonitoring, KafkaVersion, MskCluster, MskClusterProps } from '../../../constructs/msk-cluster';
import { serverProperties } from '../../../constructs/msk-cluster/msk-cluster';
import { Network } from '../../../constructs/network';
import { CapacityInputs, KafkaBrokerType, KafkaPlan, planCapacity } from '../../../lib/capacity';
import { PolicyDocument, PolicyStatement } from '../../../lib/iam';
import { Protection } from '../../../lib/protection';
import { handCheckedInputs } from '../../lib/capacity/fixtures';
import { allOf, countOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';

const subnet = (az: string, i: number) => ({ id: `subnet-${az.slice(-1)}`, availabilityZone: az, cidr: `10.30.${200 + 4 * i}.0/22` });
const network = (azs: string[]) =>
  Network.fromAttributes({ vpcId: 'vpc-123', vpcCidr: '10.30.0.0/16', region: 'us-east-1', availabilityZones: azs, publicSubnets: [], appSubnets: [], dataSubnets: azs.map(subnet) });
const THREE_AZS = network(['us-east-1a', 'us-east-1b', 'us-east-1c']);
const TWO_AZS = network(['us-east-1a', 'us-east-1b']);

/** The hand-checked environment's plan (12,000 req/s, 3 AZs): 3 x express.m7g.large, the design notes' topics. */
const PLAN: KafkaPlan = planCapacity(handCheckedInputs()).kafka;
const STANDARD_PLAN: KafkaPlan = planCapacity({ ...handCheckedInputs(), azCount: 2, survivesAzLoss: false } as CapacityInputs).kafka;

function synthMsk(props: Partial<MskClusterProps> = {}, then?: (c: MskCluster) => void) {
  let cluster: MskCluster | undefined;
  const stack = synthConstructs((scope) => {
    cluster = new MskCluster(scope, 'events', {
      clusterName: 'prod-events',
      network: THREE_AZS,
      capacity: PLAN,
      protection: Protection.PRODUCTION,
      clients: [Connections.fromSecurityGroupId(scope, 'nodes', 'sg-nodes')],
      ...props,
    });
    then?.(cluster);
  });
  return { stack, cluster: cluster! };
}

/** Grants through `act` and returns the statements as Terraform renders them (in an aws_iam_policy of the same stack). */
function granted(act: (c: MskCluster, g: ReturnType<typeof grantee>) => void) {
  const g = grantee();
  const { stack } = synthMsk({}, (c) => {
    act(c, g);
    new IamPolicy(c, 'granted', { name: 'granted', policy: new PolicyDocument(g.statements).toJson() });
  });
  // The ARNs hold Terraform expressions with quotes (element(split(":", ...))): read them as text.
  const text = onlyOf(stack, 'aws_iam_policy').policy as string;
  const statements = policyOf(text.replace(/\$\{element\(split\(":", aws_msk_cluster\.(\S+?)\.arn\), (\d)\)\}/g, '<arn:$2>')).Statement;
  return { stack, statements };
}

const grantee = () => {
  const statements: PolicyStatement[] = [];
  return { statements, addToPrincipalPolicy: (st: PolicyStatement) => void statements.push(st) };
};

describe('MskCluster', () => {
  describe('GIVEN the plan of a three-AZ production environment (Express)', () => {
    const { stack, cluster } = synthMsk();
    const msk = onlyOf(stack, 'aws_msk_cluster');

    test('THEN it runs the planned Express brokers on Kafka 3.9 over the three data subnets, without EBS storage', () => {
      expect(PLAN.brokerType).toBe(KafkaBrokerType.EXPRESS);
      expect(msk).toMatchObject({ cluster_name: 'prod-events', kafka_version: '3.9.x', number_of_broker_nodes: PLAN.brokerCount });
      const group = msk.broker_node_group_info as Record<string, unknown>;
      expect(group).toMatchObject({ instance_type: PLAN.instanceType, client_subnets: ['subnet-a', 'subnet-b', 'subnet-c'], connectivity_info: { public_access: { type: 'DISABLED' } } });
      expect(group.storage_info).toBeUndefined();
      expect(countOf(stack, 'aws_appautoscaling_target')).toBe(0);
    });

    test('THEN clients authenticate with IAM only, over TLS, and data at rest uses the construct\'s key', () => {
      expect(msk.client_authentication).toEqual({ unauthenticated: false, sasl: { iam: true, scram: false } });
      expect(msk.encryption_info).toEqual({ encryption_at_rest_kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.events_key_[0-9A-F]{8}\.arn\}$/), encryption_in_transit: { client_broker: 'TLS', in_cluster: true } });
      expect(onlyOf(stack, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    });

    test('THEN broker logs go to an encrypted log group kept a year, and both exporters and PER_BROKER metrics are on', () => {
      expect(onlyOf(stack, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/msk/prod-events/broker', retention_in_days: 365, lifecycle: { prevent_destroy: true } });
      expect(msk.logging_info).toEqual({ broker_logs: { cloudwatch_logs: { enabled: true, log_group: expect.stringContaining('aws_cloudwatch_log_group.events_broker-logs') } } });
      expect(msk.open_monitoring).toEqual({ prometheus: { jmx_exporter: { enabled_in_broker: true }, node_exporter: { enabled_in_broker: true } } });
      expect(msk.enhanced_monitoring).toBe('PER_BROKER');
      expect(msk.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('THEN the custom configuration turns topic creation off and sets nothing Express fixes itself', () => {
      const config = onlyOf(stack, 'aws_msk_configuration');
      expect(config).toMatchObject({ name: 'prod-events', kafka_versions: ['3.9.x'], server_properties: 'auto.create.topics.enable=false\n' });
      expect(msk.configuration_info).toEqual({ arn: expect.stringContaining('aws_msk_configuration.events_configuration'), revision: expect.stringContaining('.latest_revision') });
    });

    test('THEN only the client group reaches the IAM listener', () => {
      const ingress = onlyOf(stack, 'aws_vpc_security_group_ingress_rule');
      expect(ingress).toMatchObject({ referenced_security_group_id: 'sg-nodes', from_port: 9098, to_port: 9098, ip_protocol: 'tcp' });
    });

    test('THEN it exposes typed outputs and its monitoring targets', () => {
      const { stack: withOutputs } = synthMsk({}, (c) => {
        new TerraformOutput(c, 'bootstrap', { value: c.bootstrapBrokersIam });
        new TerraformOutput(c, 'arn', { value: c.clusterArn });
        new TerraformOutput(c, 'sg', { value: c.securityGroupId });
      });
      const outputs = Object.values(withOutputs.output ?? {}).map((o) => o.value);
      expect(outputs).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\$\{aws_msk_cluster\.events_cluster_[0-9A-F]{8}\.bootstrap_brokers_sasl_iam\}$/),
        expect.stringMatching(/^\$\{aws_msk_cluster\.events_cluster_[0-9A-F]{8}\.arn\}$/),
        expect.stringMatching(/^\$\{aws_security_group\.events_security-group_[0-9A-F]{8}\.id\}$/),
      ]));
      expect(outputs).toHaveLength(3);
      const [target] = cluster.monitoringTargets.kafkaClusters!;
      expect(target).toMatchObject({ clusterName: 'prod-events', brokerCount: PLAN.brokerCount, express: true });
      expect(target.consumerGroups).toContainEqual({ group: 'fraud-detection', topic: 'transfer.completed' });
    });
  });

  test('GIVEN Standard brokers (two AZs) THEN an EBS volume from the plan, storage auto scaling that never scales in, and the durability settings in the configuration', () => {
    const { stack } = synthMsk({ network: TWO_AZS, capacity: STANDARD_PLAN });
    const msk = onlyOf(stack, 'aws_msk_cluster');
    expect(msk.kafka_version).toBe('3.9.x.kraft');
    expect((msk.broker_node_group_info as Record<string, unknown>).storage_info).toEqual({ ebs_storage_info: { volume_size: STANDARD_PLAN.volumeSizeGiB } });
    expect(msk.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size'] });
    expect(onlyOf(stack, 'aws_appautoscaling_target')).toMatchObject({ service_namespace: 'kafka', scalable_dimension: 'kafka:broker-storage:VolumeSize', min_capacity: STANDARD_PLAN.volumeSizeGiB, max_capacity: STANDARD_PLAN.maxVolumeSizeGiB });
    expect(onlyOf(stack, 'aws_appautoscaling_policy').target_tracking_scaling_policy_configuration).toEqual({
      predefined_metric_specification: { predefined_metric_type: 'KafkaBrokerStorageUtilization' },
      target_value: 60,
      disable_scale_in: true,
    });
    expect(onlyOf(stack, 'aws_msk_configuration').server_properties).toBe(serverProperties(KafkaBrokerType.STANDARD));
    expect(serverProperties(KafkaBrokerType.STANDARD)).toBe('auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false\n');
  });

  test('GIVEN a non-production cluster THEN nothing is kept on destroy and logs are kept 30 days', () => {
    const { stack } = synthMsk({ protection: Protection.NON_PRODUCTION });
    expect(onlyOf(stack, 'aws_msk_cluster').lifecycle).toBeUndefined();
    expect(onlyOf(stack, 'aws_cloudwatch_log_group').retention_in_days).toBe(30);
  });

  test('GIVEN explicit sizes without a plan THEN they are used, with the chosen version and monitoring level', () => {
    const { stack } = synthMsk({ capacity: undefined, instanceType: 'express.m7g.2xlarge', brokerCount: 6, kafkaVersion: KafkaVersion.V3_9_X, enhancedMonitoring: EnhancedMonitoring.PER_TOPIC_PER_BROKER });
    expect(onlyOf(stack, 'aws_msk_cluster')).toMatchObject({ number_of_broker_nodes: 6, enhanced_monitoring: 'PER_TOPIC_PER_BROKER', broker_node_group_info: { instance_type: 'express.m7g.2xlarge' } });
  });

  test('GIVEN a Prometheus scraper THEN it reaches the JMX and node exporters (11001-11002) only', () => {
    const { stack } = synthMsk({ clients: [], monitoringClients: [] }, (c) => c.allowMonitoringFrom(Connections.fromSecurityGroupId(c, 'prom', 'sg-prom')));
    expect(onlyOf(stack, 'aws_vpc_security_group_ingress_rule')).toMatchObject({ referenced_security_group_id: 'sg-prom', from_port: 11001, to_port: 11002 });
  });

  describe('grants', () => {
    test('GIVEN a producer THEN Connect and idempotent writes on the cluster, DescribeTopic and WriteData on its topics only', () => {
      const { statements: json } = granted((c, g) => c.grantProduce(g, ['wallet.created', 'wallet.funded']));
      expect(json[0]).toEqual({ Sid: 'KafkaConnectToProduce', Effect: 'Allow', Action: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], Resource: expect.stringMatching(/^\$\{aws_msk_cluster\.events_cluster_[0-9A-F]{8}\.arn\}$/) });
      expect(json[1]).toMatchObject({ Sid: 'KafkaProduce', Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'] });
      const resources = json[1].Resource as string[];
      expect(resources).toHaveLength(2);
      expect(resources[0]).toMatch(/^arn:<arn:1>:kafka:<arn:3>:<arn:4>:topic\/prod-events\/\$\{aws_msk_cluster\.events_cluster_[0-9A-F]{8}\.cluster_uuid\}\/wallet\.created$/);
      expect(JSON.stringify(json)).not.toMatch(/kafka-cluster:\*|topic\/prod-events\/[^"]*\/\*/);
    });

    test('GIVEN a consumer group THEN ReadData on its topics and Describe/AlterGroup on that group only', () => {
      const { statements: json } = granted((c, g) => c.grantConsume(g, ['transfer.completed'], 'fraud-detection'));
      expect(json.map((s) => s.Sid)).toEqual(['KafkaConnectToConsume', 'KafkaConsume', 'KafkaConsumerGroup']);
      expect(json[1].Action).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
      expect(json[2].Action).toEqual(['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup']);
      expect(json[2].Resource).toMatch(/:group\/prod-events\/\$\{.+cluster_uuid\}\/fraud-detection$/);
    });

    test('GIVEN the topic Job THEN Connect and DescribeCluster on the cluster, the five topic-admin actions on exactly its topics, and no DeleteTopic', () => {
      const topics = PLAN.topics.map((t) => t.name);
      const { statements: json } = granted((c, g) => c.grantTopicAdmin(g, topics));
      expect(json.map((s) => s.Sid)).toEqual(['KafkaConnectToAdminTopics', 'KafkaAdminTopics']);
      expect(json[0]).toMatchObject({ Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], Resource: expect.stringMatching(/^\$\{aws_msk_cluster\.events_cluster_[0-9A-F]{8}\.arn\}$/) });
      expect(json[1].Action).toEqual(['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:AlterTopicDynamicConfiguration']);
      expect((json[1].Resource as string[]).map((r) => r.split('/').pop())).toEqual(topics);
      expect(JSON.stringify(json)).not.toMatch(/DeleteTopic|kafka-cluster:\*|\/\*"/);
    });

    test.each<[string, (c: MskCluster) => void, RegExp]>([
      ['a topic the cluster does not carry', (c) => c.grantProduce(grantee(), ['orders']), /grantProduce\.topics\[0\] = "orders" is not a topic of this cluster \(wallet\.created, .*Fix: grant only topics listed/],
      ['a wildcard topic', (c) => c.grantConsume(grantee(), ['*'], 'g'), /grantConsume\.topics\[0\] = "\*" is not a topic of this cluster/],
      ['no topics', (c) => c.grantProduce(grantee(), []), /grantProduce\.topics = \[\]/],
      ['a wildcard group', (c) => c.grantConsume(grantee(), ['wallet.created'], '*'), /grantConsume\.group = "\*" is not a valid consumer group id/],
      ['the topic Job on a topic the cluster does not carry', (c) => c.grantTopicAdmin(grantee(), ['wallet.created', 'orders']), /grantTopicAdmin\.topics\[1\] = "orders" is not a topic of this cluster/],
      ['a role ARN instead of a grantee', (c) => c.grantProduce('arn:aws:iam::123456789012:role/x' as never, ['wallet.created']), /grantProduce\.grantee = "arn:aws:iam::123456789012:role\/x" is not a grantee/],
    ])('GIVEN %s THEN synth fails naming it', (_, act, message) => {
      expect(() => synthMsk({}, act)).toThrow(message);
    });
  });

  describe('bad input is a ValidationError naming the construct, the prop and the fix', () => {
    const topics = (partitions: number, replicationFactor?: number) => [{ name: 'orders', partitions, ...(replicationFactor !== undefined ? { replicationFactor } : {}) }];
    const explicit = (p: Partial<MskClusterProps>) => ({ capacity: undefined, instanceType: 'express.m7g.large', brokerCount: 3, ...p });

    test.each<[string, Partial<MskClusterProps>, RegExp]>([
      ['4 brokers over 3 AZs', explicit({ brokerCount: 4 }), /MskCluster \(test\/events\): brokerCount = 4 is not a multiple of the network's 3 AZs.*Fix: use 6/],
      ['5 brokers over 3 AZs', explicit({ brokerCount: 5 }), /brokerCount = 5 is not a multiple of the network's 3 AZs/],
      ['3 Standard brokers over 2 AZs', explicit({ network: TWO_AZS, instanceType: 'kafka.m7g.large', brokerCount: 3, volumeSizeGiB: 100 }), /brokerCount = 3 is not a multiple of the network's 2 AZs.*Fix: use 4/],
      ['a fractional broker count', explicit({ brokerCount: 4.5 }), /brokerCount = 4.5 is not a whole number/],
    ])('broker count not a multiple of the AZ count: %s', (_, props, message) => expect(() => synthMsk(props)).toThrow(message));

    test.each<[string, Partial<MskClusterProps>, RegExp]>([
      ['RF 4 on 3 brokers', explicit({ topics: topics(3, 4) }), /topics\[0\]\.replicationFactor = 4 is above the 3 brokers.*Fix: use at most 3/],
      ['RF 7 on 6 brokers', explicit({ brokerCount: 6, topics: topics(6, 7) }), /replicationFactor = 7 is above the 6 brokers/],
      ['2 brokers (below RF 3)', explicit({ network: TWO_AZS, instanceType: 'kafka.m7g.large', brokerCount: 2, volumeSizeGiB: 100 }), /brokerCount = 2 is below the replication factor 3/],
      ['RF 2 on Express', explicit({ topics: topics(3, 2) }), /replicationFactor = 2 is not 3, which Express brokers fix/],
    ])('replication factor above the broker count: %s', (_, props, message) => expect(() => synthMsk(props)).toThrow(message));

    test.each<[string, Partial<MskClusterProps>, RegExp]>([
      ['1,001 partitions x RF 3 on 3 express.m7g.large', explicit({ topics: topics(1_001) }), /topics = "3003 partition replicas" put 1001 replicas on each of 3 brokers, above the 1000 AWS recommends for express\.m7g\.large/],
      ['2,100 partitions on 6 brokers', explicit({ brokerCount: 6, topics: topics(2_100) }), /put 1050 replicas on each of 6 brokers/],
      ['zero partitions', explicit({ topics: topics(0) }), /topics\[0\]\.partitions = 0 is out of range/],
    ])('partition count over the broker type\'s limit: %s', (_, props, message) => expect(() => synthMsk(props)).toThrow(message));

    test.each<[string, string, RegExp]>([
      ['a space', 'wallet created', /topics\[0\]\.name = "wallet created" is not a valid Kafka topic name/],
      ['a colon', 'wallet:created', /is not a valid Kafka topic name/],
      ['"."', '.', /topics\[0\]\.name = "." is a name Kafka rejects/],
      ['250 characters', 'x'.repeat(250), /is 250 characters long; a Kafka topic name is limited to 249/],
    ])('a topic name Kafka rejects: %s', (_, name, message) => expect(() => synthMsk(explicit({ topics: [{ name, partitions: 3 }] }))).toThrow(message));

    test.each<[string, number, RegExp]>([
      ['-1 hours', -1, /topics\[0\]\.retentionHours = -1 is out of range \(at least one hour\)/],
      ['0 hours', 0, /retentionHours = 0 is out of range/],
      ['1.5 hours', 1.5, /retentionHours = 1.5 is not a whole number/],
    ])('retention below zero: %s', (_, retentionHours, message) => expect(() => synthMsk(explicit({ topics: [{ name: 'orders', partitions: 3, retentionHours }] }))).toThrow(message));

    test.each<[string, Partial<MskClusterProps>, RegExp]>([
      ['Express over two AZs', explicit({ network: TWO_AZS, brokerCount: 4 }), /instanceType = "express\.m7g\.large" is an Express broker, which needs exactly 3 AZs; the network has 2/],
      ['an EC2 instance type', explicit({ instanceType: 'm7g.large' }), /instanceType = "m7g\.large" is not an MSK broker type/],
      ['a volume on Express', explicit({ volumeSizeGiB: 100 }), /volumeSizeGiB = 100 is set for Express brokers, whose storage MSK manages/],
      ['a Standard broker without a volume', explicit({ instanceType: 'kafka.m7g.large' }), /volumeSizeGiB = undefined is required without capacity/],
      ['a 20 TiB volume', explicit({ instanceType: 'kafka.m7g.large', volumeSizeGiB: 20_000 }), /volumeSizeGiB = 20000 is out of range \(MSK broker storage is 1 to 16384 GiB\)/],
      ['an explicit count contradicting the plan', { brokerCount: 6 }, /brokerCount = 6 contradicts the capacity plan \(capacity gives 3\)/],
      ['topics beside the plan', { topics: topics(3) }, /topics = \["orders"\] is given beside capacity/],
      ['a plan for two AZs on three', { capacity: STANDARD_PLAN }, /capacity\.azCount = 2 does not match the 3 AZs/],
      ['a cluster name with an underscore', { clusterName: 'prod_events' }, /clusterName = "prod_events" is not a valid MSK cluster name/],
    ])('other bad input: %s', (_, props, message) => expect(() => synthMsk(props)).toThrow(message));
  });

  test('GIVEN MonitoringStack watching it THEN CPU per broker, offline partitions and consumer lag alarms; Standard adds controller, under-replication and disk', () => {
    const stack = synthConstructs((scope) => {
      const express = new MskCluster(scope, 'events', { clusterName: 'prod-events', network: THREE_AZS, capacity: PLAN, protection: Protection.PRODUCTION });
      const standard = new MskCluster(scope, 'std', { clusterName: 'dev-events', network: TWO_AZS, capacity: STANDARD_PLAN, protection: Protection.PRODUCTION });
      new MonitoringStack(scope, 'monitoring', { name: 'prod', region: 'us-east-1', watch: [express, standard] });
    });
    const names = allOf(stack, 'aws_cloudwatch_metric_alarm').map((a) => a.alarm_name as string);
    const express = names.filter((n) => n.startsWith('prod-kafka-prod-events-'));
    const lagAlarms = PLAN.topics.reduce((s, t) => s + t.consumerGroups.length, 0);
    expect(express).toHaveLength(1 + PLAN.brokerCount + lagAlarms);
    expect(express).toContain('prod-kafka-prod-events-offline-partitions');
    expect(express).toContain('prod-kafka-prod-events-lag-fraud-detection-transfer.completed');
    expect(express.some((n) => /active-controller|under-replicated|disk/.test(n))).toBe(false);
    const standard = names.filter((n) => n.startsWith('prod-kafka-dev-events-'));
    expect(standard).toEqual(expect.arrayContaining(['prod-kafka-dev-events-active-controller', 'prod-kafka-dev-events-broker-4-disk', 'prod-kafka-dev-events-broker-1-under-replicated']));
    const cpu = allOf(stack, 'aws_cloudwatch_metric_alarm').find((a) => a.alarm_name === 'prod-kafka-prod-events-broker-1-cpu')!;
    expect(cpu).toMatchObject({ threshold: 60, comparison_operator: 'GreaterThanThreshold' });
    expect((cpu.metric_query as { expression?: string }[])[0].expression).toBe('user + system');
    expect(allOf(stack, 'aws_cloudwatch_composite_alarm').map((a) => a.alarm_name)).toEqual(expect.arrayContaining(['prod-degraded', 'prod-degraded-kafka']));
  });
});
