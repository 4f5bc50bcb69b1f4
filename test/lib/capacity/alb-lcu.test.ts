import { planCapacity } from '../../../lib/capacity';
import { withInputs } from './fixtures';

/**
 * Long-lived connections (WebSockets, streaming) make active connections the largest of the
 * ALB's four LCU dimensions; the reservation must follow that dimension, not the others.
 */
describe('planCapacity: ALB LCUs when active connections dominate', () => {
  // The hand-checked case (12,000 req/s, 10% new connections, u = 0.5, 3 AZs surviving one
  // loss) with 10-minute connections: 1,200 new conn/s x 600 s = 720,000 open connections.
  const plan = planCapacity(withInputs((i) => ({ ...i, requestMix: { ...i.requestMix, averageConnectionSeconds: 600 } })));

  test('GIVEN 720,000 active connections WHEN sizing ALBs THEN LCU = max(48, 240, 43.2, 24) = 240 from active connections, reserved ceil(240 / 0.5 x 3/2) = 720', () => {
    expect(plan.alb.lcuByDimension.newConnections).toBeCloseTo(48, 9);
    expect(plan.alb.lcuByDimension.activeConnections).toBeCloseTo(240, 9);
    expect(plan.alb.lcuByDimension.processedBytes).toBeCloseTo(43.2, 9);
    expect(plan.alb.lcuByDimension.ruleEvaluations).toBeCloseTo(24, 9);
    expect(plan.alb).toMatchObject({ count: 1, lcuReservationPerAlb: 720, totalLcu: 720 });
  });

  test('THEN the report names active connections as the deciding dimension', () => {
    const tier = plan.tiers.find((t) => t.name.startsWith('ALB fleet'))!;
    expect(tier.formula).toContain('active 720,000 / 3,000 = 240,');
    expect(tier.formula).toContain(') = 240 (activeConnections);');
    expect(tier.result).toBe('1 ALB(s) x 720 LCU reserved = 720 LCU');
  });
});

describe('planCapacity: the ALB report and how the fleet is split', () => {
  const albTier = (plan: ReturnType<typeof planCapacity>) => plan.tiers.find((t) => t.name.startsWith('ALB fleet'))!;
  const row = (plan: ReturnType<typeof planCapacity>, tierPrefix: string, label: string) => plan.tiers.find((t) => t.name.startsWith(tierPrefix))!.inputs.find(([l]) => l === label);

  test('GIVEN the hand-checked case THEN the report names new connections as the deciding dimension and the AZ factor', () => {
    const plan = planCapacity(withInputs((i) => i));
    expect(albTier(plan).formula).toContain(') = 48 (newConnections); reservation = ceil(48 / 0.5 x 3/2 AZs) = 144; ALBs = max(1, ceil(144 / 15,000)) = 1');
    expect(row(plan, 'ALB fleet', 'reservation spread over AZs')?.[1]).toBe("evenly: 2 of 3 AZs' share survives an AZ loss");
  });

  test('GIVEN an environment not sized for an AZ loss THEN the reservation has no AZ factor: ceil(48 / 0.5) = 96, and every AZ carries the target', () => {
    const plan = planCapacity(withInputs((i) => ({ ...i, survivesAzLoss: false })));
    expect(plan.alb).toMatchObject({ count: 1, lcuReservationPerAlb: 96, totalLcu: 96 });
    expect(albTier(plan).formula).toContain('; reservation = ceil(48 / 0.5) = 96; ');
    expect(row(plan, 'ALB fleet', 'reservation spread over AZs')?.[1]).toBe('evenly');
    expect(row(plan, 'nginx', 'AZs carrying the target')).toEqual(['AZs carrying the target', '3 of 3', 'environment config']);
  });

  test('GIVEN two ALBs at least THEN the reservation and the requests are split between them: 144 LCU -> 72 each, 6,000 req/s each', () => {
    const plan = planCapacity(withInputs((i) => ({ ...i, alb: { minimumCount: 2 } })));
    expect(plan.alb).toMatchObject({ count: 2, lcuReservationPerAlb: 72, totalLcu: 144, rpsPerAlb: 6_000 });
  });

  test('GIVEN exactly the per-Region quota of 50 ALBs THEN it plans them (only more than 50 is refused)', () => {
    const plan = planCapacity(withInputs((i) => ({ ...i, alb: { minimumCount: 50 } })));
    expect(plan.alb).toMatchObject({ count: 50, lcuReservationPerAlb: 3, totalLcu: 150, rpsPerAlb: 240 });
  });
});
