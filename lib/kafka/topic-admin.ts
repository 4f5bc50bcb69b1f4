import { createHash } from 'crypto';
import type { KafkaPlan } from '../capacity/plan';
import { KAFKA_TOPIC_NAME, KAFKA_TOPIC_NAME_MAX } from '../capacity/kafka';
import { invalid } from '../errors';
import { checkArray, checkInteger, checkName, checkOneOf } from '../validation';

/**
 * The topics a Kafka cluster should carry, reconciled at deploy by the topic Job
 * (constructs/kafka-topics) through the Kafka admin API: created when missing, partitions raised
 * when below the config, topic configs altered to the config. A topic is never deleted and its
 * partition count never lowered (Kafka cannot remove partitions; a lower figure in the config is
 * reported and the deployed count kept).
 */

/** One topic as the Job reconciles it. */
export interface KafkaTopicSpec {
  /** Kafka topic name (legal characters, at most 249, not "." or ".."). */
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** `retention.ms`: -1 keeps records for ever. */
  readonly retentionMs: number;
  /** `cleanup.policy`: `delete` or `compact`. */
  readonly cleanupPolicy: string;
  /**
   * `min.insync.replicas` of the topic, at most the replication factor. Absent on Express
   * brokers, which fix it cluster-wide (2) and whose acceptance of a topic-level override this
   * repo has not confirmed: the Job then leaves it to the broker.
   */
  readonly minInsyncReplicas?: number;
}

/** Topic configs the Job owns (it sets these and no others). */
export const MANAGED_TOPIC_CONFIGS = ['retention.ms', 'cleanup.policy', 'min.insync.replicas'] as const;
const CLEANUP_POLICIES = ['delete', 'compact'];
const MS_PER_HOUR = 3_600_000;
/** Kafka's `retention.ms` validator: at least -1 (https://kafka.apache.org/documentation/#topicconfigs_retention.ms). */
const RETENTION_FOREVER = -1;
/** Kafka's replication factor is a 16-bit field of CreateTopics (int16). */
const MAX_REPLICATION_FACTOR = 32_767;
/** Kafka's partition count is an int32 of CreateTopics; MSK's per-broker limits sit far below (lib/capacity/kafka-catalog.ts). */
const MAX_PARTITIONS = 2_147_483_647;
/** Characters of the config hash in the Job's name: 40 bits, enough that two configs of one environment never collide in practice. */
const HASH_LENGTH = 10;

/** The Job's topics from the capacity plan: every planned topic (dead-letter topics included), with the plan's min.insync.replicas on Standard brokers. */
export function topicSpecsOf(plan: KafkaPlan): KafkaTopicSpec[] {
  const express = plan.brokerType === 'express';
  return plan.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    retentionMs: t.retentionHours * MS_PER_HOUR,
    cleanupPolicy: t.cleanupPolicy,
    ...(express ? {} : { minInsyncReplicas: plan.minInsyncReplicas }),
  }));
}

/** Rejects topic specs Kafka would refuse, at synth, each with the fix. */
export function validateTopicSpecs(where: string, prop: string, specs: readonly KafkaTopicSpec[]): void {
  checkArray(where, prop, specs, { minLength: 1, what: 'topics' });
  const seen = new Set<string>();
  specs.forEach((t, i) => {
    const p = `${prop}[${i}]`;
    if (typeof t !== 'object' || t === null) invalid(where, p, t, 'is not a topic', 'pass { name, partitions, replicationFactor, retentionMs, cleanupPolicy }');
    checkName(where, `${p}.name`, t.name, { maxLength: KAFKA_TOPIC_NAME_MAX, pattern: KAFKA_TOPIC_NAME, charset: 'letters, digits, ".", "_" and "-" (Kafka topic names)', what: 'Kafka topic name' });
    if (t.name === '.' || t.name === '..') invalid(where, `${p}.name`, t.name, 'is a name Kafka rejects', 'use a name such as "wallet.funded"');
    if (seen.has(t.name)) invalid(where, `${p}.name`, t.name, 'is listed twice', 'list each topic once');
    seen.add(t.name);
    checkInteger(where, `${p}.partitions`, t.partitions, { min: 1, max: MAX_PARTITIONS });
    checkInteger(where, `${p}.replicationFactor`, t.replicationFactor, { min: 1, max: MAX_REPLICATION_FACTOR });
    checkInteger(where, `${p}.retentionMs`, t.retentionMs, { min: RETENTION_FOREVER, limit: 'Kafka accepts -1 (keep for ever) or a positive number of milliseconds' });
    if (t.retentionMs === 0) invalid(where, `${p}.retentionMs`, 0, 'would let Kafka delete every record as soon as its segment rolls', 'use a positive retention in milliseconds, or -1 to keep records for ever');
    checkOneOf(where, `${p}.cleanupPolicy`, t.cleanupPolicy, CLEANUP_POLICIES);
    if (t.minInsyncReplicas !== undefined) {
      checkInteger(where, `${p}.minInsyncReplicas`, t.minInsyncReplicas, { min: 1, max: t.replicationFactor, limit: `1 to the replication factor (${t.replicationFactor}): more in-sync replicas than replicas refuses every acks=all write` });
    }
  });
}

