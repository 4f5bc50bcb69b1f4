import { azLossPrediction, CapacityPlan, planCapacity, renderAzLossTable, TierReport } from '../../../lib/capacity';
import { handCheckedInputs } from './fixtures';

/**
 * What the model predicts with one AZ shifted away, on made-up tiers whose numbers are easy
 * to check by hand (the hand-checked environment: 12,000 req/s at utilisation 0.5).
 * test/lib/resilience-config.test.ts checks the same on the real environments and the runbook.
 */
const base = planCapacity(handCheckedInputs());
const tier = (name: string, capacityRps: number, capacityRpsWithOneAzLost: number): TierReport => ({ name, inputs: [], formula: '', result: '', capacityRps, capacityRpsWithOneAzLost });
const withTiers = (...tiers: TierReport[]): CapacityPlan => ({ ...base, tiers });

describe('azLossPrediction', () => {
  test('GIVEN a tier left with 10,000 req/s THEN the environment serves 10,000 of its 12,000 and names that tier; each utilisation is 0.5 x 12,000 / what is left', () => {
    const p = azLossPrediction(withTiers(tier('edge', 30_000, 20_000), tier('pods', 18_000, 12_000), tier('database', 15_000, 10_000)));
    expect(p).toMatchObject({ environment: 'hand', targetRps: 12_000, servedRps: 10_000, weakestTier: 'database' });
    expect(p.tiers.map((t) => [t.tier, t.utilisationAtTarget])).toEqual([
      ['edge', 0.3],
      ['pods', 0.5],
      ['database', 0.6],
    ]);
    expect(p.tiers[0]).toMatchObject({ capacityRps: 30_000, capacityRpsWithOneAzLost: 20_000 });
  });

  test('GIVEN every tier left with more than the target THEN it serves the target, not more', () => {
    const p = azLossPrediction(withTiers(tier('edge', 30_000, 20_000), tier('pods', 24_000, 16_000)));
    expect(p).toMatchObject({ servedRps: 12_000, weakestTier: 'pods' });
  });

  test('GIVEN two tiers left with the same capacity THEN the first in the plan (nearest the client) is named', () => {
    expect(azLossPrediction(withTiers(tier('edge', 15_000, 10_000), tier('pods', 15_000, 10_000))).weakestTier).toBe('edge');
  });

  test('GIVEN a tier with nothing left THEN it serves nothing and its utilisation is unbounded', () => {
    const p = azLossPrediction(withTiers(tier('edge', 30_000, 20_000), tier('single-AZ tier', 5_000, 0)));
    expect(p).toMatchObject({ servedRps: 0, weakestTier: 'single-AZ tier' });
    expect(p.tiers[1].utilisationAtTarget).toBe(Infinity);
  });
});

describe('renderAzLossTable', () => {
  test('GIVEN two tiers, one with nothing left THEN the runbook table states the served load, the weakest tier and n/a for the unbounded utilisation', () => {
    expect(renderAzLossTable(withTiers(tier('edge', 30_000, 20_000), tier('single-AZ tier', 5_000, 0)))).toBe(
      [
        'hand: target 12,000 req/s at utilisation 0.5; with one AZ shifted away it serves 0 req/s (weakest tier: single-AZ tier).',
        '',
        '| tier | req/s, every AZ | req/s, one AZ away | utilisation at target, one AZ away |',
        '| --- | --- | --- | --- |',
        '| edge | 30,000 | 20,000 | 0.30 |',
        '| single-AZ tier | 5,000 | 0 | n/a |',
      ].join('\n'),
    );
  });
});
