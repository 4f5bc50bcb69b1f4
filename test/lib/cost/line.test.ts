import { DEFAULT_COST_ASSUMPTIONS, priceLine } from '../../../lib/cost';
import type { CostInputs, PriceCatalog, PriceEntry, PricingContext } from '../../../lib/cost';

const ENTRY: PriceEntry = { usd: 0.5, unit: 'GB', source: 'https://aws.amazon.com/s3/pricing/', read: '2026-12-01' };
const catalog = (entry: PriceEntry): PriceCatalog => ({ region: 'us-east-1', name: 'test prices', entries: { 'x.gb': entry } });
const ctx = (entry: PriceEntry): PricingContext => ({ inputs: {} as CostInputs, catalog: catalog(entry), assumptions: DEFAULT_COST_ASSUMPTIONS, where: 'tier "test"' });
const spec = { key: 'x.gb', item: 'bytes', quantity: { min: 100, target: 300, max: 1_000 }, basis: '300 GB' };

describe('one priced line', () => {
  test('GIVEN a flat price with a free allowance THEN each scenario pays for the units above it, and the line carries the entry\'s source and date', () => {
    const l = priceLine(ctx({ ...ENTRY, freePerMonth: 200 }), spec);
    expect(l.monthly).toEqual({ min: 0, target: 50, max: 400 });
    expect(l).toMatchObject({ item: 'bytes', unit: 'GB', priceKey: 'x.gb', unitUsd: 0.5, tiered: false, basis: '300 GB', source: ENTRY.source, read: '2026-12-01', category: 'other' });
    expect(l.note).toBeUndefined();
  });

  test('GIVEN tiers THEN the tiered price; GIVEN no price (null) THEN the monthly cost is null, not 0', () => {
    const tiered = priceLine(ctx({ ...ENTRY, tiers: [{ upTo: 200, usd: 1 }, { upTo: Infinity, usd: 0.1 }] }), spec);
    expect(tiered.tiered).toBe(true);
    expect(tiered.monthly).toEqual({ min: 100, target: 210, max: 280 });
    expect(priceLine(ctx({ ...ENTRY, usd: null }), spec).monthly).toEqual({ min: null, target: null, max: null });
  });

  test('GIVEN a quantity per scenario as a function THEN it is read for each', () => {
    expect(priceLine(ctx(ENTRY), { ...spec, quantity: (s) => ({ min: 2, target: 4, max: 6 })[s] }).monthly).toEqual({ min: 1, target: 2, max: 3 });
  });

  test.each([
    ['the line\'s note only', 'per AZ', undefined, 'per AZ'],
    ['the entry\'s note only', undefined, 'derived from the large size', 'derived from the large size'],
    ['both', 'per AZ', 'derived from the large size', 'per AZ; derived from the large size'],
    ['an empty note', '', undefined, undefined],
  ])('GIVEN %s THEN the line\'s note is it, the line\'s first', (_label, lineNote, entryNote, note) => {
    expect(priceLine(ctx({ ...ENTRY, note: entryNote }), { ...spec, note: lineNote }).note).toBe(note);
  });

  test('GIVEN a key the catalog lacks THEN the error names the tier', () => {
    expect(() => priceLine(ctx(ENTRY), { ...spec, key: 'x.requests' })).toThrow(/^tier "test": price = "x\.requests" is not in the price catalog "test prices"/);
  });
});
