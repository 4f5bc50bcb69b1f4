import { invalid } from '../errors';
import { checkInteger, checkNumber, checkString, NumberRule } from '../validation';
import { cacheNodeSpec, dbInstanceSpec, instanceSpec } from './catalog';
import { AWS_QUOTAS, Sourced } from './sourced';
import { KafkaCapacityInput, validateKafkaInput } from './kafka';
import { CdnCapacityInput, validateCdnInputs } from './cdn';

/**
 * What an environment states: targets and assumptions, never counts. The model derives
 * every count from these.
 */
export interface CapacityInputs {
  /** 'dev' | 'staging' | 'prod' or any other name; used in messages and the report. */
  readonly environment: string;
  /** Requests per second the environment must carry at the edge (ALB). */
  readonly targetRps: number;
  /** Share of each unit's capacity used at target load (0 < u <= 1): 0.6 leaves 40% headroom. */
  readonly targetUtilization: number;
  /** Availability Zones the environment spans (2 to 6). */
  readonly azCount: number;
  /** True when the environment must carry the full target with one AZ lost (prod). */
  readonly survivesAzLoss: boolean;
  readonly requestMix: RequestMix;
  /**
   * The services on EKS. A `gateway` service (api-gateway) sees every request; `backend`
   * services each see `trafficShare` of the requests, and their shares sum to 1 (nginx and
   * the gateway route each request to exactly one backend).
   */
  readonly services: readonly ServiceCapacityInput[];
  readonly alb?: AlbCapacityInput;
  readonly nginx: NginxCapacityInput;
  readonly nodes: NodeCapacityInput;
  /**
   * The cluster's own pods: the EKS add-ons' controllers, the platform's controllers and
   * monitoring, the read pooler, and anything else you run. The node groups reserve room for
   * them on top of the services' pods.
   * @default - every pod the library's constructs install, with the high-availability
   *   monitoring replicas when `survivesAzLoss`
   */
  readonly platform?: PlatformCapacityInput;
  readonly cache: CacheCapacityInput;
  readonly database: DatabaseCapacityInput;
  /**
   * The event backbone (Kafka on MSK): broker type and size, and the topics with their event
   * rates, producers and consumer groups.
   * @default - Express brokers with three AZs (else Standard) carrying DESIGN_NOTES_TOPICS
   */
  readonly kafka?: KafkaCapacityInput;
  /**
   * The CDN tier: static assets through CloudFront (every environment) and whether CloudFront
   * also fronts the API. Planning figures default to CDN_DEFAULTS (lib/capacity/cdn.ts).
   * @default - static assets only, with CDN_DEFAULTS
   */
  readonly cdn?: CdnCapacityInput;
  /**
   * AZ-affine routing (the cost lever `levers.azAffineRouting`): nginx sends to the internal
   * NLB's address in its own AZ, the NLB keeps traffic in that AZ, so each service's pods per
   * AZ are sized for the busiest AZ's share (lib/capacity/az-affinity.ts). Needs `survivesAzLoss`.
   * @default false
   */
  readonly azAffineRouting?: boolean;
}

/**
 * An environment's targets and assumptions without what its config states itself (the
 * environment's name, AZ count and services): `EnvironmentConfig.capacity`, and what
 * {@link CapacityPresets} return.
 */
export type EnvironmentCapacity = Omit<CapacityInputs, 'environment' | 'azCount' | 'services'>;

export interface RequestMix {
  readonly averageRequestBytes: number;
  readonly averageResponseBytes: number;
  /** New client TCP/TLS connections per second as a share of requests (keep-alive: 0.05 = 20 requests per connection). */
  readonly newConnectionShare: number;
  /** How long a client connection stays open, seconds (for ALB active connections). */
  readonly averageConnectionSeconds: number;
  /** Mean time a request spends in the service tier, ms (Little's law for connections and pools). */
  readonly averageLatencyMs: number;
  /** ALB listener rules evaluated per request (the first 10 are free). */
  readonly albRulesPerRequest: number;
  /** Share of requests that read; readShare + writeShare = 1. */
  readonly readShare: number;
  /** Share of requests that write; readShare + writeShare = 1. */
  readonly writeShare: number;
  /** Cache operations (GET/SET) per request, all services together. */
  readonly cacheOpsPerRequest: number;
  /** Share of read requests answered by the cache (0..1). */
  readonly cacheHitRatio: number;
  /** PostgreSQL queries a read request makes when the cache misses (go to replicas). */
  readonly dbQueriesPerCacheMiss: number;
  /** PostgreSQL queries a write request makes (go to the primary). @default 1 */
  readonly dbQueriesPerWrite?: number;
  /** Mean PostgreSQL query time, ms (Little's law for pool sizes). @default 2 */
  readonly averageQueryMs?: number;
}

