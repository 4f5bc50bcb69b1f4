import { invalid } from '../errors';
import { DEFAULT_CPU_LIMIT_FACTOR } from '../platform-pods';
import { InstanceSpec, instanceSpec } from './catalog';
import { databaseQps } from './database';
import { CapacityInputs, DEFAULT_DAEMONSETS, PlatformWorkloadInput, ServiceCapacityInput } from './inputs';
import { NodeGroupPlan, ServicePlan, TierInput, TierReport } from './plan';
import { AWS_QUOTAS } from './sourced';
import { ceilClean, floorClean, fmt, spreadAcrossAzs } from './spread';

const DEFAULT_HPA_MIN_SHARE = 0.25;
const PERCENT = 100;
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
      environment: inputs.environment,
      azCount: az,
      name: svc.name,
      minReplicas,
      maxReplicas: spread.total,
      replicasAtTarget,
      podRps,
      cpuRequestMillicores: svc.cpuRequestMillicores,
      cpuLimitMillicores: Math.round(svc.cpuRequestMillicores * (svc.cpuLimitFactor ?? DEFAULT_CPU_LIMIT_FACTOR)),
      memoryRequestMiB: svc.memoryRequestMiB,
      targetCpuUtilizationPercent: Math.round(u * 100),
      targetRequestsPerSecondPerPod: (podRps * Math.round(u * 100)) / PERCENT,
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
      capacityRps: floorClean((spread.total * podRps * u) / perEdgeRequest),
      capacityRpsWithOneAzLost: floorClean((spread.survivingWithOneAzLost * podRps * u) / perEdgeRequest),
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

/** Node room one AZ reserves for the platform's pods. */
export interface PlatformReservation {
  /** Platform pods the AZ must hold. */
  readonly pods: number;
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
  /** Nodes those pods take, packed first-fit decreasing. */
  readonly nodes: number;
  /** Most platform pods on one of those nodes (for the pod prefixes each node needs). */
  readonly mostPodsOnANode: number;
}

interface PodRequest {
  readonly cpuMillicores: number;
  readonly memoryMiB: number;
}

/**
 * Nodes a set of pods needs, first-fit decreasing (largest share of a node first) over CPU,
 * memory and pod slots. Each pod must fit an empty node (the caller checks).
 */
export function packPods(pods: readonly PodRequest[], alloc: NodeAllocatable): { nodes: number; mostPodsOnANode: number } {
  const size = (p: PodRequest) => Math.max(p.cpuMillicores / alloc.cpuMillicores, p.memoryMiB / alloc.memoryMiB);
  const sorted = [...pods].sort((a, b) => size(b) - size(a));
  const bins: { cpu: number; memory: number; pods: number }[] = [];
  for (const pod of sorted) {
    let bin = bins.find((b) => b.cpu >= pod.cpuMillicores && b.memory >= pod.memoryMiB && b.pods >= 1);
    if (!bin) {
      bin = { cpu: alloc.cpuMillicores, memory: alloc.memoryMiB, pods: alloc.podSlots };
      bins.push(bin);
    }
    bin.cpu -= pod.cpuMillicores;
    bin.memory -= pod.memoryMiB;
    bin.pods -= 1;
  }
  return { nodes: bins.length, mostPodsOnANode: bins.reduce((most, b) => Math.max(most, alloc.podSlots - b.pods), 0) };
}

/**
 * The platform pods one AZ must hold when each workload's `count` pods spread over
 * `carryingAzs` AZs: `ceil(count / carryingAzs)` of each (a workload's pods rescheduled
 * from a lost AZ land on the survivors), packed onto nodes of their own.
 */
export function reservePlatform(workloads: readonly PlatformWorkloadInput[], count: (w: PlatformWorkloadInput) => number, carryingAzs: number, alloc: NodeAllocatable): PlatformReservation {
  const pods: PodRequest[] = [];
  for (const w of workloads) {
    const perAz = Math.ceil(count(w) / carryingAzs);
    for (let i = 0; i < perAz; i++) pods.push({ cpuMillicores: w.cpuRequestMillicores, memoryMiB: w.memoryRequestMiB });
  }
  const packed = packPods(pods, alloc);
  return {
    pods: pods.length,
    cpuMillicores: pods.reduce((sum, p) => sum + p.cpuMillicores, 0),
    memoryMiB: pods.reduce((sum, p) => sum + p.memoryMiB, 0),
    nodes: packed.nodes,
    mostPodsOnANode: packed.mostPodsOnANode,
  };
}

const NO_RESERVATION: PlatformReservation = { pods: 0, cpuMillicores: 0, memoryMiB: 0, nodes: 0, mostPodsOnANode: 0 };

function minReplicasOf(w: PlatformWorkloadInput): number {
  return w.minReplicas ?? w.replicas;
}

/** Report lines: one per platform workload, with where its figures are set. */
function platformInputs(workloads: readonly PlatformWorkloadInput[]): TierInput[] {
  return workloads.map((w) => {
    const pods = w.minReplicas !== undefined && w.minReplicas !== w.replicas ? `${w.minReplicas} to ${w.replicas} pods` : `${w.replicas} pod${w.replicas === 1 ? '' : 's'}`;
    return [`platform pods reserved: ${w.name}`, `${pods} x ${fmt(w.cpuRequestMillicores)}m / ${fmt(w.memoryRequestMiB)} MiB`, w.source] as const;
  });
}

