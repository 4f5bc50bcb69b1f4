import { CapacityInputs, defaultTopics, KafkaBrokerType, KafkaTopicInput, MSK_LIMITS, planCapacity, sourced, TierReport, TopicCleanupPolicy } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { planEnvironment, validateEnvironmentConfig } from '../../../lib/config/environment';
import { dev, prod } from '../../../stacks/environments';
import { handCheckedInputs } from './fixtures';

/** One topic, 1,000 B events, one per write, read by `groups` consumer groups. */
function topic(name: string, groups: number, extra: Partial<KafkaTopicInput> = {}): KafkaTopicInput {
  return {
    name,
    eventsPerWrite: sourced(1, 'test'),
    bytesPerEvent: sourced(1_000, 'test'),
    producers: ['a'],
    consumerGroups: Array.from({ length: groups }, (_, i) => ({ name: `g${i}`, ...(i === 0 ? { service: 'b' } : {}) })),
    ...extra,
  };
}

function withKafka(kafka: CapacityInputs['kafka'], patch: Partial<CapacityInputs> = {}): CapacityInputs {
  return { ...handCheckedInputs(), ...patch, kafka };
}

describe('planKafka: hand-checked arithmetic', () => {
  // 12,000 req/s x write share 0.2 = 2,400 writes/s; one 1,000 B event each = 2.4 MB/s ingress;
  // 5 consumer groups = 12 MB/s egress. Utilisation 0.5, 3 AZs, survives an AZ loss (2 carry it).
  test('GIVEN 2.4 MB/s in and 12 MB/s out on Express WHEN planned THEN the smallest size fits with one broker per AZ and partitions are a multiple of the brokers', () => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 5)] })).kafka;
    // express.m7g.large: 15.6 in / 31.2 out sustained. Needed = max(2.4/0.5/15.6 = 0.31, 12/0.5/31.2 = 0.77) -> ceil(0.77/2) = 1 per AZ.
    expect(plan.brokerType).toBe(KafkaBrokerType.EXPRESS);
    expect(plan.instanceType).toBe('express.m7g.large');
    expect(plan.brokersPerAz).toBe(1);
    expect(plan.brokerCount).toBe(3);
    expect(plan.ingressMBps).toBeCloseTo(2.4, 9);
    expect(plan.egressMBps).toBeCloseTo(12, 9);
    // orders: max(3 brokers, ceil(2.4 / 0.5 / 15)) = 3; plus 5 dead-letter topics of 3 partitions each.
    expect(plan.topics.map((t) => [t.name, t.partitions])).toEqual([
      ['orders', 3],
      ['g0.dlq', 3],
      ['g1.dlq', 3],
      ['g2.dlq', 3],
      ['g3.dlq', 3],
      ['g4.dlq', 3],
    ]);
    // 18 partitions x RF 3 / 3 brokers.
    expect(plan.partitionReplicasPerBroker).toBe(18);
    expect(plan.replicationFactor).toBe(3);
    expect(plan.minInsyncReplicas).toBe(2);
    expect(plan.volumeSizeGiB).toBeUndefined();
    // The dead-letter topic of g0 is written by the service that consumes as g0.
    expect(plan.topics.find((t) => t.name === 'g0.dlq')).toMatchObject({ producers: ['b'], deadLetterFor: 'g0', consumerGroups: [] });
  });

  test('GIVEN 10x the egress WHEN planned THEN brokers cover it with the surviving AZs and the report shows the math', () => {
    const inputs = withKafka({ topics: [topic('orders', 5, { bytesPerEvent: sourced(10_000, 'test') })] });
    const plan = planCapacity(inputs);
    // egress 120 MB/s: large needs 120/0.5/31.2 = 7.69 -> ceil(7.69/2) = 4 per AZ > 3, so xlarge: 120/0.5/62.5 = 3.84 -> 2 per AZ.
    expect(plan.kafka.instanceType).toBe('express.m7g.xlarge');
    expect(plan.kafka.brokersPerAz).toBe(2);
    expect(plan.kafka.brokerCount).toBe(6);
    const tier = plan.tiers.find((t) => t.name.startsWith('Kafka'))!;
    expect(tier.formula).toContain('120 / 0.5 / 62.5 = 3.84');
    // 6 brokers x 62.5 x 0.5 = 187.5 MB/s egress over 0.01 MB/s per request (5 groups x 0.2 writes x 10,000 B) = 18,750 req/s; 4 left with an AZ lost: 12,500.
    expect(tier.capacityRps).toBe(18_750);
    expect(tier.capacityRpsWithOneAzLost).toBe(12_500);
    // orders: ceil(24 MB/s / 0.5 / 15 MB/s per partition) = 4, rounded up to the 6 brokers.
    expect(plan.kafka.topics[0].partitions).toBe(6);
  });

  test('GIVEN two AZs WHEN planned without a broker type THEN Standard brokers, two per AZ so RF 3 fits, with EBS storage for the retention', () => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 1, { retentionHours: 24 })] }, { azCount: 2, survivesAzLoss: false })).kafka;
    expect(plan.brokerType).toBe(KafkaBrokerType.STANDARD);
    expect(plan.instanceType).toBe('kafka.m7g.large');
    expect(plan.brokersPerAz).toBe(2);
    expect(plan.brokerCount).toBe(4);
    // 2.4 MB/s x 86,400 s x RF 3 / 4 brokers = 155,520 MB = 144.8 GiB per broker; / 60% = 241.4 -> 242 GiB, auto scaling to 4x.
    expect(plan.volumeSizeGiB).toBe(242);
    expect(plan.maxVolumeSizeGiB).toBe(968);
  });

  test('GIVEN the default topics WHEN the services differ from the design notes\' THEN they plan, with only the known services as producers', () => {
    const plan = planCapacity(handCheckedInputs()).kafka;
    expect(plan.topics.map((t) => t.name)).toEqual(expect.arrayContaining(['wallet.created', 'wallet.funded', 'transfer.completed', 'suspicious.activity', 'audit-log.dlq']));
    for (const t of plan.topics) expect(t.producers).toEqual([]);
  });
});

