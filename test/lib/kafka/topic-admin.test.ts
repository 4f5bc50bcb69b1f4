import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { planCapacity } from '../../../lib/capacity';
import { KafkaTopicSpec, renderTopicAdminScript, TOPIC_ADMIN_PACKAGE, topicAdminPackageFiles, topicConfigHash, topicSpecsOf, validateTopicSpecs } from '../../../lib/kafka/topic-admin';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs } from '../capacity/fixtures';
import { tempDir } from '../../support/temp';

const FUNDED: KafkaTopicSpec = { name: 'wallet.funded', partitions: 6, replicationFactor: 3, retentionMs: 604_800_000, cleanupPolicy: 'delete', minInsyncReplicas: 2 };
const DLQ: KafkaTopicSpec = { name: 'fraud-detection.dlq', partitions: 3, replicationFactor: 3, retentionMs: 604_800_000, cleanupPolicy: 'delete', minInsyncReplicas: 2 };

/**
 * Runs `body` (an async function body with the script's exports in scope as `s`) in a Node
 * process that imports the rendered script, and returns what it returns (as JSON). kafkajs is
 * loaded only inside `main`, which tests never call.
 */
function runScript(specs: readonly KafkaTopicSpec[], body: string): any {
  const dir = tempDir('kafka-topics-');
  fs.writeFileSync(path.join(dir, 'topics.mjs'), renderTopicAdminScript(specs));
  fs.writeFileSync(path.join(dir, 'run.mjs'), `import * as s from './topics.mjs';\nconst out = await (async () => { ${body} })();\nprocess.stdout.write(JSON.stringify(out));\n`);
  return JSON.parse(execFileSync(process.execPath, [path.join(dir, 'run.mjs')], { encoding: 'utf8' }));
}

describe('topic specs from the plan', () => {
  test('GIVEN the hand-checked plan (Express) THEN every planned topic, dead-letter topics included, with retention in ms and no topic-level min.insync.replicas', () => {
    const plan = planCapacity(handCheckedInputs()).kafka;
    const specs = topicSpecsOf(plan);
    expect(specs.map((s) => s.name)).toEqual(plan.topics.map((t) => t.name));
    expect(specs.some((s) => s.name.endsWith('.dlq'))).toBe(true);
    for (const [i, s] of specs.entries()) {
      expect(s).toEqual({ name: plan.topics[i].name, partitions: plan.topics[i].partitions, replicationFactor: plan.replicationFactor, retentionMs: plan.topics[i].retentionHours * 3_600_000, cleanupPolicy: plan.topics[i].cleanupPolicy });
    }
  });

  test('GIVEN a Standard-broker plan THEN each topic carries the plan\'s min.insync.replicas', () => {
    const plan = planCapacity({ ...handCheckedInputs(), azCount: 2, survivesAzLoss: false } as never).kafka;
    expect(plan.brokerType).toBe('standard');
    expect(new Set(topicSpecsOf(plan).map((s) => s.minInsyncReplicas))).toEqual(new Set([plan.minInsyncReplicas]));
  });
});

describe('validateTopicSpecs: bad input by class', () => {
  const check = (t: Partial<KafkaTopicSpec>) => () => validateTopicSpecs('test', 'topics', [{ ...FUNDED, ...t } as KafkaTopicSpec]);
  test.each(['', '.', '..', 'wallet funded', 'wallet/funded', 'wället', 'a'.repeat(250)])('a topic name Kafka rejects (%j)', (name) => {
    expect(check({ name })).toThrow(ValidationError);
    expect(check({ name })).toThrow(/topics\[0\]\.name/);
  });
  test.each([-2, -100, -3_600_000])('retention below -1 (%d)', (retentionMs) => {
    expect(check({ retentionMs })).toThrow(/retentionMs.*-1/s);
  });
  test('retention 0 (every record deleted at once)', () => expect(check({ retentionMs: 0 })).toThrow(/delete every record/));
  test('retention -1 (keep for ever) is accepted', () => expect(check({ retentionMs: -1 })).not.toThrow());
  test.each([0, -1, 1.5, Number.NaN])('partitions not a positive integer (%d)', (partitions) => expect(check({ partitions })).toThrow(/partitions/));
  test.each([0, 1.5, 40_000])('replication factor out of range (%d)', (replicationFactor) => expect(check({ replicationFactor })).toThrow(/replicationFactor/));
  test.each([4, 0])('min.insync.replicas outside 1..RF (%d)', (minInsyncReplicas) => expect(check({ minInsyncReplicas })).toThrow(/minInsyncReplicas/));
  test.each(['compact,delete', 'Delete', ''])('a cleanup policy Kafka would not take from this Job (%j)', (cleanupPolicy) => expect(check({ cleanupPolicy })).toThrow(/cleanupPolicy/));
  test('a topic listed twice', () => expect(() => validateTopicSpecs('test', 'topics', [FUNDED, FUNDED])).toThrow(/listed twice/));
  test('no topics', () => expect(() => validateTopicSpecs('test', 'topics', [])).toThrow(/topics/));
});

