import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { MskCluster as MskClusterResource } from '@cdktf/provider-aws/lib/msk-cluster';
import { MskConfiguration } from '@cdktf/provider-aws/lib/msk-configuration';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { accountIdFromArn, partitionFromArn } from '../../lib/aws-arn';
import { brokerTypeOf, KafkaBrokerType, kafkaBrokerSpec, KafkaPlan, MSK_LIMITS, knownKafkaBrokerTypes } from '../../lib/capacity';
import { DEFAULT_RETENTION_HOURS, KAFKA_TOPIC_NAME, KAFKA_TOPIC_NAME_MAX, STORAGE_TARGET_UTILIZATION_PERCENT } from '../../lib/capacity/kafka';
import { invalid } from '../../lib/errors';
import { checkGrantee, IGrantable, PolicyStatement } from '../../lib/iam';
import { cloudWatchLogsKeyGrant } from '../../lib/log-retention';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { resolveProtection } from '../../lib/protection';
import { checkArray, checkInteger, checkName, checkOneOf, checkProps, checkRequiredObject, isUnresolved } from '../../lib/validation';
import { Connections, IConnectable, Port } from '../connections';
import { checkConnectables } from '../connections/connections';
import { EncryptionKey } from '../encryption-key';
import { MonitoringTargets } from '../monitoring-stack';
import { KafkaVersion } from './kafka-version';
import { EnhancedMonitoring, KafkaTopic, MskClusterProps } from './msk-cluster-props';

/** MSK listener ports. https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html */
export const MSK_PORTS = {
  /** SASL/IAM (TLS) inside the VPC. */
  iam: 9098,
  /** Open monitoring: Prometheus JMX exporter. */
  jmxExporter: 11001,
  /** Open monitoring: Prometheus node exporter. */
  nodeExporter: 11002,
} as const;

/** A bootstrap host without its `b-<id>.` prefix and `:<port>` suffix (`[.]`, not a backslash, which a Terraform string literal would read as an escape). */
const BROKER_DOMAIN_OF_HOST = '/^b-[0-9]+[.]|:[0-9]+$/';
/** MSK cluster names: 1 to 64 letters, digits and hyphens, starting with a letter. https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html (clusterName) */
const CLUSTER_NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;
const CLUSTER_NAME_MAX = 64;
/** Auto scaling may grow a volume to 4x its planned size without `maxVolumeSizeGiB` (as the capacity model plans it). */
const DEFAULT_STORAGE_HEADROOM = 4;
/** Consumer group ids in grants: as topic names (they end up in an IAM resource ARN). */
const GROUP_ID = /^[a-zA-Z0-9._-]{1,200}$/;

/**
 * An Amazon MSK (Kafka) cluster in the network's data subnets, brokers spread evenly over its AZs,
 * sized by the capacity model's `plan.kafka` (or explicit props).
 *
 * Express brokers (`express.m7g.*`, managed storage, three AZs) by default where the plan picks
 * them; Standard brokers (`kafka.m7g.*`) get an EBS volume and storage auto scaling (target
 * tracking on KafkaBrokerStorageUtilization, never scaling in). Clients authenticate with IAM only
 * (SASL/IAM on 9098): no password, no unauthenticated or plaintext listener; TLS between clients
 * and brokers and between brokers; data at rest under a customer managed key; broker logs in an
 * encrypted CloudWatch log group; open monitoring (JMX and node exporters) for Prometheus.
 *
 * A custom configuration turns automatic topic creation off and, on Standard brokers, pins
 * `default.replication.factor` 3, `min.insync.replicas` 2 and unclean leader election off, so a
 * topic keeps accepting `acks=all` writes with one AZ lost and never elects an out-of-sync leader.
 * Express brokers fix RF 3 and min.insync.replicas 2 themselves (AWS docs, Express brokers
 * read-only configurations, and Best practices for Express brokers: "replication is always set
 * to 3 and the minimum in-sync replica is always set to 2"; checked 2026-12-02) and reject
 * read-only properties in a configuration, so there only the topic-creation switch is set (a
 * read/write property: Custom MSK Express broker configurations). That Express also fixes
 * unclean leader election off is from public transcriptions, not confirmed on an AWS page here.
 */
