import { CapacityInputs, CapacityPlan, compareWithDesignNotes, DesignNotesRow, planCapacity } from '../../../lib/capacity';
import { handCheckedInputs } from './fixtures';

const row = (rows: DesignNotesRow[], tier: string) => rows.find((r) => r.tier === tier)!;

describe('compareWithDesignNotes: the design notes sizing under the model', () => {
  let inputs: CapacityInputs;
  let plan: CapacityPlan;
  beforeEach(() => {
    inputs = handCheckedInputs();
    plan = planCapacity(inputs);
  });

  test('GIVEN the hand-checked environment THEN the EKS row is 20 t3.large nodes over the nodes one edge req/s needs: the sum of share / (podRps x u) / pods per node', () => {
    // t3.large: 2,000m - 70m kube-reserved - 120m DaemonSets = 1,810m: 3 gw pods (500m), 7 a pods (250m), 1 b pod (1,000m).
    // Nodes per edge req/s: 1 / (100 x 0.5) / 3 + 0.75 / (50 x 0.5) / 7 + 0.25 / (30 x 0.5) / 1 = 58 / 2,100.
    const eks = row(compareWithDesignNotes(inputs, plan), 'EKS nodes');
    expect(eks.assumption).toContain('1810m CPU allocatable per node');
    // floor(20 x 2,100 / 58) = 724; with one of 3 AZs lost, 20 - ceil(20 / 3) = 13 nodes: floor(13 x 2,100 / 58) = 470.
    expect(eks).toMatchObject({ capacityRps: 724, capacityRpsWithOneAzLost: 470 });
  });

  test('GIVEN the requests use no cache, or read nothing from PostgreSQL, THEN that tier of the design notes bounds no req/s; GIVEN a pod no t3.large holds THEN its EKS nodes carry none', () => {
    const noCacheOps = compareWithDesignNotes({ ...inputs, requestMix: { ...inputs.requestMix, cacheOpsPerRequest: 0 } }, plan);
    expect(row(noCacheOps, 'Redis / ElastiCache')).toMatchObject({ capacityRps: Number.POSITIVE_INFINITY, capacityRpsWithOneAzLost: Number.POSITIVE_INFINITY });
    const everyReadAHit = compareWithDesignNotes({ ...inputs, requestMix: { ...inputs.requestMix, cacheHitRatio: 1 } }, plan);
    expect(row(everyReadAHit, 'PostgreSQL read replicas')).toMatchObject({ capacityRps: Number.POSITIVE_INFINITY, capacityRpsWithOneAzLost: Number.POSITIVE_INFINITY });
    // b at 2,000m: more than a t3.large's 1,810m allocatable.
    const tooBig = compareWithDesignNotes({ ...inputs, services: inputs.services.map((s) => (s.name === 'b' ? { ...s, cpuRequestMillicores: 2_000 } : s)) }, plan);
    expect(row(tooBig, 'EKS nodes')).toMatchObject({ capacityRps: 0, capacityRpsWithOneAzLost: 0 });
  });

  test('GIVEN a plan with no node group THEN the EKS row says the model sizes none (not a TypeError)', () => {
    const rows = compareWithDesignNotes(inputs, { ...plan, eks: { ...plan.eks, nodeGroups: [] } });
    expect(row(rows, 'EKS nodes').modelSizing).toBe('none');
  });
});
