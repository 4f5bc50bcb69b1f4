import { planCapacity, renderCapacityReport, tierMeetsTarget } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { capacityInputsOf, planEnvironment } from '../../../lib/config/environment';
import { prod } from '../../../stacks/environments';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

const meshed = () => ({ ...handCheckedInputs(), platform: { ...NO_PLATFORM_PODS, mesh: 'ambient' as const } });

describe('capacity model: the service mesh (Istio ambient)', () => {
  describe('GIVEN the hand-checked environment with the mesh', () => {
    const plan = planCapacity(meshed());
    const mesh = plan.mesh!;

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