export class MskCluster extends Construct implements IConnectable {
  public readonly cluster: MskClusterResource;
  public readonly configuration: MskConfiguration;
  public readonly key: EncryptionKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly clusterName: string;
  public readonly clusterArn: string;
  /** Bootstrap brokers of the IAM listener, `host:9098,...` (TLS, SASL/IAM). */
  public readonly bootstrapBrokersIam: string;
  /**
   * The DNS domain every broker's name shares: broker `<id>` is `b-<id>.<brokerDomain>` (the
   * names MSK's open-monitoring guide scrapes). Read at apply from the first bootstrap host,
   * without its `b-<id>.` prefix and its port.
   */
  public readonly brokerDomain: string;
  public readonly securityGroupId: string;
  /** The brokers' group; the default port is the IAM listener. */
  public readonly connections: Connections;
  public readonly brokerType: KafkaBrokerType;
  public readonly instanceType: string;
  public readonly brokerCount: number;
  public readonly kafkaVersion: KafkaVersion;
  /** Topics the cluster carries (grants may name only these). */
  public readonly topics: readonly KafkaTopic[];
  /** What MonitoringStack watches here. */
  public readonly monitoringTargets: MonitoringTargets;
  private readonly topicNames: ReadonlySet<string>;

  constructor(scope: Construct, id: string, props: MskClusterProps) {
    super(scope, id);
    checkProps(this, props, `{ clusterName: 'prod-events', network, capacity: plan.kafka, clients: [eksCluster] }`);
    checkRequiredObject(this, 'network', props.network, 'pass the Network construct, or Network.fromAttributes({ ... }) for a VPC made elsewhere');
    const v = this.validate(props);
    const { protection, network } = { protection: v.protection, network: props.network };
    const name = props.clusterName;
    this.clusterName = name;
    this.brokerType = v.type;
    this.instanceType = v.instanceType;
    this.brokerCount = v.brokerCount;
    this.kafkaVersion = v.kafkaVersion;
    this.topics = v.topics;
    this.topicNames = new Set(v.topics.map((t) => t.name));

    this.key =
      props.encryptionKey ??
      new EncryptionKey(this, 'key', { alias: `${name}-msk`, description: `Encrypts the Kafka data and broker logs of ${name}`, protection });
    this.key.grantToService(cloudWatchLogsKeyGrant(network.region, this.key.partition, this.key.accountId));

    const sg = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-msk-`,
      description: `MSK ${name}: only the client security groups, on the IAM listener and the exporters`,
      vpcId: network.vpcId,
      tags: { Name: `${name}-msk` },
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = sg.id;
    this.connections = new Connections({ securityGroups: [{ securityGroupId: sg.id, owner: this, name: 'kafka' }], defaultPort: Port.tcp(MSK_PORTS.iam) });
    for (const client of props.clients ?? []) this.connections.allowDefaultPortFrom(client, `Kafka (SASL/IAM, TLS) from ${client.connections.describe()}`);
    for (const scraper of props.monitoringClients ?? []) this.allowMonitoringFrom(scraper);

    this.configuration = new MskConfiguration(this, 'configuration', {
      name,
      description: `Broker settings of ${name}: no automatic topics${v.type === KafkaBrokerType.STANDARD ? ', RF 3, min.insync.replicas 2, no unclean leader election' : ''}`,
      kafkaVersions: [v.kafkaVersion],
      serverProperties: serverProperties(v.type),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'broker-logs', {
      name: `/aws/msk/${name}/broker`,
      retentionInDays: v.logRetentionDays,
      kmsKeyId: this.key.keyArn,
      lifecycle: protection.lifecycle(),
    });

    const standard = v.type === KafkaBrokerType.STANDARD;
    this.cluster = new MskClusterResource(this, 'cluster', {
      clusterName: name,
      kafkaVersion: v.kafkaVersion,
      numberOfBrokerNodes: v.brokerCount,
      brokerNodeGroupInfo: {
        instanceType: v.instanceType,
        // One data subnet per AZ: MSK spreads the brokers evenly over them.
        clientSubnets: network.dataSubnets.map((s) => s.id),
        securityGroups: [sg.id],
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
        ...(standard ? { storageInfo: { ebsStorageInfo: { volumeSize: v.volumeSizeGiB } } } : {}),
      },
      clientAuthentication: { unauthenticated: false, sasl: { iam: true, scram: false } },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: this.key.keyArn,
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      enhancedMonitoring: v.enhancedMonitoring,
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: this.logGroup.name } } },
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      tags: { Name: name },
      // Storage auto scaling raises the volume; Terraform must not shrink it back (MSK cannot).
      lifecycle: protection.lifecycle(standard ? { ignoreChanges: ['broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size'] } : undefined),
    });
    this.clusterArn = this.cluster.arn;
    this.bootstrapBrokersIam = this.cluster.bootstrapBrokersSaslIam;
    this.brokerDomain = Fn.replace(Fn.element(Fn.split(',', this.bootstrapBrokersIam), 0), BROKER_DOMAIN_OF_HOST, '');

    if (standard) {
      const target = new AppautoscalingTarget(this, 'storage-scaling-target', {
        serviceNamespace: 'kafka',
        scalableDimension: 'kafka:broker-storage:VolumeSize',
        resourceId: this.cluster.arn,
        minCapacity: v.volumeSizeGiB!,
        maxCapacity: v.maxVolumeSizeGiB!,
      });
      new AppautoscalingPolicy(this, 'storage-scaling-policy', {
        name: `${name}-broker-storage`,
        policyType: 'TargetTrackingScaling',
        serviceNamespace: target.serviceNamespace,
        resourceId: target.resourceId,
        scalableDimension: target.scalableDimension,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: 'KafkaBrokerStorageUtilization' },
          targetValue: STORAGE_TARGET_UTILIZATION_PERCENT,
          // MSK never shrinks a volume.
          disableScaleIn: true,
        },
      });
    }

    this.monitoringTargets = {
      kafkaClusters: [
        {
          clusterName: name,
          brokerCount: v.brokerCount,
          express: v.type === KafkaBrokerType.EXPRESS,
          consumerGroups: v.topics.flatMap((t) => (t.consumerGroups ?? []).map((g) => ({ group: g.name, topic: t.name }))),
        },
      ],
    };
  }

  /** Admits `scraper` (Prometheus on the EKS nodes) to the brokers' JMX (11001) and node (11002) exporters. */
  public allowMonitoringFrom(scraper: IConnectable): void {
    this.connections.allowFrom(scraper, Port.tcpRange(MSK_PORTS.jmxExporter, MSK_PORTS.nodeExporter), `Kafka open monitoring (JMX and node exporters) from ${scraper.connections.describe()}`);
  }

  /**
   * Lets `grantee` publish to `topics` (idempotent producers, the Kafka client default):
   * `kafka-cluster:Connect`, `WriteDataIdempotently` on the cluster, `DescribeTopic` and `WriteData`
   * on those topics only. https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html
   */
  public grantProduce(grantee: IGrantable, topics: readonly string[]): void {
    checkGrantee(this, 'grantProduce.grantee', grantee);
    this.checkTopics('grantProduce.topics', topics);
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaConnectToProduce', actions: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], resources: [this.clusterArn] }));
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaProduce', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], resources: topics.map((t) => this.resourceArn('topic', t)) }));
  }

  /**
   * Lets `grantee` consume `topics` as consumer group `group`: `kafka-cluster:Connect` on the
   * cluster, `DescribeTopic` and `ReadData` on those topics, `DescribeGroup` and `AlterGroup` on
   * that group only.
   */
  public grantConsume(grantee: IGrantable, topics: readonly string[], group: string): void {
    checkGrantee(this, 'grantConsume.grantee', grantee);
    this.checkTopics('grantConsume.topics', topics);
    checkName(this, 'grantConsume.group', group, { maxLength: 200, pattern: GROUP_ID, charset: 'letters, digits, ".", "_" and "-"', what: 'consumer group id' });
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaConnectToConsume', actions: ['kafka-cluster:Connect'], resources: [this.clusterArn] }));
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaConsume', actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], resources: topics.map((t) => this.resourceArn('topic', t)) }));
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaConsumerGroup', actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], resources: [this.resourceArn('group', group)] }));
  }

  /**
   * Lets `grantee` (the topic Job, KafkaTopics) create and update `topics`: `kafka-cluster:Connect`
   * and `DescribeCluster` on the cluster; `CreateTopic`, `DescribeTopic`, `AlterTopic`,
   * `DescribeTopicDynamicConfiguration` and `AlterTopicDynamicConfiguration` on those topics only.
   * No `DeleteTopic`: the Job never deletes a topic, and its role could not.
   * https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html
   */
  public grantTopicAdmin(grantee: IGrantable, topics: readonly string[]): void {
    checkGrantee(this, 'grantTopicAdmin.grantee', grantee);
    this.checkTopics('grantTopicAdmin.topics', topics);
    grantee.addToPrincipalPolicy(new PolicyStatement({ sid: 'KafkaConnectToAdminTopics', actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], resources: [this.clusterArn] }));
    grantee.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'KafkaAdminTopics',
        actions: ['kafka-cluster:CreateTopic', 'kafka-cluster:DescribeTopic', 'kafka-cluster:AlterTopic', 'kafka-cluster:DescribeTopicDynamicConfiguration', 'kafka-cluster:AlterTopicDynamicConfiguration'],
        resources: topics.map((t) => this.resourceArn('topic', t)),
      }),
    );
  }

  /** `arn:<partition>:kafka:<region>:<account>:<kind>/<cluster-name>/<cluster-uuid>/<name>` (kafka-actions.html, Authorization policy resources). */
  private resourceArn(kind: 'topic' | 'group', name: string): string {
    const arn = this.cluster.arn;
    const region = Fn.element(Fn.split(':', arn), 3);
    return `arn:${partitionFromArn(arn)}:kafka:${region}:${accountIdFromArn(arn)}:${kind}/${this.clusterName}/${this.cluster.clusterUuid}/${name}`;
  }

  private checkTopics(prop: string, topics: readonly string[]): void {
    checkArray(this, prop, topics, { minLength: 1, what: 'topic names' });
    topics.forEach((t, i) => {
      if (!this.topicNames.has(t)) invalid(this, `${prop}[${i}]`, t, `is not a topic of this cluster (${[...this.topicNames].join(', ') || 'none'})`, 'grant only topics listed in the cluster\'s topics (the plan\'s, or the topics prop)');
    });
  }

  private validate(props: MskClusterProps) {
    checkName(this, 'clusterName', props.clusterName, { maxLength: CLUSTER_NAME_MAX, pattern: CLUSTER_NAME, charset: 'letters, digits and hyphens, starting with a letter', what: 'MSK cluster name' });
    const protection = resolveProtection(this, props);
    const azs = props.network.availabilityZones;
    checkPlanSlice(this, 'capacity', props.capacity, { availabilityZones: azs });
    const plan: KafkaPlan | undefined = props.capacity;
    checkArray(this, 'network.dataSubnets', props.network.dataSubnets, { minLength: 2, what: 'data subnets (one per AZ)' });
    checkConnectables(this, 'clients', props.clients);
    checkConnectables(this, 'monitoringClients', props.monitoringClients);

    const instanceType = plannedRequired(this, 'instanceType', props.instanceType, plan?.instanceType, '"express.m7g.large"');
    const type = typeof instanceType === 'string' ? brokerTypeOf(instanceType) : undefined;
    if (type === undefined) invalid(this, 'instanceType', instanceType, 'is not an MSK broker type', `use one of ${knownKafkaBrokerTypes().join(', ')}`);
    const spec = kafkaBrokerSpec(instanceType, this.node.path);
    const azCount = isUnresolved(azs) ? undefined : azs.length;
    if (type === KafkaBrokerType.EXPRESS && azCount !== undefined && azCount !== MSK_LIMITS.expressAzCount.value) {
      invalid(this, 'instanceType', instanceType, `is an Express broker, which needs exactly ${MSK_LIMITS.expressAzCount.value} AZs; the network has ${azCount}`, 'use a Standard size (kafka.m7g.*), or a network over three AZs');
    }

    const brokerCount = plannedRequired(this, 'brokerCount', props.brokerCount, plan?.brokerCount, '3');
    checkInteger(this, 'brokerCount', brokerCount, { min: 1, max: MSK_LIMITS.brokersPerCluster.value, limit: MSK_LIMITS.brokersPerCluster.source });
    if (azCount !== undefined && brokerCount % azCount !== 0) {
      invalid(this, 'brokerCount', brokerCount, `is not a multiple of the network's ${azCount} AZs (MSK spreads brokers evenly over the client subnets)`, `use ${Math.ceil(brokerCount / azCount) * azCount}, or take the plan's count (capacity: plan.kafka)`);
    }
    const rf = MSK_LIMITS.replicationFactor.value;
    if (brokerCount < rf) {
      invalid(this, 'brokerCount', brokerCount, `is below the replication factor ${rf}: every partition needs ${rf} brokers`, `use at least ${rf} brokers (a multiple of the AZ count)`);
    }

    const standard = type === KafkaBrokerType.STANDARD;
    let volumeSizeGiB: number | undefined;
    let maxVolumeSizeGiB: number | undefined;
    const storageLimit = `MSK broker storage is ${MSK_LIMITS.minStorageGiB.value} to ${MSK_LIMITS.maxStorageGiB.value} GiB`;
    if (standard) {
      volumeSizeGiB = plannedRequired(this, 'volumeSizeGiB', props.volumeSizeGiB, plan?.volumeSizeGiB, '1000');
      checkInteger(this, 'volumeSizeGiB', volumeSizeGiB, { min: MSK_LIMITS.minStorageGiB.value, max: MSK_LIMITS.maxStorageGiB.value, limit: storageLimit });
      maxVolumeSizeGiB = planned(this, 'maxVolumeSizeGiB', props.maxVolumeSizeGiB, plan?.maxVolumeSizeGiB) ?? Math.min(MSK_LIMITS.maxStorageGiB.value, volumeSizeGiB * DEFAULT_STORAGE_HEADROOM);
      checkInteger(this, 'maxVolumeSizeGiB', maxVolumeSizeGiB, { min: volumeSizeGiB, max: MSK_LIMITS.maxStorageGiB.value, limit: `from volumeSizeGiB (${volumeSizeGiB}) to ${MSK_LIMITS.maxStorageGiB.value} GiB` });
    } else {
      for (const prop of ['volumeSizeGiB', 'maxVolumeSizeGiB'] as const) {
        if (props[prop] !== undefined) invalid(this, prop, props[prop], 'is set for Express brokers, whose storage MSK manages', `leave ${prop} out, or use a Standard broker size (kafka.m7g.*)`);
      }
    }

    const topics = props.topics ?? plan?.topics ?? [];
    if (props.topics !== undefined && plan !== undefined) {
      invalid(this, 'topics', props.topics.map((t) => t.name), 'is given beside capacity, whose plan holds the topics', 'state the topics in the capacity inputs (capacity.kafka.topics) so the model sizes them, or leave capacity out and size the cluster yourself');
    }
    checkArray(this, 'topics', topics, { what: 'topics' });
    const seen = new Set<string>();
    let replicas = 0;
    topics.forEach((t, i) => {
      const p = `topics[${i}]`;
      checkName(this, `${p}.name`, t.name, { maxLength: KAFKA_TOPIC_NAME_MAX, pattern: KAFKA_TOPIC_NAME, charset: 'letters, digits, ".", "_" and "-" (Kafka topic names)', what: 'Kafka topic name' });
      if (t.name === '.' || t.name === '..') invalid(this, `${p}.name`, t.name, 'is a name Kafka rejects', 'use a name such as "wallet.created"');
      if (seen.has(t.name)) invalid(this, `${p}.name`, t.name, 'is listed twice', 'list each topic once');
      seen.add(t.name);
      checkInteger(this, `${p}.partitions`, t.partitions, { min: 1, max: spec.recommendedPartitions.value * MSK_LIMITS.brokersPerCluster.value });
      const topicRf = t.replicationFactor ?? rf;
      checkInteger(this, `${p}.replicationFactor`, topicRf, { min: 1 });
      if (topicRf > brokerCount) {
        invalid(this, `${p}.replicationFactor`, topicRf, `is above the ${brokerCount} brokers: Kafka cannot place more replicas than brokers`, `use at most ${brokerCount}, or add brokers`);
      }
      if (type === KafkaBrokerType.EXPRESS && topicRf !== rf) {
        invalid(this, `${p}.replicationFactor`, topicRf, `is not ${rf}, which Express brokers fix`, `leave replicationFactor out (${rf})`);
      }
      checkInteger(this, `${p}.retentionHours`, t.retentionHours ?? DEFAULT_RETENTION_HOURS, { min: 1, limit: 'at least one hour' });
      if (t.cleanupPolicy !== undefined) checkOneOf(this, `${p}.cleanupPolicy`, t.cleanupPolicy, ['delete', 'compact']);
      replicas += t.partitions * topicRf;
    });
    const perBroker = replicas / brokerCount;
    if (perBroker > spec.recommendedPartitions.value) {
      invalid(
        this,
        'topics',
        `${replicas} partition replicas`,
        `put ${Math.ceil(perBroker)} replicas on each of ${brokerCount} brokers, above the ${spec.recommendedPartitions.value} AWS recommends for ${instanceType} (${spec.recommendedPartitions.source})`,
        'use fewer partitions, more brokers or a larger instanceType (the capacity model sizes all three: capacity: plan.kafka)',
      );
    }

    const kafkaVersion = props.kafkaVersion ?? (standard ? KafkaVersion.V3_9_X_KRAFT : KafkaVersion.V3_9_X);
    checkOneOf(this, 'kafkaVersion', kafkaVersion, Object.values(KafkaVersion));
    const enhancedMonitoring = props.enhancedMonitoring ?? EnhancedMonitoring.PER_BROKER;
    checkOneOf(this, 'enhancedMonitoring', enhancedMonitoring, Object.values(EnhancedMonitoring));
    const logRetentionDays = protection.logRetention(this, 'logRetentionDays', props.logRetentionDays);
    return { protection, type, instanceType, brokerCount, volumeSizeGiB, maxVolumeSizeGiB, topics: topics as readonly (KafkaTopic & { consumerGroups?: readonly { name: string }[] })[], kafkaVersion, enhancedMonitoring, logRetentionDays };
  }
}

/**
 * The custom configuration's `server.properties`. Express brokers accept only the read/write
 * properties (https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-express-read-write.html);
 * they fix RF 3, min.insync.replicas 2 and unclean leader election off themselves.
 */
export function serverProperties(type: KafkaBrokerType): string {
  const lines = ['auto.create.topics.enable=false'];
  if (type === KafkaBrokerType.STANDARD) {
    lines.push(`default.replication.factor=${MSK_LIMITS.replicationFactor.value}`, `min.insync.replicas=${MSK_LIMITS.minInsyncReplicas.value}`, 'unclean.leader.election.enable=false');
  }
  return `${lines.join('\n')}\n`;
}