function describeReservation(r: PlatformReservation): string {
  return `${r.pods} pods = ${fmt(r.cpuMillicores)}m CPU, ${fmt(r.memoryMiB)} MiB -> ${r.nodes} node(s)`;
}

/**
 * One managed node group per AZ, sized so each AZ holds its share of every service's
 * maxReplicas. Packing is counted per service (each service's pods on their own nodes),
 * which over-counts by at most one node per service per AZ: conservative.
 */
export function planNodeGroups(
  inputs: CapacityInputs,
  services: Readonly<Record<string, ServicePlan>>,
  workloads: readonly PlatformWorkloadInput[],
  where: string,
): { nodeGroups: NodeGroupPlan[]; tier: TierReport } {
  const { azCount: az, survivesAzLoss, targetUtilization: u } = inputs;
  const spec = instanceSpec(inputs.nodes.instanceTypes[0], `${where} nodes`);
  const alloc = nodeAllocatable(spec, inputs.nodes);
  workloads.forEach((w, i) => {
    if (w.cpuRequestMillicores > alloc.cpuMillicores || w.memoryRequestMiB > alloc.memoryMiB) {
      invalid(
        `${where} platform workloads[${i}]`,
        'cpuRequestMillicores / memoryRequestMiB',
        `${w.cpuRequestMillicores}m / ${w.memoryRequestMiB} MiB`,
        `do not fit one ${spec.instanceType} node (allocatable ${alloc.cpuMillicores}m, ${alloc.memoryMiB} MiB): the ${w.name} pod could never be scheduled`,
        'choose a larger node instance type or lower the workload\'s requests',
      );
    }
  });
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

  // Platform pods sit on nodes of their own in this count (the services' nodes stay theirs).
  // At max, each AZ that must carry the target holds ceil(replicas / carrying AZs) of every
  // platform workload, so an AZ loss finds room for the pods rescheduled from it. At min the
  // groups only share a floor (the cluster autoscaler adds a node wherever a pod waits, AZ
  // loss included): the platform's minimum pods packed together, divided over the AZs.
  const carrying = survivesAzLoss ? az - 1 : az;
  const platformMax = workloads.length > 0 ? reservePlatform(workloads, (w) => w.replicas, carrying, alloc) : NO_RESERVATION;
  const platformMin = workloads.length > 0 ? reservePlatform(workloads, minReplicasOf, 1, alloc) : NO_RESERVATION;
  const platformMinPerAz = Math.ceil(platformMin.nodes / az);
  const platformAtTarget = workloads.length > 0 ? reservePlatform(workloads, (w) => w.replicas, az, alloc) : NO_RESERVATION;
  const servicesMaxPerAz = maxPerAz;
  const servicesMinPerAz = minPerAz;
  maxPerAz += platformMax.nodes;
  minPerAz += platformMinPerAz;
  atTargetPerAz += platformAtTarget.nodes;

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
      azIndex: i,
      minSize,
      desiredSize: minSize,
      maxSize: maxPerAz,
      sizeAtTarget: Math.min(maxPerAz, Math.max(minSize, atTargetPerAz)),
      maxPodsPerNode: spec.maxPodsPrefixDelegation,
      vcpusPerNode: spec.vcpus,
      memoryMiBPerNode: spec.memoryMiB,
      servicePodsPerNode: fewestPodsPerNode,
      platformNodes: platformMax.nodes,
      platformPodsPerNode: platformMax.mostPodsOnANode,
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
      ...platformInputs(workloads),
    ],
    formula:
      workloads.length === 0
        ? `max per AZ = ${parts.join(' + ')} = ${maxPerAz}; min per AZ from HPA minReplicas = ${minSize}; ${az} group(s), one per AZ${survivesAzLoss ? '; surviving AZs hold every service\'s maxReplicas share' : ''}; no platform pods reserved`
        : `max per AZ = services (${parts.join(' + ')} = ${servicesMaxPerAz}) + platform pods reserved (ceil(replicas / ${carrying}) of each: ${describeReservation(platformMax)}) = ${maxPerAz}; ` +
          `min per AZ = services from HPA minReplicas (${servicesMinPerAz}) + platform pods reserved (minReplicas of each: ${describeReservation(platformMin)}, ceil(${platformMin.nodes} / ${az}) = ${platformMinPerAz}) = ${minSize}; ` +
          `${az} group(s), one per AZ${survivesAzLoss ? '; surviving AZs hold every service\'s maxReplicas share and every platform pod' : ''}; platform pods packed first-fit decreasing on nodes of their own`,
    result:
      `${az} node group(s) x ${spec.instanceType}: min ${minSize} / max ${maxPerAz} per AZ (${atTargetPerAz} per AZ at target` +
      (workloads.length > 0 ? `; ${platformMax.nodes} per AZ at max reserved for platform pods)` : ')'),
    capacityRps: floorClean(capacity),
    capacityRpsWithOneAzLost: floorClean(capacityAzLost),
  };
  return { nodeGroups, tier };
}
