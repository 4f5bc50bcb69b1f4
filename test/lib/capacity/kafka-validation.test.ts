import { KafkaBrokerType, KafkaCapacityInput, KafkaTopicInput, planCapacity, TopicCleanupPolicy, validateKafkaInput } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs } from './fixtures';

/**
 * validateKafkaInput's messages, whole: where, prop, value, problem and fix. The environment
 * runs the services gw, a and b in three AZs; its config path is "env".
 */
const SERVICES = ['gw', 'a', 'b'];
const W = 'env kafka';

/** A sourced figure as a JavaScript caller writes it (no library call in the tables). */
const fig = (value: number, source = 'test') => ({ value, source });

/** A valid topic: one event per write of 1,000 B, produced by a, read by g0 (service b). */
function topic(name: string, extra: Record<string, unknown> = {}): KafkaTopicInput {
  return { name, eventsPerWrite: fig(1), bytesPerEvent: fig(1_000), producers: ['a'], consumerGroups: [{ name: 'g0', service: 'b' }], ...extra } as KafkaTopicInput;
}

/** The ValidationError's message, failing the test when there is none or another error. */
function messageOf(kafka: unknown, azCount = 3): string {
  try {
    validateKafkaInput('env', kafka as KafkaCapacityInput, azCount, SERVICES);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('validateKafkaInput accepted the input');
}

describe('validateKafkaInput: kafka itself', () => {
  test.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['an array', [], '[]'],
    ['a string', 'express', '"express"'],
    ['a number', 3, '3'],
  ])('GIVEN kafka as %s WHEN validated THEN it is not an object, and the fix names its fields', (_, kafka, shown) => {
    expect(messageOf(kafka)).toBe(`env: kafka = ${shown} is not an object. Fix: pass { brokerType, brokerSize, topics } or omit kafka for the design notes' events`);
  });

  test.each<[string, KafkaCapacityInput]>([
    ['nothing', {}],
    ['the design notes\' topics on Express', { brokerType: KafkaBrokerType.EXPRESS }],
    ['a Standard size without a type', { brokerSize: 'kafka.m7g.xlarge' }],
  ])('GIVEN %s WHEN validated THEN it is accepted', (_, kafka) => {
    expect(() => validateKafkaInput('env', kafka, 3, SERVICES)).not.toThrow();
  });
});

describe('validateKafkaInput: the broker size matches the broker type', () => {
  const EXPRESS_SIZES = 'express.m7g.large, express.m7g.xlarge, express.m7g.2xlarge, express.m7g.4xlarge, express.m7g.8xlarge, express.m7g.12xlarge, express.m7g.16xlarge';
  const STANDARD_SIZES = 'kafka.m7g.large, kafka.m7g.xlarge, kafka.m7g.2xlarge, kafka.m7g.4xlarge, kafka.m7g.8xlarge, kafka.m7g.12xlarge, kafka.m7g.16xlarge';

  test.each<[string, KafkaCapacityInput, number, string]>([
    ['a Standard size with Express', { brokerType: KafkaBrokerType.EXPRESS, brokerSize: 'kafka.m7g.large' }, 3, `brokerSize = "kafka.m7g.large" is not an express broker size. Fix: use one of ${EXPRESS_SIZES}, or set brokerType to match`],
    ['an Express size with Standard', { brokerType: KafkaBrokerType.STANDARD, brokerSize: 'express.m7g.large' }, 3, `brokerSize = "express.m7g.large" is not a standard broker size. Fix: use one of ${STANDARD_SIZES}, or set brokerType to match`],
    ['a larger Standard size with Express', { brokerType: KafkaBrokerType.EXPRESS, brokerSize: 'kafka.m7g.16xlarge' }, 3, `brokerSize = "kafka.m7g.16xlarge" is not an express broker size. Fix: use one of ${EXPRESS_SIZES}, or set brokerType to match`],
    ['an Express size with Standard in two AZs', { brokerType: KafkaBrokerType.STANDARD, brokerSize: 'express.m7g.xlarge' }, 2, `brokerSize = "express.m7g.xlarge" is not a standard broker size. Fix: use one of ${STANDARD_SIZES}, or set brokerType to match`],
  ])('GIVEN %s WHEN validated THEN the message lists the sizes of the type', (_, kafka, azCount, message) => {
    expect(messageOf(kafka, azCount)).toBe(`${W}: ${message}`);
  });
});

