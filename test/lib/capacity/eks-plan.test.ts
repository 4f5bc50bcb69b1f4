import { CapacityInputs, CapacityPlan, planCapacity, PlatformWorkloadInput, ServiceCapacityInput, sourced, TierReport } from '../../../lib/capacity';
import { packPods, planNodeGroups, planServices } from '../../../lib/capacity/eks';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

/*
 * The EKS part of the capacity model: each service's HPA (pods at target, max, min, DB pool),
 * the node groups (pods per node, sizes, platform reservation, AWS quotas) and their report.
 *
 * Every plan is computed inside its test, not in a describe body, so mutation testing's
 * per-test coverage sees which test exercises which line.
 *
 * handCheckedInputs (model.test.ts): 12,000 req/s, u = 0.5, 3 AZs surviving the loss of one;
 * gw (gateway, 100 req/s, 500m / 512 MiB), a (0.75, 50 req/s, 250m / 256 MiB),
 * b (0.25, 30 req/s, 1,000m / 1,024 MiB). m7g.xlarge nodes: 4 vCPU, 16,384 MiB, max pods 110;
 * kube-reserved 60 + 10 + 5 + 5 = 80m and 11 x 110 + 255 = 1,465 MiB, eviction 100 MiB,
 * DaemonSets 120m / 1,000 MiB / 10 pods: allocatable 3,800m, 13,819 MiB, 100 pod slots.
 */

const WHERE = 'capacity model (hand)';
const EKS_TIER = 'EKS managed node groups';

function tier(plan: CapacityPlan, name: string): TierReport {
  const found = plan.tiers.find((t) => t.name === name);
  if (!found) throw new Error(`no tier ${name} in ${plan.tiers.map((t) => t.name).join(', ')}`);
  return found;
}

function withService(name: string, patch: Partial<ServiceCapacityInput>, base: CapacityInputs = handCheckedInputs()): CapacityInputs {
  return { ...base, services: base.services.map((s) => (s.name === name ? { ...s, ...patch } : s)) };
}

function withPlatform(workloads: PlatformWorkloadInput[], base: CapacityInputs = handCheckedInputs()): CapacityInputs {
  return { ...base, platform: { ...NO_PLATFORM_PODS, workloads } };
}

/**
 * One gateway service only (no backends), 2 AZs that need not survive an AZ loss, every read a
 * cache hit and no writes (the database is no limit). The gateway's pods at target are
 * ceil(targetRps / (100 x 0.5)) = targetRps / 50, spread ceil(n / 2) per AZ: maxReplicas = n for even n.
 */
function gatewayOnly(targetRps: number, gateway: Partial<ServiceCapacityInput> = {}): CapacityInputs {
  const base = handCheckedInputs();
  return {
    ...base,
    environment: 'edge',
    targetRps,
    azCount: 2,
    survivesAzLoss: false,
    requestMix: { ...base.requestMix, readShare: 1, writeShare: 0, cacheHitRatio: 1 },
    services: [{ name: 'gw', role: 'gateway', podRps: sourced(100, 'test'), cpuRequestMillicores: 500, memoryRequestMiB: 512, ...gateway }],
  };
}

