import { CapacityInputs, DEFAULT_DAEMONSETS, Sourced, sourced } from '../../lib/capacity';
import { EnvironmentCapacity } from '../../lib/config/environment';

/**
 * Capacity per environment: targets and assumptions, never counts, and nothing the
 * environment config states elsewhere (its name, AZs, services and production flag reach the
 * model through `capacityInputsOf(config)`). Every count in the stacks comes from
 * `planEnvironment(<config>)`.
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

export const prodCapacity: EnvironmentCapacity = {
  targetRps: 1_000_000,
  targetUtilization: 0.6,
  survivesAzLoss: true,
  requestMix: REQUEST_MIX,
  alb: { minimumCount: 2 },
  nginx: { instanceType: 'c7g.2xlarge', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 1.5 },
  nodes: { instanceTypes: ['c7i.8xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.4xlarge', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.8xlarge', replicaClass: 'db.r7g.4xlarge', proxyMaxConnectionsPercent: 90, minReplicas: 2 },
};

export const stagingCapacity: EnvironmentCapacity = {
  targetRps: 50_000,
  targetUtilization: 0.65,
  survivesAzLoss: true,
  requestMix: REQUEST_MIX,
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU },
  nodes: { instanceTypes: ['c7i.2xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.large', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.large', replicaClass: 'db.r7g.large', minReplicas: 1 },
};

export const devCapacity: EnvironmentCapacity = {
  targetRps: 2_000,
  targetUtilization: 0.7,
  survivesAzLoss: false,
  requestMix: REQUEST_MIX,
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 2 },
  nodes: { instanceTypes: ['c7i.xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.m7g.large', minReplicasPerShard: 0 },
  database: { primaryClass: 'db.r7g.large', replicaClass: 'db.r7g.large', minReplicas: 0 },
};
