import { invalid } from '../errors';
import { InstanceSpec, instanceSpec } from './catalog';
import { databaseQps } from './database';
import { CapacityInputs, DEFAULT_DAEMONSETS, ServiceCapacityInput } from './inputs';
import { NodeGroupPlan, ServicePlan, TierReport } from './plan';
import { AWS_QUOTAS } from './sourced';
import { ceilClean, fmt, spreadAcrossAzs } from './spread';

const DEFAULT_HPA_MIN_SHARE = 0.25;
const MIN_REPLICAS_FLOOR = 2;
const MIN_POOL_SIZE = 2;
/** Pool covers twice the Little's-law concurrency (bursts, and the AZ-loss shift of load). */
const POOL_MARGIN = 2;
const MS_PER_SECOND = 1_000;
/** Node groups per AZ: one, so the cluster autoscaler balances AZs. */
const NODE_GROUPS_PER_AZ = 1;

const EKS_RESERVED_SOURCE =
  'amazon-eks-ami bootstrap kube-reserved: memory 11 MiB x max pods + 255 MiB, CPU 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above; eviction threshold 100 MiB (https://github.com/awslabs/amazon-eks-ami)';
const EVICTION_HARD_MIB = 100;
const KUBE_RESERVED_MIB_PER_POD = 11;
const KUBE_RESERVED_MIB_BASE = 255;

/** kube-reserved CPU in millicores per the EKS AMI's formula. */
export function kubeReservedCpuMillicores(vcpus: number): number {
  let m = 0;
  for (let core = 1; core <= vcpus; core++) {
    if (core === 1) m += 60;
    else if (core === 2) m += 10;
    else if (core <= 4) m += 5;
    else m += 2.5;
  }
  return Math.ceil(m);
}

export interface NodeAllocatable {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  readonly podSlots: number;
}

/** What one node offers service pods after system reservations and DaemonSets. */
export function nodeAllocatable(spec: InstanceSpec, inputs: CapacityInputs['nodes']): NodeAllocatable {
  const maxPods = spec.maxPodsPrefixDelegation;
  return {
    cpuMillicores: spec.vcpus * 1_000 - kubeReservedCpuMillicores(spec.vcpus) - (inputs.daemonSetCpuMillicores ?? DEFAULT_DAEMONSETS.cpuMillicores),
    memoryMiB: spec.memoryMiB - (KUBE_RESERVED_MIB_PER_POD * maxPods + KUBE_RESERVED_MIB_BASE) - EVICTION_HARD_MIB - (inputs.daemonSetMemoryMiB ?? DEFAULT_DAEMONSETS.memoryMiB),
    podSlots: maxPods - (inputs.daemonSetPods ?? DEFAULT_DAEMONSETS.pods),
  };
}

export function podsPerNode(alloc: NodeAllocatable, svc: Pick<ServiceCapacityInput, 'cpuRequestMillicores' | 'memoryRequestMiB'>): number {
  return Math.max(0, Math.min(Math.floor(alloc.cpuMillicores / svc.cpuRequestMillicores), Math.floor(alloc.memoryMiB / svc.memoryRequestMiB), alloc.podSlots));
}

export function serviceRps(inputs: CapacityInputs, svc: ServiceCapacityInput): number {
  return svc.role === 'gateway' ? inputs.targetRps : inputs.targetRps * (svc.trafficShare ?? 0);
}

function usesDatabase(svc: ServiceCapacityInput): boolean {
  return svc.usesDatabase ?? svc.role !== 'gateway';
}

/**
 * Pods per service: the HPA converges to `ceil(service rps / (pod rps x u))` at target
 * (CPU target = u). maxReplicas spreads that over the AZs that must carry it (all but
 * one when the environment survives AZ loss), so the survivors of an AZ loss still carry
 * the target at u. minReplicas keeps `hpaMinShare` of the target pods, at least one per AZ
 * and at least 2.
 */