describe('HPA targets: what each service\'s autoscaler is told', () => {
  test('GIVEN u = 0.5 WHEN planned THEN the CPU target is 50% and the request target is each pod\'s figure at 50%', () => {
    const { services } = planCapacity(handCheckedInputs());
    // 100 x 50 / 100 = 50; 50 x 50 / 100 = 25; 30 x 50 / 100 = 15.
    expect([services.gw, services.a, services.b].map((s) => [s.targetCpuUtilizationPercent, s.targetRequestsPerSecondPerPod])).toEqual([
      [50, 50],
      [50, 25],
      [50, 15],
    ]);
  });

  test('GIVEN no CPU limit factor THEN the limit is twice the request; GIVEN 1.5 THEN 1.5 times', () => {
    const plain = planCapacity(handCheckedInputs()).services;
    expect([plain.gw.cpuLimitMillicores, plain.a.cpuLimitMillicores, plain.b.cpuLimitMillicores]).toEqual([1_000, 500, 2_000]);
    // round(250 x 1.5) = 375.
    expect(planCapacity(withService('a', { cpuLimitFactor: 1.5 })).services.a.cpuLimitMillicores).toBe(375);
  });

  test('GIVEN a quiet service (1 pod at target) WHEN spread over 3 AZs THEN it gets exactly one pod per AZ: min 3 / max 3', () => {
    // 12,000 / (100,000 x 0.5) = 0.24 -> 1 pod at target; ceil(1 / 2 surviving AZs) = 1 per AZ x 3.
    const { services } = planCapacity(withService('gw', { podRps: sourced(100_000, 'test') }));
    expect(services.gw).toMatchObject({ replicasAtTarget: 1, maxReplicas: 3, minReplicas: 3 });
  });

  test('GIVEN a quiet service over 2 AZs without AZ-loss survival THEN it keeps the floor of 2 pods, one per AZ', () => {
    // 1,000 / (100,000 x 0.5) -> 1 pod at target; max(1 per AZ, ceil(1 / 2)) x 2 = 2; min = max(2, 2, ...) = 2.
    const { services } = planCapacity(gatewayOnly(1_000, { podRps: sourced(100_000, 'test') }));
    expect(services.gw).toMatchObject({ replicasAtTarget: 1, maxReplicas: 2, minReplicas: 2 });
  });
});

describe('HPA min share: the configured share keeps more pods, and the report says where it came from', () => {
  test('GIVEN hpaMinShare 0.5 on b THEN min = max(2, 3, ceil(200 x 0.5 / 3) x 3) = 102, reported as environment config', () => {
    const plan = planCapacity(withService('b', { hpaMinShare: 0.5 }));
    expect(plan.services.b).toMatchObject({ replicasAtTarget: 200, maxReplicas: 300, minReplicas: 102 });
    const b = tier(plan, 'pods: b (Deployment + HPA)');
    expect(b.inputs).toContainEqual(['HPA min share', '0.5', 'environment config']);
    expect(b.formula).toBe('at target = ceil(3,000 / (30 x 0.5)) = 200; max = ceil(200 / 2) x 3 = 300; min = max(2, 3, ceil(200 x 0.5 / 3) x 3) = 102; DB pool/pod = max(2, ceil(per-pod QPS x 5 ms x 2)) = 2');
  });

  test('GIVEN no hpaMinShare THEN the report shows the model default 0.25', () => {
    const b = tier(planCapacity(handCheckedInputs()), 'pods: b (Deployment + HPA)');
    expect(b.inputs).toContainEqual(['HPA min share', '0.25', 'model default']);
  });
});

describe('DB pool per pod: twice the pod\'s Little\'s-law query concurrency, from the services that use the database', () => {
  // averageQueryMs 250 lifts the pools above the floor of 2. Queries at target: reads
  // 12,000 x 0.8 x (1 - 0.9) x 2 = 1,920 + writes 12,000 x 0.2 x 1 = 2,400 = 4,320 q/s, shared by
  // the services that use the database (a 9,000 + b 3,000 req/s; the gateway does not).
  // RDS Proxy: 2,400 x 0.25 s x 2 = 1,200 connections <= 3,604 x 50% = 1,802.
  const slowQueries = (): CapacityInputs => ({ ...handCheckedInputs(), requestMix: { ...handCheckedInputs().requestMix, averageQueryMs: 250 } });

  test('GIVEN 250 ms queries WHEN sizing pools THEN a gets ceil(9 q/s x 0.25 s x 2) = 5 and b ceil(5.4 x 0.25 x 2) = 3', () => {
    // a: 4,320 x 9,000 / 12,000 / 360 pods = 9 q/s per pod; b: 4,320 x 3,000 / 12,000 / 200 = 5.4.
    const plan = planCapacity(slowQueries());
    expect([plan.services.gw.dbPoolSizePerPod, plan.services.a.dbPoolSizePerPod, plan.services.b.dbPoolSizePerPod]).toEqual([0, 5, 3]);
    expect(tier(plan, 'pods: a (Deployment + HPA)').formula).toBe(
      'at target = ceil(9,000 / (50 x 0.5)) = 360; max = ceil(360 / 2) x 3 = 540; min = max(2, 3, ceil(360 x 0.25 / 3) x 3) = 90; DB pool/pod = max(2, ceil(per-pod QPS x 250 ms x 2)) = 5',
    );
  });

  test('GIVEN an explicit pool THEN it is used and the report names the environment config as its source', () => {
    const plan = planCapacity(withService('a', { dbPoolSizePerPod: 7 }, slowQueries()));
    expect(plan.services.a.dbPoolSizePerPod).toBe(7);
    expect(tier(plan, 'pods: a (Deployment + HPA)').formula).toBe(
      'at target = ceil(9,000 / (50 x 0.5)) = 360; max = ceil(360 / 2) x 3 = 540; min = max(2, 3, ceil(360 x 0.25 / 3) x 3) = 90; DB pool/pod = 7 (environment config)',
    );
  });

  test('GIVEN a pool set on the gateway, which does not use the database THEN it gets no pool and the report shows none', () => {
    const plan = planCapacity(withService('gw', { dbPoolSizePerPod: 7 }));
    expect(plan.services.gw.dbPoolSizePerPod).toBe(0);
    expect(tier(plan, 'pods: gw (Deployment + HPA)').formula).toBe('at target = ceil(12,000 / (100 x 0.5)) = 240; max = ceil(240 / 2) x 3 = 360; min = max(2, 3, ceil(240 x 0.25 / 3) x 3) = 60');
  });
});

