import { planCapacity } from '../../../lib/capacity';
import { capacityInputsOf } from '../../../lib/config/environment';
import { dev, ENVIRONMENTS, prod, staging } from '../../../stacks/environments';
import { handCheckedInputs } from './fixtures';

describe('planCapacity: hand-checked small case (12,000 req/s, u = 0.5, 3 AZs, survives AZ loss)', () => {
  const plan = planCapacity(handCheckedInputs());

  test('GIVEN 1,200 new conn/s, 12,000 active, 43.2 GB/h and 24,000 billable rule evals/s WHEN sizing ALBs THEN LCU = max(48, 4, 43.2, 24) = 48, reserved ceil(48 / 0.5 x 3/2) = 144 on 1 ALB', () => {
    expect(plan.alb.lcuByDimension.newConnections).toBeCloseTo(48, 9);
    expect(plan.alb.lcuByDimension.activeConnections).toBeCloseTo(4, 9);
    expect(plan.alb.lcuByDimension.processedBytes).toBeCloseTo(43.2, 9);
    expect(plan.alb.lcuByDimension.ruleEvaluations).toBeCloseTo(24, 9);
    expect(plan.alb).toMatchObject({ count: 1, lcuReservationPerAlb: 144, totalLcu: 144 });
  });

  test('GIVEN 2,000 req/s per c7g.large WHEN sizing nginx THEN 12 needed over 2 surviving AZs = 6 per AZ, 18 total, max 27', () => {
    expect(plan.nginx).toMatchObject({ instanceType: 'c7g.large', vcpusPerInstance: 2, perAz: 6, minSize: 18, desiredCapacity: 18, maxSize: 27 });
    expect(plan.nginx.requestCountPerTargetPerMinute).toBe(60_000);
    expect(plan.nginx.workerConnections).toBe(1_024);
    // The global limit_req rate: an instance's full planned capacity, 60,000/min / 60 / 0.5.
    expect(plan.nginx.globalRequestsPerSecondPerInstance).toBe(2_000);
  });

  test('GIVEN pod throughputs WHEN sizing HPAs THEN at target / max / min are hand-checked', () => {
    expect(plan.services.gw).toMatchObject({ replicasAtTarget: 240, maxReplicas: 360, minReplicas: 60, targetCpuUtilizationPercent: 50, dbPoolSizePerPod: 0 });
    expect(plan.services.a).toMatchObject({ replicasAtTarget: 360, maxReplicas: 540, minReplicas: 90, dbPoolSizePerPod: 2 });
    expect(plan.services.b).toMatchObject({ replicasAtTarget: 200, maxReplicas: 300, minReplicas: 51, dbPoolSizePerPod: 2 });
  });

  test('GIVEN m7g.xlarge (3,800m, 13,819 MiB, 100 pod slots) WHEN sizing node groups THEN 3 groups of min 11 / max 64', () => {
    expect(plan.eks.nodeGroups).toHaveLength(3);
    for (const g of plan.eks.nodeGroups) {
      expect(g).toMatchObject({ instanceTypes: ['m7g.xlarge'], minSize: 11, desiredSize: 11, maxSize: 64, maxPodsPerNode: 110, vcpusPerNode: 4, memoryMiBPerNode: 16_384, servicePodsPerNode: 3 });
    }
    expect(plan.eks.nodeGroups.map((g) => g.azIndex)).toEqual([0, 1, 2]);
  });

  test('GIVEN 12,000 ops/s and a 20 GiB dataset WHEN sizing the cache THEN memory decides: 4 shards x (1 + 2 replicas)', () => {
    expect(plan.cache).toMatchObject({ nodeType: 'cache.r7g.large', shards: 4, replicasPerShard: 2, totalNodes: 12, opsPerSecondAtTarget: 12_000 });
  });

  test('GIVEN 1,920 read q/s and 2,400 write q/s WHEN sizing the database THEN 3 replicas, max_connections 3,604, pool 2', () => {
    expect(plan.database).toMatchObject({
      primaryInstanceClass: 'db.r7g.xlarge',
      replicaInstanceClass: 'db.r7g.large',
      replicaCount: 3,
      maxConnections: 3_604,
      proxyMaxConnectionsPercent: 50,
      poolSizePerPod: 2,
      instanceMemoryGiB: 32,
      backendConnectionsAtTarget: 24,
      clientConnectionsAtMax: 1_680,
    });
    expect(plan.database.readQpsAtTarget).toBeCloseTo(1_920, 6);
    expect(plan.database.writeQpsAtTarget).toBeCloseTo(2_400, 6);
  });

  test('WHEN reporting THEN tier capacities are hand-checked', () => {
    const byName = Object.fromEntries(plan.tiers.map((t) => [t.name, t]));
    expect(byName['ALB fleet (LCU reservation)']).toMatchObject({ capacityRps: 18_000, capacityRpsWithOneAzLost: 12_000 });
    expect(byName['nginx (EC2 Auto Scaling group)']).toMatchObject({ capacityRps: 18_000, capacityRpsWithOneAzLost: 12_000 });
    expect(byName['EKS managed node groups']).toMatchObject({ capacityRps: 18_000, capacityRpsWithOneAzLost: 12_000 });
  });
});