describe('validateKafkaInput: the topics list and each topic', () => {
  test.each<[string, unknown, string]>([
    ['empty', [], 'topics = [] has 0 entries; at least 1 is required. Fix: pass one or more topics'],
    ['a string', 'orders', 'topics = "orders" is not a list. Fix: pass a list of topics'],
    ['an object', { name: 'orders' }, 'topics = {"name":"orders"} is not a list. Fix: pass a list of topics'],
  ])('GIVEN topics %s WHEN validated THEN rejected', (_, topics, message) => {
    expect(messageOf({ topics })).toBe(`${W}: ${message}`);
  });

  test.each<[string, () => unknown[], string]>([
    ['null', () => [null], 'topics[0]: topic = null'],
    ['a string', () => ['orders'], 'topics[0]: topic = "orders"'],
    ['a number', () => [42], 'topics[0]: topic = 42'],
    ['a boolean after a valid topic', () => [topic('orders'), true], 'topics[1]: topic = true'],
  ])('GIVEN a topic that is %s WHEN validated THEN it is not an object, and the fix names its fields', (_, topics, shown) => {
    expect(messageOf({ topics: topics() })).toBe(`${W} ${shown} is not an object. Fix: pass { name, eventsPerWrite, bytesPerEvent, producers, consumerGroups }`);
  });

  test.each<[string, () => unknown[], string]>([
    ['a space', () => [topic('wallet created')], 'topics[0]: name = "wallet created" is not a valid Kafka topic name. Fix: use letters, digits, ".", "_" and "-" (Kafka topic names)'],
    ['a colon', () => [topic('wallet:created')], 'topics[0]: name = "wallet:created" is not a valid Kafka topic name. Fix: use letters, digits, ".", "_" and "-" (Kafka topic names)'],
    ['the name "."', () => [topic('.')], 'topics[0]: name = "." is a name Kafka rejects. Fix: use a name such as "wallet.created"'],
    ['the name ".." second', () => [topic('orders'), topic('..')], 'topics[1]: name = ".." is a name Kafka rejects. Fix: use a name such as "wallet.created"'],
    ['a dead-letter suffix', () => [topic('orders.dlq')], 'topics[0]: name = "orders.dlq" ends in ".dlq", which the model reserves for the consumer groups\' dead-letter topics. Fix: rename the topic'],
    ['a dead-letter suffix second', () => [topic('orders'), topic('g0.dlq')], 'topics[1]: name = "g0.dlq" ends in ".dlq", which the model reserves for the consumer groups\' dead-letter topics. Fix: rename the topic'],
    ['a name listed twice', () => [topic('orders'), topic('orders')], 'topics[1]: name = "orders" is listed twice. Fix: give each topic a unique name'],
    ['a name listed again later', () => [topic('orders'), topic('refunds'), topic('orders')], 'topics[2]: name = "orders" is listed twice. Fix: give each topic a unique name'],
  ])('GIVEN a topic name with %s WHEN validated THEN rejected', (_, topics, message) => {
    expect(messageOf({ topics: topics() })).toBe(`${W} ${message}`);
  });

  test.each<[string, string]>([
    ['dots inside', 'wallet.created'],
    ['".dlq" inside, not at the end', 'orders.dlq.v2'],
    ['three dots', '...'],
  ])('GIVEN a topic name with %s WHEN validated THEN it is accepted', (_, name) => {
    expect(() => validateKafkaInput('env', { topics: [topic(name)] }, 3, SERVICES)).not.toThrow();
  });
});

