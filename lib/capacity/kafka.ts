import { invalid } from '../errors';
import { checkArray, checkInteger, checkName, checkNumber, checkOneOf } from '../validation';
import { brokerTypeOf, KafkaBrokerType, kafkaBrokerSizes, kafkaBrokerSpec, MSK_LIMITS } from './kafka-catalog';
import type { CapacityInputs } from './inputs';
import type { KafkaPlan, KafkaTopicPlan, TierReport } from './plan';
import { PLACEHOLDER, Sourced, sourced } from './sourced';
import { ceilClean, floorClean, fmt } from './spread';

/** How Kafka removes old records of a topic (`cleanup.policy`). https://kafka.apache.org/documentation/#topicconfigs_cleanup.policy */
export enum TopicCleanupPolicy {
  DELETE = 'delete',
  COMPACT = 'compact',
}

/** A consumer group reading a topic. */
export interface KafkaConsumerGroupInput {
  /** Kafka `group.id`; also names its dead-letter topic `<name>.dlq`. */
  readonly name: string;
  /**
   * The environment's service whose pods consume as this group: its Pod Identity role is granted
   * the topic and the group. Groups of workloads outside the environment (analytics, audit) still
   * count in the egress and get their grant where they run.
   * @default - no service of this environment
   */
  readonly service?: string;
}

/** One event stream: who writes it, who reads it, and what it costs the brokers. */
export interface KafkaTopicInput {
  /** Kafka topic name: letters, digits, `.`, `_` and `-`, at most 249 characters. */
  readonly name: string;
  /** Events published to this topic per write request (a share: 0.6 when 60% of writes complete a transfer), with its source. */
  readonly eventsPerWrite: Sourced<number>;
  /** Average serialized event size including key and headers, bytes, with its source. */
  readonly bytesPerEvent: Sourced<number>;
  /** Services of the environment that publish to the topic (granted write). */
  readonly producers: readonly string[];
  /** Consumer groups reading the topic: each reads every event once (egress fan-out). */
  readonly consumerGroups: readonly KafkaConsumerGroupInput[];
  /** Hours Kafka keeps records (`retention.ms`). @default 168 (Kafka's default log.retention.hours) */
  readonly retentionHours?: number;
  /** @default TopicCleanupPolicy.DELETE */
  readonly cleanupPolicy?: TopicCleanupPolicy;
  /** Never fewer partitions than this (consumer parallelism: at most one consumer per partition per group). @default - the broker count */
  readonly minPartitions?: number;
}

/** The event backbone's inputs: `EnvironmentCapacity.kafka`. */
export interface KafkaCapacityInput {
  /**
   * Express (managed storage, published quotas; 3 AZs only) or Standard (EBS with storage auto
   * scaling) brokers.
   * @default - KafkaBrokerType.EXPRESS with three AZs, else KafkaBrokerType.STANDARD
   */
  readonly brokerType?: KafkaBrokerType;
  /**
   * Broker instance type (`express.m7g.xlarge`, `kafka.m7g.large`).
   * @default - the smallest size of the broker type with at most 3 brokers per AZ (or the largest)
   */
  readonly brokerSize?: string;
  /** The event streams. @default DESIGN_NOTES_TOPICS */
  readonly topics?: readonly KafkaTopicInput[];
}

/** Kafka's default log retention, hours (`log.retention.hours`). https://kafka.apache.org/documentation/#brokerconfigs_log.retention.hours */
export const DEFAULT_RETENTION_HOURS = 168;
/** Longest retention the model sizes storage for: a year. Longer-lived events belong in an archive (S3), not on brokers. */
export const MAX_RETENTION_HOURS = 8_760;
/**
 * Default ceiling of brokers per AZ when the model picks the size: past it, the next size up
 * (MSK prices Express sizes linearly in their throughput, so fewer larger brokers cost the same and
 * make fewer moving parts; a project choice).
 */
