import { CapacityInputs, DEFAULT_DAEMONSETS, PLACEHOLDER, ServiceCapacityInput, Sourced, sourced } from '../../lib/capacity';
import { withPlatform } from './platform-workloads';

/**
 * Capacity inputs per environment: targets and assumptions, never counts. Every count
 * in the stacks comes from `planCapacity(<these inputs>)`.
 *
 * Service routing (a decision, documented here and in the README): every request passes
 * through `api-gateway` (role `gateway`, sees 100% of requests); the gateway routes each
 * request to exactly one backend service, so the backend services' `trafficShare` values
 * sum to 1 (`/api/users` -> user-service, `/api/transactions` -> transaction-service).
 */

/**
 * nginx figure, measured by this repo's `npm run bench:nginx` (test/bench/nginx-bench.ts):
 * the prod nginx.conf (rate tiers, JSON access log, upstream keep-alive, least_conn)
 * proxying to a minimal nginx upstream over loopback, driven by wrk.
 */
export const NGINX_RPS_PER_VCPU: Sourced<number> = sourced(
  16_000,
  'this repo: npm run bench:nginx (Debian nginx 1.22.1, 2-vCPU AMD EPYC, prod nginx.conf, wrk 64 connections over loopback): ' +
    'median 32,889 proxied requests per worker CPU-second over 3 runs of 8 s (30,537 to 38,311), derated x0.5 for ~4 KiB production responses, ' +
    'real NIC interrupts and unmeasured Graviton cores = 16,000',
);

const POD_RPS_SOURCE = (what: string): string =>
  `${PLACEHOLDER}: conservative planning figure for ${what} on its CPU request; replaced by this repo's k6 load test of one pod (services issue)`;

function services(): ServiceCapacityInput[] {
  return [
    { name: 'api-gateway', role: 'gateway', podRps: sourced(1_500, POD_RPS_SOURCE('a NestJS gateway pod proxying to backends, 1 vCPU')), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
    { name: 'user-service', role: 'backend', trafficShare: 0.6, podRps: sourced(1_000, POD_RPS_SOURCE('a NestJS pod serving cached user reads, 1 vCPU')), cpuRequestMillicores: 1_000, memoryRequestMiB: 1_024 },
    {
      name: 'transaction-service',
      role: 'backend',
      trafficShare: 0.4,
      podRps: sourced(400, POD_RPS_SOURCE('a NestJS pod validating and writing transactions, 1 vCPU')),
      cpuRequestMillicores: 1_000,
      memoryRequestMiB: 1_536,
    },
  ];
}

const REQUEST_MIX: CapacityInputs['requestMix'] = {
  averageRequestBytes: 1_024,
  averageResponseBytes: 4_096,
  newConnectionShare: 0.05,
  averageConnectionSeconds: 60,
  averageLatencyMs: 50,
  albRulesPerRequest: 5,
  readShare: 0.95,
  writeShare: 0.05,
  cacheOpsPerRequest: 2,
  cacheHitRatio: 0.95,
  dbQueriesPerCacheMiss: 1,
  dbQueriesPerWrite: 1,
  averageQueryMs: 2,
};

/**
 * Every environment runs the same DaemonSets on every node (VPC CNI, kube-proxy, EBS CSI, Pod
 * Identity agent, node-exporter, CloudWatch agent, Secrets Store CSI and its AWS provider):
 * lib/capacity NODE_DAEMONSETS lists their requests with sources.
 */
const DAEMONSETS = { daemonSetCpuMillicores: DEFAULT_DAEMONSETS.cpuMillicores, daemonSetMemoryMiB: DEFAULT_DAEMONSETS.memoryMiB, daemonSetPods: DEFAULT_DAEMONSETS.pods };

/*
 * `withPlatform` adds the platform's own pods (monitoring, controllers, CoreDNS, the EBS CSI
 * and CloudWatch observability controllers, the read pooler) with the requests their
 * constructs set or the add-ons default to; the second argument is the environment's
 * `production` flag (stacks/environments/<env>.ts), which sets their replica counts.
 */

export const prodCapacity: CapacityInputs = withPlatform({
  environment: 'prod',
  targetRps: 1_000_000,
  targetUtilization: 0.6,
  azCount: 3,
  survivesAzLoss: true,
  requestMix: REQUEST_MIX,
  services: services(),
  alb: { minimumCount: 2 },
  nginx: { instanceType: 'c7g.2xlarge', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 1.5 },
  nodes: { instanceTypes: ['c7i.8xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.4xlarge', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.8xlarge', replicaClass: 'db.r7g.4xlarge', proxyMaxConnectionsPercent: 90, minReplicas: 2 },
}, true);

export const stagingCapacity: CapacityInputs = withPlatform({
  environment: 'staging',
  targetRps: 50_000,
  targetUtilization: 0.65,
  azCount: 3,
  survivesAzLoss: true,
  requestMix: REQUEST_MIX,
  services: services(),
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU },
  nodes: { instanceTypes: ['c7i.2xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.large', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.large', replicaClass: 'db.r7g.large', minReplicas: 1 },
}, false);

export const devCapacity: CapacityInputs = withPlatform({
  environment: 'dev',
  targetRps: 2_000,
  targetUtilization: 0.7,
  azCount: 2,
  survivesAzLoss: false,
  requestMix: REQUEST_MIX,
  services: services(),
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 2 },
  nodes: { instanceTypes: ['c7i.xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.m7g.large', minReplicasPerShard: 0 },
  database: { primaryClass: 'db.r7g.large', replicaClass: 'db.r7g.large', minReplicas: 0 },
}, false);

export const CAPACITY_INPUTS: Readonly<Record<string, CapacityInputs>> = {
  dev: devCapacity,
  staging: stagingCapacity,
  prod: prodCapacity,
};