/** The topic configs of a spec, as the Kafka admin API takes them. */
export function topicConfigs(spec: KafkaTopicSpec): Record<string, string> {
  return {
    'retention.ms': String(spec.retentionMs),
    'cleanup.policy': spec.cleanupPolicy,
    ...(spec.minInsyncReplicas !== undefined ? { 'min.insync.replicas': String(spec.minInsyncReplicas) } : {}),
  };
}

/**
 * A short hash of the topic config (names, partitions, replication, configs, in a canonical
 * order): the Job's name carries it, so a changed config is a new Job that runs again, and an
 * unchanged one leaves the Job alone.
 */
export function topicConfigHash(specs: readonly KafkaTopicSpec[]): string {
  const canonical = [...specs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => [s.name, s.partitions, s.replicationFactor, Object.entries(topicConfigs(s)).sort()]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, HASH_LENGTH);
}

/**
 * The npm package the Job's script needs, pinned with the registry's integrity hash so `npm ci`
 * refuses anything else: kafkajs 2.2.4 (MIT, no dependencies; https://www.npmjs.com/package/kafkajs,
 * integrity read from the npm registry on 2026-12-02). It speaks the Kafka admin API (CreateTopics,
 * CreatePartitions, DescribeConfigs, AlterConfigs, Metadata) and SASL/OAUTHBEARER, which MSK's
 * IAM listener accepts with the token the script signs. kafkajs is no longer developed; it
 * negotiates protocol versions with the brokers (ApiVersions) and works with the 3.9 line this
 * repo pins. Kafka 4 removed old protocol versions (KIP-896): re-check before moving the
 * cluster to 4.x.
 */
export const TOPIC_ADMIN_PACKAGE = {
  name: 'kafkajs',
  version: '2.2.4',
  integrity: 'sha512-j/YeapB1vfPT2iOIUn/vxdyKEuhuY2PxMBvf5JWux6iSaukAccrMtXEY/Lb7OvavDhOWME589bpLrEdnVHjfjA==',
} as const;

/** `package.json` and `package-lock.json` the Job's init container installs from (`npm ci --ignore-scripts`). */
export function topicAdminPackageFiles(): { readonly 'package.json': string; readonly 'package-lock.json': string } {
  const name = 'kafka-topics-job';
  const deps = { [TOPIC_ADMIN_PACKAGE.name]: TOPIC_ADMIN_PACKAGE.version };
  const manifest = { name, version: '1.0.0', private: true, type: 'module', dependencies: deps };
  const lock = {
    name,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, version: '1.0.0', dependencies: deps },
      [`node_modules/${TOPIC_ADMIN_PACKAGE.name}`]: { version: TOPIC_ADMIN_PACKAGE.version, integrity: TOPIC_ADMIN_PACKAGE.integrity, license: 'MIT', engines: { node: '>=14.0.0' } },
    },
  };
  return { 'package.json': `${JSON.stringify(manifest, null, 2)}\n`, 'package-lock.json': `${JSON.stringify(lock, null, 2)}\n` };
}