describe('planKafka rejects bad inputs by class', () => {
  const reject = (kafka: CapacityInputs['kafka'], pattern: RegExp, patch: Partial<CapacityInputs> = {}) => {
    expect(() => planCapacity(withKafka(kafka, patch))).toThrow(ValidationError);
    expect(() => planCapacity(withKafka(kafka, patch))).toThrow(pattern);
  };

  test.each<[string, CapacityInputs['kafka'], RegExp, Partial<CapacityInputs>]>([
    ['Express with two AZs', { brokerType: KafkaBrokerType.EXPRESS }, /kafka: brokerType = "express" needs exactly 3 AZs; this environment has 2.*Fix: use brokerType: "standard"/, { azCount: 2, survivesAzLoss: false }],
    ['Express with four AZs', { brokerType: KafkaBrokerType.EXPRESS }, /needs exactly 3 AZs; this environment has 4/, { azCount: 4 }],
    ['an unknown broker type', { brokerType: 'serverless' as KafkaBrokerType }, /brokerType = "serverless" is not supported. Fix: use one of "express", "standard"/, {}],
  ])('broker type: %s', (_, kafka, pattern, patch) => reject(kafka, pattern, patch));

  test.each<[string, CapacityInputs['kafka'], RegExp]>([
    ['a size not in the catalog', { brokerSize: 'express.m5.large' }, /brokerSize = "express.m5.large" is not in the MSK broker catalog/],
    ['a Standard size for Express', { brokerType: KafkaBrokerType.EXPRESS, brokerSize: 'kafka.m7g.large' }, /brokerSize = "kafka.m7g.large" is not an express broker size/],
    ['an EC2 type', { brokerSize: 'm7g.large' }, /brokerSize = "m7g.large" is not in the MSK broker catalog/],
  ])('broker size: %s', (_, kafka, pattern) => reject(kafka, pattern));

  test.each<[string, string, RegExp]>([
    ['a space', 'wallet created', /topics\[0\]: name = "wallet created" is not a valid Kafka topic name/],
    ['a slash', 'wallet/created', /name = "wallet\/created" is not a valid Kafka topic name/],
    ['the name "."', '.', /name = "." is a name Kafka rejects/],
    ['the name ".."', '..', /name = ".." is a name Kafka rejects/],
    ['250 characters', 'a'.repeat(250), /is 250 characters long; a Kafka topic name is limited to 249/],
    ['a reserved dead-letter suffix', 'orders.dlq', /ends in ".dlq", which the model reserves/],
  ])('topic name Kafka rejects: %s', (_, name, pattern) => reject({ topics: [topic(name, 1)] }, pattern));

  test.each<[string, number, RegExp]>([
    ['below zero', -1, /retentionHours = -1 is out of range \(1 hour to a year/],
    ['zero', 0, /retentionHours = 0 is out of range/],
    ['fractional', 1.5, /retentionHours = 1.5 is not a whole number/],
    ['above a year', 9_000, /retentionHours = 9000 is out of range/],
  ])('retention: %s', (_, retentionHours, pattern) => reject({ topics: [topic('orders', 1, { retentionHours })] }, pattern));

  test.each<[string, CapacityInputs['kafka'], RegExp]>([
    // 1,000 partitions recommended per express.m7g.large broker: the model adds brokers up to the 60 a cluster holds, where
    // 3 topics x 10,020 partitions (a multiple of 60) x RF 3 / 60 brokers = 1,503 replicas per broker are still too many.
    [
      'more partitions than 60 brokers of the size hold',
      { brokerSize: 'express.m7g.large', topics: ['a', 'b', 'c'].map((n) => topic(n, 0, { minPartitions: 10_000 })) },
      /partitions = 1503 replicas per broker exceed the 1,000 recommended for express.m7g.large.*Fix: choose a larger brokerSize/,
    ],
    ['a minimum of zero partitions', { topics: [topic('orders', 1, { minPartitions: 0 })] }, /minPartitions = 0 is out of range/],
    ['a fractional minimum', { topics: [topic('orders', 1, { minPartitions: 2.5 })] }, /minPartitions = 2.5 is not a whole number/],
  ])('partitions: %s', (_, kafka, pattern) => reject(kafka, pattern));

  test.each<[string, CapacityInputs['kafka'], RegExp]>([
    ['a producer that is not a service', { topics: [topic('orders', 1, { producers: ['billing'] })] }, /producers\[0\] = "billing" is not a service of this environment \(gw, a, b\)/],
    ['a consuming service that is not a service', { topics: [topic('orders', 1, { consumerGroups: [{ name: 'g', service: 'nope' }] })] }, /consumerGroups\[0\]: service = "nope" is not a service/],
    ['a group listed twice', { topics: [topic('orders', 1, { consumerGroups: [{ name: 'g' }, { name: 'g' }] })] }, /name = "g" reads this topic twice/],
    ['a topic listed twice', { topics: [topic('orders', 1), topic('orders', 1)] }, /name = "orders" is listed twice/],
    ['a negative event rate', { topics: [topic('orders', 1, { eventsPerWrite: sourced(-1, 'test') })] }, /eventsPerWrite.value = -1 is out of range/],
    ['an unsourced event size', { topics: [topic('orders', 1, { bytesPerEvent: sourced(1_000, ' ') })] }, /bytesPerEvent.source = " " is empty/],
    ['no topics', { topics: [] }, /topics = \[\] .*/],
  ])('topic wiring: %s', (_, kafka, pattern) => reject(kafka, pattern));

  test('GIVEN an event rate no 60-broker cluster carries WHEN planned THEN the broker quota is named', () => {
    reject({ brokerSize: 'express.m7g.large', topics: [topic('orders', 5, { bytesPerEvent: sourced(1_000_000, 'test') })] }, /brokers = \d+ exceed the 60 brokers an MSK cluster holds/);
  });
});

describe('the environment config validates capacity.kafka', () => {

  test.each<[string, () => void, RegExp]>([
    ['Express brokers in two-AZ dev', () => validateEnvironmentConfig({ ...dev, capacity: { ...dev.capacity, kafka: { brokerType: KafkaBrokerType.EXPRESS } } }), /config dev|capacity model \(dev\) kafka: brokerType = "express" needs exactly 3 AZs; this environment has 2/],
    ['a producer prod does not run', () => validateEnvironmentConfig({ ...prod, capacity: { ...prod.capacity, kafka: { topics: [topic('orders', 1, { producers: ['billing'] })] } } }), /capacity model \(prod\) kafka topics\[0\]: producers\[0\] = "billing" is not a service of this environment \(api-gateway, user-service, transaction-service\)/],
    ['kafka as a string', () => validateEnvironmentConfig({ ...prod, capacity: { ...prod.capacity, kafka: 'express' as never } }), /kafka = "express" is not an object/],
  ])('GIVEN %s THEN the config is rejected', (_, act, message) => {
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(message);
  });

  test('GIVEN the reference configs THEN prod and staging get Express brokers and dev Standard ones', () => {
    expect(planEnvironment(prod).kafka).toMatchObject({ brokerType: 'express', instanceType: 'express.m7g.xlarge', brokerCount: 9, brokersPerAz: 3 });
    expect(planEnvironment(dev).kafka).toMatchObject({ brokerType: 'standard', instanceType: 'kafka.m7g.large', brokerCount: 4 });
  });
});

const kafkaTier = (tiers: readonly TierReport[]): TierReport => tiers.find((t) => t.name.startsWith('Kafka'))!;

describe('defaultTopics: the design notes\' events for the services an environment runs', () => {
  test('GIVEN the design notes\' services WHEN the default topics are taken THEN the transaction service publishes and the user service keeps its wallet group', () => {
    const topics = defaultTopics(['api-gateway', 'user-service', 'transaction-service']);
    expect(topics.map((t) => [t.name, t.producers])).toEqual([
      ['wallet.created', ['transaction-service']],
      ['wallet.funded', ['transaction-service']],
      ['transfer.completed', ['transaction-service']],
      ['suspicious.activity', ['transaction-service']],
    ]);
    expect(topics[0].consumerGroups).toEqual([{ name: 'user-service-wallets', service: 'user-service' }, { name: 'notifications' }, { name: 'analytics' }, { name: 'audit-log' }]);
  });

  test('GIVEN only a gateway WHEN the default topics are taken THEN no producers, and the user service\'s group stays without its service', () => {
    const topics = defaultTopics(['api-gateway']);
    for (const t of topics) expect(t.producers).toEqual([]);
    expect(topics[1].consumerGroups).toEqual([{ name: 'user-service-wallets' }, { name: 'fraud-detection' }, { name: 'notifications' }, { name: 'analytics' }, { name: 'audit-log' }]);
  });
});

describe('planKafka: topics, dead-letter topics and partitions', () => {
  test('GIVEN a group reading topics of 24 h, 720 h and default retention WHEN planned THEN its dead-letter topic keeps the longest (720 h); a group on 24 h and default keeps 168 h', () => {
    const kafka = {
      topics: [
        topic('short', 0, { retentionHours: 24, consumerGroups: [{ name: 'audit' }, { name: 'x' }] }),
        topic('long', 0, { retentionHours: 720, consumerGroups: [{ name: 'audit' }] }),
        topic('plain', 0, { consumerGroups: [{ name: 'audit' }, { name: 'x' }] }),
      ],
    };
    const plan = planCapacity(withKafka(kafka)).kafka;
    expect(plan.topics.map((t) => [t.name, t.retentionHours])).toEqual([
      ['short', 24],
      ['long', 720],
      ['plain', 168],
      ['audit.dlq', 720],
      ['x.dlq', 168],
    ]);
  });

  test('GIVEN groups with and without a service WHEN planned THEN the topic plan keeps each group\'s service and adds none', () => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 2)] })).kafka;
    expect(plan.topics[0].consumerGroups).toEqual([{ name: 'g0', service: 'b' }, { name: 'g1' }]);
  });

  test('GIVEN a compacted topic WHEN planned THEN its plan carries the policy; others delete', () => {
    const plan = planCapacity(withKafka({ topics: [topic('accounts', 0, { cleanupPolicy: TopicCleanupPolicy.COMPACT }), topic('orders', 0)] })).kafka;
    expect(plan.topics.map((t) => [t.name, t.cleanupPolicy])).toEqual([
      ['accounts', 'compact'],
      ['orders', 'delete'],
    ]);
  });

  test('GIVEN 120 MB/s into one topic WHEN planned THEN its partitions cover the throughput at 15 MB/s per partition and the utilisation, a multiple of the brokers', () => {
    // 2,400 writes/s x 50,000 B = 120 MB/s in and out (one group). express.m7g.2xlarge: max(120/0.5/62.5 = 3.84, 120/0.5/125 = 1.92)
    // -> ceil(3.84 / 2 surviving AZs) = 2 per AZ, 6 brokers. Partitions: ceil(120 / 0.5 / 15) = 16 -> 18 (a multiple of 6).
    const plan = planCapacity(withKafka({ topics: [topic('orders', 1, { bytesPerEvent: sourced(50_000, 'test') })] }));
    expect(plan.kafka.instanceType).toBe('express.m7g.2xlarge');
    expect(plan.kafka.brokerCount).toBe(6);
    expect(plan.kafka.topics.map((t) => [t.name, t.partitions])).toEqual([
      ['orders', 18],
      ['g0.dlq', 6],
    ]);
    // One group: ingress binds. 6 x 62.5 MB/s x 0.5 / 0.01 MB/s per request (120 MB/s / 12,000 req/s) = 18,750; egress would allow 37,500.
    const tier = kafkaTier(plan.tiers);
    expect(tier.capacityRps).toBe(18_750);
    expect(tier.capacityRpsWithOneAzLost).toBe(12_500);
  });

  test('GIVEN more egress than three of the largest Express brokers per AZ carry WHEN planned without a size THEN the largest size, with more brokers per AZ', () => {
    // 2,400 writes/s x 300,000 B = 720 MB/s in, x 5 groups = 3,600 MB/s out: express.m7g.16xlarge needs 3,600 / 0.5 / 1,000 = 7.2 -> ceil(7.2 / 2) = 4 per AZ.
    const plan = planCapacity(withKafka({ topics: [topic('orders', 5, { bytesPerEvent: sourced(300_000, 'test') })] })).kafka;
    expect(plan.instanceType).toBe('express.m7g.16xlarge');
    expect(plan.brokersPerAz).toBe(4);
    expect(plan.brokerCount).toBe(12);
  });
});

