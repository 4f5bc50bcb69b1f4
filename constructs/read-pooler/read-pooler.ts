import { Construct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { parseCidr } from '../../lib/cidr';
import { DNS_1123_LABEL, DNS_1123_LABEL_MAX } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { checkPlanSlice, planned, plannedRequired } from '../../lib/plan-slice';
import { checkArray, checkInteger, checkMinMax, checkName, checkProps, checkString, isUnresolved } from '../../lib/validation';
import { authFileScript, PGBOUNCER_PATHS, renderPgBouncerConfig } from './pgbouncer-config';
import { ReadPoolerProps } from './read-pooler-props';
import { READ_POOLER_SERVICE_ACCOUNT } from './read-pooler-role';
import { DEFAULT_CPU_MILLICORES, DEFAULT_MEMORY_MIB, MIN_DEFAULT_POOL_SIZE, POOLER_TARGET_CPU_UTILIZATION_PERCENT } from './sizing';

/**
 * CloudNativePG's PgBouncer image (https://github.com/cloudnative-pg/pgbouncer-containers,
 * commit 7b391dfa: PgBouncer 1.25.2 from the PGDG packages on debian:trixie-slim, rebuilt
 * when the base image changes, amd64 and arm64). Chosen over bitnami/pgbouncer because
 * Bitnami stopped publishing versioned free images on 2025-08-28 and moved them, without
 * updates, to bitnamilegacy (https://github.com/bitnami/containers/issues/83267). Pin a
 * digest in production if the registry's tag policy is not enough for you.
 */
export const PGBOUNCER_IMAGE = 'ghcr.io/cloudnative-pg/pgbouncer:1.25.2';
/** PgBouncer's conventional port. https://www.pgbouncer.org/config.html#listen_port */
const DEFAULT_PORT = 6432;
const DEFAULT_SERVER_PORT = 5432;
/** UID and GID of the `pgbouncer` user in the CloudNativePG image (its Dockerfile: useradd --uid 998 --gid 996). */
const PGBOUNCER_UID = 998;
const PGBOUNCER_GID = 996;
/** The init container only writes one small file. */
const INIT_CPU_MILLICORES = 50;
const INIT_MEMORY_MIB = 32;
/** The auth file is a few hundred bytes; the in-memory volume is capped well above it. */
const AUTH_VOLUME_SIZE_LIMIT = '1Mi';
/** Probes: listening within a minute; restart after 30 s without a listener; out of rotation after 10 s. */
const STARTUP_PERIOD_SECONDS = 2;
const STARTUP_FAILURE_THRESHOLD = 30;
const LIVENESS_PERIOD_SECONDS = 10;
const LIVENESS_FAILURE_THRESHOLD = 3;
const READINESS_PERIOD_SECONDS = 5;
const READINESS_FAILURE_THRESHOLD = 2;
const PROBE_TIMEOUT_SECONDS = 2;
/**
 * On SIGTERM PgBouncer (1.23+) stops accepting connections and exits once its clients have
 * disconnected (https://www.pgbouncer.org/usage.html#signals); clients' transactions are
 * short, a minute lets them finish and reconnect elsewhere.
 */
const TERMINATION_GRACE_SECONDS = 60;
/** Voluntary disruptions take one pooler pod at a time. */
const MAX_UNAVAILABLE_PODS = 1;
/** HPA scale-down: at most one pod a minute after five stable minutes (clients then reconnect). */
const SCALE_DOWN_STABILIZATION_SECONDS = 300;
const SCALE_DOWN_PERIOD_SECONDS = 60;
const SCALE_UP_PERCENT = 100;
const SCALE_UP_PERIOD_SECONDS = 15;
const DNS_PORT = 53;
/** PgBouncer keeps one file descriptor per connection; the kernel limit on a socket count is far above this. */
const MAX_CLIENT_CONNECTIONS = 100_000;
const CSI_DRIVER = 'secrets-store.csi.k8s.io';

/**
 * PgBouncer in front of the read replicas: the read half of the data tier's pooling (RDS
 * Proxy cannot target replicas, see docs/data-tier.md).
 *
 * - Transaction pooling to the weighted reader name, with `max_client_conn` and
 *   `default_pool_size` given by the capacity plan (`readPoolerSizing`); the constructor
 *   rejects pool sizes whose total at `maxReplicas` exceeds `serverConnectionBudget`.
 * - Credentials: the database secret is mounted by the Secrets Store CSI driver (ASCP, EKS
 *   Pod Identity) into the init container only, which writes PgBouncer's auth file to an
 *   in-memory volume. No password exists in Terraform, in a Kubernetes Secret or in the config.
 * - TLS to the servers (`verify-full` with a vendored CA bundle, or `require`), optional TLS
 *   for clients.
 * - Deployment spread over AZs, HPA on CPU, PDB, non-root with a read-only root file system,
 *   TCP probes, a ClusterIP Service, and a NetworkPolicy: ingress only from the client
 *   namespaces on the PgBouncer port, egress only to DNS and to the servers.
 */
export class ReadPooler extends Construct {
  /** CPU request and limit of a pod unless `cpuMillicores` says otherwise. */
  public static readonly DEFAULT_CPU_MILLICORES = DEFAULT_CPU_MILLICORES;
  /** Memory request and limit of a pod unless `memoryMiB` says otherwise. */
  public static readonly DEFAULT_MEMORY_MIB = DEFAULT_MEMORY_MIB;
  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly autoscaler: HorizontalPodAutoscalerV2;
  public readonly disruptionBudget: PodDisruptionBudgetV1;
  public readonly secretProviderClass: Manifest;
  public readonly networkPolicy: NetworkPolicyV1;
  /** In-cluster DNS name of the Service (`<name>.<namespace>.svc.cluster.local`). */
  public readonly host: string;
  public readonly port: number;
  /** User name clients connect with (the auth file's only user). */
  public readonly clientUser: string;
  public readonly databaseName: string;
  /** Pod resources, for namespace quotas. */
  public readonly podResources: { readonly cpuMillicores: number; readonly memoryMiB: number };

  constructor(scope: Construct, id: string, given: ReadPoolerProps) {
    super(scope, id);
    checkProps(this, given, `{ namespace: 'services', capacity: plan.readPooler, ... }`);
    const props = this.sized(given);
    this.validate(props);
    const name = props.name ?? READ_POOLER_SERVICE_ACCOUNT.name;
    const namespace = props.namespace;
    const port = props.port ?? DEFAULT_PORT;
    const image = props.image ?? PGBOUNCER_IMAGE;
    const serverPort = props.serverPort ?? DEFAULT_SERVER_PORT;
    const cpu = props.cpuMillicores ?? DEFAULT_CPU_MILLICORES;
    const memory = props.memoryMiB ?? DEFAULT_MEMORY_MIB;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...selector, 'app.kubernetes.io/component': 'read-pooler', 'app.kubernetes.io/part-of': namespace, 'app.kubernetes.io/managed-by': 'cdktf' };
    const metadata = { name, namespace, labels };
    this.port = port;
    this.host = `${name}.${namespace}.svc.cluster.local`;
    this.clientUser = props.serverUser;
    this.databaseName = props.databaseName;
    this.podResources = { cpuMillicores: cpu, memoryMiB: memory };

    const account = new ServiceAccountV1(this, 'service-account', { metadata, automountServiceAccountToken: false });

    const caBundle = props.serverTls.caBundlePem;
    const config = new ConfigMapV1(this, 'config', {
      metadata: { ...metadata, name: `${name}-config` },
      data: {
        'pgbouncer.ini': renderPgBouncerConfig({
          listenPort: port,
          databaseName: props.databaseName,
          serverHost: props.serverHost,
          serverPort,
          serverUser: props.serverUser,
          maxClientConnections: props.maxClientConnections,
          defaultPoolSize: props.defaultPoolSize,
          serverTlsMode: props.serverTls.sslMode,
          serverCaFile: caBundle ? PGBOUNCER_PATHS.serverCaFile : undefined,
          clientTlsDir: props.clientTlsSecretName ? PGBOUNCER_PATHS.clientTlsDir : undefined,
        }),
      },
    });
    const caConfig = caBundle
      ? new ConfigMapV1(this, 'server-ca', { metadata: { ...metadata, name: `${name}-server-ca` }, data: { 'server-ca.pem': caBundle } })
      : undefined;

    // ASCP parses `objects` as YAML; the secret's JSON keys become one file each.
    const objects = [
      `- objectName: "${props.secretArn}"`,
      '  objectType: "secretsmanager"',
      '  jmesPath:',
      '    - path: "username"',
      '      objectAlias: "username"',
      '    - path: "password"',
      '      objectAlias: "password"',
      '',
    ].join('\n');
    // The SecretProviderClass kind and the CSI mount exist once both charts are installed.
    // `dependsOn` (rendered as depends_on), not `node.addDependency` (cdktf 0.21 drops it).
    const csi = props.secretsStoreCsi ? [props.secretsStoreCsi.awsProvider] : [];
    this.secretProviderClass = new Manifest(this, 'secret-provider-class', {
      manifest: {
        apiVersion: 'secrets-store.csi.x-k8s.io/v1',
        kind: 'SecretProviderClass',
        metadata: { name: `${name}-database`, namespace, labels },
        spec: { provider: 'aws', parameters: { region: props.region, usePodIdentity: 'true', objects } },
      },
      dependsOn: csi.length > 0 ? csi : undefined,
    });

    const securityContext = { runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    const resources = (cpuM: number, memMiB: number) => ({ requests: { cpu: `${cpuM}m`, memory: `${memMiB}Mi` }, limits: { cpu: `${cpuM}m`, memory: `${memMiB}Mi` } });
    const tcp = { tcpSocket: [{ port: 'pgbouncer' }], timeoutSeconds: PROBE_TIMEOUT_SECONDS };

    this.deployment = new DeploymentV1(this, 'deployment', {
      metadata,
      waitForRollout: false,
      spec: {
        replicas: String(props.minReplicas),
        revisionHistoryLimit: 5,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '1', maxUnavailable: '0' } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: account.metadata.name,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(PGBOUNCER_UID),
              runAsGroup: String(PGBOUNCER_GID),
              fsGroup: String(PGBOUNCER_GID),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            // As ServiceWorkload: ScheduleAnyway, so losing an AZ never blocks replacements.
            topologySpreadConstraint: [
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: selector }] },
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: [{ matchLabels: selector }] },
            ],
            initContainer: [
              {
                name: 'auth-file',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['/bin/sh', '-c', authFileScript()],
                resources: resources(INIT_CPU_MILLICORES, INIT_MEMORY_MIB),
                securityContext,
                volumeMount: [
                  { name: 'database-secret', mountPath: PGBOUNCER_PATHS.secretsDir, readOnly: true },
                  { name: 'auth', mountPath: PGBOUNCER_PATHS.authDir },
                ],
              },
            ],
            container: [
              {
                name: 'pgbouncer',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: ['/usr/bin/pgbouncer', PGBOUNCER_PATHS.config],
                port: [{ name: 'pgbouncer', containerPort: port, protocol: 'TCP' }],
                resources: resources(cpu, memory),
                startupProbe: { ...tcp, periodSeconds: STARTUP_PERIOD_SECONDS, failureThreshold: STARTUP_FAILURE_THRESHOLD },
                livenessProbe: { ...tcp, periodSeconds: LIVENESS_PERIOD_SECONDS, failureThreshold: LIVENESS_FAILURE_THRESHOLD },
                readinessProbe: { ...tcp, periodSeconds: READINESS_PERIOD_SECONDS, failureThreshold: READINESS_FAILURE_THRESHOLD },
                securityContext,
                volumeMount: [
                  { name: 'config', mountPath: PGBOUNCER_PATHS.configDir, readOnly: true },
                  { name: 'auth', mountPath: PGBOUNCER_PATHS.authDir, readOnly: true },
                  ...(caConfig ? [{ name: 'server-ca', mountPath: PGBOUNCER_PATHS.serverCaDir, readOnly: true }] : []),
                  ...(props.clientTlsSecretName ? [{ name: 'client-tls', mountPath: PGBOUNCER_PATHS.clientTlsDir, readOnly: true }] : []),
                ],
              },
            ],
            volume: [
              { name: 'config', configMap: { name: config.metadata.name } },
              { name: 'auth', emptyDir: { medium: 'Memory', sizeLimit: AUTH_VOLUME_SIZE_LIMIT } },
              { name: 'database-secret', csi: { driver: CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: `${name}-database` } } },
              ...(caConfig ? [{ name: 'server-ca', configMap: { name: caConfig.metadata.name } }] : []),
              ...(props.clientTlsSecretName ? [{ name: 'client-tls', secret: { secretName: props.clientTlsSecretName } }] : []),
            ],
          },
        },
      },
      lifecycle: { ignoreChanges: ['spec[0].replicas'] },
      dependsOn: [this.secretProviderClass, ...csi],
    });

    this.service = new ServiceV1(this, 'service', {
      metadata,
      spec: { type: 'ClusterIP', selector, port: [{ name: 'pgbouncer', port, targetPort: 'pgbouncer', protocol: 'TCP' }] },
    });

    this.autoscaler = new HorizontalPodAutoscalerV2(this, 'hpa', {
      metadata,
      spec: {
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.metadata.name },
        metric: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.targetCpuUtilizationPercent ?? POOLER_TARGET_CPU_UTILIZATION_PERCENT } } }],
        behavior: {
          scaleUp: [{ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policy: [{ type: 'Percent', value: SCALE_UP_PERCENT, periodSeconds: SCALE_UP_PERIOD_SECONDS }] }],
          scaleDown: [{ stabilizationWindowSeconds: SCALE_DOWN_STABILIZATION_SECONDS, selectPolicy: 'Min', policy: [{ type: 'Pods', value: 1, periodSeconds: SCALE_DOWN_PERIOD_SECONDS }] }],
        },
      },
      dependsOn: (props.metricsApis ?? []).length > 0 ? [...props.metricsApis!] : undefined,
    });

    this.disruptionBudget = new PodDisruptionBudgetV1(this, 'pdb', {
      metadata,
      spec: { maxUnavailable: String(MAX_UNAVAILABLE_PODS), selector: { matchLabels: selector } },
    });

    // Policies add up: the namespace's own allow rules still apply, this one states the pooler's contract.
    this.networkPolicy = new NetworkPolicyV1(this, 'network-policy', {
      metadata,
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: props.clientNamespaces.flatMap((ns) => {
              const namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': ns } };
              return props.clientPodLabels === undefined ? [{ namespaceSelector }] : props.clientPodLabels.map((labels) => ({ namespaceSelector, podSelector: { matchLabels: { ...labels } } }));
            }),
            ports: [{ port: String(port), protocol: 'TCP' }],
          },
        ],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: String(DNS_PORT), protocol: 'UDP' },
              { port: String(DNS_PORT), protocol: 'TCP' },
            ],
          },
          { to: props.serverCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: String(serverPort), protocol: 'TCP' }] },
        ],
      },
    });
  }

  /** The sizes: each explicit prop, else the capacity slice's; both and different is an error. */
  private sized(props: ReadPoolerProps): SizedReadPoolerProps {
    const plan = props.capacity;
    checkPlanSlice(this, 'capacity', plan);
    return {
      ...props,
      minReplicas: plannedRequired(this, 'minReplicas', props.minReplicas, plan?.minReplicas, 'minReplicas: 2'),
      maxReplicas: plannedRequired(this, 'maxReplicas', props.maxReplicas, plan?.maxReplicas, 'maxReplicas: 6'),
      maxClientConnections: plannedRequired(this, 'maxClientConnections', props.maxClientConnections, plan?.maxClientConnections, 'maxClientConnections: 10000'),
      defaultPoolSize: plannedRequired(this, 'defaultPoolSize', props.defaultPoolSize, plan?.defaultPoolSize, 'defaultPoolSize: 50'),
      serverConnectionBudget: plannedRequired(this, 'serverConnectionBudget', props.serverConnectionBudget, plan?.serverConnectionBudget, 'serverConnectionBudget: 300'),
      targetCpuUtilizationPercent: planned(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, plan?.targetCpuUtilizationPercent),
      cpuMillicores: planned(this, 'cpuMillicores', props.cpuMillicores, plan?.cpuMillicores),
      memoryMiB: planned(this, 'memoryMiB', props.memoryMiB, plan?.memoryMiB),
    };
  }

  private validate(props: SizedReadPoolerProps): void {
    const label = { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, charset: 'lower-case letters, digits and hyphens (a DNS-1123 label)' };
    checkName(this, 'name', props.name, { ...label, what: 'Kubernetes name' });
    checkName(this, 'namespace', props.namespace, { ...label, what: 'namespace' });
    checkString(this, 'image', props.image);
    if (props.image !== undefined && !isUnresolved(props.image) && (/:latest$/.test(props.image) || !/[:@]/.test(props.image.split('/').pop() ?? ''))) {
      invalid(this, 'image', props.image, 'is not pinned (no tag, or "latest")', 'pin an exact tag or digest, e.g. "ghcr.io/cloudnative-pg/pgbouncer:1.25.2"');
    }
    for (const key of ['serverHost', 'serverUser', 'secretArn', 'region'] as const) checkString(this, key, props[key], true);
    checkName(this, 'databaseName', props.databaseName, { maxLength: 63, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, charset: 'letters, digits and underscores, starting with a letter', what: 'PostgreSQL database name' });
    checkInteger(this, 'port', props.port, { min: 1024, max: 65535, limit: 'the container runs as non-root, so only unprivileged ports' });
    checkInteger(this, 'serverPort', props.serverPort, { min: 1, max: 65535 });
    checkArray(this, 'serverCidrs', props.serverCidrs, { minLength: 1, what: 'CIDRs' });
    props.serverCidrs.forEach((c, i) => {
      if (!isUnresolved(c) && !parseCidr(c)) invalid(this, `serverCidrs[${i}]`, c, 'is not an IPv4 network CIDR', 'pass the data subnets\' CIDRs, e.g. "10.30.192.0/22"');
    });
    checkArray(this, 'clientNamespaces', props.clientNamespaces, { minLength: 1, what: 'namespaces' });
    props.clientNamespaces.forEach((ns, i) => checkName(this, `clientNamespaces[${i}]`, ns, { ...label, what: 'namespace' }));
    if (props.clientPodLabels !== undefined) {
      checkArray(this, 'clientPodLabels', props.clientPodLabels, { minLength: 1, what: 'label sets (leave it out to admit every pod of clientNamespaces)' });
      props.clientPodLabels.forEach((labels, i) => {
        if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.keys(labels).length === 0) {
          invalid(this, `clientPodLabels[${i}]`, labels, 'is not a non-empty object of pod labels', "pass the clients' pod labels, e.g. { 'app.kubernetes.io/name': 'user-service' }");
        }
      });
    }
    checkInteger(this, 'minReplicas', props.minReplicas, { min: 2, limit: 'one pod would make every node drain an outage of the read path' });
    checkInteger(this, 'maxReplicas', props.maxReplicas, { min: 2 });
    checkMinMax(this, 'minReplicas', props.minReplicas, 'maxReplicas', props.maxReplicas);
    checkInteger(this, 'maxClientConnections', props.maxClientConnections, { min: 1, max: MAX_CLIENT_CONNECTIONS });
    checkInteger(this, 'defaultPoolSize', props.defaultPoolSize, {
      min: MIN_DEFAULT_POOL_SIZE,
      limit: `fewer than ${MIN_DEFAULT_POOL_SIZE} server connections per pod queue transactions at modest load; add replicas (raising the budget) or lower maxReplicas`,
    });
    checkInteger(this, 'serverConnectionBudget', props.serverConnectionBudget, { min: 1 });
    checkInteger(this, 'targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, { min: 1, max: 100 });
    checkInteger(this, 'cpuMillicores', props.cpuMillicores, { min: 100, max: 1000, limit: 'PgBouncer is single-threaded: more than one core is never used' });
    checkInteger(this, 'memoryMiB', props.memoryMiB, { min: 64 });
    const total = props.maxReplicas * props.defaultPoolSize;
    if (total > props.serverConnectionBudget) {
      invalid(
        this,
        'defaultPoolSize',
        props.defaultPoolSize,
        `times maxReplicas (${props.maxReplicas}) is ${total} server connections, above serverConnectionBudget (${props.serverConnectionBudget}): at full scale the poolers would exhaust the replicas' max_connections`,
        `use at most ${Math.floor(props.serverConnectionBudget / props.maxReplicas)} (readPoolerSizing computes it from the plan)`,
      );
    }
    if (props.serverTls.caBundlePem !== undefined && !props.serverTls.caBundlePem.includes('-----BEGIN CERTIFICATE-----')) {
      invalid(this, 'serverTls', '(CA bundle)', 'holds no PEM certificate', 'pass the text of the RDS CA bundle (global-bundle.pem)');
    }
  }
}

/** Props with every required size resolved (explicit or from `capacity`). */
type SizedReadPoolerProps = ReadPoolerProps & {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly maxClientConnections: number;
  readonly defaultPoolSize: number;
  readonly serverConnectionBudget: number;
};
