import { DesignNotesRow, planCapacity, renderCapacityReport, renderDesignNotesComparison, renderEnvironmentReport, renderMeasuredFigures, sourced } from '../../../lib/capacity';
import { deratingText, measuredFigure } from '../../../lib/capacity/measured';
import { CapacityPlan, TierReport } from '../../../lib/capacity/plan';
import { handCheckedInputs } from './fixtures';

// The layout of `npm run capacity`'s text output, in process. cli.test.ts runs the CLI in a
// child process, which checks the command but not the layout against a mutant (Stryker's
// mutants live in the test's own process). The tiers are made up to reach each branch: a
// note, an unbounded capacity, a tier short of the target with one AZ lost, and one exactly
// at it. Expected texts are written by hand: two spaces between columns, each column as wide
// as its widest cell, no trailing spaces.

const TIERS: TierReport[] = [
  {
    name: 'alpha',
    inputs: [
      ['rate', '100', 'measured'],
      ['instances', '3', 'AWS doc'],
    ],
    formula: 'ceil(x / y)',
    result: '3 nodes',
    capacityRps: 20_000,
    capacityRpsWithOneAzLost: 13_000,
    notes: ['raise the quota', 'watch the bill'],
  },
  { name: 'beta tier', inputs: [['k', '1', 's']], formula: 'f', result: '1 node', capacityRps: Number.POSITIVE_INFINITY, capacityRpsWithOneAzLost: 11_000 },
  { name: 'gamma', inputs: [['n', '2', 'config']], formula: 'g', result: '2 nodes', capacityRps: 18_000, capacityRpsWithOneAzLost: 12_000 },
];