export const MAX_DEFAULT_BROKERS_PER_AZ = 3;
/** Kafka topic names: https://github.com/apache/kafka/blob/trunk/clients/src/main/java/org/apache/kafka/common/internals/Topic.java (legal chars, max 249, not "." or "..") */
export const KAFKA_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
export const KAFKA_TOPIC_NAME_MAX = 249;
/** Consumer group ids: the model takes the same characters as topic names (they name the group's IAM resource and its dead-letter topic). */
const GROUP_NAME_MAX = 200;
/** Most partitions a topic may ask for as its minimum. */
const MAX_MIN_PARTITIONS = 10_000;
/** Standard broker volumes run at this share of their size; storage auto scaling holds it (target tracking on KafkaBrokerStorageUtilization). */
export const STORAGE_TARGET_UTILIZATION_PERCENT = 60;
/** The smallest volume a Standard broker starts with, GiB: room for its logs and a burst before auto scaling reacts (it acts at most every 6 hours). */
const MIN_VOLUME_GIB = 100;
/** Storage auto scaling may grow a volume to this multiple of its planned size (capped at the MSK maximum). */
const STORAGE_AUTOSCALING_HEADROOM = 4;
const MB = 1e6;
const GIB = 1024 ** 3;
const SECONDS_PER_HOUR = 3_600;
const PERCENT = 100;

const EVENT_SIZE_SOURCE = `${PLACEHOLDER}: a JSON event of the wallet API (ids, amount, currency, timestamps, trace headers) planned at 1 KiB; replace with the producers' measured record-size-avg`;
const eventShare = (what: string) => `${PLACEHOLDER}: design notes (Phase 3 Kafka integration) name the event; share of writes that ${what} is a planning figure until the services publish metrics`;

/**
 * The design notes' events (Phase 3: wallet created and funded, transfer completed, suspicious
 * activity) with their consumers (fraud detection, notifications, analytics, audit logging). The
 * transaction service publishes them; the user service keeps its wallet view from the wallet events.
 * Every consumer group gets a dead-letter topic `<group>.dlq` from the model.
 */
export const DESIGN_NOTES_TOPICS: readonly KafkaTopicInput[] = [
  {
    name: 'wallet.created',
    eventsPerWrite: sourced(0.05, eventShare('create a wallet')),
    bytesPerEvent: sourced(1_024, EVENT_SIZE_SOURCE),
    producers: ['transaction-service'],
    consumerGroups: [{ name: 'user-service-wallets', service: 'user-service' }, { name: 'notifications' }, { name: 'analytics' }, { name: 'audit-log' }],
  },
  {
    name: 'wallet.funded',
    eventsPerWrite: sourced(0.3, eventShare('fund a wallet')),
    bytesPerEvent: sourced(1_024, EVENT_SIZE_SOURCE),
    producers: ['transaction-service'],
    consumerGroups: [{ name: 'user-service-wallets', service: 'user-service' }, { name: 'fraud-detection' }, { name: 'notifications' }, { name: 'analytics' }, { name: 'audit-log' }],
  },
  {
    name: 'transfer.completed',
    eventsPerWrite: sourced(0.6, eventShare('complete a transfer')),
    bytesPerEvent: sourced(1_024, EVENT_SIZE_SOURCE),
    producers: ['transaction-service'],
    consumerGroups: [{ name: 'fraud-detection' }, { name: 'notifications' }, { name: 'analytics' }, { name: 'audit-log' }],
  },
  {
    name: 'suspicious.activity',
    eventsPerWrite: sourced(0.01, eventShare('are flagged as suspicious')),
    bytesPerEvent: sourced(1_024, EVENT_SIZE_SOURCE),
    producers: ['transaction-service'],
    consumerGroups: [{ name: 'notifications' }, { name: 'audit-log' }],
    retentionHours: 720,
  },
];

/**
 * The topics an environment gets without `kafka.topics`: {@link DESIGN_NOTES_TOPICS}, with the
 * producers and consuming services the environment does not run left out (their groups still
 * count in the egress), so any set of services plans.
 */