export interface ServiceCapacityInput {
  readonly name: string;
  /** `gateway`: sees every request. `backend`: sees `trafficShare` of them. @default 'backend' */
  readonly role?: 'gateway' | 'backend';
  /** Fraction of targetRps this backend service handles; backend shares sum to 1. Ignored (1) for a gateway. */
  readonly trafficShare?: number;
  /** Requests/s one pod sustains at its CPU request, with its source. */
  readonly podRps: Sourced<number>;
  readonly cpuRequestMillicores: number;
  readonly memoryRequestMiB: number;
  /** Whether the service queries PostgreSQL (gets a pool). @default true for backend, false for gateway */
  readonly usesDatabase?: boolean;
  /** Client-side PostgreSQL pool per pod, overriding the model's Little's-law size. @default - computed */
  readonly dbPoolSizePerPod?: number;
  /** Share of the pods needed at target kept as HPA minimum (0..1). @default 0.25 */
  readonly hpaMinShare?: number;
  /** CPU limit per pod as a multiple of the request (1 to 10). @default 2 */
  readonly cpuLimitFactor?: number;
}

export interface AlbCapacityInput {
  /** At least this many ALBs (blast radius), even when fewer would fit the LCU quota. @default 1 */
  readonly minimumCount?: number;
}

export interface NginxCapacityInput {
  readonly instanceType: string;
  /** Requests/s one vCPU of nginx proxies, with its source. */
  readonly rpsPerVcpu: Sourced<number>;
  /** Auto Scaling max as a multiple of desired. @default 1.5 */
  readonly maxScaleFactor?: number;
}

export interface NodeCapacityInput {
  /** Instance types of the EKS managed node groups; the first one sizes the groups. */
  readonly instanceTypes: readonly string[];
  /** CPU requested by DaemonSets on every node (aws-node, kube-proxy, cloudwatch-agent, ...; see NODE_DAEMONSETS). @default 600 */
  readonly daemonSetCpuMillicores?: number;
  /** Memory requested by DaemonSets on every node. @default 640 */
  readonly daemonSetMemoryMiB?: number;
  /** DaemonSet pods on every node. @default 9 */
  readonly daemonSetPods?: number;
}

/**
 * Which platform pods the node groups reserve room for. Each switch names a construct of this
 * library; on (the default), the model reserves exactly the pods that construct runs, with the
 * requests it writes (lib/platform-pods.ts), so leaving an input out never drops pods the
 * constructs install.
 */
export interface PlatformCapacityInput {
  /**
   * EksCluster's add-ons: CoreDNS (autoscaled 2-20), the EBS CSI controller and, with Container
   * Insights, the CloudWatch observability controller. Every EksCluster runs them.
   * @default true
   */
  readonly eksAddOns?: boolean;
  /** EksCluster installs Container Insights (its controller Deployment is reserved). @default true */
  readonly containerInsights?: boolean;
  /** ClusterControllers: AWS Load Balancer Controller, metrics-server, Cluster Autoscaler. @default true */
  readonly clusterControllers?: boolean;
  /**
   * ClusterMonitoring (Prometheus, Alertmanager, Grafana, prometheus-adapter, the operator,
   * kube-state-metrics); `'high-availability'` runs two of Prometheus, Alertmanager and the
   * adapter, `'single'` one, `false` none.
   * @default - 'high-availability' when survivesAzLoss, else 'single'
   */
  readonly clusterMonitoring?: 'high-availability' | 'single' | false;
  /** ReadPooler (PgBouncer), sized by the model from the database plan. @default true when a service uses the database */
  readonly readPooler?: boolean;
  /**
   * ServiceMesh: `'ambient'` reserves Istio's pods (istiod, the waypoints, ztunnel and
   * istio-cni on every node) sized by the mesh's traffic; `'none'` reserves nothing.
   * @default 'none'
   */
  readonly mesh?: 'ambient' | 'none';
  /** Your own Deployments and StatefulSets on the node groups (DaemonSets belong in `nodes`). @default [] */
  readonly workloads?: readonly PlatformWorkloadInput[];
}