describe('capacity report layout (text)', () => {
  let plan: CapacityPlan;
  beforeEach(() => {
    // A real plan (target 12,000 req/s over 3 AZs, must survive an AZ) with made-up tiers.
    plan = { ...planCapacity(handCheckedInputs()), tiers: TIERS };
  });

  test('GIVEN an environment that must survive an AZ loss WHEN rendered as a table THEN header, summary and each tier section are laid out exactly', () => {
    expect(renderCapacityReport(plan, 'table')).toBe(
      [
        'Capacity plan: hand. Target 12,000 req/s at utilisation 0.5 over 3 AZs; must carry the target with one AZ lost.',
        '',
        'tier       result   capacity (req/s)  one AZ lost (req/s)  meets target',
        'alpha      3 nodes  20,000            13,000               OK',
        'beta tier  1 node   unbounded         11,000               SHORT',
        'gamma      2 nodes  18,000            12,000               OK',
        '',
        '== alpha ==',
        '  rate       100  [measured]',
        '  instances  3    [AWS doc]',
        '  formula: ceil(x / y)',
        '  result:  3 nodes',
        '  capacity: 20,000 req/s; with one AZ lost: 13,000 req/s (OK)',
        '  note: raise the quota',
        '  note: watch the bill',
        '',
        '== beta tier ==',
        '  k  1  [s]',
        '  formula: f',
        '  result:  1 node',
        '  capacity: unbounded req/s; with one AZ lost: 11,000 req/s (SHORT)',
        '',
        '== gamma ==',
        '  n  2  [config]',
        '  formula: g',
        '  result:  2 nodes',
        '  capacity: 18,000 req/s; with one AZ lost: 12,000 req/s (OK)',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN an environment that need not survive an AZ loss WHEN rendered THEN the header says so and each verdict reads the all-AZs capacity', () => {
    const text = renderCapacityReport({ ...plan, survivesAzLoss: false }, 'table');
    expect(text.split('\n')[0]).toBe('Capacity plan: hand. Target 12,000 req/s at utilisation 0.5 over 3 AZs; need not survive the loss of an AZ.');
    // beta tier: unbounded with every AZ up, 11,000 (short of 12,000) with one lost.
    expect(text).toContain('beta tier  1 node   unbounded         11,000               OK\n');
    expect(text).not.toContain('SHORT');
  });

  test('GIVEN the same plan WHEN rendered as markdown THEN it uses markdown tables, sections and quoted notes, not the text layout', () => {
    const md = renderCapacityReport(plan, 'markdown');
    expect(md).toContain(['| tier | result | capacity (req/s) | one AZ lost (req/s) | meets target |', '|---|---|---|---|---|', '| alpha | 3 nodes | 20,000 | 13,000 | OK |', '| beta tier | 1 node | unbounded | 11,000 | SHORT |'].join('\n'));
    expect(md).toContain(['## alpha', '', '| input | value | source |', '|---|---|---|', '| rate | 100 | measured |', '| instances | 3 | AWS doc |', ''].join('\n'));
    expect(md).toContain(['Formula:', '', '```text', 'ceil(x / y)', '```', '', 'Result: **3 nodes**', ''].join('\n'));
    expect(md).toContain('> Note: raise the quota\n\n> Note: watch the bill\n');
    expect(md).not.toContain('== ');
  });
});

describe('design-notes comparison and measured figures layout (text)', () => {
  let plan: CapacityPlan;
  beforeEach(() => {
    plan = planCapacity(handCheckedInputs());
  });

  test('GIVEN a bounded and an unbounded row WHEN the comparison is rendered as a table THEN the share is one decimal of the target, or "-" when unbounded', () => {
    const rows: DesignNotesRow[] = [
      { tier: 'nginx', proposed: '3 LBs', assumption: 'c7g.large', capacityRps: 9_000, capacityRpsWithOneAzLost: 6_030, modelSizing: '6 x c7g' },
      { tier: 'cache', proposed: 'none', assumption: '-', capacityRps: Number.POSITIVE_INFINITY, capacityRpsWithOneAzLost: Number.POSITIVE_INFINITY, modelSizing: '2 shards' },
    ];
    expect(renderDesignNotesComparison(plan, rows, 'table')).toBe(
      [
        'tier   design notes proposed  carries (req/s)  one AZ lost (req/s)  share of 12,000  model sizes instead  assumed',
        'nginx  3 LBs                  9,000            6,030                50.3%            6 x c7g              c7g.large',
        'cache  none                   unbounded        unbounded            -                2 shards             -',
      ].join('\n'),
    );
    expect(renderDesignNotesComparison(plan, rows, 'markdown').split('\n')[2]).toBe('| nginx | 3 LBs | 9,000 | 6,030 | 50.3% | 6 x c7g | c7g.large |');
  });

  test('GIVEN figures capped by, equal to and without a vendor figure WHEN rendered as a table THEN the vendor column says "caps it", "not reached" and "-"', () => {
    const base = { unit: 'ops/s per vCPU', workload: 'w', command: 'npm run bench:x', date: '2026-12-01', machine: 'm', roundTo: 1 };
    const uncapped = measuredFigure({ ...base, measuredHere: 1_000 });
    const figures = {
      capped: measuredFigure({ ...base, measuredHere: 1_000, vendorUpperBound: sourced(10, 'vendor') }),
      // A vendor figure equal to the derated one does not cap it.
      equal: measuredFigure({ ...base, measuredHere: 1_000, vendorUpperBound: sourced(uncapped.derated, 'vendor') }),
      none: uncapped,
    };
    const d = uncapped.derated.toLocaleString('en-US');
    const x = `x${uncapped.derating}`;
    const lines = renderMeasuredFigures('table', figures).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(/ {2,}/)).toEqual(['figure', 'benchmark', 'measured here', 'derating', 'used', 'vendor upper bound', 'measured on']);
    expect(lines[1].split(/ {2,}/)).toEqual(['ops/s per vCPU', 'npm run bench:x', '1,000', x, '10', '10 (caps it)', '2026-12-01']);
    expect(lines[2].split(/ {2,}/)).toEqual(['ops/s per vCPU', 'npm run bench:x', '1,000', x, d, `${d} (not reached)`, '2026-12-01']);
    expect(lines[3].split(/ {2,}/)).toEqual(['ops/s per vCPU', 'npm run bench:x', '1,000', x, d, '-', '2026-12-01']);
    // Columns line up: every column starts at the same offset on each line.
    const starts = (line: string) => [...line.matchAll(/(?:^| {2,})(\S)/g)].map((m) => m.index! + m[0].length - 1);
    for (const line of lines.slice(1)) expect(starts(line)).toEqual(starts(lines[0]));
  });

  test('GIVEN an environment WHEN its report is rendered as text THEN the comparison and measured figures follow under text headings, with the derating', () => {
    const text = renderEnvironmentReport(handCheckedInputs(), 'table');
    expect(text).toContain("\n== What the design notes' sizing would carry under the same model ==\ntier ");
    expect(text).toContain(`\n\n== Measured per-unit figures (this repo's benchmarks, one derating policy) ==\n  derating: ${deratingText()}\nfigure `);
    expect(text).not.toMatch(/^#/m);
    expect(text).not.toContain('| tier |');
  });
});
