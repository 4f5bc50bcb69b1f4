import { Construct } from 'constructs';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { KafkaTopicPlan, NamespaceQuotaPlan, ReadPoolerPlan, ServicePlan } from '../../lib/capacity';
import { ServiceConfig } from '../../lib/config/services';
import { invalid } from '../../lib/errors';
import { checkPlanSlice } from '../../lib/plan-slice';
import { Policy } from '../../lib/policy/policy';
import { checkArray, checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { ClusterControllers } from '../cluster-controllers';
import { ClusterMonitoring } from '../cluster-monitoring';
import { NamespaceBaseline } from '../namespace-baseline';
import { READ_POOLER_SERVICE_ACCOUNT, ReadPooler, SecretsStoreCsi, ServerTls } from '../read-pooler';
import { DEFAULT_DEREGISTRATION_DELAY_SECONDS } from '../service-ingress';
import { ServiceWorkload } from '../service-workload';
import { MeshPolicies, ServiceMesh } from '../service-mesh';
import { MeshConfig, resolveMeshServices, SERVICE_NAME_LABEL } from '../../lib/mesh/config';
import { AMBIENT_NAMESPACE_LABELS, HBONE_PORT, principal, USE_WAYPOINT_LABEL, WAYPOINT_NAME } from '../../lib/mesh/manifests';
import type { WorkloadIdentity } from '../service-workload/service-workload-props';
import { kafkaAccessByService, serviceCacheKeyPrefix, SERVICES_NAMESPACE } from './conventions';

/**
 * In ambient mode the CNI rewrites kubelet probes to come from this link-local address
 * (https://istio.io/latest/docs/ambient/install/platform-prerequisites/): the namespace's
 * NetworkPolicy must admit it on the probe ports.
 */
const AMBIENT_PROBE_SOURCE_CIDR = '169.254.7.127/32';
/** The waypoint's metrics port (istio-discovery chart files/waypoint.yaml, `metrics` 15020): Prometheus scrapes it. */
const WAYPOINT_METRICS_PORT = 15020;
/** The waypoint pods' label (Gateway API: every pod of a Gateway carries its name). */
const WAYPOINT_POD_LABELS = { 'gateway.networking.k8s.io/gateway-name': WAYPOINT_NAME };
/**
 * Prometheus's pods (kube-prometheus-stack's Prometheus, run by the Prometheus Operator, which
 * labels every pod of a Prometheus `app.kubernetes.io/name: prometheus`).
 */
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' } as const;

/** Memory target of every HPA (CPU and requests per pod come from the capacity model). */
const TARGET_MEMORY_UTILIZATION_PERCENT = 80;
/** Why the services' images need no digest: ContainerRepository makes every ECR tag IMMUTABLE. */
const IMMUTABLE_ECR_TAG = "the image comes from this environment's ECR repository, whose tags are IMMUTABLE (ContainerRepository): the tag names one image for good";

/** What the services tier reads of the AWS stack's database (references: cdktf reads them from that stack's outputs). */
export interface ServicesDatabase {
  /** Weighted reader name over the replicas (the read pooler's server). */
  readonly readerEndpoint: string;
  /** RDS Proxy endpoint (writes). */
  readonly proxyEndpoint: string;
  readonly port: number;
  readonly databaseName: string;
  /** The user PgBouncer logs in as; the secret's `username`. */
  readonly masterUsername: string;
  /** Secrets Manager secret PgBouncer mounts (its Pod Identity role may read it). */
  readonly secretArn: string;
}

export interface ServicesTierProps {
  /** Environment name, in every service's `ENVIRONMENT` variable. */
  readonly name: string;
  /** Region of the database secret (the Secrets Store CSI provider reads it there). */
  readonly region: string;
  /** The services, each with its ECR image tag and probes. */
  readonly services: readonly ServiceConfig[];
  /** Their slices of the capacity plan (`plan.services`): HPA bounds, requests, targets, pools. */
  readonly servicePlans: Readonly<Record<string, ServicePlan>>;
  /**
   * The read pooler's slice (`plan.readPooler`).
   * @default - no read pooler (no service uses the database)
   */
  readonly readPooler?: ReadPoolerPlan;
  /** The namespace's quota slice (`plan.servicesNamespace`). */
  readonly quota: NamespaceQuotaPlan;
  /** Repository URL per service (the AWS stack's ECR repositories). */
  readonly repositoryUrls: Readonly<Record<string, string>>;
  /** Target group ARN per service (the internal NLB's IP target groups). */
  readonly targetGroupArns: Readonly<Record<string, string>>;
  /** The app subnets (the NLB's and the pods' subnets). */
  readonly appSubnetCidrs: string[];
  /**
   * The internal NLB's fixed addresses (ServiceIngress `addresses`): IP targets see them as
   * the source (client IP preservation is off for TCP IP targets), so the NetworkPolicy admits
   * exactly these on the service ports. The kubelet's probes come from the node's own address,
   * which VPC CNI network policy always admits.
   * @default - the mesh's `loadBalancerAddresses`, else the whole app subnets (`appSubnetCidrs`)
   */
  readonly loadBalancerAddresses?: readonly string[];
  /** CIDRs of the database (the data subnets): the pooler's only egress. */
  readonly dataSubnetCidrs: string[];
  /** The database the services and the read pooler connect to. */
  readonly database: ServicesDatabase;
  /** The controllers the workloads need: the load balancer controller (TargetGroupBinding) and metrics-server (HPA). */
  readonly controllers: ClusterControllers;
  /** Serves the custom metric the HPAs scale on (prometheus-adapter). */
  readonly monitoring: ClusterMonitoring;
  /** The users each service connects to the data stores as (WorkloadIdentities' `dataStoreUsers`): passed to its pods. */
  readonly dataStoreUsers: Readonly<Record<string, WorkloadIdentity>>;
  /** The cache the services with a cache user connect to (RedisCluster's configuration endpoint and port). */
  readonly cache: { readonly host: string; readonly port: number };
  /** Production: the policy checks image digests, which the ECR tags make unnecessary here. */
  readonly production: boolean;
  /**
   * The event backbone: the IAM bootstrap brokers (MskCluster `bootstrapBrokersIam`) and the
   * planned topics (`plan.kafka.topics`). A service that publishes or consumes gets
   * `KAFKA_BOOTSTRAP_SERVERS`, `KAFKA_PRODUCE_TOPICS` and `KAFKA_CONSUMER_GROUPS` (its Pod
   * Identity role is granted exactly those topics and groups).
   * @default - no Kafka settings
   */
  readonly kafka?: { readonly bootstrapBrokers: string; readonly topics: readonly KafkaTopicPlan[] };
  /**
   * The service mesh: enrols the namespace (ambient), routes each service through the
   * namespace's waypoint and writes its policies (MeshPolicies).
   * @default - no mesh: plain Kubernetes Services between the services
   */
  readonly mesh?: ServicesMesh;
}

/** What the services tier needs of the mesh. */
export interface ServicesMesh {
  /** The platform stack's ServiceMesh (same stack). */
  readonly mesh: ServiceMesh;
  /** Per-service settings (EnvironmentConfig.mesh). @default {} */
  readonly config?: MeshConfig;
  /** The internal NLB's fixed addresses (ServiceIngress `addresses`). */
  readonly loadBalancerAddresses: readonly string[];
}

/**
 * The services' namespace (restricted, quota from the plan), the read pooler in front of the
 * replicas (PgBouncer, with the Secrets Store CSI driver that mounts its secret), and one
 * ServiceWorkload per service (Deployment, HPA, PDB, TargetGroupBinding) sized by its slice.
 */
export class ServicesTier extends Construct {
  public readonly namespace: NamespaceBaseline;
  public readonly workloads: Readonly<Record<string, ServiceWorkload>>;
  /** PgBouncer in front of the read replicas (absent when no service uses the database). */
  public readonly readPooler?: ReadPooler;
  /** The services' mesh policies (absent without a mesh). */
  public readonly meshPolicies?: MeshPolicies;

  constructor(scope: Construct, id: string, props: ServicesTierProps) {
    super(scope, id);
    checkProps(this, props, '{ name, services, servicePlans: plan.services, quota: plan.servicesNamespace, ... }');
    checkArray(this, 'services', props.services, { minLength: 1, what: 'services' });
    for (const key of ['controllers', 'monitoring'] as const) {
      checkRequiredObject(this, key, props[key], `pass the platform stack's ${key}`);
      checkSameStack(this, key, props[key]);
    }
    const unplanned = props.services.find((s) => !props.servicePlans?.[s.name]);
    if (unplanned) invalid(this, 'servicePlans', unplanned.name, 'has no slice for this service', 'pass plan.services of the plan made with these services');
    // Every slice must come from the plan the namespace's quota came from.
    checkPlanSlice(this, 'quota', props.quota);
    const plannedFor = { plannedFor: props.quota.environment, plannedBy: 'its quota (plan.servicesNamespace)' };
    for (const service of props.services) checkPlanSlice(this, `servicePlans.${service.name}`, props.servicePlans[service.name], plannedFor);
    checkPlanSlice(this, 'readPooler', props.readPooler, plannedFor);
    const { database } = props;

    const mesh = props.mesh;
    if (mesh) checkRequiredObject(this, 'mesh.mesh', mesh.mesh, "pass the platform stack's ServiceMesh");
    const servicePorts = [...new Set(props.services.map((s) => s.containerPort))];
    const loadBalancerAddresses = props.loadBalancerAddresses ?? mesh?.loadBalancerAddresses;
    const loadBalancerCidrs = loadBalancerAddresses ? loadBalancerAddresses.map((a) => `${a}/32`) : props.appSubnetCidrs;
    this.namespace = new NamespaceBaseline(this, 'namespace', {
      name: SERVICES_NAMESPACE,
      capacity: props.quota,
      // Ingress is stated edge by edge below (the topology contract checks them): the NLB (IP
      // targets) on the service ports here; in the mesh the kubelet's probes come from the
      // CNI's link-local address (outside it, from the node, which VPC CNI always admits).
      ingressCidrs: mesh ? [...loadBalancerCidrs, AMBIENT_PROBE_SOURCE_CIDR] : loadBalancerCidrs,
      ingressPorts: servicePorts,
      allowSameNamespace: false,
      labels: mesh ? AMBIENT_NAMESPACE_LABELS : undefined,
    });
    const gateways = props.services.filter((s) => s.role === 'gateway').map((s) => s.name);
    const callersOf = (service: ServiceConfig): readonly string[] =>
      mesh?.config?.services?.[service.name]?.callers ?? (service.role !== 'gateway' ? gateways.filter((g) => g !== service.name) : []);
    // The services that use the database (their plan gives them a pool): the read pooler's only clients.
    const databaseUsers = props.services.filter((s) => props.servicePlans[s.name].dbPoolSizePerPod > 0).map((s) => s.name);

    const poolerPlan = props.readPooler;
    if (poolerPlan) {
      const csi = new SecretsStoreCsi(this, 'secrets-store-csi', { region: props.region });
      this.readPooler = new ReadPooler(this, 'read-pooler', {
        // The Pod Identity association (AWS stack, ReadPoolerRole) names this service account.
        namespace: this.namespace.namespaceName,
        name: READ_POOLER_SERVICE_ACCOUNT.name,
        serverHost: database.readerEndpoint,
        serverPort: database.port,
        serverCidrs: props.dataSubnetCidrs,
        databaseName: database.databaseName,
        serverUser: database.masterUsername,
        secretArn: database.secretArn,
        region: props.region,
        // verify-full needs the vendored RDS CA bundle (docs/data-tier.md); until then encrypted only.
        serverTls: ServerTls.require(),
        clientNamespaces: [SERVICES_NAMESPACE],
        clientPodLabels: databaseUsers.map((name) => ({ [SERVICE_NAME_LABEL]: name })),
        capacity: poolerPlan,
        secretsStoreCsi: csi,
        metricsApis: [props.controllers.metricsServer],
      });
    }
    const pooler = this.readPooler;

    const workloads: Record<string, ServiceWorkload> = {};
    for (const service of props.services) {
      const plan = props.servicePlans[service.name];
      const users = props.dataStoreUsers[service.name] ?? {};
      const workload = new ServiceWorkload(this, `service-${service.name}`, {
        name: service.name,
        namespace: this.namespace.namespaceName,
        image: `${props.repositoryUrls[service.name]}:${service.imageTag}`,
        containerPort: service.containerPort,
        livenessPath: service.livenessPath,
        readinessPath: service.readinessPath,
        capacity: plan,
        targetMemoryUtilizationPercent: TARGET_MEMORY_UTILIZATION_PERCENT,
        deregistrationDelaySeconds: DEFAULT_DEREGISTRATION_DELAY_SECONDS,
        serviceLabels: mesh ? { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME } : undefined,
        targetGroupArn: props.targetGroupArns[service.name],
        loadBalancerController: props.controllers.loadBalancerController,
        // Resource metrics (metrics-server) and the RPS metric (prometheus-adapter).
        metricsApis: [props.controllers.metricsServer, props.monitoring.prometheusAdapter],
        // Its Pod Identity role (AWS stack, ServiceIdentity) may connect as these users.
        identity: users,
        env: {
          SERVICE_NAME: service.name,
          ENVIRONMENT: props.name,
          ...(pooler && plan.dbPoolSizePerPod > 0
            ? {
                DATABASE_NAME: pooler.databaseName,
                DATABASE_READ_HOST: pooler.host,
                DATABASE_READ_PORT: String(pooler.port),
                DATABASE_READ_USER: pooler.clientUser,
                DATABASE_WRITE_HOST: database.proxyEndpoint,
                DATABASE_WRITE_PORT: String(database.port),
                DATABASE_POOL_SIZE: String(plan.dbPoolSizePerPod),
              }
            : {}),
          ...kafkaEnv(props.kafka, service.name),
          ...(users.cacheUser !== undefined
            ? { CACHE_HOST: props.cache.host, CACHE_PORT: String(props.cache.port), CACHE_KEY_PREFIX: serviceCacheKeyPrefix(service.name) }
            : {}),
        },
      });
      // CKV_K8S_43 is checked in production only; elsewhere this suppression would silence nothing.
      if (props.production) Policy.suppress(workload.deployment, 'CKV_K8S_43', IMMUTABLE_ECR_TAG);
      workloads[service.name] = workload;
    }
    this.workloads = workloads;
    this.networkPolicies(props, callersOf, servicePorts);

    if (mesh) {
      const resolved = resolveMeshServices(
        this.node.path,
        mesh.config ?? {},
        props.services.map((s) => ({ name: s.name, containerPort: s.containerPort, role: s.role, podLabels: workloads[s.name].podLabels })),
        mesh.mesh.capacity.waypoint.concurrentRequests,
      );
      this.meshPolicies = new MeshPolicies(this, 'mesh', {
        mesh: mesh.mesh,
        namespace: this.namespace.namespaceName,
        services: resolved,
        loadBalancerAddresses: mesh.loadBalancerAddresses,
      });
      if (pooler && databaseUsers.length > 0) {
        // ztunnel's policy on the pooler: only the services that use the database, on its port.
        new Manifest(this, 'pooler-authorization-policy', {
          manifest: {
            apiVersion: 'security.istio.io/v1',
            kind: 'AuthorizationPolicy',
            metadata: { name: `${READ_POOLER_SERVICE_ACCOUNT.name}-clients`, namespace: this.namespace.namespaceName },
            spec: {
              selector: { matchLabels: { [SERVICE_NAME_LABEL]: READ_POOLER_SERVICE_ACCOUNT.name } },
              action: 'ALLOW',
              rules: [{ from: [{ source: { principals: databaseUsers.map((name) => principal(this.namespace.namespaceName, name)) } }], to: [{ operation: { ports: [String(pooler.port)] } }] }],
            },
          },
          dependsOn: [mesh.mesh.istiod],
        });
      }
    }
  }

  /**
   * The namespace's ingress, one NetworkPolicy per edge the topology declares (the namespace
   * admits nothing else): each backend from its callers' pods on its port; Prometheus on the
   * service ports; in the mesh, HBONE (15008) from the meshed namespaces (ztunnel's
   * AuthorizationPolicies then admit each identity) and Prometheus on the waypoint's metrics port.
   */
  private networkPolicies(props: ServicesTierProps, callersOf: (s: ServiceConfig) => readonly string[], servicePorts: number[]): void {
    const namespace = this.namespace.namespaceName;
    const podsOf = (name: string) => ({ podSelector: { matchLabels: { [SERVICE_NAME_LABEL]: name } } });
    const tcp = (port: number) => ({ port: String(port), protocol: 'TCP' });
    const prometheus = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.monitoring.namespaceName } }, podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } } };
    for (const service of props.services) {
      const callers = callersOf(service);
      if (callers.length === 0) continue;
      new NetworkPolicyV1(this, `callers-${service.name}`, {
        metadata: { name: `${service.name}-callers`, namespace },
        spec: { podSelector: podsOf(service.name).podSelector, policyTypes: ['Ingress'], ingress: [{ from: callers.map(podsOf), ports: [tcp(service.containerPort)] }] },
      });
    }
    new NetworkPolicyV1(this, 'allow-prometheus', {
      metadata: { name: 'allow-prometheus', namespace },
      spec: {
        podSelector: { matchExpressions: [{ key: SERVICE_NAME_LABEL, operator: 'In', values: props.services.map((s) => s.name) }] },
        policyTypes: ['Ingress'],
        ingress: [{ from: [prometheus], ports: servicePorts.map(tcp) }],
      },
    });
    if (props.mesh) {
      const meshed = [namespace, props.monitoring.namespaceName].map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }));
      new NetworkPolicyV1(this, 'allow-mesh-hbone', {
        metadata: { name: 'allow-mesh-hbone', namespace },
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: meshed, ports: [tcp(HBONE_PORT)] }] },
      });
      new NetworkPolicyV1(this, 'allow-waypoint-metrics', {
        metadata: { name: 'allow-waypoint-metrics', namespace },
        spec: { podSelector: { matchLabels: { ...WAYPOINT_POD_LABELS } }, policyTypes: ['Ingress'], ingress: [{ from: [prometheus], ports: [tcp(WAYPOINT_METRICS_PORT)] }] },
      });
    }
  }
}

/** A service's Kafka settings: bootstrap servers (SASL/IAM over TLS), its topics and its consumer groups (group -> topics, JSON). */
function kafkaEnv(kafka: ServicesTierProps['kafka'], service: string): Record<string, string> {
  const access = kafka ? kafkaAccessByService(kafka.topics)[service] : undefined;
  if (!kafka || access === undefined) return {};
  return {
    KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapBrokers,
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
    KAFKA_PRODUCE_TOPICS: access.produces.join(','),
    KAFKA_CONSUMER_GROUPS: JSON.stringify(access.consumes),
  };
}