/** A platform workload: pods, each pod's requests, and where those figures come from. */
export interface PlatformWorkloadInput {
  /** Shown in the report, e.g. 'prometheus'; unique. */
  readonly name: string;
  /** Pods at the workload's most (its HPA or autoscaler maximum, or its fixed count). */
  readonly replicas: number;
  /** Pods at the workload's least (HPA minimum); sizes the node groups' minimum. @default replicas */
  readonly minReplicas?: number;
  /** CPU request of one pod (all containers; the larger of that and any init container). */
  readonly cpuRequestMillicores: number;
  /** Memory request of one pod, like `cpuRequestMillicores`. */
  readonly memoryRequestMiB: number;
  /** Where the requests and replicas are set, e.g. 'ClusterMonitoring (PROMETHEUS_RESOURCES)'. */
  readonly source: string;
}

export interface CacheCapacityInput {
  readonly nodeType: string;
  /** Replicas per shard; raised to azCount - 1 when the environment survives AZ loss. @default 1 */
  readonly minReplicasPerShard?: number;
  /** Hot dataset size; shards also cover it at `maxMemoryShare`. @default 0 */
  readonly datasetGiB?: number;
  /** Share of node memory the dataset may use. @default 0.75 */
  readonly maxMemoryShare?: number;
}

export interface DatabaseCapacityInput {
  readonly primaryClass: string;
  readonly replicaClass: string;
  /** Share of max_connections RDS Proxy may open (1..100). @default 90 */
  readonly proxyMaxConnectionsPercent?: number;
  /** Never fewer read replicas than this. @default 1 */
  readonly minReplicas?: number;
}

/** What one DaemonSet's pod requests (summed over its containers), and where the figures were read. */
export interface DaemonSetRequests {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  readonly source: string;
}

/**
 * The DaemonSets the reference stacks run on every Linux node of the services' node groups,
 * with their requests at the pinned versions. GPU and Neuron exporters of the CloudWatch
 * add-on only schedule on GPU/Inferentia/Trainium instance types (node affinity), so they are
 * not here.
 */
export const NODE_DAEMONSETS: readonly DaemonSetRequests[] = [
  { name: 'aws-node', cpuMillicores: 25, memoryMiB: 0, source: 'aws/eks-charts stable/aws-vpc-cni 1.19.5 values: resources.requests.cpu 25m; nodeAgent.resources {}' },
  {
    name: 'kube-proxy',
    cpuMillicores: 100,
    memoryMiB: 0,
    source: 'EKS kube-proxy add-on DaemonSet requests cpu 100m, no memory (no published chart: check `kubectl -n kube-system get ds kube-proxy -o jsonpath={..resources}` when raising the add-on)',
  },
  { name: 'ebs-csi-node', cpuMillicores: 30, memoryMiB: 120, source: 'kubernetes-sigs/aws-ebs-csi-driver chart 2.48.0 (driver 1.48.0): node.resources.requests 10m/40Mi on each of 3 containers' },
  { name: 'eks-pod-identity-agent', cpuMillicores: 0, memoryMiB: 0, source: 'aws/eks-pod-identity-agent chart values: resources {}' },
  { name: 'node-exporter', cpuMillicores: 0, memoryMiB: 0, source: 'kube-prometheus-stack 88.5.3 -> prometheus-node-exporter 4.56.1 values: resources {}' },
  {
    name: 'cloudwatch-agent',
    cpuMillicores: 250,
    memoryMiB: 128,
    source: 'aws-observability/helm-charts amazon-cloudwatch-observability 4.10.3 (EKS add-on v4.10.3-eksbuild.1): agent.resources.requests 250m/128Mi',
  },
  {
    name: 'secrets-store-csi-driver',
    cpuMillicores: 70,
    memoryMiB: 140,
    source: 'kubernetes-sigs/secrets-store-csi-driver chart 1.6.0: linux.driver 50m/100Mi, linux.registrar 10m/20Mi, linux.livenessProbe 10m/20Mi',
  },
  { name: 'csi-secrets-store-provider-aws', cpuMillicores: 50, memoryMiB: 100, source: 'aws/secrets-store-csi-driver-provider-aws chart 3.1.1: resources.requests 50m/100Mi' },
];