/**
 * The Job's script (an ES module for Node.js). It reads the bootstrap brokers and the Region
 * from `KAFKA_BOOTSTRAP_SERVERS` and `AWS_REGION`, the role's credentials from the EKS Pod
 * Identity agent, and reconciles `specs`:
 *
 * - a missing topic is created with its partitions, replication factor and configs;
 * - a topic with fewer partitions gets more (CreatePartitions); one with more keeps them and the
 *   Job says so (Kafka cannot remove partitions);
 * - a topic whose managed configs differ gets them altered (AlterConfigs, which replaces the
 *   topic's dynamic configs with exactly the managed ones);
 * - a replication factor that differs is reported, not changed (that needs a reassignment);
 * - nothing is ever deleted.
 *
 * Authentication is MSK's IAM access control over SASL/OAUTHBEARER: the token is a SigV4-presigned
 * `kafka-cluster:Connect` request to `kafka.<region>.amazonaws.com` (service `kafka-cluster`,
 * 900 s), base64url without padding, the format AWS's aws-msk-iam-sasl-signer libraries produce
 * (https://github.com/aws/aws-msk-iam-sasl-signer-js, src/getMSKAuthToken.ts). The signer is plain
 * `node:crypto`, tested against AWS's published SigV4 presigned-URL example.
 *
 * `presignUrl`, `mskIamToken` and `planChanges` are exported so tests run them; `main` runs only
 * when Node executes the file.
 */