describe('planKafka: partition replicas per broker at the recommended count', () => {
  // express.m7g.4xlarge recommends 6,000 partition replicas per broker; the load needs one broker per AZ.
  test('GIVEN exactly 6,000 replicas per broker on three brokers WHEN planned THEN accepted at one broker per AZ', () => {
    // 6,000 partitions x RF 3 / 3 brokers = 6,000.
    const plan = planCapacity(withKafka({ brokerSize: 'express.m7g.4xlarge', topics: [topic('orders', 0, { minPartitions: 6_000 })] }));
    expect(plan.kafka.brokersPerAz).toBe(1);
    expect(plan.kafka.brokerCount).toBe(3);
    expect(plan.kafka.partitionReplicasPerBroker).toBe(6_000);
    expect(kafkaTier(plan.tiers).formula).toContain('per AZ = max(ceil(RF 3 / 3 AZs) = 1, ceil(needed / 2 surviving AZs) = 1) = 1; partitions');
  });

  test('GIVEN 6,003 replicas per broker on three brokers WHEN planned THEN brokers are raised to two per AZ and the report says why', () => {
    // 6,003 x 3 / 3 = 6,003 > 6,000 -> 6 brokers: 6,006 partitions (a multiple of 6) x 3 / 6 = 3,003.
    const plan = planCapacity(withKafka({ brokerSize: 'express.m7g.4xlarge', topics: [topic('orders', 0, { minPartitions: 6_003 })] }));
    expect(plan.kafka.brokersPerAz).toBe(2);
    expect(plan.kafka.brokerCount).toBe(6);
    expect(plan.kafka.partitionReplicasPerBroker).toBe(3_003);
    expect(kafkaTier(plan.tiers).formula).toContain('per AZ = max(ceil(RF 3 / 3 AZs) = 1, ceil(needed / 2 surviving AZs) = 1), raised to 2 for the partition replicas; partitions');
  });
});