/**
 * Fluent Bit of the CloudWatch add-on, on every node only with `containerInsightsLogs`
 * (amazon-cloudwatch-observability 4.10.3: containerLogs.fluentBit.resources.requests 50m/25Mi).
 * The default below leaves room for it.
 */
export const CONTAINER_LOGS_DAEMONSET: DaemonSetRequests = {
  name: 'fluent-bit',
  cpuMillicores: 50,
  memoryMiB: 25,
  source: 'aws-observability/helm-charts amazon-cloudwatch-observability 4.10.3: containerLogs.fluentBit.resources.requests 50m/25Mi',
};

/**
 * DaemonSet room reserved on every node: {@link NODE_DAEMONSETS} sum to 525 m CPU, 488 MiB and
 * 8 pods; this adds one spare pod slot and 75 m / 152 MiB, enough for Fluent Bit
 * ({@link CONTAINER_LOGS_DAEMONSET}) or one more small agent. test/lib/capacity keeps it above
 * the sum.
 */
export const DEFAULT_DAEMONSETS = { cpuMillicores: 600, memoryMiB: 640, pods: 9 } as const;

/** Largest target the model accepts: beyond this, sizes are absurd for one region. */
export const MAX_TARGET_RPS = 100_000_000;
export const MAX_AZ_COUNT = 6;
/** An Application Load Balancer needs subnets in at least two AZs, so every environment spans two. */
export const MIN_AZ_COUNT = 2;
const ALB_MIN_AZS_SOURCE =
  'an ALB needs subnets in at least two Availability Zones (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones)';
const MAX_BYTES = 100 * 1024 * 1024;
const MAX_CACHE_OPS_PER_REQUEST = 1_000;
const MAX_QUERIES = 1_000;
const MAX_POD_CPU_MILLICORES = 64_000;
const MAX_POD_MEMORY_MIB = 512 * 1024;
const MAX_POD_RPS = 1_000_000;
const SHARE_SUM_TOLERANCE = 1e-9;