export function defaultTopics(services: readonly string[]): KafkaTopicInput[] {
  return DESIGN_NOTES_TOPICS.map((t) => ({
    ...t,
    producers: t.producers.filter((p) => services.includes(p)),
    consumerGroups: t.consumerGroups.map((g) => (g.service !== undefined && services.includes(g.service) ? g : { name: g.name })),
  }));
}

/** Dead-letter topics carry only events their group failed to process: sized at the minimum partitions, same retention as the longest source. */
export function deadLetterTopicName(group: string): string {
  return `${group}.dlq`;
}

/** Checks `capacity.kafka` of an environment against its services and AZs. */
export function validateKafkaInput(where: string, input: KafkaCapacityInput | undefined, azCount: number, services: readonly string[]): void {
  if (input === undefined) return;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) invalid(where, 'kafka', input, 'is not an object', 'pass { brokerType, brokerSize, topics } or omit kafka for the design notes\' events');
  const w = `${where} kafka`;
  if (input.brokerType !== undefined) checkOneOf(w, 'brokerType', input.brokerType, Object.values(KafkaBrokerType));
  const type = resolveBrokerType(input, azCount);
  if (type === KafkaBrokerType.EXPRESS && azCount !== MSK_LIMITS.expressAzCount.value) {
    invalid(w, 'brokerType', type, `needs exactly ${MSK_LIMITS.expressAzCount.value} AZs; this environment has ${azCount} (${MSK_LIMITS.expressAzCount.source})`, 'use brokerType: "standard", or three availabilityZones');
  }
  if (input.brokerSize !== undefined) {
    kafkaBrokerSpec(input.brokerSize, w);
    if (brokerTypeOf(input.brokerSize) !== type) {
      invalid(w, 'brokerSize', input.brokerSize, `is not ${type === KafkaBrokerType.EXPRESS ? 'an' : 'a'} ${type} broker size`, `use one of ${kafkaBrokerSizes(type).join(', ')}, or set brokerType to match`);
    }
  }
  if (input.topics === undefined) return;
  checkArray(w, 'topics', input.topics, { minLength: 1, what: 'topics' });
  const names = new Set<string>();
  input.topics.forEach((t, i) => {
    const s = `${w} topics[${i}]`;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) invalid(s, 'topic', t, 'is not an object', 'pass { name, eventsPerWrite, bytesPerEvent, producers, consumerGroups }');
    checkTopicName(s, 'name', t.name);
    if (names.has(t.name)) invalid(s, 'name', t.name, 'is listed twice', 'give each topic a unique name');
    names.add(t.name);
    if (t.name.endsWith('.dlq')) invalid(s, 'name', t.name, 'ends in ".dlq", which the model reserves for the consumer groups\' dead-letter topics', 'rename the topic');
    figure(s, 'eventsPerWrite', t.eventsPerWrite, { min: 0, max: 1_000 });
    figure(s, 'bytesPerEvent', t.bytesPerEvent, { min: 1, max: 8 * 1024 * 1024, limit: 'a Kafka record up to 8 MiB (MSK max.message.bytes ceiling)' });
    checkInteger(s, 'retentionHours', t.retentionHours, { min: 1, max: MAX_RETENTION_HOURS, limit: `1 hour to a year (${MAX_RETENTION_HOURS} hours); keep older events in an archive` });
    if (t.cleanupPolicy !== undefined) checkOneOf(s, 'cleanupPolicy', t.cleanupPolicy, Object.values(TopicCleanupPolicy));
    checkInteger(s, 'minPartitions', t.minPartitions, { min: 1, max: MAX_MIN_PARTITIONS });
    if (t.producers === undefined) invalid(s, 'producers', t.producers, 'is required', 'list the services of this environment that publish to the topic ([] for none)');
    checkArray(s, 'producers', t.producers, { what: 'service names' });
    t.producers.forEach((p, k) => {
      if (!services.includes(p)) invalid(s, `producers[${k}]`, p, `is not a service of this environment (${services.join(', ')})`, 'name a service from the environment\'s services');
    });
    if (t.consumerGroups === undefined) invalid(s, 'consumerGroups', t.consumerGroups, 'is required', 'list the consumer groups reading the topic ([] for none)');
    checkArray(s, 'consumerGroups', t.consumerGroups, { what: 'consumer groups' });
    const groups = new Set<string>();
    t.consumerGroups.forEach((g, k) => {
      const gs = `${s} consumerGroups[${k}]`;
      if (typeof g !== 'object' || g === null || Array.isArray(g)) invalid(gs, 'group', g, 'is not an object', 'pass { name, service? }');
      if (g.name === undefined) invalid(gs, 'name', g.name, 'is required', 'pass the group id (Kafka group.id), e.g. "fraud-detection"');
      checkName(gs, 'name', g.name, { maxLength: GROUP_NAME_MAX, pattern: /^[a-zA-Z0-9._-]+$/, charset: 'letters, digits, ".", "_" and "-"', what: 'consumer group id' });
      if (groups.has(g.name)) invalid(gs, 'name', g.name, 'reads this topic twice', 'list each consumer group once per topic');
      groups.add(g.name);
      if (g.service !== undefined && !services.includes(g.service)) invalid(gs, 'service', g.service, `is not a service of this environment (${services.join(', ')})`, 'name a service of the environment, or leave service out for a consumer that runs elsewhere');
    });
  });
}

