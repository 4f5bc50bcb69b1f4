import { DEFAULT_DAEMONSETS, DESIGN_NOTES_REQUEST_MIX, NGINX_RPS_PER_VCPU } from '../../lib/capacity';
import { EnvironmentCapacity } from '../../lib/config/environment';

/**
 * Capacity per environment: targets and assumptions, never counts, and nothing the
 * environment config states elsewhere (its name, AZs, services and production flag reach the
 * model through `capacityInputsOf(config)`). Every count in the stacks comes from
 * `planEnvironment(<config>)`.
 */


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
  requestMix: DESIGN_NOTES_REQUEST_MIX,
  alb: { minimumCount: 2 },
  nginx: { instanceType: 'c7g.2xlarge', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 1.5 },
  nodes: { instanceTypes: ['c7i.8xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.4xlarge', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.16xlarge', replicaClass: 'db.r7g.4xlarge', proxyMaxConnectionsPercent: 90, minReplicas: 2 },
};

export const stagingCapacity: EnvironmentCapacity = {
  targetRps: 50_000,
  targetUtilization: 0.65,
  survivesAzLoss: true,
  requestMix: DESIGN_NOTES_REQUEST_MIX,
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU },
  nodes: { instanceTypes: ['c7i.2xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.r7g.xlarge', minReplicasPerShard: 1 },
  database: { primaryClass: 'db.r7g.xlarge', replicaClass: 'db.r7g.large', minReplicas: 1 },
};

export const devCapacity: EnvironmentCapacity = {
  targetRps: 2_000,
  targetUtilization: 0.7,
  survivesAzLoss: false,
  requestMix: DESIGN_NOTES_REQUEST_MIX,
  nginx: { instanceType: 'c7g.large', rpsPerVcpu: NGINX_RPS_PER_VCPU, maxScaleFactor: 2 },
  nodes: { instanceTypes: ['c7i.xlarge'], ...DAEMONSETS },
  cache: { nodeType: 'cache.m7g.large', minReplicasPerShard: 0 },
  database: { primaryClass: 'db.r7g.large', replicaClass: 'db.r7g.large', minReplicas: 0 },
};