describe('NLB target quotas: the report warns exactly when a default quota is exceeded', () => {
  const PER_AZ_NOTE = (pods: string) => `all services together reach ${pods} pods, over the default 500 targets per AZ per Network Load Balancer with cross-zone on: request the increase before deploying.`;
  const gwNotes = (targetRps: number) => tier(planCapacity(gatewayOnly(targetRps)), 'pods: gw (Deployment + HPA)').notes;

  test('GIVEN exactly 500 pods (25,000 req/s / 50 per pod) THEN no note; GIVEN 502 (25,100 req/s) THEN the per-AZ note', () => {
    expect(gwNotes(25_000)).toBeUndefined();
    expect(gwNotes(25_100)).toEqual([PER_AZ_NOTE('502')]);
  });

  test('GIVEN exactly 1,000 pods of one service THEN only the per-AZ note; GIVEN 1,002 THEN the target-group note too', () => {
    expect(gwNotes(50_000)).toEqual([PER_AZ_NOTE('1,000')]);
    expect(gwNotes(50_100)).toEqual(['gw reaches 1,002 pods, over the default 1,000 targets per NLB target group: request the increase before deploying.', PER_AZ_NOTE('1,002')]);
  });
});

describe('pods per node: CPU, memory and pod slots each limit a node', () => {
  test('GIVEN a memory-heavy service (100m / 4,096 MiB) THEN memory decides: floor(13,819 / 4,096) = 3 per node', () => {
    // CPU would allow 38 and the pod slots 100.
    const plan = planCapacity(withService('b', { cpuRequestMillicores: 100, memoryRequestMiB: 4_096 }));
    expect(plan.eks.nodeGroups[0].servicePodsPerNode).toBe(3);
  });

  test('GIVEN a pod exactly as large as a node\'s allocatable CPU (3,800m) THEN one fits per node: b takes 100 nodes per AZ', () => {
    // gw ceil(120 / 7) = 18 + a ceil(180 / 15) = 12 + b ceil(100 / 1) = 100.
    const plan = planCapacity(withService('b', { cpuRequestMillicores: 3_800 }));
    expect(plan.eks.nodeGroups[0]).toMatchObject({ servicePodsPerNode: 1, maxSize: 130 });
  });

  test('GIVEN a pod exactly as large as a node\'s allocatable memory (13,819 MiB) THEN one fits per node', () => {
    expect(planCapacity(withService('b', { memoryRequestMiB: 13_819 })).eks.nodeGroups[0]).toMatchObject({ servicePodsPerNode: 1, maxSize: 130 });
  });

  test.each<[string, Partial<ServiceCapacityInput>, string]>([
    ['one millicore more', { cpuRequestMillicores: 3_801 }, '3801m CPU, 1024 MiB'],
    ['one MiB more', { memoryRequestMiB: 13_820 }, '1000m CPU, 13820 MiB'],
  ])('GIVEN a service pod %s than a node\'s allocatable THEN the error names the node type, the pod and the allocatable', (_what, patch, requests) => {
    const run = () => planCapacity(withService('b', patch));
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      `${WHERE} nodes: instanceTypes[0] = "m7g.xlarge" cannot hold one b pod (${requests}; allocatable 3800m, 13819 MiB). Fix: choose a larger node instance type or lower the pod requests`,
    );
  });
});