export function planServices(inputs: CapacityInputs): { services: Record<string, ServicePlan>; tiers: TierReport[] } {
  const { targetUtilization: u, azCount: az, survivesAzLoss } = inputs;
  const qps = databaseQps(inputs);
  const dbServices = inputs.services.filter(usesDatabase);
  const dbWeight = dbServices.reduce((sum, s) => sum + serviceRps(inputs, s), 0);
  const services: Record<string, ServicePlan> = {};
  const tiers: TierReport[] = [];

  for (const svc of inputs.services) {
    const rps = serviceRps(inputs, svc);
    const podRps = svc.podRps.value;
    const replicasAtTarget = Math.max(1, ceilClean(rps / (podRps * u)));
    const spread = spreadAcrossAzs(replicasAtTarget, az, survivesAzLoss, Math.ceil(MIN_REPLICAS_FLOOR / az));
    const minShare = svc.hpaMinShare ?? DEFAULT_HPA_MIN_SHARE;
    const minByShare = Math.ceil(ceilClean(replicasAtTarget * minShare) / az) * az;
    const minReplicas = Math.min(spread.total, Math.max(MIN_REPLICAS_FLOOR, az, minByShare));

    let dbPoolSizePerPod = 0;
    if (usesDatabase(svc) && svc.dbPoolSizePerPod !== undefined) {
      dbPoolSizePerPod = svc.dbPoolSizePerPod;
    } else if (usesDatabase(svc) && dbWeight > 0) {
      const podQps = ((qps.read + qps.write) * (rps / dbWeight)) / replicasAtTarget;
      dbPoolSizePerPod = Math.max(MIN_POOL_SIZE, ceilClean(((podQps * qps.queryMs) / MS_PER_SECOND) * POOL_MARGIN));
    }

    services[svc.name] = {
      minReplicas,
      maxReplicas: spread.total,
      replicasAtTarget,
      podRps,
      cpuRequestMillicores: svc.cpuRequestMillicores,
      memoryRequestMiB: svc.memoryRequestMiB,
      targetCpuUtilizationPercent: Math.round(u * 100),
      rpsAtTarget: rps,
      dbPoolSizePerPod,
    };
    const carrying = survivesAzLoss ? az - 1 : az;
    const perEdgeRequest = rps / inputs.targetRps;
    tiers.push({
      name: `pods: ${svc.name} (Deployment + HPA)`,
      inputs: [
        ['requests seen', svc.role === 'gateway' ? `every request: ${fmt(rps)} req/s` : `${fmt(svc.trafficShare ?? 0, 4)} x target = ${fmt(rps)} req/s`, 'environment config (services)'],
        ['req/s per pod at its CPU request', `${fmt(podRps)} at ${svc.cpuRequestMillicores}m / ${svc.memoryRequestMiB} MiB`, svc.podRps.source],
        ['HPA CPU target', `${Math.round(u * 100)}%`, 'targetUtilization'],
        ['HPA min share', fmt(minShare, 2), svc.hpaMinShare === undefined ? 'model default' : 'environment config'],
      ],
      formula:
        `at target = ceil(${fmt(rps)} / (${fmt(podRps)} x ${u})) = ${replicasAtTarget}; ` +
        `max = ceil(${replicasAtTarget} / ${carrying}) x ${az} = ${spread.total}; ` +
        `min = max(${MIN_REPLICAS_FLOOR}, ${az}, ceil(${replicasAtTarget} x ${minShare} / ${az}) x ${az}) = ${minReplicas}` +
        (dbPoolSizePerPod > 0 && svc.dbPoolSizePerPod !== undefined ? `; DB pool/pod = ${dbPoolSizePerPod} (environment config)` : '') +
        (dbPoolSizePerPod > 0 && svc.dbPoolSizePerPod === undefined ? `; DB pool/pod = max(${MIN_POOL_SIZE}, ceil(per-pod QPS x ${qps.queryMs} ms x ${POOL_MARGIN})) = ${dbPoolSizePerPod}` : ''),
      result: `HPA min ${minReplicas} / max ${spread.total} (${replicasAtTarget} at target, ${spread.perAz} per AZ at max)`,
      capacityRps: Math.floor((spread.total * podRps * u) / perEdgeRequest),
      capacityRpsWithOneAzLost: Math.floor((spread.survivingWithOneAzLost * podRps * u) / perEdgeRequest),
      notes: nlbTargetNotes(svc.name, spread.total),
    });
  }
  // Every service pod is an IP target of the one internal NLB (lib/service-endpoints.ts).
  const totalPods = Object.values(services).reduce((sum, s) => sum + s.maxReplicas, 0);
  const perAz = AWS_QUOTAS.nlbTargetsPerAzCrossZone.value;
  if (totalPods > perAz && tiers.length > 0) {
    const last = tiers[tiers.length - 1];
    tiers[tiers.length - 1] = {
      ...last,
      notes: [
        ...(last.notes ?? []),
        `all services together reach ${fmt(totalPods)} pods, over the default ${fmt(perAz)} targets per AZ per Network Load Balancer with cross-zone on: request the increase before deploying.`,
      ],
    };
  }
  return { services, tiers };
}