/** Rejects bad inputs with a ValidationError naming the config path, the value and the fix. */
export function validateInputs(inputs: CapacityInputs): void {
  const where = `capacity model (${typeof inputs?.environment === 'string' ? inputs.environment : '?'})`;
  requireObject('capacity model', 'inputs', inputs, 'pass the CapacityInputs (or start from a preset: CapacityPresets.webApi(targetRps))');
  checkString(where, 'environment', inputs.environment, true);
  reqNumber(where, 'targetRps', inputs.targetRps, { min: 1, max: MAX_TARGET_RPS, limit: `the model sizes one region for at most ${MAX_TARGET_RPS.toLocaleString('en-US')} requests/s` });
  positiveShare(where, 'targetUtilization', inputs.targetUtilization);
  reqInteger(where, 'azCount', inputs.azCount, { min: MIN_AZ_COUNT, max: MAX_AZ_COUNT, limit: `${MIN_AZ_COUNT} to ${MAX_AZ_COUNT} AZs: ${ALB_MIN_AZS_SOURCE}; at most ${MAX_AZ_COUNT} are used per Region` });
  if (typeof inputs.survivesAzLoss !== 'boolean') invalid(where, 'survivesAzLoss', inputs.survivesAzLoss, 'is not a boolean', 'pass true or false');
  if (inputs.azAffineRouting !== undefined && typeof inputs.azAffineRouting !== 'boolean') invalid(where, 'azAffineRouting', inputs.azAffineRouting, 'is not a boolean', 'pass true or false (default false)');

  const mix = inputs.requestMix;
  const m = `${where} requestMix`;
  requireObject(where, 'requestMix', mix, 'pass the request mix (bytes, connection and read/write shares, cache and database figures)');
  reqNumber(m, 'averageRequestBytes', mix.averageRequestBytes, { min: 1, max: MAX_BYTES });
  reqNumber(m, 'averageResponseBytes', mix.averageResponseBytes, { min: 1, max: MAX_BYTES });
  positiveShare(m, 'newConnectionShare', mix.newConnectionShare);
  reqNumber(m, 'averageConnectionSeconds', mix.averageConnectionSeconds, { min: 0.001, max: 86_400 });
  reqNumber(m, 'averageLatencyMs', mix.averageLatencyMs, { min: 0.1, max: 60_000 });
  reqInteger(m, 'albRulesPerRequest', mix.albRulesPerRequest, { min: 0, max: 100, limit: 'an ALB has at most 100 rules' });
  share(m, 'readShare', mix.readShare);
  share(m, 'writeShare', mix.writeShare);
  if (Math.abs(mix.readShare + mix.writeShare - 1) > SHARE_SUM_TOLERANCE) {
    invalid(m, 'readShare + writeShare', Number((mix.readShare + mix.writeShare).toPrecision(12)), 'does not sum to 1 (every request is a read or a write)', 'adjust readShare and writeShare so they sum to 1');
  }
  reqNumber(m, 'cacheOpsPerRequest', mix.cacheOpsPerRequest, { min: 0, max: MAX_CACHE_OPS_PER_REQUEST });
  share(m, 'cacheHitRatio', mix.cacheHitRatio);
  reqNumber(m, 'dbQueriesPerCacheMiss', mix.dbQueriesPerCacheMiss, { min: 0, max: MAX_QUERIES });
  checkNumber(m, 'dbQueriesPerWrite', mix.dbQueriesPerWrite, { min: 0, max: MAX_QUERIES });
  checkNumber(m, 'averageQueryMs', mix.averageQueryMs, { min: 0.01, max: 60_000 });

  if (!Array.isArray(inputs.services)) invalid(where, 'services', inputs.services, 'is not a list', 'list at least one service');
  if (inputs.services.length === 0) invalid(where, 'services', inputs.services, 'is empty', 'list at least one service');
  const names = new Set<string>();
  let backendShare = 0;
  let backends = 0;
  inputs.services.forEach((svc, i) => {
    const s = `${where} services[${i}]`;
    requireObject(where, `services[${i}]`, svc, 'pass { name, podRps, cpuRequestMillicores, memoryRequestMiB, ... } for every service');
    checkString(s, 'name', svc.name, true);
    if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(svc.name)) invalid(s, 'name', svc.name, 'is not a Kubernetes name', 'use lower-case letters, digits and hyphens, at most 63 characters');
    if (names.has(svc.name)) invalid(s, 'name', svc.name, 'is listed twice', 'give each service a unique name');
    names.add(svc.name);
    if (svc.role !== undefined && svc.role !== 'gateway' && svc.role !== 'backend') invalid(s, 'role', svc.role, 'is not supported', 'use "gateway" or "backend"');
    checkInteger(s, 'dbPoolSizePerPod', svc.dbPoolSizePerPod, { min: 1, max: 1_000 });
    if (svc.role !== 'gateway') {
      positiveShare(s, 'trafficShare', svc.trafficShare);
      backendShare += svc.trafficShare ?? 0;
      backends += 1;
    }
    sourcedFigure(s, 'podRps', svc.podRps, { min: 1, max: MAX_POD_RPS });
    reqInteger(s, 'cpuRequestMillicores', svc.cpuRequestMillicores, { min: 10, max: MAX_POD_CPU_MILLICORES });
    reqInteger(s, 'memoryRequestMiB', svc.memoryRequestMiB, { min: 16, max: MAX_POD_MEMORY_MIB });
    if (svc.hpaMinShare !== undefined) share(s, 'hpaMinShare', svc.hpaMinShare);
    checkNumber(s, 'cpuLimitFactor', svc.cpuLimitFactor, { min: 1, max: 10, limit: 'a CPU limit from 1 to 10 times the request' });
  });
  if (backends > 0 && Math.abs(backendShare - 1) > 1e-6) {
    invalid(where, 'services[*].trafficShare (backend)', Number(backendShare.toFixed(6)), 'does not sum to 1 (nginx routes each request to exactly one backend service)', 'adjust the backend services\' trafficShare so they sum to 1');
  }

  if (inputs.alb !== undefined) {
    requireObject(where, 'alb', inputs.alb, 'pass { minimumCount } or omit alb');
    checkInteger(`${where} alb`, 'minimumCount', inputs.alb.minimumCount, { min: 1, max: AWS_QUOTAS.albPerRegion.value, limit: AWS_QUOTAS.albPerRegion.source });
  }

  const n = `${where} nginx`;
  requireObject(where, 'nginx', inputs.nginx, 'pass { instanceType, rpsPerVcpu }');
  instanceSpec(inputs.nginx.instanceType, n);
  sourcedFigure(n, 'rpsPerVcpu', inputs.nginx.rpsPerVcpu, { min: 1, max: 1_000_000 });
  checkNumber(n, 'maxScaleFactor', inputs.nginx.maxScaleFactor, { min: 1, max: 10 });

  const k = `${where} nodes`;
  requireObject(where, 'nodes', inputs.nodes, 'pass { instanceTypes: ["c7i.2xlarge"] }');
  if (!Array.isArray(inputs.nodes.instanceTypes) || inputs.nodes.instanceTypes.length === 0) invalid(k, 'instanceTypes', inputs.nodes?.instanceTypes, 'is empty', 'list at least one EC2 instance type');
  inputs.nodes.instanceTypes.forEach((t, i) => instanceSpec(t, `${k} instanceTypes[${i}]`));
  checkInteger(k, 'daemonSetCpuMillicores', inputs.nodes.daemonSetCpuMillicores, { min: 0, max: 8_000 });
  checkInteger(k, 'daemonSetMemoryMiB', inputs.nodes.daemonSetMemoryMiB, { min: 0, max: 32_768 });
  checkInteger(k, 'daemonSetPods', inputs.nodes.daemonSetPods, { min: 0, max: 50 });
  if (inputs.platform !== undefined) validatePlatform(`${where} platform`, inputs.platform);
  validateCdnInputs(where, inputs.cdn);

  const c = `${where} cache`;
  requireObject(where, 'cache', inputs.cache, 'pass { nodeType: "cache.r7g.large" }');
  cacheNodeSpec(inputs.cache.nodeType, c);
  checkInteger(c, 'minReplicasPerShard', inputs.cache.minReplicasPerShard, { min: 0, max: 5, limit: 'ElastiCache allows 0 to 5 replicas per shard' });
  checkNumber(c, 'datasetGiB', inputs.cache.datasetGiB, { min: 0, max: 100_000 });
  if (inputs.cache.maxMemoryShare !== undefined) positiveShare(c, 'maxMemoryShare', inputs.cache.maxMemoryShare);

  const d = `${where} database`;
  requireObject(where, 'database', inputs.database, 'pass { primaryClass: "db.r7g.large", replicaClass: "db.r7g.large" }');
  dbInstanceSpec(inputs.database.primaryClass, `${d} primaryClass`);
  dbInstanceSpec(inputs.database.replicaClass, `${d} replicaClass`);
  checkInteger(d, 'proxyMaxConnectionsPercent', inputs.database.proxyMaxConnectionsPercent, { min: 1, max: 100, limit: 'RDS Proxy MaxConnectionsPercent is 1 to 100' });
  checkInteger(d, 'minReplicas', inputs.database.minReplicas, { min: 0, max: 15, limit: 'RDS PostgreSQL allows at most 15 read replicas' });
  validateKafkaInput(where, inputs.kafka, inputs.azCount, inputs.services.map((s) => s.name));
}

