import { CapacityInputs, planCapacity, ReadPoolerPlan, ServicePlan } from '../../../lib/capacity';
import { servicesNamespaceQuota } from '../../../lib/capacity/model';
import { monitoringReplicas } from '../../../lib/platform-pods';
import { handCheckedInputs, NO_PLATFORM_PODS } from './fixtures';

// Each plan is computed inside its test: a plan computed while Jest collects the tests is
// invisible to the mutation run's per-test coverage.
const withPlatform = (platform: Partial<NonNullable<CapacityInputs['platform']>>) => planCapacity({ ...handCheckedInputs(), platform: { ...NO_PLATFORM_PODS, ...platform } });

describe('planCapacity: what the model adds to the tiers\' slices (hand-checked inputs)', () => {
  test('GIVEN the hand-checked services THEN 3 node groups of ceil(80 gw / 7) + ceil(120 a / 15) + ceil(67 b / 3) = 12 + 8 + 23 = 43 nodes at target: 129 in all', () => {
    const plan = planCapacity(handCheckedInputs());
    expect(plan.eks.nodeGroups.map((g) => g.sizeAtTarget)).toEqual([43, 43, 43]);
    expect(plan.eks.expectedNodesAtTarget).toBe(129);
    expect([plan.eks.expectedNodesMin, plan.eks.expectedNodesMax]).toEqual([33, 192]);
  });

  test('GIVEN a gateway without a pool and two backends with one THEN monitoring knows which services use the database', () => {
    expect(planCapacity(handCheckedInputs()).monitoring.services).toEqual([
      { name: 'gw', plannedRps: 12_000, usesDatabase: false },
      { name: 'a', plannedRps: 9_000, usesDatabase: true },
      { name: 'b', plannedRps: 3_000, usesDatabase: true },
    ]);
  });

  test.each([
    ['high-availability', true],
    ['single', false],
  ] as const)('GIVEN cluster monitoring %s THEN the monitoring slice is high-availability = %s with its replicas', (clusterMonitoring, highAvailability) => {
    const plan = withPlatform({ clusterMonitoring });
    expect(plan.monitoring).toMatchObject({ highAvailability, replicas: monitoringReplicas(highAvailability) });
  });

  test.each([
    [false, undefined, false],
    [false, true, false],
    [true, false, false],
    [true, true, true],
  ])('GIVEN EKS add-ons %s and Container Insights %s THEN the EKS slice turns Container Insights on: %s (it is an add-on)', (eksAddOns, containerInsights, expected) => {
    expect(withPlatform({ eksAddOns, containerInsights }).eks.containerInsights).toBe(expected);
  });

  test('GIVEN a cache quota exceeded THEN the error names the environment\'s capacity model', () => {
    expect(() => planCapacity({ ...handCheckedInputs(), requestMix: { ...handCheckedInputs().requestMix, cacheOpsPerRequest: 1_000 } })).toThrow(/^capacity model \(hand\) cache: totalNodes = \d+ exceeds/);
  });
});

describe('servicesNamespaceQuota: every service at its HPA maximum plus a 25% rollout surge, plus the pooler at its maximum plus one', () => {
  const identity = { environment: 'hand', azCount: 3 };
  const service = (maxReplicas: number, cpuRequestMillicores: number, memoryRequestMiB: number) => ({ maxReplicas, cpuRequestMillicores, cpuLimitMillicores: 2 * cpuRequestMillicores, memoryRequestMiB }) as ServicePlan;
  const services = [service(3, 250, 300), service(4, 1_000, 1_024)];

  test('GIVEN 3 pods of 250m / 300 MiB and 4 of 1,000m / 1,024 MiB THEN requests ceil(4,750 x 1.25) = 5,938m and 4,996 x 1.25 = 6,245 MiB, limits 11,875m, pods ceil(8.75) = 9', () => {
    expect(servicesNamespaceQuota(identity, services)).toEqual({ ...identity, cpuRequestMillicores: 5_938, memoryRequestMiB: 6_245, cpuLimitMillicores: 11_875, memoryLimitMiB: 6_245, pods: 9 });
  });

  test('GIVEN a pooler of up to 6 pods of 500m / 128 MiB THEN 7 pods more (one rollout surge): +3,500m and +896 MiB', () => {
    const pooler = { maxReplicas: 6, cpuMillicores: 500, memoryMiB: 128 } as ReadPoolerPlan;
    expect(servicesNamespaceQuota(identity, services, pooler)).toEqual({ ...identity, cpuRequestMillicores: 9_438, memoryRequestMiB: 7_141, cpuLimitMillicores: 15_375, memoryLimitMiB: 7_141, pods: 16 });
  });
});
