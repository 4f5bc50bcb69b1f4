import { Lazy, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchCompositeAlarm } from '@cdktf/provider-aws/lib/cloudwatch-composite-alarm';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { invalid } from '../../lib/errors';
import { Effect, PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { resolveProtection } from '../../lib/protection';
import { runbookLink } from '../../lib/runbooks';
import { AVAILABILITY_OBJECTIVE, LATENCY_P95_OBJECTIVE_SECONDS, LATENCY_P99_OBJECTIVE_SECONDS } from '../../lib/slo';
import { checkArray, checkInteger, checkName, checkNumber, checkOneOf, checkProps, checkString, isUnresolved } from '../../lib/validation';
import { EncryptionKey } from '../encryption-key';
import { AlarmFactory, AlarmSeverity, MonitoredAlarm, Tier } from './alarm-factory';
import { addDistributionAlarms } from './cdn-alarms';
import { addCacheAlarms, addDatabaseAlarms } from './data-alarms';
import { addAutoScalingGroupAlarms, addEksClusterAlarms } from './fleet-alarms';
import { goldenSignalsDashboardBody } from './golden-signals-dashboard';
import { addLoadBalancerAlarms, addTargetGroupAlarms } from './load-balancer-alarms';
import { MonitoringStackProps, SubscriptionProtocol } from './monitoring-stack-props';
import { addNatGatewayAlarms } from './network-alarms';
import { addKafkaAlarms } from './kafka-alarms';
import { DatabaseRole, MonitoringTargets } from './watched-resources';

/** A composite alarm's rule can name at most 100 alarms. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html */
export const COMPOSITE_ALARM_MAX_CHILDREN = 100;
/** ElastiCache allows up to 500 shards and 5 replicas per shard. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html */
const CACHE_SHARDS_MAX = 500;
const CACHE_REPLICAS_MAX = 5;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** CloudFront publishes its metrics in us-east-1 only. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html */
export const CLOUDFRONT_METRICS_REGION = 'us-east-1';

/**
 * CloudWatch alarms and a golden-signals dashboard for every tier of an environment, an
 * encrypted SNS topic they notify, and one composite alarm, `<name>-degraded`, that is in
 * ALARM while any critical alarm is.
 *
 * Every watched resource is optional and described by plain values (names, ARN suffixes,
 * planned counts), so the construct watches any subset of the topology, made here or
 * elsewhere. Thresholds are named constants in thresholds.ts with their sources.
 */
export class MonitoringStack extends Construct {
  public readonly topic: SnsTopic;
  public readonly alarmTopicArn: string;
  public readonly topicKey: EncryptionKey;
  /** Every metric alarm, with its tier and severity. */
  public readonly alarms: readonly MonitoredAlarm[];
  /** `<name>-degraded`: in ALARM while any critical alarm is. Absent when nothing is watched. */
  public readonly degradedAlarm?: CloudwatchCompositeAlarm;
  /** `<name>-degraded-<tier>`: one composite per tier with critical alarms (no actions of their own). */
  public readonly tierAlarms: readonly CloudwatchCompositeAlarm[];
  public readonly dashboard?: CloudwatchDashboard;
  public readonly dashboardName?: string;
  /** EventBridge rules that publish to the alarm topic ({@link notifyOnEvent}). */
  private readonly eventRules: CloudwatchEventRule[] = [];
  private readonly alarmName: string;
  /**
   * The alarm topic in us-east-1 for CloudFront's alarms when the stack's Region is another one
   * (alarms notify topics of their own Region); absent otherwise.
   */
  public readonly cdnTopic?: SnsTopic;
  /** CloudFront alarms kept out of the composites because they live in another Region (see `cdnTopic`). */
  public readonly cdnAlarms: readonly MonitoredAlarm[] = [];

  constructor(scope: Construct, id: string, given: MonitoringStackProps) {
    super(scope, id);
    checkProps(this, given, `{ name: 'prod', alarmEmails, ... }`);
    const props = withWatched(given);
    this.validate(props);
    const protection = resolveProtection(this, props);
    const name = props.name;
    this.alarmName = name;

    this.topicKey =
      props.topicKey ??
      new EncryptionKey(this, 'topic-key', { alias: `${name}-alarms`, description: `Encrypts the alarm topic of ${name}`, protection });
    this.topic = this.alarmTopic('', `${name}-alarms`, this.topicKey, props);
    this.alarmTopicArn = this.topic.arn;

    const factory = new AlarmFactory(this, name, [this.topic.arn]);
    const objectives = {
      availability: props.availabilityObjective ?? AVAILABILITY_OBJECTIVE,
      latencyP95Seconds: props.latencyP95ObjectiveSeconds ?? LATENCY_P95_OBJECTIVE_SECONDS,
      latencyP99Seconds: props.latencyP99ObjectiveSeconds ?? LATENCY_P99_OBJECTIVE_SECONDS,
    };
    addLoadBalancerAlarms(factory, props.loadBalancers ?? [], objectives);
    addTargetGroupAlarms(factory, props.targetGroups ?? []);
    addAutoScalingGroupAlarms(factory, props.autoScalingGroups ?? []);
    addEksClusterAlarms(factory, props.eksClusters ?? []);
    addDatabaseAlarms(factory, props.databases ?? []);
    addCacheAlarms(factory, props.caches ?? []);
    addNatGatewayAlarms(factory, props.natGateways ?? []);
    addKafkaAlarms(factory, props.kafkaClusters ?? []);
    const distributions = props.distributions ?? [];
    if (distributions.length > 0 && props.region === CLOUDFRONT_METRICS_REGION) {
      // The stack's Region is where CloudFront publishes: its alarms join the composites.
      addDistributionAlarms(factory, distributions, objectives.availability);
    } else if (distributions.length > 0) {
      // CloudWatch alarms notify topics of their own Region, and composites name alarms of
      // their own Region only: CloudFront's alarms get a topic in us-east-1 and stay out of
      // <name>-degraded.
      const provider = distributions[0].provider!;
      const key = new EncryptionKey(this, 'cdn-topic-key', { alias: `${name}-cdn-alarms`, description: `Encrypts the CloudFront alarm topic of ${name} (us-east-1)`, protection, provider });
      this.cdnTopic = this.alarmTopic('cdn-', `${name}-cdn-alarms`, key, props, provider);
      const cdnFactory = new AlarmFactory(this, name, [this.cdnTopic.arn], provider);
      addDistributionAlarms(cdnFactory, distributions, objectives.availability);
      this.cdnAlarms = cdnFactory.alarms;
    }
    this.alarms = factory.alarms;

    this.tierAlarms = this.degradedPerTier(name);
    if (this.tierAlarms.length > 0) {
      this.degradedAlarm = new CloudwatchCompositeAlarm(this, 'degraded', {
        alarmName: `${name}-degraded`,
        alarmDescription: `[critical] Environment ${name} is degraded: a critical alarm (SLO, capacity floor or data tier) is in ALARM. Runbook: ${runbookLink('CloudWatch degraded')}`,
        alarmRule: anyInAlarm(this.tierAlarms.map((a) => a.alarmName)),
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
        tags: { Severity: AlarmSeverity.CRITICAL },
      });
    }

    if (this.alarms.length > 0) {
      this.dashboardName = `${name}-golden-signals`;
      this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
        dashboardName: this.dashboardName,
        dashboardBody: goldenSignalsDashboardBody({
          region: props.region,
          loadBalancers: props.loadBalancers ?? [],
          targetGroups: props.targetGroups ?? [],
          autoScalingGroups: props.autoScalingGroups ?? [],
          eksClusters: props.eksClusters ?? [],
          databases: props.databases ?? [],
          caches: props.caches ?? [],
          natGateways: props.natGateways ?? [],
          distributions,
          latencyP95ObjectiveSeconds: objectives.latencyP95Seconds,
        }),
      });
    }
  }

  /** The alarms that watch a service level objective (each ALB's 5xx burn rate and p95 latency). */
  public get sloAlarms(): readonly MonitoredAlarm[] {
    return this.alarms.filter((a) => a.slo);
  }

  /**
   * Publishes the events matching `eventPattern` to the alarm topic, for what CloudWatch has no
   * metric of (an FIS experiment a stop condition ended, a failed backup copy): an EventBridge
   * rule `<name>-<id>`, a target on the topic, the topic policy statement that lets exactly these
   * rules publish, and the key grant EventBridge needs for an encrypted topic
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
   */
  public notifyOnEvent(id: string, options: { readonly description: string; readonly eventPattern: Record<string, unknown> }): CloudwatchEventRule {
    checkName(this, 'notifyOnEvent.id', id, { maxLength: 64 - this.alarmName.length - 1, pattern: /^[a-z0-9-]+$/, charset: 'lower-case letters, digits and hyphens', what: 'EventBridge rule name suffix' });
    checkString(this, 'notifyOnEvent.description', options?.description, true);
    if (typeof options.eventPattern !== 'object' || options.eventPattern === null || !('source' in options.eventPattern)) {
      invalid(this, 'notifyOnEvent.eventPattern', options.eventPattern, 'has no "source"', 'pass an EventBridge pattern such as { source: ["aws.backup"], "detail-type": ["Backup Job State Change"] }');
    }
    if (this.eventRules.length === 0) this.topicKey.grantToService({ servicePrincipal: 'events.amazonaws.com', actions: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    const rule = new CloudwatchEventRule(this, `event-${id}`, {
      name: `${this.alarmName}-${id}`,
      description: options.description,
      eventPattern: JSON.stringify(options.eventPattern),
      tags: { Severity: AlarmSeverity.CRITICAL },
    });
    new CloudwatchEventTarget(this, `event-${id}-target`, { rule: rule.name, arn: this.topic.arn, targetId: 'alarm-topic' });
    this.eventRules.push(rule);
    return rule;
  }

  /** An encrypted SNS topic CloudWatch alarms of this account may publish to, with the subscriptions. */
  private alarmTopic(idPrefix: string, topicName: string, key: EncryptionKey, props: MonitoringStackProps, provider?: TerraformProvider): SnsTopic {
    // CloudWatch publishes to an encrypted topic only if the key lets it generate data keys.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    key.grantToService({ servicePrincipal: 'cloudwatch.amazonaws.com', actions: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    const topic = new SnsTopic(this, `${idPrefix}topic`, { provider, name: topicName, kmsMasterKeyId: key.keyArn, tags: { Name: topicName } });
    const account = key.accountId;
    new SnsTopicPolicy(this, `${idPrefix}topic-policy`, {
      provider,
      arn: topic.arn,
      // Lazy: the statement for the EventBridge rules notifyOnEvent adds after the topic exists.
      policy: Lazy.stringValue({ produce: () => new PolicyDocument([
        new PolicyStatement({
          sid: 'AccountManagesTopic',
          principals: [Principal.accountRoot(key.partition, account)],
          actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
          resources: [topic.arn],
        }),
        new PolicyStatement({
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          principals: [Principal.service('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          conditions: { StringEquals: { 'aws:SourceAccount': account } },
        }),
        new PolicyStatement({
          sid: 'DenyPlainHttp',
          effect: Effect.DENY,
          principals: [Principal.anyone()],
          actions: ['sns:Publish'],
          resources: [topic.arn],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        // Only the rules notifyOnEvent made publish, to the main topic (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions).
        ...(idPrefix === '' && this.eventRules.length > 0
          ? [new PolicyStatement({ sid: 'EventRulesOfThisStackPublish', principals: [Principal.service('events.amazonaws.com')], actions: ['sns:Publish'], resources: [topic.arn], conditions: { ArnEquals: { 'aws:SourceArn': this.eventRules.map((r) => r.arn) } } })]
          : []),
      ]).toJson() }),
    });
    const subscriptions = [
      ...(props.alarmEmails ?? []).map((endpoint) => ({ protocol: SubscriptionProtocol.EMAIL, endpoint })),
      ...(props.subscriptions ?? []),
    ];
    subscriptions.forEach((s, i) => new SnsTopicSubscription(this, `${idPrefix}subscription-${i}`, { provider, topicArn: topic.arn, protocol: s.protocol, endpoint: s.endpoint }));
    return topic;
  }

  /**
   * Critical alarms grouped per tier, in composites of at most 100 (the rule limit); the
   * environment's composite ORs the tier composites. Tier composites take no actions, so a
   * breach notifies once (through `<name>-degraded`) besides the metric alarm itself.
   */
  private degradedPerTier(name: string): CloudwatchCompositeAlarm[] {
    const composites: CloudwatchCompositeAlarm[] = [];
    for (const tier of Object.values(Tier)) {
      const critical = this.alarms.filter((a) => a.tier === tier && a.severity === AlarmSeverity.CRITICAL);
      const chunks = Math.ceil(critical.length / COMPOSITE_ALARM_MAX_CHILDREN);
      for (let k = 0; k < chunks; k++) {
        const members = critical.slice(k * COMPOSITE_ALARM_MAX_CHILDREN, (k + 1) * COMPOSITE_ALARM_MAX_CHILDREN);
        composites.push(
          new CloudwatchCompositeAlarm(this, `degraded-${tier}-${k}`, {
            alarmName: `${name}-degraded-${tier}${chunks > 1 ? `-${k + 1}` : ''}`,
            alarmDescription: `[critical] A critical ${tier} alarm of ${name} is in ALARM. Runbook: ${runbookLink(`CloudWatch ${tier}`)}`,
            alarmRule: anyInAlarm(members.map((a) => a.alarm.alarmName)),
            tags: { Tier: tier, Severity: AlarmSeverity.CRITICAL },
          }),
        );
      }
    }
    if (composites.length > COMPOSITE_ALARM_MAX_CHILDREN) {
      invalid(this, 'props', `${composites.length} tier composites`, `exceed the ${COMPOSITE_ALARM_MAX_CHILDREN} alarms a composite alarm rule may name`, 'split the environment over several MonitoringStacks');
    }
    return composites;
  }

  private validate(props: MonitoringStackProps): void {
    checkName(this, 'name', props.name, { maxLength: 64, pattern: /^[a-zA-Z0-9_-]+$/, charset: 'letters, digits, "-" and "_" (it prefixes SNS topic and dashboard names)', what: 'monitoring name' });
    checkString(this, 'region', props.region, true);
    (props.alarmEmails ?? []).forEach((email, i) => {
      if (!isUnresolved(email) && !EMAIL.test(email)) invalid(this, `alarmEmails[${i}]`, email, 'is not an e-mail address', 'pass addresses such as "oncall@example.com"');
    });
    (props.subscriptions ?? []).forEach((s, i) => {
      checkOneOf(this, `subscriptions[${i}].protocol`, s.protocol, Object.values(SubscriptionProtocol));
      checkString(this, `subscriptions[${i}].endpoint`, s.endpoint, true);
      if (s.protocol === SubscriptionProtocol.HTTPS && !isUnresolved(s.endpoint) && !s.endpoint.startsWith('https://')) {
        invalid(this, `subscriptions[${i}].endpoint`, s.endpoint, 'is not an https:// URL', 'use the HTTPS endpoint of the incident tool');
      }
    });
    checkNumber(this, 'latencyP95ObjectiveSeconds', props.latencyP95ObjectiveSeconds, { min: 0.001, max: 60 });
    checkNumber(this, 'latencyP99ObjectiveSeconds', props.latencyP99ObjectiveSeconds, { min: 0.001, max: 60 });
    checkNumber(this, 'availabilityObjective', props.availabilityObjective, { min: 0.9, max: 0.99999, limit: 'an objective of 90% to 99.999%' });
    (props.loadBalancers ?? []).forEach((lb, i) => {
      checkString(this, `loadBalancers[${i}].arnSuffix`, lb.arnSuffix, true);
      if (!isUnresolved(lb.arnSuffix) && !lb.arnSuffix.startsWith('app/')) {
        invalid(this, `loadBalancers[${i}].arnSuffix`, lb.arnSuffix, 'is not an ALB ARN suffix', 'pass the arn_suffix attribute of aws_lb ("app/<name>/<id>"), not the ARN or name');
      }
      checkInteger(this, `loadBalancers[${i}].reservedLcu`, lb.reservedLcu, { min: 0 });
    });
    (props.targetGroups ?? []).forEach((tg, i) => {
      if (!isUnresolved(tg.arnSuffix) && !tg.arnSuffix.startsWith('targetgroup/')) {
        invalid(this, `targetGroups[${i}].arnSuffix`, tg.arnSuffix, 'is not a target group ARN suffix', 'pass the arn_suffix attribute of aws_lb_target_group ("targetgroup/<name>/<id>")');
      }
      checkInteger(this, `targetGroups[${i}].minHealthyTargets`, tg.minHealthyTargets, { min: 1 });
    });
    (props.autoScalingGroups ?? []).forEach((g, i) => checkInteger(this, `autoScalingGroups[${i}].expectedMin`, g.expectedMin, { min: 1 }));
    (props.eksClusters ?? []).forEach((c, i) => {
      checkInteger(this, `eksClusters[${i}].expectedNodesMin`, c.expectedNodesMin, { min: 1 });
      checkInteger(this, `eksClusters[${i}].expectedNodesMax`, c.expectedNodesMax, { min: 1 });
      if (c.expectedNodesMin > c.expectedNodesMax) {
        invalid(this, `eksClusters[${i}].expectedNodesMin`, c.expectedNodesMin, `is greater than expectedNodesMax (${c.expectedNodesMax})`, 'pass the node groups\' planned minimum and maximum');
      }
    });
    (props.databases ?? []).forEach((db, i) => {
      checkOneOf(this, `databases[${i}].role`, db.role, Object.values(DatabaseRole));
      checkInteger(this, `databases[${i}].maxConnections`, db.maxConnections, { min: 1 });
      checkNumber(this, `databases[${i}].memoryGiB`, db.memoryGiB, { min: 0.5 });
      checkInteger(this, `databases[${i}].allocatedStorageGiB`, db.allocatedStorageGiB, { min: 20, max: 65_536, limit: 'RDS PostgreSQL storage is 20 GiB to 64 TiB' });
    });
    (props.kafkaClusters ?? []).forEach((c, i) => {
      checkName(this, `kafkaClusters[${i}].clusterName`, c.clusterName, { maxLength: 64, pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/, charset: 'letters, digits and hyphens (an MSK cluster name)', what: 'MSK cluster name' });
      checkInteger(this, `kafkaClusters[${i}].brokerCount`, c.brokerCount, { min: 1, max: 60, limit: 'an MSK cluster holds at most 60 brokers' });
    });
    (props.distributions ?? []).forEach((d, i) => {
      checkString(this, `distributions[${i}].distributionId`, d.distributionId, true);
      checkNumber(this, `distributions[${i}].expectedCacheHitRatio`, d.expectedCacheHitRatio, { min: 0, max: 1, limit: 'a hit ratio is between 0 and 1' });
      if (props.region !== CLOUDFRONT_METRICS_REGION && d.provider === undefined) {
        invalid(this, `distributions[${i}].provider`, d.provider, `is missing: CloudFront publishes its metrics in ${CLOUDFRONT_METRICS_REGION} only and this stack's region is ${props.region}`, `pass the stack's AwsProvider alias in ${CLOUDFRONT_METRICS_REGION} as provider`);
      }
    });
    (props.caches ?? []).forEach((c, i) => {
      checkInteger(this, `caches[${i}].shards`, c.shards, { min: 1, max: CACHE_SHARDS_MAX, limit: 'ElastiCache allows up to 500 shards' });
      checkInteger(this, `caches[${i}].replicasPerShard`, c.replicasPerShard, { min: 0, max: CACHE_REPLICAS_MAX, limit: 'ElastiCache allows up to 5 replicas per shard' });
      if (c.clusterMode === false && c.shards !== 1) {
        invalid(this, `caches[${i}].shards`, c.shards, 'is not 1 for a replication group without cluster mode', 'pass shards: 1, or clusterMode: true');
      }
      checkArray(this, `caches[${i}].cacheClusterIds`, c.cacheClusterIds, { minLength: 1 });
    });
  }
}

function anyInAlarm(alarmNames: readonly string[]): string {
  return alarmNames.map((n) => `ALARM("${n}")`).join(' OR ');
}

/** The props with every watched tier's targets appended to the matching lists. */
function withWatched(props: MonitoringStackProps): MonitoringStackProps {
  const tiers = (props.watch ?? []).map((t) => t.monitoringTargets);
  const all = <K extends keyof MonitoringTargets>(key: K, own: readonly NonNullable<MonitoringTargets[K]>[number][] | undefined) => [...(own ?? []), ...tiers.flatMap((t) => (t[key] ?? []) as NonNullable<MonitoringTargets[K]>[number][])];
  return {
    ...props,
    loadBalancers: all('loadBalancers', props.loadBalancers),
    targetGroups: all('targetGroups', props.targetGroups),
    autoScalingGroups: all('autoScalingGroups', props.autoScalingGroups),
    databases: all('databases', props.databases),
    caches: all('caches', props.caches),
    eksClusters: all('eksClusters', props.eksClusters),
    natGateways: all('natGateways', props.natGateways),
    kafkaClusters: all('kafkaClusters', props.kafkaClusters),
    distributions: all('distributions', props.distributions),
  };
}
