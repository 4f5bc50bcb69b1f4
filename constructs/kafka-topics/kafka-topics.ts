import { Construct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import type { KafkaPlan } from '../../lib/capacity/plan';
import { parseCidr } from '../../lib/cidr';
import { invalid } from '../../lib/errors';
import { KafkaTopicSpec, renderTopicAdminScript, topicAdminPackageFiles, topicConfigHash, topicSpecsOf, validateTopicSpecs } from '../../lib/kafka/topic-admin';
import { checkPlanSlice } from '../../lib/plan-slice';
import { imageReference } from '../../lib/policy/rules/kubernetes-pod';
import { checkArray, checkProps, checkString, isUnresolved } from '../../lib/validation';
import { escapeTerraformTemplate } from '../cluster-monitoring/values';
import { KAFKA_TOPICS_SERVICE_ACCOUNT } from './service-account';

/**
 * The image the topic Job runs: the Docker Official Image of Node.js, 24 "Krypton" LTS on
 * Alpine (https://hub.docker.com/_/node, built from https://github.com/nodejs/docker-node). It
 * holds `node` and `npm` and a non-root `node` user (uid/gid 1000), which the Job runs as.
 * Pinned by version tag; pass `image` with an `@sha256:` digest (or a mirror in your registry)
 * to pin the bytes.
 */
export const KAFKA_TOPICS_IMAGE = 'node:24.11.0-alpine';
/** uid/gid of the `node` user in the official Node.js images (docker-node Dockerfiles: `addgroup -g 1000 node && adduser -u 1000 -G node`). */
const NODE_UID = 1000;
/** The IAM listener (SASL/IAM and SASL/OAUTHBEARER over TLS). https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html */
const MSK_IAM_PORT = 9098;
/** EKS Pod Identity agent, on every node's link-local address. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html */
const POD_IDENTITY_AGENT = { cidr: '169.254.170.23/32', port: 80 };
const DNS_PORT = 53;
const HTTPS_PORT = 443;
/** The init container reaches the npm registry on the internet (through the NAT gateways), never a private address. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
/** The Job is done in well under a minute; a stuck admin call fails it after ten. */
const ACTIVE_DEADLINE_SECONDS = 600;
/** Two retries: a broker restarting (MSK patching) fails one attempt, not the deploy. */
const BACKOFF_LIMIT = 2;
/**
 * A finished Job stays a day for `kubectl logs`, then the TTL controller removes it. Terraform
 * then finds it gone and creates it again on the next apply, which reruns the reconciliation:
 * harmless (it is idempotent) and shown in the plan as one Job to add
 * (https://github.com/hashicorp/terraform-provider-kubernetes/issues/2531).
 */
const TTL_SECONDS_AFTER_FINISHED = 86_400;
/** Terraform waits for the Job to succeed, so a refused topic change fails the apply. */
const JOB_TIMEOUT = '15m';
/** A Node.js process reconciling a few dozen topics: 100m/128 MiB requested, the limit on memory at twice that. */
const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
/** npm's cache, the installed package and Node's temporary files live in size-capped emptyDirs (the root file system is read-only). */
const WORK_VOLUME_LIMIT = '64Mi';
const TMP_VOLUME_LIMIT = '64Mi';
const PATHS = { config: '/etc/kafka-topics', work: '/opt/kafka-topics', npmCache: '/var/cache/npm', tmp: '/tmp' } as const;
const SCRIPT_FILE = 'topics.mjs';

export interface KafkaTopicsProps {
  /**
   * The cluster's slice of the capacity plan (`plan.kafka`): its topics (dead-letter topics
   * included), replication factor and, on Standard brokers, min.insync.replicas.
   * @default - `topics` alone
   */
  readonly capacity?: KafkaPlan;
  /**
   * Topics to reconcile when there is no plan. Not allowed beside `capacity`.
   * @default - the plan's
   */
  readonly topics?: readonly KafkaTopicSpec[];
  /** The IAM bootstrap brokers, `host:9098,...` (MskCluster `bootstrapBrokersIam`, usually a cross-stack reference). */
  readonly bootstrapBrokers: string;
  /** Region of the cluster: the IAM token is signed for it. */
  readonly region: string;
  /** CIDRs of the brokers' subnets (the network's data subnets): the Job's only egress on 9098. */
  readonly brokerCidrs: readonly string[];
  /**
   * Image with Node.js and npm, pinned by tag or digest, running as uid 1000.
   * @default KAFKA_TOPICS_IMAGE
   */
  readonly image?: string;
}

/**
 * Creates and updates the Kafka topics at deploy, in the `<env>-platform` stack: a Kubernetes Job
 * in its own namespace (`kafka-admin`, Pod Security `restricted`) that reconciles the typed
 * topic config through the Kafka admin API with MSK IAM auth (lib/kafka/topic-admin.ts):
 * missing topics created, partition counts raised, topic configs altered; nothing deleted and no
 * partition count lowered.
 *
 * The Job's name carries a hash of the topic config, so a changed config is a new Job (Terraform
 * replaces it and waits for it to succeed) and an unchanged one is left alone. Its service
 * account `kafka-admin/kafka-topics` is bound by EKS Pod Identity to a role the AWS stack grants
 * exactly the topic-admin actions on this cluster and these topics (MskCluster.grantTopicAdmin,
 * WorkloadIdentities). An init container installs the one npm package the script needs from a
 * lockfile with its integrity hash; the NetworkPolicy lets the pod reach only DNS, the Pod
 * Identity agent, the brokers on 9098 and public HTTPS (the npm registry).
 */
export class KafkaTopics extends Construct {
  public readonly namespaceName: string;
  public readonly job: JobV1;
  /** The topic config's hash, in the Job's name and annotation. */
  public readonly configHash: string;
  public readonly topics: readonly KafkaTopicSpec[];

  constructor(scope: Construct, id: string, props: KafkaTopicsProps) {
    super(scope, id);
    checkProps(this, props, '{ capacity: plan.kafka, bootstrapBrokers: aws.events.bootstrapBrokersIam, region, brokerCidrs }');
    checkPlanSlice(this, 'capacity', props.capacity);
    if (props.capacity !== undefined && props.topics !== undefined) {
      invalid(this, 'topics', props.topics.map((t) => t.name), 'is given beside capacity, whose plan holds the topics', 'leave topics out (the plan decides them), or leave capacity out');
    }
    const topics = props.topics ?? (props.capacity ? topicSpecsOf(props.capacity) : undefined);
    if (topics === undefined) invalid(this, 'topics', topics, 'is required without capacity', 'pass capacity: plan.kafka, or topics: [{ name, partitions, replicationFactor, retentionMs, cleanupPolicy }]');
    validateTopicSpecs(this.node.path, 'topics', topics);
    checkString(this, 'bootstrapBrokers', props.bootstrapBrokers, true);
    checkString(this, 'region', props.region, true);
    checkArray(this, 'brokerCidrs', props.brokerCidrs, { minLength: 1, what: 'CIDRs' });
    props.brokerCidrs.forEach((c, i) => {
      if (!isUnresolved(c) && !parseCidr(c)) invalid(this, `brokerCidrs[${i}]`, c, 'is not an IPv4 network CIDR', 'pass the data subnets\' CIDRs, e.g. "10.30.96.0/20"');
    });
    const image = props.image ?? KAFKA_TOPICS_IMAGE;
    checkImagePinned(this, image);
    this.topics = topics;
    this.configHash = topicConfigHash(topics);

    const account = KAFKA_TOPICS_SERVICE_ACCOUNT;
    const labels = { 'app.kubernetes.io/name': account.name, 'app.kubernetes.io/component': 'kafka-topics', 'app.kubernetes.io/managed-by': 'cdktf' };
    const namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: account.namespace,
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'app.kubernetes.io/managed-by': 'cdktf' },
      },
    });
    this.namespaceName = namespace.metadata.name;
    const metadata = (name: string) => ({ name, namespace: this.namespaceName, labels });

    // The Pod Identity association (AWS stack) names this account; Pod Identity mounts its own token.
    const serviceAccount = new ServiceAccountV1(this, 'service-account', { metadata: metadata(account.name), automountServiceAccountToken: false });
    const config = new ConfigMapV1(this, 'script', {
      metadata: metadata(`kafka-topics-${this.configHash}`),
      // Escaped so Terraform never reads `${` or `%{` in them as a template (none today; a future edit stays literal).
      data: Object.fromEntries(Object.entries({ [SCRIPT_FILE]: renderTopicAdminScript(topics), ...topicAdminPackageFiles() }).map(([k, v]) => [k, escapeTerraformTemplate(v)])),
    });

    new NetworkPolicyV1(this, 'network-policy', {
      metadata: metadata('kafka-topics'),
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': account.name } },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: String(DNS_PORT), protocol: 'UDP' },
              { port: String(DNS_PORT), protocol: 'TCP' },
            ],
          },
          { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT.cidr } }], ports: [{ port: String(POD_IDENTITY_AGENT.port), protocol: 'TCP' }] },
          { to: props.brokerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: String(MSK_IAM_PORT), protocol: 'TCP' }] },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }], ports: [{ port: String(HTTPS_PORT), protocol: 'TCP' }] },
        ],
      },
    });

    const securityContext = { runAsNonRoot: true, runAsUser: String(NODE_UID), readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    const env = (pairs: Record<string, string>) => Object.entries(pairs).map(([name, value]) => ({ name, value }));
    const common = { image, imagePullPolicy: 'IfNotPresent', resources: RESOURCES, securityContext };
    this.job = new JobV1(this, 'job', {
      metadata: {
        ...metadata(`kafka-topics-${this.configHash}`),
        annotations: { 'cdktf-million-rps/topic-config-hash': this.configHash, 'cdktf-million-rps/topics': topics.map((t) => t.name).join(',') },
      },
      spec: {
        backoffLimit: BACKOFF_LIMIT,
        activeDeadlineSeconds: ACTIVE_DEADLINE_SECONDS,
        ttlSecondsAfterFinished: String(TTL_SECONDS_AFTER_FINISHED),
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, runAsUser: String(NODE_UID), runAsGroup: String(NODE_UID), fsGroup: String(NODE_UID), seccompProfile: { type: 'RuntimeDefault' } },
            initContainer: [
              {
                ...common,
                name: 'install',
                // npm ci installs exactly the locked package and refuses it if its integrity differs.
                command: ['/bin/sh', '-c', `cp ${PATHS.config}/* ${PATHS.work}/ && cd ${PATHS.work} && npm ci --ignore-scripts --no-audit --no-fund --omit=dev`],
                env: env({ HOME: PATHS.tmp, npm_config_cache: PATHS.npmCache, npm_config_update_notifier: 'false' }),
                volumeMount: [
                  { name: 'script', mountPath: PATHS.config, readOnly: true },
                  { name: 'work', mountPath: PATHS.work },
                  { name: 'npm-cache', mountPath: PATHS.npmCache },
                  { name: 'tmp', mountPath: PATHS.tmp },
                ],
              },
            ],
            container: [
              {
                ...common,
                name: 'reconcile',
                command: ['node', `${PATHS.work}/${SCRIPT_FILE}`],
                env: env({ KAFKA_BOOTSTRAP_SERVERS: props.bootstrapBrokers, AWS_REGION: props.region, HOME: PATHS.tmp }),
                volumeMount: [
                  { name: 'work', mountPath: PATHS.work, readOnly: true },
                  { name: 'tmp', mountPath: PATHS.tmp },
                ],
              },
            ],
            volume: [
              { name: 'script', configMap: { name: config.metadata.name } },
              { name: 'work', emptyDir: { sizeLimit: WORK_VOLUME_LIMIT } },
              { name: 'npm-cache', emptyDir: { sizeLimit: WORK_VOLUME_LIMIT } },
              { name: 'tmp', emptyDir: { sizeLimit: TMP_VOLUME_LIMIT } },
            ],
          },
        },
      },
      waitForCompletion: true,
      timeouts: { create: JOB_TIMEOUT, update: JOB_TIMEOUT },
    });
  }
}

/** The Job's image must name one build: a version tag (not `latest`) or a digest. */
function checkImagePinned(scope: Construct, image: string): void {
  if (typeof image !== 'string' || image.trim() === '') invalid(scope, 'image', image, 'is empty', `pass an image pinned by tag or digest, e.g. "${KAFKA_TOPICS_IMAGE}"`);
  if (isUnresolved(image)) return;
  const ref = imageReference(image);
  if (ref.digest !== undefined) {
    if (!/^sha256:[a-f0-9]{64}$/.test(ref.digest)) invalid(scope, 'image', image, 'has a malformed digest', 'use @sha256: followed by 64 lower-case hex digits');
    return;
  }
  if (ref.tag === undefined || ref.tag === '') invalid(scope, 'image', image, 'is not pinned: without a tag or digest the registry serves whatever "latest" is', `pin a version, e.g. "${KAFKA_TOPICS_IMAGE}", or a digest (@sha256:...)`);
  if (ref.tag === 'latest' || !/\d/.test(ref.tag)) invalid(scope, 'image', image, `is pinned to the moving tag "${ref.tag}"`, `pin a version tag, e.g. "${KAFKA_TOPICS_IMAGE}", or a digest (@sha256:...)`);
}
