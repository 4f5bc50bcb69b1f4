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
