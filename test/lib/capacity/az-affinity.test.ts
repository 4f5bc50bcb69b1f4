import { busiestAzShare, podSpreadImbalance, AZ_AFFINE_MAX_POD_UTILISATION } from '../../../lib/capacity/az-affinity';
import { planCapacity } from '../../../lib/capacity';
import { CapacityInputs } from '../../../lib/capacity/inputs';
import { capacityInputsOf } from '../../../lib/config/environment';
import { prod, staging } from '../../../stacks/environments';

/**
 * AZ-affine routing keeps the one-AZ-lost guarantee: with it on, each AZ's pods are sized for
 * the busiest AZ's share, and the report shows the math. Counts come from the plan (prod's
 * sizes change as the model is re-measured), the shares are hand-checked.
 */
const prodInputs: CapacityInputs = capacityInputsOf(prod);
const withAffinity = (inputs: CapacityInputs, change: Partial<CapacityInputs> = {}): CapacityInputs => ({ ...inputs, ...change, azAffineRouting: true });

describe('busiestAzShare (the ALB spreads per nginx instance; the group keeps AZs within one instance)', () => {
  test.each([
    // 21 to 33 instances over 3 AZs: 22 (8, 7, 7) is the worst, 8 / 22.
    [21, 33, 3, 8 / 22, 22],
    // Over 2 surviving AZs: 21 (11, 10) is the worst, 11 / 21.
    [21, 33, 2, 11 / 21, 21],
    // A multiple of the AZs all along: an even share.
    [6, 6, 3, 1 / 3, 6],
    // 3 to 6 over 3 AZs: 4 (2, 1, 1) gives one AZ half.
    [3, 6, 3, 2 / 4, 4],
    // One surviving AZ takes everything.
    [4, 8, 1, 1, 4],
  ])('GIVEN %p to %p instances over %p AZs THEN the busiest AZ receives %p (at %p instances)', (min, max, azs, share, instances) => {
    const worst = busiestAzShare(min, max, azs);
    expect(worst.share).toBeCloseTo(share, 12);
    expect(worst.instances).toBe(instances);
  });
});

describe('podSpreadImbalance (maxSkew 1: the emptiest AZ holds floor(R / k))', () => {
  test.each([
    // 5 pods over 3 AZs (2, 2, 1): the AZ with 1 pod holds 1 where 5/3 would be even.
    [3, 9, 3, 5 / 3, 5],
    [6, 6, 3, 1, 6],
    // 279 to 1,749 pods over 3 AZs: 281 (94, 94, 93) is the worst, (281 / 3) / 93.
    [279, 1_749, 3, 281 / 3 / 93, 281],
    [2, 4, 2, 3 / 2, 3],
  ])('GIVEN %p to %p pods over %p AZs THEN the worst factor is %p (at %p pods)', (min, max, azs, factor, replicas) => {
    const worst = podSpreadImbalance(min, max, azs);
    expect(worst.factor).toBeCloseTo(factor, 12);
    expect(worst.replicas).toBe(replicas);
  });
});

describe('GIVEN prod planned with AZ-affine routing', () => {
  const off = planCapacity(prodInputs);
  const on = planCapacity(withAffinity(prodInputs));
  const az = on.azCount;
  const lost = busiestAzShare(on.nginx.minSize, on.nginx.maxSize, az - 1);
  const up = busiestAzShare(on.nginx.minSize, on.nginx.maxSize, az);
  const tier = on.tiers.find((t) => t.name.startsWith('AZ-affine'))!;

  test('THEN each service\'s pods per AZ at the maximum carry the busiest surviving AZ\'s share of the pods at target, never fewer than without it', () => {
    for (const [name, s] of Object.entries(on.services)) {
      const before = off.services[name];
      const perAz = s.maxReplicas / az;
      expect(Number.isInteger(perAz)).toBe(true);
      expect(perAz).toBe(Math.max(before.maxReplicas / az, Math.ceil(before.replicasAtTarget * lost.share)));
      expect(perAz).toBeGreaterThanOrEqual(before.replicasAtTarget * lost.share);
      // Only the maximum moves: the HPA minimum and the pods at target are the same.
      expect([s.minReplicas, s.replicasAtTarget]).toEqual([before.minReplicas, before.replicasAtTarget]);
    }
  });

  test('THEN the one-AZ-lost guarantee holds: the AZ-affine tier and every service carry the target with one AZ lost', () => {
    expect(tier.capacityRpsWithOneAzLost).toBeGreaterThanOrEqual(on.targetRps);
    for (const t of on.tiers.filter((x) => x.name.startsWith('pods:'))) expect(t.capacityRpsWithOneAzLost).toBeGreaterThanOrEqual(on.targetRps);
  });

  test('THEN the tier\'s capacity is the weakest service\'s pods per AZ over the busiest share, by hand', () => {
    const expected = Math.min(
      ...Object.values(on.services).map((s) => Math.floor((((s.maxReplicas / az) * s.podRps * on.targetUtilization) / lost.share / (s.rpsAtTarget / on.targetRps)) + 1e-9)),
    );
    expect(tier.capacityRpsWithOneAzLost).toBe(expected);
    expect(tier.inputs.find((i) => i[0] === 'busiest AZ, one AZ lost')![1]).toContain(`at ${lost.instances} instances over ${az - 1} AZs`);
    expect(tier.inputs.find((i) => i[0] === 'busiest AZ, every AZ up')![1]).toContain(`at ${up.instances} instances`);
  });

  test('THEN with every AZ up the busiest AZ stays within its pods\' measured capacity', () => {
    for (const s of Object.values(on.services)) {
      const busiest = on.targetUtilization * up.share * az * podSpreadImbalance(s.minReplicas, s.maxReplicas, az).factor;
      expect(busiest).toBeLessThanOrEqual(AZ_AFFINE_MAX_POD_UTILISATION);
      expect(tier.result).toContain(`${s.name}: ${s.maxReplicas / az}/AZ at max`);
    }
  });

  test('THEN the node groups grow with the extra pods, and without the lever the plan has no AZ-affine tier', () => {
    expect(on.eks.expectedNodesMax).toBeGreaterThanOrEqual(off.eks.expectedNodesMax);
    expect(on.eks.expectedNodesAtTarget).toBe(off.eks.expectedNodesAtTarget);
    expect(off.tiers.some((t) => t.name.startsWith('AZ-affine'))).toBe(false);
  });
});

