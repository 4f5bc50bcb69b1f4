import { Construct } from 'constructs';
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
import { addCacheAlarms, addDatabaseAlarms } from './data-alarms';
import { addAutoScalingGroupAlarms, addEksClusterAlarms } from './fleet-alarms';
import { goldenSignalsDashboardBody } from './golden-signals-dashboard';
import { addLoadBalancerAlarms, addTargetGroupAlarms } from './load-balancer-alarms';
import { MonitoringStackProps, SubscriptionProtocol } from './monitoring-stack-props';
import { addNatGatewayAlarms } from './network-alarms';
import { DatabaseRole, MonitoringTargets } from './watched-resources';

/** A composite alarm's rule can name at most 100 alarms. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html */
export const COMPOSITE_ALARM_MAX_CHILDREN = 100;
/** ElastiCache allows up to 500 shards and 5 replicas per shard. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html */
const CACHE_SHARDS_MAX = 500;
const CACHE_REPLICAS_MAX = 5;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

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

  constructor(scope: Construct, id: string, given: MonitoringStackProps) {
    super(scope, id);
    checkProps(this, given, `{ name: 'prod', alarmEmails, ... }`);
    const props = withWatched(given);
    this.validate(props);
    const protection = resolveProtection(this, props);
    const name = props.name;

    this.topicKey =
      props.topicKey ??
      new EncryptionKey(this, 'topic-key', { alias: `${name}-alarms`, description: `Encrypts the alarm topic of ${name}`, protection });
    // CloudWatch publishes to an encrypted topic only if the key lets it generate data keys.
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    this.topicKey.grantToService({ servicePrincipal: 'cloudwatch.amazonaws.com', actions: ['kms:Decrypt', 'kms:GenerateDataKey*'] });
    this.topic = new SnsTopic(this, 'topic', { name: `${name}-alarms`, kmsMasterKeyId: this.topicKey.keyArn, tags: { Name: `${name}-alarms` } });
    this.alarmTopicArn = this.topic.arn;
    const account = this.topicKey.accountId;
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: new PolicyDocument([
        new PolicyStatement({
          sid: 'AccountManagesTopic',
          principals: [Principal.accountRoot(this.topicKey.partition, account)],
          actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
          resources: [this.topic.arn],
        }),
        new PolicyStatement({
          sid: 'CloudWatchAlarmsOfThisAccountPublish',
          principals: [Principal.service('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          conditions: { StringEquals: { 'aws:SourceAccount': account } },
        }),
        new PolicyStatement({
          sid: 'DenyPlainHttp',
          effect: Effect.DENY,
          principals: [Principal.anyone()],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]).toJson(),
    });
    const subscriptions = [
      ...(props.alarmEmails ?? []).map((endpoint) => ({ protocol: SubscriptionProtocol.EMAIL, endpoint })),
      ...(props.subscriptions ?? []),
    ];
    subscriptions.forEach((s, i) => new SnsTopicSubscription(this, `subscription-${i}`, { topicArn: this.topic.arn, protocol: s.protocol, endpoint: s.endpoint }));

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
          latencyP95ObjectiveSeconds: objectives.latencyP95Seconds,
        }),
      });
    }
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
  };
}