function checkTopicName(where: string, prop: string, name: unknown): void {
  if (name === undefined) invalid(where, prop, name, 'is required', 'name the topic, e.g. "wallet.created"');
  checkName(where, prop, name, { maxLength: KAFKA_TOPIC_NAME_MAX, pattern: KAFKA_TOPIC_NAME, charset: 'letters, digits, ".", "_" and "-" (Kafka topic names)', what: 'Kafka topic name' });
  if (name === '.' || name === '..') invalid(where, prop, name, 'is a name Kafka rejects', 'use a name such as "wallet.created"');
}

function figure(where: string, prop: string, f: Sourced<number> | undefined, rule: { min: number; max: number; limit?: string }): void {
  if (!f || typeof f !== 'object') invalid(where, prop, f, 'is not a sourced figure', 'pass { value, source }');
  checkNumber(where, `${prop}.value`, f.value, rule);
  if (typeof f.source !== 'string' || f.source.trim().length === 0) invalid(where, `${prop}.source`, f.source, 'is empty: every per-unit figure names its source', "name an AWS document, a published benchmark, or 'this repo: <measurement>'");
}

function resolveBrokerType(input: KafkaCapacityInput | undefined, azCount: number): KafkaBrokerType {
  if (input?.brokerType) return input.brokerType;
  if (input?.brokerSize) return brokerTypeOf(input.brokerSize) ?? KafkaBrokerType.STANDARD;
  return azCount === MSK_LIMITS.expressAzCount.value ? KafkaBrokerType.EXPRESS : KafkaBrokerType.STANDARD;
}