describe('validateKafkaInput: a topic\'s figures carry a value and a source', () => {
  test.each<[string, string, unknown, string]>([
    ['missing', 'eventsPerWrite', undefined, 'undefined'],
    ['a bare number', 'eventsPerWrite', 0.5, '0.5'],
    ['null', 'bytesPerEvent', null, 'null'],
    ['a bare size', 'bytesPerEvent', 1_000, '1000'],
    ['a string', 'bytesPerEvent', '1 KiB', '"1 KiB"'],
  ])('GIVEN a figure that is %s WHEN validated THEN it is not a sourced figure', (_, prop, value, shown) => {
    expect(messageOf({ topics: [topic('orders', { [prop]: value })] })).toBe(`${W} topics[0]: ${prop} = ${shown} is not a sourced figure. Fix: pass { value, source }`);
  });

  test.each<[string, string, unknown, string]>([
    ['no source', 'eventsPerWrite', { value: 1 }, 'undefined'],
    ['a number as source', 'eventsPerWrite', { value: 1, source: 42 }, '42'],
    ['an empty source', 'bytesPerEvent', { value: 1_000, source: '' }, '""'],
    ['a blank source', 'bytesPerEvent', { value: 1_000, source: '  ' }, '"  "'],
  ])('GIVEN a figure with %s WHEN validated THEN its source is named as missing', (_, prop, value, shown) => {
    expect(messageOf({ topics: [topic('orders', { [prop]: value })] })).toBe(
      `${W} topics[0]: ${prop}.source = ${shown} is empty: every per-unit figure names its source. Fix: name an AWS document, a published benchmark, or 'this repo: <measurement>'`,
    );
  });

  test.each<[string, number]>([
    ['zero bytes', 0],
    ['one byte over 8 MiB', 8 * 1024 * 1024 + 1],
  ])('GIVEN an event of %s WHEN validated THEN the message names the record limit', (_, bytes) => {
    expect(messageOf({ topics: [topic('orders', { bytesPerEvent: fig(bytes) })] })).toBe(
      `${W} topics[0]: bytesPerEvent.value = ${bytes} is out of range (a Kafka record up to 8 MiB (MSK max.message.bytes ceiling)). Fix: pass a value from 1 to 8388608`,
    );
  });
});

describe('validateKafkaInput: cleanup policy, checked when given', () => {
  test.each<[string, unknown, string]>([
    ['an unknown policy', 'archive', '"archive"'],
    ['the upper-case name', 'DELETE', '"DELETE"'],
    ['both policies in one string', 'compact,delete', '"compact,delete"'],
    ['null', null, 'null'],
  ])('GIVEN %s WHEN validated THEN the message lists the policies', (_, cleanupPolicy, shown) => {
    expect(messageOf({ topics: [topic('orders', { cleanupPolicy })] })).toBe(`${W} topics[0]: cleanupPolicy = ${shown} is not supported. Fix: use one of "delete", "compact"`);
  });

  test.each<[string, TopicCleanupPolicy | undefined]>([
    ['compact', TopicCleanupPolicy.COMPACT],
    ['delete', TopicCleanupPolicy.DELETE],
    ['none (the default)', undefined],
  ])('GIVEN cleanupPolicy %s WHEN validated THEN it is accepted', (_, cleanupPolicy) => {
    expect(() => validateKafkaInput('env', { topics: [topic('orders', { cleanupPolicy })] }, 3, SERVICES)).not.toThrow();
  });
});