describe('GIVEN AZ-affine routing where the model cannot keep its promises THEN planning stops with the figure and the fix', () => {
  const stagingInputs = capacityInputsOf({ ...staging, levers: undefined });

  test.each([
    ['prod without survivesAzLoss', withAffinity(prodInputs, { survivesAzLoss: false })],
    ['staging without survivesAzLoss', withAffinity(stagingInputs, { survivesAzLoss: false })],
    ['two AZs without survivesAzLoss', withAffinity(stagingInputs, { survivesAzLoss: false, azCount: 2 })],
  ])('%s: no AZ could take another\'s share', (_, inputs) => {
    expect(() => planCapacity(inputs)).toThrow(/azAffineRouting = true is on while survivesAzLoss is false: .*Fix: set survivesAzLoss: true, or leave azAffineRouting off/);
  });

  // Small fleets: 4 nginx instances over 3 AZs send half the requests to one AZ.
  test.each([
    ['staging at utilisation 0.9', withAffinity(stagingInputs, { targetUtilization: 0.9 })],
    ['staging at utilisation 0.8', withAffinity(stagingInputs, { targetUtilization: 0.8 })],
    ['prod at 40,000 req/s and utilisation 0.8', withAffinity(prodInputs, { targetRps: 40_000, targetUtilization: 0.8 })],
  ])('%s: the busiest AZ\'s pods would pass their measured capacity', (_, inputs) => {
    expect(() => planCapacity(inputs)).toThrow(/services\.[a-z-]+ = "[\d.]+ of the CPU request in the busiest AZ" exceeds 1 with AZ-affine routing: at \d+ nginx instances one AZ receives [\d.]+% of the requests while at \d+ pods it holds \d+ of them .*Fix: lower targetUtilization/);
  });

  test.each([['yes'], [1], [null]])('azAffineRouting %p: not a boolean', (value) => {
    expect(() => planCapacity({ ...prodInputs, azAffineRouting: value as never })).toThrow(/azAffineRouting = .* is not a boolean.*Fix: pass true or false \(default false\)/);
  });
});

describe('the AZ-affine arithmetic, by hand', () => {
  test('GIVEN 3 to 7 nginx instances over 3 AZs THEN the busiest AZ gets at most half of the requests, at 4 instances (2 of 4 in one AZ)', () => {
    // 3: 1/3, 4: 2/4, 5: 2/5, 6: 2/6, 7: 3/7.
    expect(busiestAzShare(3, 7, 3)).toEqual({ share: 0.5, instances: 4 });
    // One AZ lost (2 AZs carry 3 to 7): 3: 2/3 is the worst, 5: 3/5, 7: 4/7.
    expect(busiestAzShare(3, 7, 2)).toEqual({ share: 2 / 3, instances: 3 });
  });

  test('GIVEN 3 to 4 pods over 3 AZs THEN the worst spread is at the maximum: 4 pods hold 1 per AZ where 4/3 is the even share', () => {
    expect(podSpreadImbalance(3, 4, 3)).toEqual({ factor: 4 / 3, replicas: 4 });
    // 3 to 8: 5 pods are the worst (5/3 over 1 in the emptiest AZ).
    expect(podSpreadImbalance(3, 8, 3)).toEqual({ factor: 5 / 3, replicas: 5 });
    // A multiple of the AZs only: no imbalance.
    expect(podSpreadImbalance(6, 6, 3)).toEqual({ factor: 1, replicas: 6 });
  });
});