describe('planKafka: Standard broker storage against the 16,384 GiB volume', () => {
  // Two AZs, Standard brokers, two per AZ (RF 3), no consumer groups; one topic kept a year (8,760 h).
  // Storage per broker = 2,400 writes/s x eventsPerWrite x 1,000 B x 8,760 h x 3,600 s x RF 3 / 4 brokers.
  const yearLong = (eventsPerWrite: number) => withKafka({ topics: [topic('ledger', 0, { eventsPerWrite: sourced(eventsPerWrite, 'test'), retentionHours: 8_760 })] }, { azCount: 2, survivesAzLoss: false });
  const storageGiB = (eventsPerWrite: number) => ((((2_400 * eventsPerWrite * 1_000) / 1e6) * 1e6 * 8_760 * 3_600 * 3) / 4) / 1024 ** 3;

  test('GIVEN storage per broker exactly at the volume maximum WHEN planned THEN accepted with a 16,384 GiB volume that cannot grow', () => {
    // The double for which the storage is exactly 16,384 GiB.
    const eventsPerWrite = 0.3099136444489543;
    expect(storageGiB(eventsPerWrite)).toBe(16_384);
    const plan = planCapacity(yearLong(eventsPerWrite));
    expect(plan.kafka.brokerCount).toBe(4);
    expect(plan.kafka.volumeSizeGiB).toBe(16_384);
    expect(plan.kafka.maxVolumeSizeGiB).toBe(16_384);
  });

  test.each<[string, number, number]>([
    ['a hair over the maximum', 0.30991364444895436, 16_385],
    ['the full year at 2.4 MB/s', 1, 52_867],
  ])('GIVEN storage per broker %s WHEN planned THEN rejected with the volume limit and the ways out', (_, eventsPerWrite, shown) => {
    expect(() => planCapacity(yearLong(eventsPerWrite))).toThrow(ValidationError);
    expect(() => planCapacity(yearLong(eventsPerWrite))).toThrow(
      `capacity model (hand) kafka: storage = ${shown} GiB per broker exceed the 16,384 GiB an MSK broker volume holds (${MSK_LIMITS.maxStorageGiB.source}). ` +
        'Fix: shorten topics[*].retentionHours, add brokers with a smaller brokerSize, or use Express brokers (managed storage)',
    );
  });
});