describe('platform pods larger than a node: exactly the allocatable fits, one unit more is an error', () => {
  const big = (cpuRequestMillicores: number, memoryRequestMiB: number): PlatformWorkloadInput => ({ name: 'big', replicas: 2, cpuRequestMillicores, memoryRequestMiB, source: 'test' });

  test.each([
    ['all the CPU', 3_800, 1_024],
    ['all the memory', 100, 13_819],
  ])('GIVEN a platform pod taking %s of a node THEN it fits: one pod on one reserved node per AZ', (_what, cpu, memory) => {
    // ceil(2 replicas / 2 surviving AZs) = 1 pod per AZ at max.
    const plan = planCapacity(withPlatform([big(cpu, memory)]));
    expect(plan.eks.nodeGroups[0]).toMatchObject({ platformNodes: 1, platformPodsPerNode: 1, maxSize: 65 });
  });

  test.each([
    ['one millicore more', 3_801, 1_024],
    ['one MiB more', 100, 13_820],
  ])('GIVEN a platform pod %s than a node\'s allocatable THEN the error names the workload, its requests and the node', (_what, cpu, memory) => {
    const run = () => planCapacity(withPlatform([big(cpu, memory)]));
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      `${WHERE} platform workloads[0]: cpuRequestMillicores / memoryRequestMiB = "${cpu}m / ${memory} MiB" do not fit one m7g.xlarge node (allocatable 3800m, 13819 MiB): the big pod could never be scheduled. Fix: choose a larger node instance type or lower the workload's requests`,
    );
  });
});

describe('packing platform pods first-fit decreasing', () => {
  const alloc = { cpuMillicores: 1_000, memoryMiB: 1_000, podSlots: 10 };

  test('GIVEN pods heavy on different resources THEN the largest share of a node goes first (2 nodes, not 3)', () => {
    // Shares: M = 700/1,000 memory = 0.7, C = 500/1,000 CPU = 0.5. M, M, C, C: each M opens a node
    // (990m, 300 MiB left), each C joins one. Listed C first (by CPU alone) the Cs would share a node
    // (0m left) and each M would need one of its own: 3 nodes.
    const C = { cpuMillicores: 500, memoryMiB: 300 };
    const M = { cpuMillicores: 10, memoryMiB: 700 };
    expect(packPods([C, C, M, M], alloc)).toEqual({ nodes: 2, mostPodsOnANode: 2 });
  });

  test('GIVEN two pods that exactly fill a node\'s CPU THEN they share it', () => {
    expect(packPods([{ cpuMillicores: 500, memoryMiB: 100 }, { cpuMillicores: 500, memoryMiB: 100 }], alloc)).toEqual({ nodes: 1, mostPodsOnANode: 2 });
  });

  test('GIVEN two pods that exactly fill a node\'s memory THEN they share it', () => {
    expect(packPods([{ cpuMillicores: 100, memoryMiB: 500 }, { cpuMillicores: 100, memoryMiB: 500 }], alloc)).toEqual({ nodes: 1, mostPodsOnANode: 2 });
  });

  test('GIVEN two pods whose memory together exceeds a node THEN each gets its own', () => {
    expect(packPods([{ cpuMillicores: 100, memoryMiB: 600 }, { cpuMillicores: 100, memoryMiB: 600 }], alloc)).toEqual({ nodes: 2, mostPodsOnANode: 1 });
  });
});