/** Most pods one platform workload may list: beyond this it is a service, not platform. */
const MAX_PLATFORM_REPLICAS = 1_000;

function validatePlatform(where: string, platform: PlatformCapacityInput): void {
  if (!platform || typeof platform !== 'object' || Array.isArray(platform)) {
    invalid(where, 'platform', platform, 'is not an object', 'pass e.g. { clusterMonitoring: "single", workloads: [...] } or omit platform for the defaults');
  }
  for (const key of ['eksAddOns', 'containerInsights', 'clusterControllers', 'readPooler'] as const) {
    if (platform[key] !== undefined && typeof platform[key] !== 'boolean') invalid(where, key, platform[key], 'is not a boolean', 'pass true or false');
  }
  if (platform.clusterMonitoring !== undefined && !['high-availability', 'single', false].includes(platform.clusterMonitoring)) {
    invalid(where, 'clusterMonitoring', platform.clusterMonitoring, 'is not supported', 'use "high-availability", "single" or false');
  }
  if (platform.mesh !== undefined && !['ambient', 'none'].includes(platform.mesh)) {
    invalid(where, 'mesh', platform.mesh, 'is not supported', 'use "ambient" (Istio ambient: ztunnel, waypoints, istiod) or "none"');
  }
  if (platform.workloads === undefined) return;
  if (!Array.isArray(platform.workloads)) {
    invalid(where, 'workloads', platform.workloads, 'is not a list', 'pass [{ name, replicas, cpuRequestMillicores, memoryRequestMiB, source }, ...] or omit it');
  }
  const names = new Set<string>();
  platform.workloads.forEach((w, i) => {
    const s = `${where} workloads[${i}]`;
    if (!w || typeof w !== 'object') invalid(s, 'workload', w, 'is not an object', 'pass { name, replicas, cpuRequestMillicores, memoryRequestMiB, source }');
    checkString(s, 'name', w.name, true);
    if (names.has(w.name)) invalid(s, 'name', w.name, 'is listed twice', 'give each platform workload a unique name');
    names.add(w.name);
    reqInteger(s, 'replicas', w.replicas, { min: 1, max: MAX_PLATFORM_REPLICAS, limit: `a platform workload runs at most ${MAX_PLATFORM_REPLICAS} pods here` });
    checkInteger(s, 'minReplicas', w.minReplicas, { min: 0, max: MAX_PLATFORM_REPLICAS });
    if (w.minReplicas !== undefined && w.minReplicas > w.replicas) {
      invalid(s, 'minReplicas', w.minReplicas, `is above replicas (${w.replicas}): replicas is the most pods the workload runs`, `use at most ${w.replicas}, or raise replicas`);
    }
    reqInteger(s, 'cpuRequestMillicores', w.cpuRequestMillicores, { min: 0, max: MAX_POD_CPU_MILLICORES });
    reqInteger(s, 'memoryRequestMiB', w.memoryRequestMiB, { min: 0, max: MAX_POD_MEMORY_MIB });
    if (w.cpuRequestMillicores === 0 && w.memoryRequestMiB === 0) {
      invalid(s, 'cpuRequestMillicores and memoryRequestMiB', 0, 'are both 0: the pod requests nothing, so the scheduler reserves nothing for it', 'set the requests the workload\'s pods declare (and declare them in the workload)');
    }
    if (typeof w.source !== 'string' || w.source.trim().length === 0) {
      invalid(s, 'source', w.source, 'is empty: every reserved figure names where it is set', 'name the construct and constant that set the requests, e.g. "ClusterMonitoring (PROMETHEUS_RESOURCES)"');
    }
  });
}

