import { priceEnvironment, whatBudgetsBuy } from '../../../lib/cost';
import { staging } from '../../../stacks/environments';

/** A staging-shaped environment sized for `rps`, priced at target without its levers (as the budget search prices it). */
const costAt = (rps: number) => priceEnvironment({ ...staging, capacity: { ...staging.capacity, targetRps: rps } }, { levers: undefined }).total.target;
const budget = (monthlyUsd: number) => ({ label: `$${monthlyUsd}`, monthlyUsd, source: 'this test' });

describe('what a budget buys', () => {
  // Small targets keep the search short: the search prices the shape at up to ~10 targets.
  const config = { ...staging, capacity: { ...staging.capacity, targetRps: 20_000 } };

  test('GIVEN a budget below the smallest environment THEN it carries nothing, and says what the smallest costs', () => {
    const [row] = whatBudgetsBuy(config, [budget(1)]);
    expect(row).toMatchObject({ carriesRps: 0, shareOfTarget: 0 });
    expect(row.monthlyAtThatLoad).toBeCloseTo(costAt(1_000), 6);
  });

  test('GIVEN a budget above the whole target THEN it carries all of it', () => {
    const [row] = whatBudgetsBuy(config, [budget(1e9)]);
    expect(row).toMatchObject({ carriesRps: 20_000, shareOfTarget: 1 });
    expect(row.monthlyAtThatLoad).toBeCloseTo(costAt(20_000), 6);
  });

  test('GIVEN a budget between THEN the largest target (in steps of 1,000 req/s) whose own cost fits, and the next step does not', () => {
    const between = (costAt(5_000) + costAt(20_000)) / 2;
    const [row] = whatBudgetsBuy(config, [budget(between)]);
    expect(row.carriesRps % 1_000).toBe(0);
    expect(row.carriesRps).toBeGreaterThanOrEqual(5_000);
    expect(row.carriesRps).toBeLessThan(20_000);
    expect(row.shareOfTarget).toBeCloseTo(row.carriesRps / 20_000, 12);
    expect(row.monthlyAtThatLoad).toBeCloseTo(costAt(row.carriesRps), 6);
    expect(row.monthlyAtThatLoad).toBeLessThanOrEqual(between);
    expect(costAt(row.carriesRps + 1_000)).toBeGreaterThan(between);
  });

  test('GIVEN a budget exactly what a step costs THEN that step fits: the budget is inclusive at the smallest step, the whole target and a step between', () => {
    expect(whatBudgetsBuy(config, [budget(costAt(1_000))])[0].carriesRps).toBeGreaterThanOrEqual(1_000);
    expect(whatBudgetsBuy(config, [budget(costAt(20_000))])[0]).toMatchObject({ carriesRps: 20_000, shareOfTarget: 1 });
    // A step whose cost is above the step before it: the search must land on it, not below.
    expect(costAt(10_000)).toBeGreaterThan(costAt(9_000));
    expect(whatBudgetsBuy(config, [budget(costAt(10_000))])[0].carriesRps).toBeGreaterThanOrEqual(10_000);
  });

  test('GIVEN price overrides or a date THEN the search prices with them', () => {
    const overrides = { 'waf.requests.million': { usd: 0, source: 'https://example.com/edp', read: '2026-12-01' } };
    const [row] = whatBudgetsBuy(config, [budget(1)], { overrides });
    const withOverrides = priceEnvironment({ ...staging, capacity: { ...staging.capacity, targetRps: 1_000 } }, { overrides, levers: undefined }).total.target;
    expect(row.monthlyAtThatLoad).toBeCloseTo(withOverrides, 6);
    expect(withOverrides).toBeLessThan(costAt(1_000));
    // Production (EKS support type EXTENDED) past Kubernetes 1.36's standard support (2027-08-02) pays the extended cluster fee.
    const production = { ...config, production: true };
    const at = (asOf?: string) => whatBudgetsBuy(production, [budget(1)], { asOf })[0].monthlyAtThatLoad;
    expect(at('2027-09-01') - at()).toBeCloseTo((0.6 - 0.1) * 730, 6);
  });

  test('GIVEN a target of exactly one step THEN the search runs', () => {
    expect(whatBudgetsBuy({ ...staging, capacity: { ...staging.capacity, targetRps: 1_000 } }, [budget(1e9)])[0]).toMatchObject({ carriesRps: 1_000, shareOfTarget: 1 });
  });

  test('GIVEN a target below the search step THEN a ValidationError names it', () => {
    expect(() => whatBudgetsBuy({ ...staging, capacity: { ...staging.capacity, targetRps: 999 } }, [budget(1)])).toThrow(
      /^cost model \(staging\): capacity\.targetRps = 999 is below the budget search step \(1000 req\/s\)\. Fix: compare budgets for an environment sized for at least 1,000 req\/s$/,
    );
  });
});
