import { renderBudgetComparison, renderCostReport, renderEnvironmentCost } from '../../../lib/cost';
import type { CostInputs, CostReport, LineItem } from '../../../lib/cost';
import { staging } from '../../../stacks/environments';

// A report small enough to read whole: one tier of three lines (flat, tiered, unpriced), a
// lever off and one on, two Graviton rows, two assumptions, the prices behind them (quoted,
// priced without a quote, unpriced with and without a note). Both formats are snapshots read
// line by line.
const SRC = 'https://aws.amazon.com/x/pricing/';
const line = (item: string, over: Partial<LineItem>): LineItem => ({
  item,
  quantity: { min: 1, target: 1, max: 1 },
  unit: 'GB',
  priceKey: 'x.gb',
  unitUsd: 0.5,
  tiered: false,
  monthly: { min: 1, target: 2, max: 3 },
  basis: 'b',
  source: SRC,
  read: '2026-12-01',
  category: 'other',
  ...over,
});

function report(unpriced: boolean): CostReport {
  const lines = [
    line('flat | piped', { quantity: { min: 50, target: 100, max: 150 }, monthly: { min: 25, target: 50, max: 75 }, basis: '100 GB x $0.5' }),
    line('tiered', { priceKey: 'y.gb', quantity: { min: 1, target: 12.345, max: 20 }, unitUsd: 0.25, tiered: true, monthly: { min: 0.25, target: 3.09, max: 5 }, basis: '12.345 GB' }),
    ...(unpriced ? [line('unpriced', { priceKey: 'z.hour', unit: 'hour', quantity: { min: 730, target: 730, max: 730 }, unitUsd: null, monthly: { min: null, target: null, max: null }, basis: '1 x 730 h' })] : []),
  ];
  return {
    inputs: { environment: 'qa', region: 'us-east-1', asOf: '2026-12-01', rps: { min: 500, target: 1_000, max: 2_000 } } as CostInputs,
    catalog: {
      region: 'us-east-1',
      name: 'test prices',
      entries: {
        'x.gb': { usd: 0.5, unit: 'GB', source: SRC, read: '2026-12-01', via: 'stored copy' },
        'y.gb': { usd: 0.25, unit: 'GB', source: SRC, read: '2026-12-01', note: 'a priced entry\'s note is not a source' },
        'z.hour': { usd: null, unit: 'hour', source: SRC, read: '2026-12-01', note: 'no stored copy' },
        'commitment.spot.ec2': { usd: 0.6, unit: 'share', source: SRC, read: '2026-12-01', via: 'quoted' },
        'commitment.unquoted': { usd: null, unit: 'share', source: SRC, read: '2026-12-01' },
      },
    },
    assumptions: { hoursPerMonth: { value: 730, source: 'AWS convention' }, wafBlockedShare: { value: 0.05, source: 'PLACEHOLDER: guess' } } as unknown as CostReport['assumptions'],
    tiers: [{ name: 'Test tier', lines, monthly: { min: 25.25, target: 53.09, max: 80 }, notes: ['a note'] }],
    total: { min: 25.25, target: 53.09, max: 80 },
    unpriced: unpriced ? [lines[2]] : [],
    requestsPerMonth: { min: 1.314e9, target: 2.628e9, max: 5.256e9 },
    costPerMillionAtTarget: 53.09 / 2_628,
    levers: [
      { lever: 'Spot', enabled: false, setting: 'off', savingAtTarget: null, risk: 'reclaimed', source: SRC },
      { lever: 'Schedule', enabled: true, setting: 'business hours', savingAtTarget: 1_234.5, risk: 'slow mornings', source: SRC },
    ],
    leverSettings: { spot: { nodeGroups: false, nginx: false }, azAffineRouting: false },
    graviton: [
      { tier: 'nginx fleet', current: 'c7i.large (x86_64)', alternative: 'c7g.large (arm64)', countAtTarget: { current: 3, alternative: 3 }, monthlyAtTarget: { current: 200, alternative: 160 }, note: 'same count' },
      { tier: 'RDS PostgreSQL', current: 'db.r7g.large', alternative: '-', countAtTarget: { current: 1, alternative: 0 }, monthlyAtTarget: { current: null, alternative: null }, note: 'not compared' },
    ],
  };
}

describe('rendering a cost report', () => {
  test('GIVEN the table format THEN aligned columns, "== title ==" headings, notes indented, no markdown', () => {
    expect(renderCostReport(report(true), 'table')).toMatchSnapshot();
  });

  test('GIVEN markdown THEN a titled page, tables with escaped pipes, notes as quotes', () => {
    expect(renderCostReport(report(true), 'markdown')).toMatchSnapshot();
  });

  test('GIVEN no unpriced line THEN the section says None.', () => {
    expect(renderCostReport(report(false), 'table')).toContain('== Unpriced lines ==\n\nNone.\n');
  });

  test('GIVEN budget rows THEN the share of the target is a percentage', () => {
    const row = { budget: { label: '$5,000/month', monthlyUsd: 5_000, source: 'design notes' }, carriesRps: 4_000, shareOfTarget: 0.2, monthlyAtThatLoad: 4_900.4 };
    expect(renderBudgetComparison([row], 20_000, 'table')).toBe(
      [
        'budget        carries at most (req/s)  share of 20,000  priced cost at that load  budget source',
        '$5,000/month  4,000                    20%              $4,900                    design notes',
      ].join('\n'),
    );
  });

  test('GIVEN npm run cost\'s table for an environment THEN the report is followed by the budget and API-front sections, as table headings', () => {
    const text = renderEnvironmentCost({ ...staging, capacity: { ...staging.capacity, targetRps: 2_000 } }, 'table');
    expect(text).toMatch(/^Monthly cost: staging /);
    expect(text).toContain("\n== What the design notes' budgets buy under this model ==\n\nbudget  ");
    expect(text).toContain('\n== CloudFront in front of the API, or the ALBs directly ==\n\nline (target load)  ');
    expect(text).not.toContain('## ');
  });
});
