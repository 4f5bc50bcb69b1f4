import { KafkaTopics, KafkaTopicsProps, KAFKA_TOPICS_IMAGE, KAFKA_TOPICS_SERVICE_ACCOUNT } from '../../../constructs/kafka-topics';
import { planCapacity } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { topicConfigHash, topicSpecsOf } from '../../../lib/kafka/topic-admin';
import { handCheckedInputs } from '../../lib/capacity/fixtures';
import { synthPlatformConstructs } from '../../support/platform-synth';
import { onlyOf } from '../../support/synth';

const PLAN = planCapacity(handCheckedInputs()).kafka;
const PROPS: KafkaTopicsProps = { capacity: PLAN, bootstrapBrokers: 'b-1.prod-events.abc123.c2.kafka.us-east-1.amazonaws.com:9098', region: 'us-east-1', brokerCidrs: ['10.30.200.0/22', '10.30.204.0/22', '10.30.208.0/22'] };
const synth = (props: Partial<KafkaTopicsProps> = {}) => synthPlatformConstructs((scope) => new KafkaTopics(scope, 'kafka-topics', { ...PROPS, ...props }));

describe('KafkaTopics', () => {
  describe('GIVEN the plan\'s topics', () => {
    const stack = synth();
    const job = onlyOf(stack, 'kubernetes_job_v1') as any;
    const pod = job.spec.template.spec;
    const hash = topicConfigHash(topicSpecsOf(PLAN));

    test('THEN the Job\'s name and annotation carry the topic config\'s hash, and Terraform waits for it to succeed', () => {
      expect(job.metadata.name).toBe(`kafka-topics-${hash}`);
      expect(job.metadata.annotations['cdktf-million-rps/topic-config-hash']).toBe(hash);
      expect(job.wait_for_completion).toBe(true);
      expect(job.spec.backoff_limit).toBeGreaterThan(0);
      expect(Number(job.spec.ttl_seconds_after_finished)).toBeGreaterThan(0);
      expect(job.spec.active_deadline_seconds).toBeGreaterThan(0);
    });

    test('THEN it runs in its own restricted namespace as the service account the Pod Identity association names', () => {
      expect(onlyOf(stack, 'kubernetes_namespace_v1')).toMatchObject({ metadata: { name: KAFKA_TOPICS_SERVICE_ACCOUNT.namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
      expect(pod.service_account_name).toMatch(/^\$\{kubernetes_service_account_v1\.[^.]+\.metadata\[0\]\.name\}$/);
      expect(onlyOf(stack, 'kubernetes_service_account_v1')).toMatchObject({ metadata: { name: KAFKA_TOPICS_SERVICE_ACCOUNT.name, namespace: expect.stringMatching(/^\$\{kubernetes_namespace_v1\./) } });
    });

    test('THEN every container is non-root, read-only, without privilege escalation, with requests and limits, on the pinned image', () => {
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: 'RuntimeDefault' } });
      for (const c of [...pod.init_container, ...pod.container]) {
        expect(c.image).toBe(KAFKA_TOPICS_IMAGE);
        expect(c.security_context).toMatchObject({ run_as_non_root: true, read_only_root_filesystem: true, allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } });
        expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      }
      expect(pod.restart_policy).toBe('Never');
    });

    test('THEN the script ConfigMap holds the rendered script and the locked package, and the init container installs exactly that', () => {
      const config = onlyOf(stack, 'kubernetes_config_map_v1') as any;
      expect(Object.keys(config.data).sort()).toEqual(['package-lock.json', 'package.json', 'topics.mjs']);
      for (const t of PLAN.topics) expect(config.data['topics.mjs']).toContain(`"name": "${t.name}"`);
      expect(pod.init_container[0].command.join(' ')).toMatch(/npm ci --ignore-scripts/);
      expect(pod.container[0].env).toEqual(expect.arrayContaining([{ name: 'KAFKA_BOOTSTRAP_SERVERS', value: PROPS.bootstrapBrokers }, { name: 'AWS_REGION', value: 'us-east-1' }]));
    });

    test('THEN the pod may reach only DNS, the Pod Identity agent, the brokers on 9098 and public HTTPS, and nothing reaches it', () => {
      const policy = onlyOf(stack, 'kubernetes_network_policy_v1') as any;
      expect(policy.spec.policy_types).toEqual(['Ingress', 'Egress']);
      expect(policy.spec.ingress).toBeUndefined();
      const egress = policy.spec.egress as any[];
      expect(egress.map((e) => e.ports.map((p: any) => p.port))).toEqual([['53', '53'], ['80'], ['9098'], ['443']]);
      expect(egress[1].to).toEqual([{ ip_block: { cidr: '169.254.170.23/32' } }]);
      expect(egress[2].to.map((t: any) => t.ip_block.cidr)).toEqual(PROPS.brokerCidrs);
      expect(egress[3].to).toEqual([{ ip_block: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }]);
    });
  });

  test('GIVEN a changed topic config THEN the Job gets a new name (it runs again); the same config keeps it', () => {
    const name = (capacity = PLAN) => (onlyOf(synth({ capacity }), 'kubernetes_job_v1') as any).metadata.name;
    const more = { ...PLAN, topics: PLAN.topics.map((t, i) => (i === 0 ? { ...t, partitions: t.partitions * 2 } : t)) };
    expect(name()).toBe(name());
    expect(name(more)).not.toBe(name());
  });

  describe('bad input', () => {
    test.each(['node', 'node:latest', 'node:lts-alpine', 'registry.example.com:5000/node', 'node@sha256:abc'])('a Job image not pinned by tag or digest (%s)', (image) => {
      expect(() => synth({ image })).toThrow(ValidationError);
      expect(() => synth({ image })).toThrow(/image/);
    });
    test('a pinned tag or digest is accepted', () => {
      expect(() => synth({ image: 'registry.example.com:5000/node:24.11.0-alpine' })).not.toThrow();
      expect(() => synth({ image: `node@sha256:${'a'.repeat(64)}` })).not.toThrow();
    });
    test.each(['wallet funded', '..', 'x'.repeat(250)])('a topic name Kafka rejects (%j)', (bad) => {
      const capacity = { ...PLAN, topics: PLAN.topics.map((t, i) => (i === 0 ? { ...t, name: bad } : t)) };
      expect(() => synth({ capacity })).toThrow(/topics\[0\]\.name/);
    });
    test.each([-2, -50])('retention below -1 ms (%d)', (retentionMs) => {
      expect(() => synth({ capacity: undefined, topics: [{ name: 'wallet.funded', partitions: 3, replicationFactor: 3, retentionMs, cleanupPolicy: 'delete' }] })).toThrow(/retentionMs/);
    });
    test('topics beside capacity, or neither', () => {
      expect(() => synth({ topics: topicSpecsOf(PLAN) })).toThrow(/beside capacity/);
      expect(() => synth({ capacity: undefined })).toThrow(/topics.*required/s);
    });
    test.each([[['10.30.0.0']], [['not-a-cidr']], [[]]])('broker CIDRs that are not networks (%j)', (brokerCidrs) => {
      expect(() => synth({ brokerCidrs })).toThrow(/brokerCidrs/);
    });
  });
});
