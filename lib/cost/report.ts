import { fmt } from '../capacity/spread';
import { EnvironmentConfig } from '../config/environment';
import { SCENARIOS } from './adapter';
import { BudgetRow, whatBudgetsBuy } from './budgets';
import { LineItem } from './line';
import { CostReport, priceEnvironment, PriceOptions } from './model';

export type CostReportFormat = 'table' | 'markdown';

const UNPRICED = 'no sourced price';

function usd(n: number | null, digits = 0): string {
  return n === null ? UNPRICED : `$${fmt(n, digits)}`;
}

function unitPrice(l: LineItem): string {
  if (l.unitUsd === null) return UNPRICED;
  return `$${fmt(l.unitUsd, 6)}/${l.unit}${l.tiered ? ' (tiered)' : ''}`;
}

function qty(n: number): string {
  return n >= 100 ? fmt(n) : fmt(n, 2);
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function table(format: CostReportFormat, head: string[], rows: string[][]): string {
  return format === 'markdown' ? mdTable(head, rows) : pad([head, ...rows]);
}

function header(r: CostReport): string {
  const i = r.inputs;
  return (
    `Monthly cost: ${i.environment} (${i.region}, ${r.catalog.name}, prices as of ${i.asOf}). ` +
    `Load: ${fmt(i.rps.min)} req/s at the plan's minimum (what its minimum fleet carries at the target utilisation), ${fmt(i.rps.target)} at target, ${fmt(i.rps.max)} at its maximum, each held for a ${fmt(r.assumptions.hoursPerMonth.value)}-hour month. ` +
    `Totals sum the priced lines only: ${r.unpriced.length} line(s) have no sourced price yet, so every total is a lower bound.`
  );
}

/** One row per tier and the total at min / target / max, and the cost per million requests at target. */
export function renderCostSummary(r: CostReport, format: CostReportFormat): string {
  const rows = r.tiers.map((t) => [t.name, ...SCENARIOS.map((s) => usd(t.monthly[s])), String(t.lines.filter((l) => l.unitUsd === null).length)]);
  rows.push(['total (priced lines, lower bound)', ...SCENARIOS.map((s) => usd(r.total[s])), String(r.unpriced.length)]);
  const summary = table(format, ['tier', 'min / month', 'target / month', 'max / month', 'unpriced lines'], rows);
  const perMillion = `Cost per million requests at target: ${usd(r.costPerMillionAtTarget, 4)} (${fmt(r.requestsPerMonth.target / 1e6)} million requests a month, priced lines only).`;
  return `${summary}\n\n${perMillion}`;
}

function tierTable(t: CostReport['tiers'][number], format: CostReportFormat): string {
  const rows = t.lines.map((l) => [
    l.item,
    `${qty(l.quantity.target)} ${l.unit}`,
    unitPrice(l),
    ...SCENARIOS.map((s) => usd(l.monthly[s])),
    l.basis,
    `${l.source} (read ${l.read})`,
  ]);
  return table(format, ['item', 'quantity at target', 'unit price', 'min', 'target', 'max', 'basis', 'source'], rows);
}

function leverTable(r: CostReport, format: CostReportFormat): string {
  return table(
    format,
    ['lever', 'on here', 'setting', 'saving at target / month', 'risk'],
    r.levers.map((l) => [l.lever, l.enabled ? 'yes' : 'no', l.setting, usd(l.savingAtTarget), l.risk]),
  );
}

function gravitonTable(r: CostReport, format: CostReportFormat): string {
  return table(
    format,
    ['tier', 'current', 'count at target', 'per month', 'alternative', 'count at target', 'per month', 'note'],
    r.graviton.map((g) => [g.tier, g.current, fmt(g.countAtTarget.current), usd(g.monthlyAtTarget.current), g.alternative, g.alternative === '-' ? '-' : fmt(g.countAtTarget.alternative), g.alternative === '-' ? '-' : usd(g.monthlyAtTarget.alternative), g.note]),
  );
}

function assumptionTable(r: CostReport, format: CostReportFormat): string {
  return table(format, ['assumption', 'value', 'source'], Object.entries(r.assumptions).map(([k, v]) => [k, fmt(v.value, 4), v.source]));
}

function priceTable(r: CostReport, format: CostReportFormat): string {
  const keys = [...new Set(r.tiers.flatMap((t) => t.lines.map((l) => l.priceKey)))];
  const leverKeys = Object.keys(r.catalog.entries).filter((k) => k.startsWith('commitment.'));
  return table(
    format,
    ['price', 'USD', 'unit', 'source', 'read', 'read from'],
    [...keys, ...leverKeys].map((k) => {
      const e = r.catalog.entries[k];
      return [k, e.usd === null ? UNPRICED : fmt(e.usd, 6), e.unit, e.source, e.read, e.via ?? (e.usd === null ? e.note ?? '' : '')];
    }),
  );
}

/** What each design-notes budget buys for an environment of this shape. */
export function renderBudgetComparison(rows: readonly BudgetRow[], targetRps: number, format: CostReportFormat): string {
  return table(
    format,
    ['budget', 'carries at most (req/s)', `share of ${fmt(targetRps)}`, 'priced cost at that load', 'budget source'],
    rows.map((b) => [b.budget.label, fmt(b.carriesRps), `${fmt(b.shareOfTarget * 100, 1)}%`, usd(b.monthlyAtThatLoad), b.budget.source]),
  );
}

/** Every tier with its items, quantity x unit price, min / target / max and sources, then levers, Graviton, assumptions and prices. */
export function renderCostReport(r: CostReport, format: CostReportFormat): string {
  const md = format === 'markdown';
  const h = (title: string, level = 2) => (md ? `${'#'.repeat(level)} ${title}` : `== ${title} ==`);
  const out: string[] = [];
  if (md) out.push(`# Cost: ${r.inputs.environment}`, '');
  out.push(header(r), '', renderCostSummary(r, format), '');
  for (const t of r.tiers) {
    out.push(h(t.name), '', tierTable(t, format), '');
    for (const n of t.notes) out.push(md ? `> Note: ${n}` : `  note: ${n}`, '');
  }
  out.push(h('Unpriced lines'), '', r.unpriced.length === 0 ? 'None.' : r.unpriced.map((l) => `- ${l.item}: ${qty(l.quantity.target)} ${l.unit} at target (${l.priceKey}; ${l.source})`).join('\n'), '');
  out.push(h('Levers'), '', leverTable(r, format), '');
  out.push(h('Graviton (arm64) vs x86, same size, re-planned'), '', gravitonTable(r, format), '');
  out.push(h('Usage assumptions'), '', assumptionTable(r, format), '');
  out.push(h('Prices used'), '', priceTable(r, format), '');
  return out.join('\n');
}

/** What `npm run cost -- <env>` prints: the report, then what the design notes' budgets buy for this shape. */
export function renderEnvironmentCost(config: EnvironmentConfig, format: CostReportFormat, options: PriceOptions = {}): string {
  const report = priceEnvironment(config, options);
  const budgets = whatBudgetsBuy(config, undefined, options);
  const md = format === 'markdown';
  const title = "What the design notes' budgets buy under this model";
  return `${renderCostReport(report, format)}\n${md ? `## ${title}` : `== ${title} ==`}\n\n${renderBudgetComparison(budgets, config.capacity.targetRps, format)}\n`;
}