describe('node groups: one per AZ, named after it, sized at min, target and max', () => {
  test('GIVEN 3 AZs THEN the groups are services-az1..3 and each runs 43 nodes at target, between min 11 and max 64', () => {
    // At target: gw ceil(ceil(240 / 3) / 7) = 12 + a ceil(120 / 15) = 8 + b ceil(ceil(200 / 3) / 3) = 23 = 43.
    const plan = planCapacity(handCheckedInputs());
    expect(plan.eks.nodeGroups.map((g) => [g.name, g.minSize, g.sizeAtTarget, g.maxSize])).toEqual([
      ['services-az1', 11, 43, 64],
      ['services-az2', 11, 43, 64],
      ['services-az3', 11, 43, 64],
    ]);
    expect(plan.eks.expectedNodesAtTarget).toBe(129);
  });

  test('GIVEN exactly 450 nodes per AZ (900 one-pod-per-node pods over 2 AZs) THEN the plan stands at the quota', () => {
    // 45,000 req/s / 50 per pod = 900 pods, 450 per AZ, one 3,800m pod per node.
    expect(planCapacity(gatewayOnly(45_000, { cpuRequestMillicores: 3_800 })).eks.nodeGroups[0].maxSize).toBe(450);
  });

  test('GIVEN 451 nodes per AZ THEN the "Nodes per managed node group" quota error names the size, the node type and the fix', () => {
    // 45,100 / 50 = 902 pods, 451 per AZ.
    const run = () => planCapacity(gatewayOnly(45_100, { cpuRequestMillicores: 3_800 }));
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(
      'capacity model (edge) nodes: maxSize per node group = 451 exceeds the AWS quota "Nodes per managed node group" (450) with m7g.xlarge. Fix: choose a larger node instance type (more pods per node), use more AZs, or raise the pods\' podRps',
    );
  });

  // planCapacity allows at most 6 AZs, so the cluster's node-group quota (30) guards planNodeGroups
  // itself: called directly, as it would be if the AZ limit or the groups per AZ grew.
  test('GIVEN planNodeGroups for 30 AZs THEN 30 groups fit the quota; GIVEN 31 THEN "Managed node groups per cluster" is named', () => {
    const sized = (azCount: number) => {
      const inputs = { ...handCheckedInputs(), azCount };
      return () => planNodeGroups(inputs, planServices(inputs).services, [], WHERE);
    };
    expect(sized(30)().nodeGroups).toHaveLength(30);
    expect(sized(31)).toThrow(ValidationError);
    expect(sized(31)).toThrow(`${WHERE} nodes: node groups = 31 exceed the AWS quota "Managed node groups per cluster" (30). Fix: use fewer AZs or fewer node groups per AZ`);
  });
});