describe('planCapacity: the reference environments', () => {
  test.each([
    ['prod', capacityInputsOf(prod)],
    ['staging', capacityInputsOf(staging)],
  ])('GIVEN %s (survives AZ loss) WHEN planned THEN every tier carries the target with one AZ lost', (_name, inputs) => {
    const plan = planCapacity(inputs);
    expect(plan.tiers.length).toBeGreaterThanOrEqual(8);
    for (const tier of plan.tiers) {
      expect({ tier: tier.name, ok: tier.capacityRpsWithOneAzLost >= inputs.targetRps }).toEqual({ tier: tier.name, ok: true });
    }
  });

  test('GIVEN dev (need not survive AZ loss) WHEN planned THEN every tier carries the target with all AZs up', () => {
    const plan = planCapacity(capacityInputsOf(dev));
    for (const tier of plan.tiers) expect({ tier: tier.name, ok: tier.capacityRps >= dev.capacity.targetRps }).toEqual({ tier: tier.name, ok: true });
  });

  test('GIVEN prod WHEN planned THEN counts are whole, spread evenly per AZ, and within AWS quotas', () => {
    const plan = planCapacity(capacityInputsOf(prod));
    expect(plan.targetRps).toBe(1_000_000);
    expect(plan.alb.lcuReservationPerAlb).toBeLessThanOrEqual(15_000);
    expect(plan.nginx.desiredCapacity % plan.azCount).toBe(0);
    for (const s of Object.values(plan.services)) {
      expect(Number.isInteger(s.minReplicas) && Number.isInteger(s.maxReplicas)).toBe(true);
      expect(s.maxReplicas % plan.azCount).toBe(0);
      expect(s.minReplicas).toBeGreaterThanOrEqual(Math.max(2, plan.azCount));
    }
    expect(plan.eks.nodeGroups).toHaveLength(3);
    for (const g of plan.eks.nodeGroups) expect(g.maxSize).toBeLessThanOrEqual(450);
    expect(plan.cache.replicasPerShard).toBe(2);
    expect(plan.database.replicaCount).toBeLessThanOrEqual(15);
    expect(Object.keys(plan.services).sort()).toEqual(['api-gateway', 'transaction-service', 'user-service']);
  });

  test('every environment plans without error', () => {
    for (const config of ENVIRONMENTS) expect(() => planCapacity(capacityInputsOf(config))).not.toThrow();
  });
});

describe('planCapacity: optional inputs', () => {
  test('GIVEN a service without role WHEN planned THEN it is a backend; GIVEN an explicit pool THEN the pool is used', () => {
    const base = handCheckedInputs();
    const plan = planCapacity({
      ...base,
      services: base.services.map((s) => (s.name === 'a' ? { ...s, role: undefined, dbPoolSizePerPod: 7 } : s)),
      nodes: { instanceTypes: ['m7g.xlarge'] },
    });
    expect(plan.services.a).toMatchObject({ rpsAtTarget: 9_000, dbPoolSizePerPod: 7 });
    expect(plan.database.poolSizePerPod).toBe(7);
    // Default DaemonSets (500m) leave 3,420m: still 3 b pods per m7g.xlarge node.
    expect(plan.eks.nodeGroups[0].servicePodsPerNode).toBe(3);
  });
});
