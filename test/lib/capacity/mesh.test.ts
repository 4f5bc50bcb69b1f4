import { CapacityPlan, MeshPlan, planCapacity, planMesh, renderCapacityReport, sourced, tierMeetsTarget } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { capacityInputsOf, planEnvironment } from '../../../lib/config/environment';
import { prod } from '../../../stacks/environments';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

const meshed = () => ({ ...handCheckedInputs(), platform: { ...NO_PLATFORM_PODS, mesh: 'ambient' as const } });
const meshTier = (plan: CapacityPlan) => plan.tiers.find((t) => t.name.startsWith('service mesh'))!;
const busiestNodeRow = (plan: CapacityPlan) => meshTier(plan).inputs.find(([name]) => name === 'busiest node')![1];

describe('capacity model: the service mesh (Istio ambient)', () => {
  describe('GIVEN the hand-checked environment with the mesh', () => {
    let plan: CapacityPlan;
    let mesh: MeshPlan;
    beforeEach(() => {
      plan = planCapacity(meshed());
      mesh = plan.mesh!;
    });

    test('THEN the waypoints carry every backend request: ceil(12,000 / (4,000 x 0.5)) = 6 at target, 3 per AZ so two AZs hold them', () => {
      expect(mesh.meshRps).toBe(12_000);
      expect(mesh.waypoint).toMatchObject({ podRps: 4_000, replicasAtTarget: 6, maxReplicas: 9, minReplicas: 3, cpuMillicores: 1_000, memoryMiB: 512, targetCpuUtilizationPercent: 50 });
      // Little's law: 4,000 req/s x 10 ms average latency.
      expect(mesh.waypoint.concurrentRequests).toBe(40);
      // 4,000 req/s x 2 crossings x 60m per 1,000 req/s.
      expect(mesh.waypoint.ztunnelMillicores).toBe(480);
    });

    test("THEN ztunnel stays at the chart's 200m: the busiest m7g.xlarge node (7 gw pods x 100 req/s) costs it 84m", () => {
      expect(mesh.ztunnel).toEqual({ cpuMillicores: 200, memoryMiB: 512 });
      expect(mesh.nodeDaemonSets).toEqual({ cpuMillicores: 300, memoryMiB: 612, pods: 2 });
      expect(mesh.istiod).toEqual({ replicas: 2, cpuMillicores: 500, memoryMiB: 2048 });
    });

    test('THEN the node groups reserve the mesh: istiod and the waypoints (with their ztunnel work) as platform pods, ztunnel and istio-cni on every node', () => {
      expect(plan.platformWorkloads.map((w) => [w.name, w.replicas, w.minReplicas, w.cpuRequestMillicores, w.memoryRequestMiB])).toEqual([
        ['istiod', 2, undefined, 500, 2048],
        ['waypoint (Istio L7 proxy)', 9, 3, 1_480, 512],
      ]);
      const without = planCapacity(handCheckedInputs());
      expect(plan.eks.expectedNodesMax).toBeGreaterThan(without.eks.expectedNodesMax);
      expect(plan.network.appAddressesPerAz).toBeGreaterThan(without.network.appAddressesPerAz);
    });

    test('THEN the report shows the mesh tier with its math, and it carries the target with one AZ lost', () => {
      const tier = plan.tiers.find((t) => t.name.startsWith('service mesh'))!;
      expect(tier.capacityRpsWithOneAzLost).toBe(12_000);
      expect(tierMeetsTarget(plan, tier)).toBe(true);
      expect(renderCapacityReport(plan, 'table')).toContain('waypoints at target = ceil(12,000 / (4,000 x 0.5)) = 6');
    });
  });

  describe('GIVEN the hand-checked environment with the mesh (planned in each test)', () => {
    let plan: CapacityPlan;
    beforeEach(() => {
      plan = planCapacity(meshed());
    });

    test("THEN the waypoints' per-AZ floor is ceil(2 / 3 AZs) = 1, so 6 at target spread 3 per AZ: 9 pods, not 2 x 3 = 6 per AZ", () => {
      expect(plan.mesh!.waypoint).toMatchObject({ replicasAtTarget: 6, maxReplicas: 9, minReplicas: 3 });
    });

    test('THEN the waypoint HPA targets round(0.5 x 100) = 50% CPU', () => {
      expect(plan.mesh!.waypoint.targetCpuUtilizationPercent).toBe(50);
    });

    test('THEN the mesh tier carries floor(9 x 4,000 x 0.5 / 1 call per edge request) = 18,000 req/s, 12,000 with one AZ lost', () => {
      expect(meshTier(plan)).toMatchObject({ capacityRps: 18_000, capacityRpsWithOneAzLost: 12_000 });
    });

    test('THEN on a tie for the busiest node (7 gw pods x 100 = 14 a pods x 50 = 700 req/s) the report names the first service listed', () => {
      expect(busiestNodeRow(plan)).toBe('7 gw pods x 100 req/s x 2 crossings on m7g.xlarge');
    });
  });

  test("GIVEN a memory-bound busiest service THEN ztunnel's memory is reserved on top of istio-cni's: 16,384 - 1,465 kube-reserved - 100 eviction - 1,000 DaemonSets - 100 - 512 = 13,207 MiB holds 12 pods of 1,024 MiB", () => {
    const inputs = meshed();
    const services = inputs.services.map((s) => (s.name === 'a' ? { ...s, podRps: sourced(200, 'test'), cpuRequestMillicores: 100, memoryRequestMiB: 1_024 } : s));
    const plan = planCapacity({ ...inputs, services });
    // 12 pods x 200 req/s x 2 crossings x 60m / 1,000 = 288m (13 pods, with ztunnel's 512 MiB not reserved, would need 312m).
    expect(busiestNodeRow(plan)).toBe('12 a pods x 200 req/s x 2 crossings on m7g.xlarge');
    expect(plan.mesh!.ztunnel.cpuMillicores).toBe(288);
  });

  test('GIVEN a gateway and no backend THEN the waypoints carry no service-to-service call: 0 mesh req/s, one waypoint at target, and they bound no edge req/s', () => {
    const inputs = meshed();
    const plan = planCapacity({ ...inputs, services: inputs.services.filter((s) => s.role === 'gateway') });
    expect(plan.mesh!.meshRps).toBe(0);
    expect(plan.mesh!.waypoint).toMatchObject({ replicasAtTarget: 1, maxReplicas: 3 });
    expect(meshTier(plan)).toMatchObject({ capacityRps: Number.POSITIVE_INFINITY, capacityRpsWithOneAzLost: Number.POSITIVE_INFINITY });
    expect(tierMeetsTarget(plan, meshTier(plan))).toBe(true);
  });

  test('GIVEN backend shares that sum to 1.0000005 (within the 1e-6 the validation allows) THEN edge capacity is the waypoints\' req/s over the calls per edge request: floor(12 x 4,000 x 0.5 / 1.0000005) = 23,999', () => {
    const inputs = meshed();
    const services = inputs.services.map((s) => (s.name === 'b' ? { ...s, trafficShare: 0.2500005 } : s));
    const plan = planCapacity({ ...inputs, services });
    // 12,000.006 mesh req/s: ceil(6.000003) = 7 waypoints at target, 4 per AZ.
    expect(plan.mesh!.waypoint).toMatchObject({ replicasAtTarget: 7, maxReplicas: 12 });
    expect(meshTier(plan)).toMatchObject({ capacityRps: 23_999, capacityRpsWithOneAzLost: 15_999 });
  });

  test('GIVEN planMesh called on its own with a node type not in the catalog THEN the ValidationError names the nodes input', () => {
    const inputs = meshed();
    const run = () => planMesh({ ...inputs, nodes: { ...inputs.nodes, instanceTypes: ['m9z.huge'] } }, {}, 'capacity model (hand)');
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(/^capacity model \(hand\) nodes: instanceType = "m9z.huge" is not in the instance catalog/);
  });

  test('GIVEN no mesh THEN nothing is reserved for it and the plan has no mesh slice', () => {
    const plan = planCapacity(handCheckedInputs());
    expect(plan.mesh).toBeUndefined();
    expect(plan.tiers.some((t) => t.name.startsWith('service mesh'))).toBe(false);
  });

  test('GIVEN prod THEN ztunnel reserves the least CPU that covers the node it leaves: the busiest pods a node holds x their req/s x 2 crossings x 60m / 1,000', () => {
    const plan = planEnvironment(prod);
    const z = plan.mesh!.ztunnel.cpuMillicores;
    // c7i.8xlarge: 32,000m - 150m kube-reserved - 600m DaemonSets - 100m istio-cni - ztunnel = room for 1,000m pods.
    const pods = Math.floor((32_000 - 150 - 600 - 100 - z) / 1_000);
    const busiest = Object.entries(plan.services).sort(([, a], [, b]) => b.podRps - a.podRps)[0];
    expect(z).toBe((pods * busiest[1].podRps * 2 * 60) / 1_000);
    // One pod fewer per node would need less: the reservation is the least that covers what the node holds.
    expect(((pods + 1) * busiest[1].podRps * 2 * 60) / 1_000).toBeGreaterThan(32_000 - 150 - 600 - 100 - (pods + 1) * 1_000);
    expect(renderCapacityReport(plan, 'table')).toContain(`${pods} ${busiest[0]} pods x ${busiest[1].podRps.toLocaleString('en-US')} req/s x 2 crossings on c7i.8xlarge`);
    const tiers = plan.tiers.filter((t) => !tierMeetsTarget(plan, t));
    expect(tiers.map((t) => t.name)).toEqual([]);
  });

  test.each([
    ['a mode that does not exist', 'sidecar'],
    ['a boolean', true],
  ])('GIVEN platform.mesh of %s THEN a ValidationError names the allowed modes', (_, mesh) => {
    const run = () => planCapacity({ ...capacityInputsOf(prod), platform: { mesh: mesh as never } });
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(/platform: mesh = .* is not supported.*use "ambient" .* or "none"/);
  });
});
