import { planEnvironment } from '../../../lib/config/environment';
import { costInputsFor, priceInputs } from '../../../lib/cost';
import { dev, prod } from '../../../stacks/environments';

function kafkaTier(config: typeof prod) {
  const report = priceInputs(costInputsFor(config, planEnvironment(config)));
  const tier = report.tiers.find((t) => t.name === 'Kafka on MSK');
  if (!tier) throw new Error('no Kafka tier');
  return tier;
}

describe('cost: Kafka on MSK', () => {
  test('GIVEN prod (9 x express.m7g.xlarge) WHEN priced THEN broker-hours are 9 x 730 h at the derived $0.816 and Express storage and writes stay unpriced', () => {
    const tier = kafkaTier(prod);
    const brokers = tier.lines.find((l) => l.priceKey === 'msk.express.m7g.xlarge.hour')!;
    expect(brokers.quantity.target).toBe(9 * 730);
    expect(brokers.monthly.target).toBeCloseTo(9 * 730 * 0.816, 6);
    expect(brokers.note).toMatch(/derived, not quoted/);
    expect(tier.lines.find((l) => l.priceKey === 'msk.express.storage.gb-month')!.monthly.target).toBeNull();
    expect(tier.lines.find((l) => l.priceKey === 'msk.express.data-in.gb')!.monthly.target).toBeNull();
  });

  test('GIVEN prod WHEN priced THEN clients\' cross-AZ traffic is (ingress + egress) x 2/3 x both directions', () => {
    const plan = planEnvironment(prod).kafka;
    const line = kafkaTier(prod).lines.find((l) => l.item === 'Kafka clients across AZs')!;
    const gb = ((plan.ingressMBps + plan.egressMBps) * 1e6 * 730 * 3_600) / 1e9;
    expect(line.quantity.target).toBeCloseTo(gb * (2 / 3) * 2, 3);
    expect(line.monthly.target).toBeCloseTo(gb * (2 / 3) * 2 * 0.01, 3);
  });

  test('GIVEN dev (two AZs: Standard brokers) WHEN priced THEN EBS storage is brokers x volume, and x the auto scaling ceiling at max', () => {
    const plan = planEnvironment(dev).kafka;
    const storage = kafkaTier(dev).lines.find((l) => l.priceKey === 'msk.standard.storage.gb-month')!;
    expect(plan.brokerType).toBe('standard');
    expect(storage.quantity.target).toBe(plan.brokerCount * plan.volumeSizeGiB!);
    expect(storage.quantity.max).toBe(plan.brokerCount * plan.maxVolumeSizeGiB!);
    expect(storage.monthly.target).toBeCloseTo(plan.brokerCount * plan.volumeSizeGiB! * 0.1, 6);
  });
});
