import { readFileSync } from 'fs';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { priceEnvironment, renderBudgetComparison, renderCostReport, renderCostSummary, renderEnvironmentCost, whatBudgetsBuy } from '../../../lib/cost';
import { prod } from '../../../stacks/environments';

const ROOT = join(__dirname, '..', '..', '..');

describe('cost report', () => {
  test('GIVEN prod WHEN rendered THEN every tier has a section with its sources, the unpriced lines and the levers with their risks follow', () => {
    const report = priceEnvironment(prod);
    const text = renderCostReport(report, 'table');
    for (const t of report.tiers) expect(text).toContain(`== ${t.name} ==`);
    expect(text).toContain('https://aws.amazon.com/waf/pricing/ (read 2026-12-01)');
    expect(text).toContain('== Unpriced lines ==');
    for (const l of report.unpriced) expect(text).toContain(l.priceKey);
    for (const l of report.levers) expect(text).toContain(l.risk.slice(0, 60));
    expect(text).toContain('Cost per million requests at target: $');
  });

  test('GIVEN the design notes budgets WHEN priced for prod\'s shape THEN none of them carries more than 1% of 1,000,000 req/s', () => {
    const rows = whatBudgetsBuy(prod);
    expect(rows.map((r) => r.budget.monthlyUsd)).toEqual([5_000, 10_000, 25_000, 30_000]);
    for (const r of rows) {
      expect(r.carriesRps).toBeLessThan(10_000);
      if (r.carriesRps > 0) expect(r.monthlyAtThatLoad).toBeLessThanOrEqual(r.budget.monthlyUsd);
    }
    expect(renderBudgetComparison(rows, 1_000_000, 'markdown')).toContain('| $30,000/month |');
  });
});

describe('docs/cost-prod.md and the README', () => {
  test('GIVEN the committed prod cost report WHEN the model is re-run THEN it is current (npm run cost -- prod --format markdown --out docs/cost-prod.md)', () => {
    expect(readFileSync(join(ROOT, 'docs/cost-prod.md'), 'utf8')).toBe(renderEnvironmentCost(prod, 'markdown'));
  });

  test('GIVEN the README Cost section WHEN the model is re-run THEN its prod summary and budget table are current', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Cost'));
    expect(section).toContain(renderCostSummary(priceEnvironment(prod), 'markdown'));
    expect(section).toContain(renderBudgetComparison(whatBudgetsBuy(prod), 1_000_000, 'markdown'));
  });
});

describe('npm run cost', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['-r', './stacks/register.js', 'stacks/cost-report.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  test('GIVEN dev WHEN run THEN it prints the table with spot and the schedule on', () => {
    const r = run('dev');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Monthly cost: dev');
    expect(r.stdout).toMatch(/Spot for node groups and the nginx fleet\s+yes/);
  }, 30_000);

  test('GIVEN an unknown environment or format WHEN run THEN it exits 2 with usage', () => {
    expect(run('qa')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown environment "qa"') });
    expect(run('prod', '--format', 'html')).toMatchObject({ status: 2, stderr: expect.stringContaining('--format must be table or markdown') });
  }, 30_000);
});