describe('validateKafkaInput: producers are services of the environment', () => {
  test.each<[string, unknown, string]>([
    ['a string', 'a', '"a"'],
    ['an object', { a: true }, '{"a":true}'],
    ['a number', 1, '1'],
  ])('GIVEN producers as %s WHEN validated THEN it is not a list of service names', (_, producers, shown) => {
    expect(messageOf({ topics: [topic('orders', { producers })] })).toBe(`${W} topics[0]: producers = ${shown} is not a list. Fix: pass a list of service names`);
  });

  test.each<[string, string[], string]>([
    ['first', ['billing'], 'producers[0] = "billing"'],
    ['second', ['a', 'api-gateway'], 'producers[1] = "api-gateway"'],
    ['an upper-case name', ['A'], 'producers[0] = "A"'],
  ])('GIVEN a producer that is not a service (%s) WHEN validated THEN the message lists the services', (_, producers, shown) => {
    expect(messageOf({ topics: [topic('orders', { producers })] })).toBe(`${W} topics[0]: ${shown} is not a service of this environment (gw, a, b). Fix: name a service from the environment's services`);
  });
});

describe('validateKafkaInput: consumer groups', () => {
  test.each<[string, unknown, string]>([
    ['a string', 'g0', '"g0"'],
    ['an object', { name: 'g0' }, '{"name":"g0"}'],
    ['a number', 2, '2'],
  ])('GIVEN consumerGroups as %s WHEN validated THEN it is not a list of consumer groups', (_, consumerGroups, shown) => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups })] })).toBe(`${W} topics[0]: consumerGroups = ${shown} is not a list. Fix: pass a list of consumer groups`);
  });

  test.each<[string, unknown[], string]>([
    ['null', [null], 'consumerGroups[0]: group = null'],
    ['a string', ['fraud-detection'], 'consumerGroups[0]: group = "fraud-detection"'],
    ['a number after a valid group', [{ name: 'g0' }, 7], 'consumerGroups[1]: group = 7'],
  ])('GIVEN a group that is %s WHEN validated THEN it is not an object', (_, consumerGroups, shown) => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups })] })).toBe(`${W} topics[0] ${shown} is not an object. Fix: pass { name, service? }`);
  });

  test.each<[string, string]>([
    ['a space inside', 'fraud detection'],
    ['a bad first character', '/fraud'],
    ['a bad last character', 'fraud/'],
    ['a bad character at both ends', '*fraud*'],
  ])('GIVEN a group id with %s WHEN validated THEN it is not a valid consumer group id', (_, name) => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups: [{ name }] })] })).toBe(
      `${W} topics[0] consumerGroups[0]: name = ${JSON.stringify(name)} is not a valid consumer group id. Fix: use letters, digits, ".", "_" and "-"`,
    );
  });

  test('GIVEN an empty group id WHEN validated THEN the message names a consumer group id of 1 to 200 characters', () => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups: [{ name: '' }] })] })).toBe(
      `${W} topics[0] consumerGroups[0]: name = "" is not a non-empty string. Fix: pass a consumer group id of 1 to 200 characters`,
    );
  });

  test('GIVEN a group id of 201 characters WHEN validated THEN the message names the 200-character limit', () => {
    const name = 'g'.repeat(201);
    expect(messageOf({ topics: [topic('orders', { consumerGroups: [{ name }] })] })).toBe(
      `${W} topics[0] consumerGroups[0]: name = "${'g'.repeat(116)}... is 201 characters long; a consumer group id is limited to 200. Fix: shorten it to 200 characters or fewer`,
    );
  });

  test.each<[string, string]>([
    ['letters, digits, ".", "_" and "-"', 'Fraud_detection-2.v1'],
    ['200 characters', 'g'.repeat(200)],
  ])('GIVEN a group id of %s WHEN validated THEN it is accepted', (_, name) => {
    expect(() => validateKafkaInput('env', { topics: [topic('orders', { consumerGroups: [{ name }] })] }, 3, SERVICES)).not.toThrow();
  });

  test.each<[string, unknown[], string]>([
    ['next to each other', [{ name: 'g' }, { name: 'g' }], 'consumerGroups[1]: name = "g"'],
    ['with another between', [{ name: 'g' }, { name: 'h' }, { name: 'g', service: 'a' }], 'consumerGroups[2]: name = "g"'],
  ])('GIVEN a group listed twice %s WHEN validated THEN rejected', (_, consumerGroups, shown) => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups })] })).toBe(`${W} topics[0] ${shown} reads this topic twice. Fix: list each consumer group once per topic`);
  });

  test.each<[string, unknown[], string]>([
    ['an unknown service', [{ name: 'g', service: 'nope' }], 'consumerGroups[0]: service = "nope"'],
    ['a service of another environment', [{ name: 'g', service: 'b' }, { name: 'h', service: 'user-service' }], 'consumerGroups[1]: service = "user-service"'],
  ])('GIVEN a group whose service is %s WHEN validated THEN the message lists the services and the way out', (_, consumerGroups, shown) => {
    expect(messageOf({ topics: [topic('orders', { consumerGroups })] })).toBe(
      `${W} topics[0] ${shown} is not a service of this environment (gw, a, b). Fix: name a service of the environment, or leave service out for a consumer that runs elsewhere`,
    );
  });

  test('GIVEN the same group on two topics WHEN validated THEN it is accepted (once per topic)', () => {
    expect(() => validateKafkaInput('env', { topics: [topic('orders'), topic('refunds')] }, 3, SERVICES)).not.toThrow();
  });
});