describe('topicConfigHash', () => {
  test('is stable under reordering and changes with any reconciled field', () => {
    const base = topicConfigHash([FUNDED, DLQ]);
    expect(base).toMatch(/^[0-9a-f]{10}$/);
    expect(topicConfigHash([DLQ, FUNDED])).toBe(base);
    for (const change of [{ partitions: 12 }, { retentionMs: 1 }, { cleanupPolicy: 'compact' }, { minInsyncReplicas: 1 }, { replicationFactor: 2, minInsyncReplicas: 1 }, { name: 'wallet.funded.v2' }]) {
      expect(topicConfigHash([{ ...FUNDED, ...change }, DLQ])).not.toBe(base);
    }
  });
});

describe('the npm package the Job installs', () => {
  test('is locked by version and integrity, with no other package', () => {
    const files = topicAdminPackageFiles();
    const lock = JSON.parse(files['package-lock.json']);
    expect(Object.keys(lock.packages)).toEqual(['', 'node_modules/kafkajs']);
    expect(lock.packages['node_modules/kafkajs']).toMatchObject({ version: TOPIC_ADMIN_PACKAGE.version, integrity: expect.stringMatching(/^sha512-[A-Za-z0-9+/]{86}==$/) });
    expect(JSON.parse(files['package.json']).dependencies).toEqual({ kafkajs: TOPIC_ADMIN_PACKAGE.version });
  });
});

describe('the rendered script', () => {
  test('holds the topics with their Kafka configs, and is valid JavaScript that Node loads', () => {
    expect(runScript([FUNDED, { ...DLQ, minInsyncReplicas: undefined }], 'return s.TOPICS')).toEqual([
      { name: 'wallet.funded', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete', 'min.insync.replicas': '2' } },
      { name: 'fraud-detection.dlq', partitions: 3, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } },
    ]);
    expect(renderTopicAdminScript([FUNDED])).not.toMatch(/deleteTopics|deleteRecords/);
  });

  test('its SigV4 presigner reproduces AWS\'s published presigned-URL example (S3 GET, 2013-05-24)', () => {
    const url: string = runScript(
      [FUNDED],
      `return s.presignUrl({ host: 'examplebucket.s3.amazonaws.com', path: '/test.txt', region: 'us-east-1', service: 's3',
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
        date: new Date('2013-05-24T00:00:00Z'), expiresSeconds: 86400, payloadHash: 'UNSIGNED-PAYLOAD' })`,
    );
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (example)
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  test('its MSK IAM token is a base64url presigned kafka-cluster:Connect with the session token signed in, as AWS\'s signer makes it', () => {
    const token: string = runScript(
      [FUNDED],
      "return s.mskIamToken('us-east-1', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'tok/en+1=' }, new Date('2026-12-02T03:00:00Z'))",
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
    expect(url.host).toBe('kafka.us-east-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'kafka-cluster:Connect',
      'X-Amz-Credential': 'AKIDEXAMPLE/20261202/us-east-1/kafka-cluster/aws4_request',
      'X-Amz-Expires': '900',
      'X-Amz-Security-Token': 'tok/en+1=',
      'X-Amz-SignedHeaders': 'host',
      // The signature @smithy/signature-v4 (the signer aws-msk-iam-sasl-signer-js uses) computes for the same inputs, checked 2026-12-02.
      'X-Amz-Signature': '1f9b6981aca2b6f7495425d73f09d874ce61cb686d04fc5b1c8714c29a891e20',
    });
  });

  describe('planChanges (idempotent reconciliation)', () => {
    const desired = [
      { name: 'wallet.funded', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } },
      { name: 'wallet.created', partitions: 3, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } },
    ];
    const planChanges = (d: unknown, e: Map<string, unknown>) => runScript([FUNDED], `return s.planChanges(${JSON.stringify(d)}, new Map(${JSON.stringify([...e])}))`);

    test('a missing topic is created; one in line with the config is left alone', () => {
      const plan = planChanges(desired, new Map([['wallet.funded', { partitions: 6, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } }]]));
      expect(plan).toEqual({ create: [desired[1]], addPartitions: [], alterConfigs: [], warnings: [] });
    });

    test('fewer partitions are raised; more are kept and reported, never lowered', () => {
      const configs = desired[0].configs;
      const raised = planChanges(desired.slice(0, 1), new Map([['wallet.funded', { partitions: 3, replicationFactor: 3, configs }]]));
      expect(raised.addPartitions).toEqual([{ topic: 'wallet.funded', count: 6 }]);
      const kept = planChanges(desired.slice(0, 1), new Map([['wallet.funded', { partitions: 12, replicationFactor: 3, configs }]]));
      expect(kept.addPartitions).toEqual([]);
      expect(kept.warnings).toEqual([expect.stringMatching(/keeps its 12 partitions: the config asks 6, and Kafka cannot remove partitions/)]);
    });

    test('a changed config is altered to the managed set; a different replication factor is reported, not changed', () => {
      const plan = planChanges(desired.slice(0, 1), new Map([['wallet.funded', { partitions: 6, replicationFactor: 2, configs: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' } }]]));
      expect(plan.alterConfigs).toEqual([{ topic: 'wallet.funded', configs: desired[0].configs }]);
      expect(plan.warnings).toEqual([expect.stringMatching(/replication factor 2, the config 3/)]);
      expect(plan.create).toEqual([]);
    });
  });
});