describe('planKafka: the report shows the math', () => {
  test('GIVEN Standard brokers in two AZs that need not survive an AZ loss WHEN planned THEN the formula, result, retained bytes and capacity read as computed', () => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 1, { retentionHours: 24 })] }, { azCount: 2, survivesAzLoss: false }));
    const tier = kafkaTier(plan.tiers);
    expect(tier.name).toBe('Kafka on MSK (standard brokers)');
    expect(tier.formula).toBe(
      'ingress = 2.4 MB/s, egress = 2.4 MB/s (1 consumer group); brokers needed = max(2.4 / 0.5 / 4.8 = 1, 2.4 / 0.5 / 9.6 = 0.5); ' +
        'per AZ = max(ceil(RF 3 / 2 AZs) = 2, ceil(needed / 2 AZs) = 1) = 2; partitions = 8 (x RF 3 / 4 brokers = 6 replicas per broker); ' +
        'volume = max(100, 144.8 GiB retained / 60%) = 242 GiB, auto scaling to 968 GiB',
    );
    expect(tier.result).toBe('4 x kafka.m7g.large (2 per AZ), 2 topics (8 partitions), 242 GiB EBS per broker');
    // 2.4 MB/s x 86,400 s = 207.36 GB (before replication).
    expect(plan.kafka.retainedGB).toBeCloseTo(207.36, 9);
    // One group: ingress binds at 4 x 4.8 MB/s x 0.5 / 0.0002 MB/s per request = 48,000 (egress would allow 96,000); 2 brokers left with an AZ lost.
    expect(tier.capacityRps).toBe(48_000);
    expect(tier.capacityRpsWithOneAzLost).toBe(24_000);
    expect(tier.inputs.find(([what]) => what === 'throughput / partition')).toEqual(['throughput / partition', '15 MB/s', MSK_LIMITS.standardPartitionMBps.source]);
  });

  test('GIVEN Express brokers that survive an AZ loss WHEN planned THEN the formula divides by the surviving AZs and the result has no EBS volume', () => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 5)] }));
    const tier = kafkaTier(plan.tiers);
    expect(tier.formula).toBe(
      'ingress = 2.4 MB/s, egress = 12 MB/s (5 consumer groups); brokers needed = max(2.4 / 0.5 / 15.6 = 0.31, 12 / 0.5 / 31.2 = 0.77); ' +
        'per AZ = max(ceil(RF 3 / 3 AZs) = 1, ceil(needed / 2 surviving AZs) = 1) = 1; partitions = 18 (x RF 3 / 3 brokers = 18 replicas per broker)',
    );
    expect(tier.result).toBe('3 x express.m7g.large (1 per AZ), 6 topics (18 partitions)');
    expect(tier.inputs.find(([what]) => what === 'throughput / partition')).toEqual(['throughput / partition', '15 MB/s', MSK_LIMITS.expressPartitionMBps.source]);
  });

  test('GIVEN one topic without consumer groups and 1,200 partitions WHEN planned THEN the text counts in the singular and groups the thousands', () => {
    const audit = topic('audit', 0, { minPartitions: 1_200 });
    const tier = kafkaTier(planCapacity(withKafka({ brokerType: KafkaBrokerType.EXPRESS, brokerSize: 'express.m7g.4xlarge', topics: [audit] })).tiers);
    expect(tier.formula).toContain('egress = 0 MB/s (0 consumer groups); ');
    expect(tier.formula).toContain('; partitions = 1,200 (x RF 3 / 3 brokers = 1,200 replicas per broker)');
    expect(tier.result).toBe('3 x express.m7g.4xlarge (1 per AZ), 1 topic (1,200 partitions)');
  });

  test.each<[string, [string, string], string]>([
    ['differ', ['share of writes: product analytics', 'record-size-avg: staging'], 'share of writes: product analytics; size: record-size-avg: staging'],
    ['are the same', ['design notes', 'design notes'], 'design notes'],
  ])('GIVEN a topic whose two figures\' sources %s WHEN planned THEN its report row names each source once', (_, [eventsSource, bytesSource], shown) => {
    const plan = planCapacity(withKafka({ topics: [topic('orders', 2, { eventsPerWrite: sourced(0.5, eventsSource), bytesPerEvent: sourced(2_000, bytesSource) })] }));
    expect(kafkaTier(plan.tiers).inputs.find(([what]) => what === 'topic orders')).toEqual(['topic orders', '0.5 events/write x 2,000 B, 2 consumer group(s)', shown]);
  });

  test('GIVEN more brokers than a cluster holds WHEN planned THEN the message names the count, the quota and the ways out', () => {
    // 2,400 MB/s in, 12,000 MB/s out on express.m7g.large: 12,000 / 0.5 / 31.2 = 769.2 -> ceil(769.2 / 2) = 385 per AZ = 1,155 brokers.
    const act = () => planCapacity(withKafka({ brokerSize: 'express.m7g.large', topics: [topic('orders', 5, { bytesPerEvent: sourced(1_000_000, 'test') })] }));
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(
      `capacity model (hand) kafka: brokers = 1155 exceed the 60 brokers an MSK cluster holds (${MSK_LIMITS.brokersPerCluster.source}). Fix: choose a larger brokerSize, or split the topics over several clusters`,
    );
  });
});