function roundUpTo(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

interface Load {
  readonly ingressMBps: number;
  readonly egressMBps: number;
  readonly topics: readonly { input: KafkaTopicInput; eventsPerSecond: number; ingressMBps: number; egressMBps: number; deadLetterFor?: string }[];
}

function loadOf(inputs: CapacityInputs, topics: readonly KafkaTopicInput[]): Load {
  const writes = inputs.targetRps * inputs.requestMix.writeShare;
  const rows = topics.map((t) => {
    const eventsPerSecond = writes * t.eventsPerWrite.value;
    const ingressMBps = (eventsPerSecond * t.bytesPerEvent.value) / MB;
    return { input: t, eventsPerSecond, ingressMBps, egressMBps: ingressMBps * t.consumerGroups.length };
  });
  // One dead-letter topic per consumer group, written by the group's service (when it is one of the environment's).
  const groups = new Map<string, { service?: string; retention: number; bytes: Sourced<number> }>();
  for (const t of topics) {
    for (const g of t.consumerGroups) {
      const retention = Math.max(groups.get(g.name)?.retention ?? 0, t.retentionHours ?? DEFAULT_RETENTION_HOURS);
      groups.set(g.name, { service: g.service ?? groups.get(g.name)?.service, retention, bytes: t.bytesPerEvent });
    }
  }
  const dlqs = [...groups.entries()].map(([group, g]) => ({
    input: {
      name: deadLetterTopicName(group),
      eventsPerWrite: sourced(0, 'dead-letter topic: carries only the events its group failed to process'),
      bytesPerEvent: g.bytes,
      producers: g.service ? [g.service] : [],
      consumerGroups: [],
      retentionHours: g.retention,
    } as KafkaTopicInput,
    eventsPerSecond: 0,
    ingressMBps: 0,
    egressMBps: 0,
    deadLetterFor: group,
  }));
  const all = [...rows, ...dlqs];
  return { ingressMBps: rows.reduce((s, r) => s + r.ingressMBps, 0), egressMBps: rows.reduce((s, r) => s + r.egressMBps, 0), topics: all };
}

/**
 * Kafka on MSK. Events/s per topic = target x write share x events per write; ingress = events x
 * bytes; egress = ingress x consumer groups. Brokers cover ingress and egress at the target
 * utilisation of the broker's sustained per-broker figure and the partitions (with replicas) at
 * the recommended count per broker, with the AZ-loss rule: the surviving AZs' brokers carry it
 * all. Brokers per AZ equal, at least ceil(RF / AZs) so every partition has RF replicas in
 * distinct AZs where possible. Partitions per topic cover its throughput at the per-partition
 * figure and are a multiple of the broker count (even leadership). Standard brokers also get
 * storage for the retention x RF at the storage target.
 */
export function planKafka(inputs: CapacityInputs, where: string): { plan: KafkaPlan; tier: TierReport } {
  const w = `${where} kafka`;
  const k = inputs.kafka ?? {};
  const az = inputs.azCount;
  const u = inputs.targetUtilization;
  const rf = MSK_LIMITS.replicationFactor.value;
  const type = resolveBrokerType(k, az);
  const topics = k.topics ?? defaultTopics(inputs.services.map((s) => s.name));
  const load = loadOf(inputs, topics);
  const carryingAzs = inputs.survivesAzLoss ? az - 1 : az;
  const minPerAz = Math.ceil(rf / az);
  const perPartition = type === KafkaBrokerType.EXPRESS ? MSK_LIMITS.expressPartitionMBps : MSK_LIMITS.standardPartitionMBps;

  const size = (instanceType: string) => {
    const spec = kafkaBrokerSpec(instanceType, w);
    const byIngress = load.ingressMBps / u / spec.ingressMBps.value;
    const byEgress = load.egressMBps / u / spec.egressMBps.value;
    const throughputPerAz = ceilClean(Math.max(byIngress, byEgress) / carryingAzs);
    let perAz = Math.max(minPerAz, throughputPerAz);
    // Partitions depend on the broker count (a multiple of it); raise brokers until the replicas fit the recommendation.
    for (;;) {
      const brokers = perAz * az;
      const partitions = load.topics.map((t) => roundUpTo(Math.max(t.input.minPartitions ?? brokers, ceilClean(t.ingressMBps / u / perPartition.value), 1), brokers));
      const replicasPerBroker = (partitions.reduce((s, p) => s + p, 0) * rf) / brokers;
      if (replicasPerBroker <= spec.recommendedPartitions.value || brokers >= MSK_LIMITS.brokersPerCluster.value) {
        return { spec, perAz, brokers, partitions, replicasPerBroker, byIngress, byEgress, throughputPerAz };
      }
      perAz += 1;
    }
  };
  let sized;
  if (k.brokerSize) {
    sized = size(k.brokerSize);
  } else {
    const sizes = kafkaBrokerSizes(type);
    sized = sizes.map(size).find((s) => s.perAz <= MAX_DEFAULT_BROKERS_PER_AZ) ?? size(sizes[sizes.length - 1]);
  }
  const { spec, perAz, brokers, partitions, replicasPerBroker, byIngress, byEgress, throughputPerAz } = sized;
  if (brokers > MSK_LIMITS.brokersPerCluster.value) {
    invalid(w, 'brokers', brokers, `exceed the ${MSK_LIMITS.brokersPerCluster.value} brokers an MSK cluster holds (${MSK_LIMITS.brokersPerCluster.source})`, 'choose a larger brokerSize, or split the topics over several clusters');
  }
  if (replicasPerBroker > spec.recommendedPartitions.value) {
    invalid(w, 'partitions', Math.ceil(replicasPerBroker), `replicas per broker exceed the ${fmt(spec.recommendedPartitions.value)} recommended for ${spec.instanceType} (${spec.recommendedPartitions.source})`, 'choose a larger brokerSize, or lower topics[*].minPartitions');
  }
  const notes: string[] = [];
  // No per-account note: one cluster holds at most brokersPerCluster (60), under the 90 brokers
  // per account, so only several clusters in one account reach that quota.

  const topicPlans: KafkaTopicPlan[] = load.topics.map((t, i) => ({
    name: t.input.name,
    partitions: partitions[i],
    replicationFactor: rf,
    retentionHours: t.input.retentionHours ?? DEFAULT_RETENTION_HOURS,
    cleanupPolicy: t.input.cleanupPolicy ?? TopicCleanupPolicy.DELETE,
    eventsPerSecond: t.eventsPerSecond,
    ingressMBps: t.ingressMBps,
    producers: [...t.input.producers],
    consumerGroups: t.input.consumerGroups.map((g) => ({ name: g.name, ...(g.service ? { service: g.service } : {}) })),
    ...(t.deadLetterFor ? { deadLetterFor: t.deadLetterFor } : {}),
  }));
  // Storage a broker holds at the retention: every topic's ingress x retention x RF, spread over the brokers.
  const retainedBytes = load.topics.reduce((s, t) => s + t.ingressMBps * MB * (t.input.retentionHours ?? DEFAULT_RETENTION_HOURS) * SECONDS_PER_HOUR, 0);
  const storagePerBrokerGiB = (retainedBytes * rf) / brokers / GIB;
  const standard = type === KafkaBrokerType.STANDARD;
  const volumeGiB = standard ? Math.min(MSK_LIMITS.maxStorageGiB.value, Math.max(MIN_VOLUME_GIB, ceilClean(storagePerBrokerGiB / (STORAGE_TARGET_UTILIZATION_PERCENT / PERCENT)))) : undefined;
  if (standard && volumeGiB! < storagePerBrokerGiB) {
    invalid(w, 'storage', Math.ceil(storagePerBrokerGiB), `GiB per broker exceed the ${fmt(MSK_LIMITS.maxStorageGiB.value)} GiB an MSK broker volume holds (${MSK_LIMITS.maxStorageGiB.source})`, 'shorten topics[*].retentionHours, add brokers with a smaller brokerSize, or use Express brokers (managed storage)');
  }
  const maxVolumeGiB = standard ? Math.min(MSK_LIMITS.maxStorageGiB.value, volumeGiB! * STORAGE_AUTOSCALING_HEADROOM) : undefined;

  // Requests/s the brokers carry: the tightest of ingress and egress per request.
  const writeShare = inputs.requestMix.writeShare;
  const ingressPerRequest = inputs.targetRps > 0 ? load.ingressMBps / inputs.targetRps : 0;
  const egressPerRequest = inputs.targetRps > 0 ? load.egressMBps / inputs.targetRps : 0;
  const carried = (n: number) =>
    Math.min(
      ingressPerRequest > 0 ? (n * spec.ingressMBps.value * u) / ingressPerRequest : Number.POSITIVE_INFINITY,
      egressPerRequest > 0 ? (n * spec.egressMBps.value * u) / egressPerRequest : Number.POSITIVE_INFINITY,
    );
  const surviving = perAz * (az - 1);
  const totalPartitions = partitions.reduce((s, p) => s + p, 0);
  const plan: KafkaPlan = {
    environment: inputs.environment,
    azCount: az,
    brokerType: type,
    instanceType: spec.instanceType,
    brokersPerAz: perAz,
    brokerCount: brokers,
    replicationFactor: rf,
    minInsyncReplicas: MSK_LIMITS.minInsyncReplicas.value,
    ingressMBps: load.ingressMBps,
    egressMBps: load.egressMBps,
    partitionReplicasPerBroker: Math.ceil(replicasPerBroker),
    ...(standard ? { volumeSizeGiB: volumeGiB, maxVolumeSizeGiB: maxVolumeGiB } : {}),
    retainedGB: (retainedBytes / 1e9),
    topics: topicPlans,
  };
  const groups = new Set(topics.flatMap((t) => t.consumerGroups.map((g) => g.name)));
  const tier: TierReport = {
    name: `Kafka on MSK (${type} brokers)`,
    inputs: [
      ['writes/s', `${fmt(inputs.targetRps)} x write share ${writeShare} = ${fmt(inputs.targetRps * writeShare)}`, 'environment config (request mix)'],
      ...topics.map((t): readonly [string, string, string] => [
        `topic ${t.name}`,
        `${t.eventsPerWrite.value} events/write x ${fmt(t.bytesPerEvent.value)} B, ${t.consumerGroups.length} consumer group(s)`,
        t.eventsPerWrite.source === t.bytesPerEvent.source ? t.eventsPerWrite.source : `${t.eventsPerWrite.source}; size: ${t.bytesPerEvent.source}`,
      ]),
      ['broker', `${spec.instanceType}: ingress ${fmt(spec.ingressMBps.value, 1)} MB/s, egress ${fmt(spec.egressMBps.value, 1)} MB/s sustained`, spec.ingressMBps.source],
      ['partitions / broker (recommended)', fmt(spec.recommendedPartitions.value), spec.recommendedPartitions.source],
      ['throughput / partition', `${perPartition.value} MB/s`, perPartition.source],
      ['replication factor / min.insync.replicas', `${rf} / ${MSK_LIMITS.minInsyncReplicas.value}`, MSK_LIMITS.minInsyncReplicas.source],
      ['brokers per cluster (quota)', fmt(MSK_LIMITS.brokersPerCluster.value), MSK_LIMITS.brokersPerCluster.source],
    ],
    formula:
      `ingress = ${fmt(load.ingressMBps, 2)} MB/s, egress = ${fmt(load.egressMBps, 2)} MB/s (${groups.size} consumer group${groups.size === 1 ? '' : 's'}); ` +
      `brokers needed = max(${fmt(load.ingressMBps, 2)} / ${u} / ${fmt(spec.ingressMBps.value, 1)} = ${fmt(byIngress, 2)}, ${fmt(load.egressMBps, 2)} / ${u} / ${fmt(spec.egressMBps.value, 1)} = ${fmt(byEgress, 2)}); ` +
      `per AZ = max(ceil(RF ${rf} / ${az} AZs) = ${minPerAz}, ceil(needed / ${carryingAzs} ${inputs.survivesAzLoss ? 'surviving ' : ''}AZs) = ${throughputPerAz})${perAz > Math.max(minPerAz, throughputPerAz) ? `, raised to ${perAz} for the partition replicas` : ` = ${perAz}`}; ` +
      `partitions = ${fmt(totalPartitions)} (x RF ${rf} / ${brokers} brokers = ${fmt(replicasPerBroker, 1)} replicas per broker)` +
      (standard ? `; volume = max(${MIN_VOLUME_GIB}, ${fmt(storagePerBrokerGiB, 1)} GiB retained / ${STORAGE_TARGET_UTILIZATION_PERCENT}%) = ${volumeGiB} GiB, auto scaling to ${maxVolumeGiB} GiB` : ''),
    result: `${brokers} x ${spec.instanceType} (${perAz} per AZ), ${topicPlans.length} topic${topicPlans.length === 1 ? '' : 's'} (${fmt(totalPartitions)} partitions)${standard ? `, ${volumeGiB} GiB EBS per broker` : ''}`,
    capacityRps: floorClean(carried(brokers)),
    capacityRpsWithOneAzLost: floorClean(carried(surviving)),
    notes,
  };
  return { plan, tier };
}
