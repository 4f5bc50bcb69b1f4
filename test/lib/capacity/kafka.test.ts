import { CapacityInputs, KafkaBrokerType, KafkaTopicInput, planCapacity, sourced } from '../../../lib/capacity';
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
    ['a Standard size for Express', { brokerType: KafkaBrokerType.EXPRESS, brokerSize: 'kafka.m7g.large' }, /brokerSize = "kafka.m7g.large" is not a express broker size/],
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