/** Quota notes for one service's pods as IP targets of the internal NLB's target group. */
function nlbTargetNotes(service: string, maxPods: number): string[] | undefined {
  const quota = AWS_QUOTAS.nlbTargetsPerTargetGroup.value;
  return maxPods > quota
    ? [`${service} reaches ${fmt(maxPods)} pods, over the default ${fmt(quota)} targets per NLB target group: request the increase before deploying.`]
    : undefined;
}

/**
 * One managed node group per AZ, sized so each AZ holds its share of every service's
 * maxReplicas. Packing is counted per service (each service's pods on their own nodes),
 * which over-counts by at most one node per service per AZ: conservative.
 */
export function planNodeGroups(inputs: CapacityInputs, services: Record<string, ServicePlan>, where: string): { nodeGroups: NodeGroupPlan[]; tier: TierReport } {
  const { azCount: az, survivesAzLoss, targetUtilization: u } = inputs;
  const spec = instanceSpec(inputs.nodes.instanceTypes[0], `${where} nodes`);
  const alloc = nodeAllocatable(spec, inputs.nodes);
  let maxPerAz = 0;
  let minPerAz = 0;
  let atTargetPerAz = 0;
  let capacity = Number.POSITIVE_INFINITY;
  let capacityAzLost = Number.POSITIVE_INFINITY;
  let fewestPodsPerNode = Number.POSITIVE_INFINITY;
  const parts: string[] = [];

  for (const svc of inputs.services) {
    const plan = services[svc.name];
    const perNode = podsPerNode(alloc, svc);
    if (perNode < 1) {
      invalid(
        `${where} nodes`,
        'instanceTypes[0]',
        spec.instanceType,
        `cannot hold one ${svc.name} pod (${svc.cpuRequestMillicores}m CPU, ${svc.memoryRequestMiB} MiB; allocatable ${alloc.cpuMillicores}m, ${alloc.memoryMiB} MiB)`,
        'choose a larger node instance type or lower the pod requests',
      );
    }
    fewestPodsPerNode = Math.min(fewestPodsPerNode, perNode);
    const podsPerAzAtMax = Math.ceil(plan.maxReplicas / az);
    const nodesMax = Math.ceil(podsPerAzAtMax / perNode);
    maxPerAz += nodesMax;
    minPerAz += Math.ceil(Math.ceil(plan.minReplicas / az) / perNode);
    atTargetPerAz += Math.ceil(Math.ceil(plan.replicasAtTarget / az) / perNode);
    parts.push(`${svc.name}: ceil(${podsPerAzAtMax} pods / ${perNode} per node) = ${nodesMax}`);
    const share = plan.rpsAtTarget / inputs.targetRps;
    const podsHeld = nodesMax * perNode;
    capacity = Math.min(capacity, (podsHeld * az * plan.podRps * u) / share);
    capacityAzLost = Math.min(capacityAzLost, (podsHeld * (az - 1) * plan.podRps * u) / share);
  }

  const nodeQuota = AWS_QUOTAS.eksNodesPerManagedNodeGroup.value;
  if (maxPerAz > nodeQuota) {
    invalid(
      `${where} nodes`,
      'maxSize per node group',
      maxPerAz,
      `exceeds the AWS quota "Nodes per managed node group" (${nodeQuota}) with ${spec.instanceType}`,
      'choose a larger node instance type (more pods per node), use more AZs, or raise the pods\' podRps',
    );
  }
  const groups = az * NODE_GROUPS_PER_AZ;
  const groupQuota = AWS_QUOTAS.eksManagedNodeGroupsPerCluster.value;
  if (groups > groupQuota) {
    invalid(`${where} nodes`, 'node groups', groups, `exceed the AWS quota "Managed node groups per cluster" (${groupQuota})`, 'use fewer AZs or fewer node groups per AZ');
  }
  const minSize = Math.max(1, minPerAz);
  const nodeGroups: NodeGroupPlan[] = [];
  for (let i = 0; i < az; i++) {
    nodeGroups.push({
      name: `services-az${i + 1}`,
      instanceTypes: [...inputs.nodes.instanceTypes],
      availabilityZone: undefined,
      azIndex: i,
      minSize,
      desiredSize: minSize,
      maxSize: maxPerAz,
      maxPodsPerNode: spec.maxPodsPrefixDelegation,
      vcpusPerNode: spec.vcpus,
      memoryMiBPerNode: spec.memoryMiB,
      servicePodsPerNode: fewestPodsPerNode,
    });
  }
  const tier: TierReport = {
    name: 'EKS managed node groups',
    inputs: [
      ['node instance type', `${spec.instanceType} (${spec.vcpus} vCPU, ${fmt(spec.memoryMiB)} MiB, ${spec.maxEnis} ENIs x ${spec.ipv4PerEni} IPs)`, spec.source],
      ['max pods (prefix delegation)', `min(${spec.vcpus > AWS_QUOTAS.eksMaxPodsHighCpuThresholdVcpus.value ? 250 : 110}, ${spec.maxEnis} x (${spec.ipv4PerEni} - 1) x 16 + 2) = ${spec.maxPodsPrefixDelegation}`, AWS_QUOTAS.eksMaxPodsCeilingLowCpu.source],
      ['allocatable for service pods', `${fmt(alloc.cpuMillicores)}m CPU, ${fmt(alloc.memoryMiB)} MiB, ${alloc.podSlots} pod slots`, `${EKS_RESERVED_SOURCE}; DaemonSets from environment config`],
      ['nodes per managed node group (quota)', fmt(nodeQuota), AWS_QUOTAS.eksNodesPerManagedNodeGroup.source],
      ['managed node groups per cluster (quota)', fmt(groupQuota), AWS_QUOTAS.eksManagedNodeGroupsPerCluster.source],
    ],
    formula: `max per AZ = ${parts.join(' + ')} = ${maxPerAz}; min per AZ from HPA minReplicas = ${minSize}; ${az} group(s), one per AZ${survivesAzLoss ? '; surviving AZs hold every service\'s maxReplicas share' : ''}`,
    result: `${az} node group(s) x ${spec.instanceType}: min ${minSize} / max ${maxPerAz} per AZ (${atTargetPerAz} per AZ at target)`,
    capacityRps: Math.floor(capacity),
    capacityRpsWithOneAzLost: Math.floor(capacityAzLost),
  };
  return { nodeGroups, tier };
}