export function renderTopicAdminScript(specs: readonly KafkaTopicSpec[]): string {
  const topics = specs.map((s) => ({ name: s.name, partitions: s.partitions, replicationFactor: s.replicationFactor, configs: topicConfigs(s) }));
  return `// Generated by cdktf-million-rps (lib/kafka/topic-admin.ts). Reconciles the topics below through the
// Kafka admin API: creates the missing ones, raises partition counts, alters the managed configs.
// Never deletes a topic and never lowers a partition count.
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

export const TOPICS = ${JSON.stringify(topics, null, 2)};
export const MANAGED_CONFIGS = ${JSON.stringify(MANAGED_TOPIC_CONFIGS)};
const TOPIC_RESOURCE = 2; // ConfigResource type TOPIC
const TOKEN_EXPIRES_SECONDS = 900;
const CREDENTIALS_REFRESH_MS = 5 * 60 * 1000;
const USER_AGENT = 'cdktf-million-rps-kafka-topics/1.0';

const sha256 = (data) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();
// SigV4 URI encoding (RFC 3986 unreserved characters stay, everything else is %XX).
const encode = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** A SigV4 presigned GET URL (query-string authentication, only the host header signed). */
export function presignUrl({ host, path = '/', query = {}, region, service, credentials, date, expiresSeconds, payloadHash }) {
  const amzDate = date.toISOString().replace(/[-:]/g, '').replace(/\\.\\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = day + '/' + region + '/' + service + '/aws4_request';
  const params = {
    ...query,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credentials.accessKeyId + '/' + scope,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(expiresSeconds),
    'X-Amz-SignedHeaders': 'host',
  };
  if (credentials.sessionToken) params['X-Amz-Security-Token'] = credentials.sessionToken;
  const canonicalQuery = Object.keys(params)
    .map((k) => [encode(k), encode(params[k])])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => k + '=' + v)
    .join('&');
  const canonicalRequest = ['GET', path, canonicalQuery, 'host:' + host + '\\n', 'host', payloadHash].join('\\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\\n');
  let key = hmac('AWS4' + credentials.secretAccessKey, day);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return 'https://' + host + path + '?' + canonicalQuery + '&X-Amz-Signature=' + signature;
}

/** MSK IAM auth token for SASL/OAUTHBEARER: a presigned kafka-cluster:Connect, base64url without padding. */
export function mskIamToken(region, credentials, date) {
  const url = presignUrl({
    host: 'kafka.' + region + '.amazonaws.com',
    query: { Action: 'kafka-cluster:Connect' },
    region,
    service: 'kafka-cluster',
    credentials,
    date,
    expiresSeconds: TOKEN_EXPIRES_SECONDS,
    payloadHash: sha256(''),
  });
  return Buffer.from(url + '&User-Agent=' + encode(USER_AGENT), 'utf8').toString('base64url').replace(/=+$/, '');
}

/**
 * What to change, given the desired topics and the deployed ones (name -> { partitions,
 * replicationFactor, configs }). Never deletes, never lowers partitions.
 */
export function planChanges(desired, existing) {
  const plan = { create: [], addPartitions: [], alterConfigs: [], warnings: [] };
  for (const t of desired) {
    const now = existing.get(t.name);
    if (!now) {
      plan.create.push(t);
      continue;
    }
    if (now.partitions < t.partitions) plan.addPartitions.push({ topic: t.name, count: t.partitions });
    if (now.partitions > t.partitions) plan.warnings.push(t.name + ' keeps its ' + now.partitions + ' partitions: the config asks ' + t.partitions + ', and Kafka cannot remove partitions (raise the config to ' + now.partitions + ' to silence this)');
    if (now.replicationFactor !== t.replicationFactor) plan.warnings.push(t.name + ' has replication factor ' + now.replicationFactor + ', the config ' + t.replicationFactor + ': changing it needs a partition reassignment, which this Job does not do');
    const differs = Object.entries(t.configs).some(([k, v]) => now.configs[k] !== v);
    if (differs) plan.alterConfigs.push({ topic: t.name, configs: t.configs });
  }
  return plan;
}

function required(env, name) {
  const value = env[name];
  if (!value) throw new Error(name + ' is not set');
  return value;
}

/** Credentials from the EKS Pod Identity agent (the container credentials endpoint and its token file). */
async function podIdentityCredentials(env) {
  const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (!uri || !tokenFile) throw new Error('no EKS Pod Identity credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI / AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE unset): is the Pod Identity association of this service account in place?');
  const token = (await readFile(tokenFile, 'utf8')).trim();
  const response = await fetch(uri, { headers: { Authorization: token } });
  if (!response.ok) throw new Error('the Pod Identity agent answered ' + response.status);
  const body = await response.json();
  return { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token, expiresAt: Date.parse(body.Expiration) };
}

export async function main(env = process.env) {
  const { Kafka, logLevel } = await import('kafkajs');
  const region = required(env, 'AWS_REGION');
  const brokers = required(env, 'KAFKA_BOOTSTRAP_SERVERS').split(',');
  let credentials;
  const kafka = new Kafka({
    clientId: 'kafka-topics-job',
    brokers,
    ssl: true,
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        if (!credentials || credentials.expiresAt - Date.now() < CREDENTIALS_REFRESH_MS) credentials = await podIdentityCredentials(env);
        return { value: mskIamToken(region, credentials, new Date()) };
      },
    },
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const names = new Set(await admin.listTopics());
    const present = TOPICS.filter((t) => names.has(t.name)).map((t) => t.name);
    const existing = new Map();
    if (present.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present });
      for (const t of topics) existing.set(t.name, { partitions: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0, configs: {} });
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: present.map((name) => ({ type: TOPIC_RESOURCE, name, configNames: MANAGED_CONFIGS })) });
      for (const r of resources) {
        if (r.errorCode) throw new Error('DescribeConfigs ' + r.resourceName + ': ' + r.errorMessage);
        for (const e of r.configEntries) existing.get(r.resourceName).configs[e.configName] = e.configValue;
      }
    }
    const plan = planChanges(TOPICS, existing);
    for (const w of plan.warnings) console.warn('WARNING ' + w);
    if (plan.create.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: plan.create.map((t) => ({ topic: t.name, numPartitions: t.partitions, replicationFactor: t.replicationFactor, configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })) })),
      });
    }
    if (plan.addPartitions.length > 0) await admin.createPartitions({ topicPartitions: plan.addPartitions });
    if (plan.alterConfigs.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: plan.alterConfigs.map((a) => ({ type: TOPIC_RESOURCE, name: a.topic, configEntries: Object.entries(a.configs).map(([name, value]) => ({ name, value })) })),
      });
    }
    console.log(JSON.stringify({ created: plan.create.map((t) => t.name), partitionsRaised: plan.addPartitions, configsAltered: plan.alterConfigs.map((a) => a.topic), warnings: plan.warnings.length }));
  } finally {
    await admin.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
`;
}