function requireObject(where: string, prop: string, value: unknown, fix: string): void {
  if (value === undefined || value === null) invalid(where, prop, value, 'is required', fix);
  if (typeof value !== 'object' || Array.isArray(value)) invalid(where, prop, value, 'is not an object', fix);
}

function reqNumber(where: string, prop: string, value: unknown, rule: NumberRule): void {
  if (value === undefined) invalid(where, prop, value, 'is required', 'pass a number');
  checkNumber(where, prop, value, rule);
}

function reqInteger(where: string, prop: string, value: unknown, rule: Omit<NumberRule, 'integer'>): void {
  if (value === undefined) invalid(where, prop, value, 'is required', 'pass a whole number');
  checkInteger(where, prop, value, rule);
}

function share(where: string, prop: string, value: unknown): void {
  if (value === undefined) invalid(where, prop, value, 'is required', 'pass a number from 0 to 1');
  checkNumber(where, prop, value, { min: 0, max: 1, limit: 'a share or ratio is between 0 and 1' });
}

function positiveShare(where: string, prop: string, value: unknown): void {
  if (value === undefined) invalid(where, prop, value, 'is required', 'pass a number greater than 0 and at most 1');
  checkNumber(where, prop, value, { max: 1, limit: 'a share or ratio is at most 1' });
  if ((value as number) <= 0) invalid(where, prop, value, 'must be greater than 0', 'pass a number greater than 0 and at most 1');
}

function sourcedFigure(where: string, prop: string, figure: Sourced<number> | undefined, rule: { min: number; max: number }): void {
  if (!figure || typeof figure !== 'object') invalid(where, prop, figure, 'is not a sourced figure', 'pass { value, source }');
  if (figure.value === undefined) invalid(where, `${prop}.value`, figure.value, 'is required', 'pass a number');
  checkNumber(where, `${prop}.value`, figure.value, rule);
  if (typeof figure.source !== 'string' || figure.source.trim().length === 0) {
    invalid(where, `${prop}.source`, figure.source, 'is empty: every per-unit figure names its source', "name an AWS document, a published benchmark, or 'this repo: <measurement>'");
  }
}
