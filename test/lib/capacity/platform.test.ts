import { CapacityInputs, planCapacity, PlatformCapacityInput, PlatformWorkloadInput, renderCapacityReport } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { packPods } from '../../../lib/capacity/eks';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

/*
 * handCheckedInputs: m7g.xlarge nodes with 3,800m, 13,819 MiB and 100 pod slots left after
 * kube-reserved and DaemonSets; 3 AZs, surviving the loss of one; services alone need
 * min 11 / max 64 nodes per AZ (model.test.ts).
 */
const A: PlatformWorkloadInput = { name: 'a', replicas: 3, cpuRequestMillicores: 1_000, memoryRequestMiB: 2_048, source: 'source of a' };
const B: PlatformWorkloadInput = { name: 'b', replicas: 2, minReplicas: 1, cpuRequestMillicores: 2_000, memoryRequestMiB: 1_024, source: 'source of b' };

function withPlatform(workloads: PlatformWorkloadInput[], patch: (i: CapacityInputs) => CapacityInputs = (i) => i): CapacityInputs {
  return { ...patch(handCheckedInputs()), platform: { ...NO_PLATFORM_PODS, workloads } };
}

describe('platform pods by default: leaving the input out never drops pods the constructs install', () => {
  const defaults = (patch: (i: CapacityInputs) => CapacityInputs = (i) => i) => planCapacity(patch({ ...handCheckedInputs(), platform: undefined }));
  const names = (plan: ReturnType<typeof planCapacity>) => plan.platformWorkloads.map((w) => w.name);

  test('GIVEN no platform input THEN EksCluster\'s add-ons, the controllers, HA monitoring and the read pooler are reserved', () => {
    const plan = defaults();
    expect(names(plan)).toEqual([
      'prometheus',
      'alertmanager',
      'grafana',
      'prometheus-adapter',
      'prometheus-operator',
      'kube-state-metrics',
      'aws-load-balancer-controller',
      'metrics-server',
      'cluster-autoscaler',
      'coredns',
      'ebs-csi-controller',
      'amazon-cloudwatch-observability-controller-manager',
      'read-pooler (PgBouncer)',
    ]);
    expect(plan.platformWorkloads.find((w) => w.name === 'prometheus')?.replicas).toBe(2);
    expect(plan.eks.nodeGroups[0].platformNodes).toBeGreaterThan(0);
    expect(plan.eks.containerInsights).toBe(true);
  });

  test('GIVEN an environment that need not survive an AZ loss THEN monitoring runs single replicas by default', () => {
    const plan = defaults((i) => ({ ...i, survivesAzLoss: false }));
    expect(plan.platformWorkloads.find((w) => w.name === 'prometheus')?.replicas).toBe(1);
    expect(plan.monitoring).toMatchObject({ highAvailability: false, replicas: 1 });
  });

  test('GIVEN no service that uses the database THEN no read pooler is planned or reserved', () => {
    const plan = defaults((i) => ({ ...i, services: i.services.map((s) => ({ ...s, usesDatabase: false })) }));
    expect(plan.readPooler).toBeUndefined();
    expect(names(plan)).not.toContain('read-pooler (PgBouncer)');
  });

  test('GIVEN every switch off but the add-ons THEN only EksCluster\'s own pods are reserved (they run on every cluster it creates)', () => {
    const plan = defaults((i) => ({ ...i, platform: { clusterControllers: false, clusterMonitoring: false, readPooler: false } }));
    expect(names(plan)).toEqual(['coredns', 'ebs-csi-controller', 'amazon-cloudwatch-observability-controller-manager']);
  });

  test('GIVEN the add-ons without Container Insights THEN the CloudWatch add-on\'s controller is not reserved (it is not installed)', () => {
    const plan = defaults((i) => ({ ...i, platform: { clusterControllers: false, clusterMonitoring: false, readPooler: false, containerInsights: false } }));
    expect(names(plan)).toEqual(['coredns', 'ebs-csi-controller']);
    expect(plan.eks.containerInsights).toBe(false);
  });

  test('GIVEN own workloads THEN they are reserved after the constructs\' pods', () => {
    const extra: PlatformWorkloadInput = { name: 'fluentd', replicas: 2, cpuRequestMillicores: 200, memoryRequestMiB: 256, source: 'our logging' };
    expect(names(defaults((i) => ({ ...i, platform: { workloads: [extra] } }))).slice(-1)).toEqual(['fluentd']);
  });
});

