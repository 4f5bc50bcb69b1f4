import { readFileSync } from 'fs';
import {
  compareWithDesignNotes,
  planCapacity,
  renderCapacityReport,
  renderCapacitySummary,
  renderDesignNotesComparison,
  renderEnvironmentReport,
} from '../../../lib/capacity';
import { capacityInputsOf, planEnvironment } from '../../../lib/config/environment';
import { firstApplyChecklist, renderFirstApplyChecklist } from '../../../lib/config/first-apply';
import { prod } from '../../../stacks/environments';

const prodCapacity = capacityInputsOf(prod);

describe('capacity report', () => {
  let plan: ReturnType<typeof planCapacity>;
  beforeEach(() => {
    plan = planCapacity(prodCapacity);
  });

  test('GIVEN prod WHEN rendered as a table THEN every tier shows inputs with sources, formula, result and one-AZ-lost capacity, all OK', () => {
    const text = renderCapacityReport(plan, 'table');
    for (const tier of plan.tiers) expect(text).toContain(`== ${tier.name} ==`);
    expect(text).toContain('formula:');
    expect(text).toContain('with one AZ lost');
    expect(text).toContain('PLACEHOLDER');
    expect(text).toContain('https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html');
    expect(text).not.toContain('SHORT');
  });

  test('GIVEN prod WHEN rendered as markdown THEN it has a summary table and one section per tier', () => {
    const md = renderCapacityReport(plan, 'markdown');
    expect(md).toMatch(/^# Capacity plan: prod/);
    expect(md).toContain('| tier | result | capacity (req/s) | one AZ lost (req/s) | meets target |');
    expect(md.match(/^## /gm)).toHaveLength(plan.tiers.length);
  });

  test('GIVEN the design notes sizing WHEN evaluated under prod inputs THEN no tier of it carries 1,000,000 req/s with one AZ lost', () => {
    const rows = compareWithDesignNotes(prodCapacity, plan);
    expect(rows.map((r) => r.tier)).toEqual(['nginx', 'EKS nodes', 'Redis / ElastiCache', 'PostgreSQL read replicas']);
    for (const r of rows) expect(r.capacityRpsWithOneAzLost).toBeLessThan(1_000_000);
    expect(renderDesignNotesComparison(plan, rows, 'markdown')).toContain('| nginx | 3 nginx load balancers |');
  });
});

describe('docs/capacity-prod.md', () => {
  test('GIVEN the committed prod report WHEN the model is re-run THEN the file is up to date (npm run capacity -- prod --format markdown --out docs/capacity-prod.md)', () => {
    const committed = readFileSync(`${__dirname}/../../../docs/capacity-prod.md`, 'utf8');
    // What `npm run capacity` writes: the plan's report, then the first-apply checklist.
    expect(committed).toBe(`${renderEnvironmentReport(prodCapacity, 'markdown')}\n${renderFirstApplyChecklist(firstApplyChecklist(prod, planEnvironment(prod)), 'markdown')}`);
  });
});

describe.each(['docs/capacity-readme-section.md', 'README.md'])('%s', (file) => {
  test('GIVEN the sizing section WHEN the model is re-run THEN its prod table and design-notes comparison are current', () => {
    const section = readFileSync(`${__dirname}/../../../${file}`, 'utf8');
    const plan = planCapacity(prodCapacity);
    expect(section).toContain(renderCapacitySummary(plan, 'markdown'));
    expect(section).toContain(renderDesignNotesComparison(plan, compareWithDesignNotes(prodCapacity, plan), 'markdown'));
  });
});