describe('validateKafkaInput: a JavaScript caller\'s topic without its required fields', () => {
  /** The valid topic without `field`. */
  const without = (field: string, base: Record<string, unknown> = topic('orders') as unknown as Record<string, unknown>) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== field));

  test.each<[string, () => unknown[], string]>([
    ['a topic that is a list', () => [[]], 'topics[0]: topic = [] is not an object. Fix: pass { name, eventsPerWrite, bytesPerEvent, producers, consumerGroups }'],
    ['a topic without a name', () => [without('name')], 'topics[0]: name = undefined is required. Fix: name the topic, e.g. "wallet.created"'],
    ['a second topic without a name', () => [topic('orders'), without('name')], 'topics[1]: name = undefined is required. Fix: name the topic, e.g. "wallet.created"'],
    ['a topic without producers', () => [without('producers')], 'topics[0]: producers = undefined is required. Fix: list the services of this environment that publish to the topic ([] for none)'],
    ['a topic without consumer groups', () => [without('consumerGroups')], 'topics[0]: consumerGroups = undefined is required. Fix: list the consumer groups reading the topic ([] for none)'],
    ['a group that is a list', () => [topic('orders', { consumerGroups: [['g0']] })], 'topics[0] consumerGroups[0]: group = ["g0"] is not an object. Fix: pass { name, service? }'],
    ['a group without a name', () => [topic('orders', { consumerGroups: [{ service: 'b' }] })], 'topics[0] consumerGroups[0]: name = undefined is required. Fix: pass the group id (Kafka group.id), e.g. "fraud-detection"'],
  ])('GIVEN %s WHEN validated THEN a ValidationError names the field (not a TypeError, not an "undefined.dlq" topic)', (_, topics, message) => {
    expect(messageOf({ topics: topics() })).toBe(`${W} ${message}`);
  });

  test('GIVEN a topic without producers WHEN the environment is planned THEN the capacity model rejects it before sizing', () => {
    const act = () => planCapacity({ ...handCheckedInputs(), kafka: { topics: [without('producers') as unknown as KafkaTopicInput] } });
    expect(act).toThrow(ValidationError);
    expect(act).toThrow('capacity model (hand) kafka topics[0]: producers = undefined is required.');
  });

  test('GIVEN no producers and no consumer groups as empty lists WHEN validated THEN accepted', () => {
    expect(() => validateKafkaInput('env', { topics: [topic('orders', { producers: [], consumerGroups: [] })] }, 3, SERVICES)).not.toThrow();
  });
});