describe('platform pods: the node groups reserve room for them', () => {
  test('GIVEN no platform input WHEN sizing node groups THEN the services alone size them (min 11 / max 64, nothing reserved)', () => {
    const plan = planCapacity(handCheckedInputs());
    for (const g of plan.eks.nodeGroups) expect(g).toMatchObject({ minSize: 11, maxSize: 64, platformNodes: 0, platformPodsPerNode: 0 });
  });

  test('GIVEN 3 x 1,000m and 2 x 2,000m platform pods surviving an AZ loss WHEN sizing THEN each AZ reserves 2 nodes at max and 1 at min', () => {
    // Max: the 2 surviving AZs hold ceil(3/2) = 2 a-pods and ceil(2/2) = 1 b-pod each:
    // b (2,000m) + a (1,000m) fill one node to 3,000m of 3,800m; the second a needs a second node.
    // Min: 3 a-pods and 1 b-pod (b's minReplicas) pack into 2 nodes, shared by 3 AZs: ceil(2/3) = 1.
    const plan = planCapacity(withPlatform([A, B]));
    for (const g of plan.eks.nodeGroups) expect(g).toMatchObject({ minSize: 12, desiredSize: 12, maxSize: 66, platformNodes: 2, platformPodsPerNode: 2 });
  });

  test('GIVEN the same pods but no AZ-loss requirement WHEN sizing THEN each AZ reserves room for its third only (1 node at max)', () => {
    const survives = planCapacity(withPlatform([A, B]));
    const noSurvival = planCapacity(withPlatform([A, B], (i) => ({ ...i, survivesAzLoss: false })));
    const servicesOnly = planCapacity({ ...handCheckedInputs(), survivesAzLoss: false });
    // ceil(3/3) = 1 a-pod and ceil(2/3) = 1 b-pod per AZ: 3,000m fits one node.
    expect(noSurvival.eks.nodeGroups[0].platformNodes).toBe(1);
    expect(noSurvival.eks.nodeGroups[0].maxSize).toBe(servicesOnly.eks.nodeGroups[0].maxSize + 1);
    expect(survives.eks.nodeGroups[0].platformNodes).toBe(2);
  });

  test('GIVEN a platform reservation WHEN sizing THEN the services keep their capacity (the reservation is on nodes of its own)', () => {
    const without = planCapacity(handCheckedInputs()).tiers.find((t) => t.name === 'EKS managed node groups');
    const withIt = planCapacity(withPlatform([A, B])).tiers.find((t) => t.name === 'EKS managed node groups');
    expect(withIt).toMatchObject({ capacityRps: without?.capacityRps, capacityRpsWithOneAzLost: without?.capacityRpsWithOneAzLost });
  });

  test('GIVEN many small pods WHEN packing THEN pod slots limit a node as CPU and memory do', () => {
    const alloc = { cpuMillicores: 10_000, memoryMiB: 10_000, podSlots: 3 };
    expect(packPods(Array.from({ length: 7 }, () => ({ cpuMillicores: 10, memoryMiB: 10 })), alloc)).toEqual({ nodes: 3, mostPodsOnANode: 3 });
    expect(packPods([{ cpuMillicores: 6_000, memoryMiB: 1 }, { cpuMillicores: 1, memoryMiB: 6_000 }, { cpuMillicores: 5_000, memoryMiB: 5_000 }], alloc)).toEqual({ nodes: 2, mostPodsOnANode: 2 });
    expect(packPods([], alloc)).toEqual({ nodes: 0, mostPodsOnANode: 0 });
  });

  test('GIVEN reserved platform nodes WHEN sizing app subnets THEN each holds its own pods prefixes and primary address', () => {
    const inputs = withPlatform([A, B]);
    const withIt = planCapacity(inputs).network.appAddressesPerAz;
    const without = planCapacity(handCheckedInputs()).network.appAddressesPerAz;
    // 2 nodes x (1 primary + (ceil((2 platform + 10 DaemonSet pods) / 16) + 1 warm) x 16).
    expect(withIt - without).toBe(2 * (1 + 2 * 16));
  });
});