describe('the node groups\' report: inputs, formula and result as a user reads them', () => {
  test('GIVEN m7g.xlarge (4 vCPU) THEN max pods is min(110, ...) and the allocatable row names the DaemonSets\' source', () => {
    const { inputs } = tier(planCapacity(handCheckedInputs()), EKS_TIER);
    expect(inputs).toContainEqual(['max pods (prefix delegation)', 'min(110, 4 x (15 - 1) x 16 + 2) = 110', expect.stringContaining('recommended max pods 110')]);
    const allocatable = inputs.find((i) => i[0] === 'allocatable for service pods');
    expect(allocatable?.[1]).toBe('3,800m CPU, 13,819 MiB, 100 pod slots');
    expect(allocatable?.[2]).toMatch(/^amazon-eks-ami bootstrap kube-reserved: .*; DaemonSets from environment config$/);
  });

  test('GIVEN c7i.8xlarge (32 vCPU, above 30) THEN max pods is min(250, ...)', () => {
    const inputs8xl = { ...gatewayOnly(1_000), nodes: { ...handCheckedInputs().nodes, instanceTypes: ['c7i.8xlarge'] } };
    const { inputs } = tier(planCapacity(inputs8xl), EKS_TIER);
    expect(inputs).toContainEqual(['max pods (prefix delegation)', 'min(250, 8 x (30 - 1) x 16 + 2) = 250', expect.any(String)]);
  });

  test('GIVEN no platform pods, surviving an AZ loss THEN the formula adds up the services\' nodes and the result shows min, max and target', () => {
    const eks = tier(planCapacity(handCheckedInputs()), EKS_TIER);
    expect(eks.formula).toBe(
      'max per AZ = gw: ceil(120 pods / 7 per node) = 18 + a: ceil(180 pods / 15 per node) = 12 + b: ceil(100 pods / 3 per node) = 34 = 64; ' +
        'min per AZ from HPA minReplicas = 11; 3 group(s), one per AZ; surviving AZs hold every service\'s maxReplicas share; no platform pods reserved',
    );
    expect(eks.result).toBe('3 node group(s) x m7g.xlarge: min 11 / max 64 per AZ (43 per AZ at target)');
  });

  test('GIVEN no platform pods and no AZ-loss survival THEN the formula says nothing of surviving AZs', () => {
    // Pods per AZ at max = at target: gw 80, a 120, b 67.
    const eks = tier(planCapacity({ ...handCheckedInputs(), survivesAzLoss: false }), EKS_TIER);
    expect(eks.formula).toBe(
      'max per AZ = gw: ceil(80 pods / 7 per node) = 12 + a: ceil(120 pods / 15 per node) = 8 + b: ceil(67 pods / 3 per node) = 23 = 43; ' +
        'min per AZ from HPA minReplicas = 11; 3 group(s), one per AZ; no platform pods reserved',
    );
  });

  test('GIVEN platform pods and no AZ-loss survival THEN the formula shows each AZ\'s third of them and the result the reserved nodes', () => {
    // Max: ceil(3 / 3) = 1 a-pod (1,000m / 2,048 MiB) + ceil(2 / 3) = 1 b-pod (2,000m / 1,024 MiB) = 1 node.
    // Min: 3 a-pods + 1 b-pod (its minReplicas) = 5,000m: 2 nodes over 3 AZs, ceil(2 / 3) = 1.
    const A: PlatformWorkloadInput = { name: 'a', replicas: 3, cpuRequestMillicores: 1_000, memoryRequestMiB: 2_048, source: 'source of a' };
    const B: PlatformWorkloadInput = { name: 'b', replicas: 2, minReplicas: 1, cpuRequestMillicores: 2_000, memoryRequestMiB: 1_024, source: 'source of b' };
    const eks = tier(planCapacity(withPlatform([A, B], { ...handCheckedInputs(), survivesAzLoss: false })), EKS_TIER);
    expect(eks.formula).toBe(
      'max per AZ = services (gw: ceil(80 pods / 7 per node) = 12 + a: ceil(120 pods / 15 per node) = 8 + b: ceil(67 pods / 3 per node) = 23 = 43) + ' +
        'platform pods reserved (ceil(replicas / 3) of each: 2 pods = 3,000m CPU, 3,072 MiB -> 1 node(s)) = 44; ' +
        'min per AZ = services from HPA minReplicas (11) + platform pods reserved (minReplicas of each: 4 pods = 5,000m CPU, 7,168 MiB -> 2 node(s), ceil(2 / 3) = 1) = 12; ' +
        '3 group(s), one per AZ; platform pods packed first-fit decreasing on nodes of their own',
    );
    expect(eks.result).toBe('3 node group(s) x m7g.xlarge: min 12 / max 44 per AZ (44 per AZ at target; 1 per AZ at max reserved for platform pods)');
  });

  test('GIVEN platform workloads THEN each input line says its pods as the user set them (1 pod, n pods, min to max)', () => {
    const workload = (name: string, replicas: number, minReplicas?: number): PlatformWorkloadInput => ({ name, replicas, minReplicas, cpuRequestMillicores: 100, memoryRequestMiB: 128, source: `source of ${name}` });
    const { inputs } = tier(planCapacity(withPlatform([workload('one', 1), workload('fixed', 2, 2), workload('scaled', 3, 1)])), EKS_TIER);
    expect(inputs.filter((i) => i[0].startsWith('platform pods reserved'))).toEqual([
      ['platform pods reserved: one', '1 pod x 100m / 128 MiB', 'source of one'],
      ['platform pods reserved: fixed', '2 pods x 100m / 128 MiB', 'source of fixed'],
      ['platform pods reserved: scaled', '1 to 3 pods x 100m / 128 MiB', 'source of scaled'],
    ]);
  });
});