describe('platform pods in the report', () => {
  let plan: ReturnType<typeof planCapacity>;
  let tier: ReturnType<typeof planCapacity>['tiers'][number] | undefined;
  beforeEach(() => {
    plan = planCapacity(withPlatform([A, B]));
    tier = plan.tiers.find((t) => t.name === 'EKS managed node groups');
  });

  test('GIVEN platform workloads WHEN reporting THEN each is its own input line with its source', () => {
    expect(tier?.inputs).toEqual(
      expect.arrayContaining([
        ['platform pods reserved: a', '3 pods x 1,000m / 2,048 MiB', 'source of a'],
        ['platform pods reserved: b', '1 to 2 pods x 2,000m / 1,024 MiB', 'source of b'],
      ]),
    );
    const report = renderCapacityReport(plan, 'table');
    expect(report).toMatch(/platform pods reserved: b\s+1 to 2 pods x 2,000m \/ 1,024 MiB\s+\[source of b\]/);
  });

  test('GIVEN platform workloads WHEN reporting THEN the formula and result show the reservation at max and min', () => {
    // At target every AZ is up: services 43 nodes per AZ + ceil(3/3) a and ceil(2/3) b = 1 node.
    expect(tier?.formula).toContain('platform pods reserved (ceil(replicas / 2) of each: 3 pods = 4,000m CPU, 5,120 MiB -> 2 node(s)) = 66');
    expect(tier?.formula).toContain('platform pods reserved (minReplicas of each: 4 pods = 5,000m CPU, 7,168 MiB -> 2 node(s), ceil(2 / 3) = 1) = 12');
    expect(tier?.result).toBe('3 node group(s) x m7g.xlarge: min 12 / max 66 per AZ (44 per AZ at target; 2 per AZ at max reserved for platform pods)');
  });
});

describe('planCapacity rejects bad platform inputs with a message naming the input, the value and the fix', () => {
  const bad = (workload: Partial<PlatformWorkloadInput>, others: PlatformWorkloadInput[] = []) => () => planCapacity(withPlatform([...others, { ...A, ...workload } as PlatformWorkloadInput]));

  test.each<[string, () => unknown, RegExp]>([
    ['workloads not a list', () => planCapacity({ ...handCheckedInputs(), platform: { workloads: 'prometheus' as unknown as PlatformWorkloadInput[] } }), /capacity model \(hand\) platform: workloads = .*is not a list.*Fix: pass \[\{ name, replicas/],
    ['platform not an object', () => planCapacity({ ...handCheckedInputs(), platform: ['prometheus'] as unknown as PlatformCapacityInput }), /platform: platform = \["prometheus"\] is not an object/],
    ['a switch that is not a boolean', () => planCapacity({ ...handCheckedInputs(), platform: { readPooler: 'yes' as unknown as boolean } }), /platform: readPooler = "yes" is not a boolean.*Fix: pass true or false/],
    ['an unknown monitoring mode', () => planCapacity({ ...handCheckedInputs(), platform: { clusterMonitoring: 'ha' as unknown as false } }), /platform: clusterMonitoring = "ha" is not supported.*Fix: use "high-availability", "single" or false/],
    ['a workload that is null', () => planCapacity({ ...handCheckedInputs(), platform: { workloads: [null as unknown as PlatformWorkloadInput] } }), /platform workloads\[0\]: workload = null is not an object/],
    ['zero replicas', bad({ replicas: 0 }), /platform workloads\[0\]: replicas = 0 is out of range/],
    ['fractional replicas', bad({ replicas: 1.5 }), /platform workloads\[0\]: replicas = 1.5 is not a whole number/],
    ['missing replicas', bad({ replicas: undefined }), /replicas = undefined is required/],
    ['min above max', bad({ replicas: 2, minReplicas: 3 }), /minReplicas = 3 is above replicas \(2\).*Fix: use at most 2, or raise replicas/],
    ['negative CPU', bad({ cpuRequestMillicores: -100 }), /cpuRequestMillicores = -100 is out of range/],
    ['no requests at all', bad({ cpuRequestMillicores: 0, memoryRequestMiB: 0 }), /cpuRequestMillicores and memoryRequestMiB = 0 are both 0: the pod requests nothing/],
    ['empty source', bad({ source: ' ' }), /source = " " is empty: every reserved figure names where it is set.*Fix: name the construct and constant/],
    ['duplicate name', bad({}, [A]), /platform workloads\[1\]: name = "a" is listed twice/],
    ['pod larger than a node', bad({ cpuRequestMillicores: 8_000 }), /platform workloads\[0\]: cpuRequestMillicores \/ memoryRequestMiB = "8000m \/ 2048 MiB" do not fit one m7g.xlarge node \(allocatable 3800m, 13819 MiB\).*Fix: choose a larger node instance type/],
  ])('GIVEN %s WHEN planning THEN a ValidationError says what to change', (_name, run, message) => {
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});
