import { compareWithDesignNotes, DesignNotesRow } from './design-notes';
import { CapacityInputs } from './inputs';
import { planCapacity } from './model';
import { deratingText, MEASURED_FIGURES, MeasuredFigure } from './measured';
import { CapacityPlan, TierReport } from './plan';
import { fmt } from './spread';

export type ReportFormat = 'table' | 'markdown';

function rps(n: number): string {
  return Number.isFinite(n) ? fmt(n) : 'unbounded';
}

/** Whether the tier meets the target: with one AZ lost when the environment must survive it. */
export function tierMeetsTarget(plan: CapacityPlan, tier: TierReport): boolean {
  return (plan.survivesAzLoss ? tier.capacityRpsWithOneAzLost : tier.capacityRps) >= plan.targetRps;
}

function verdict(plan: CapacityPlan, tier: TierReport): string {
  return tierMeetsTarget(plan, tier) ? 'OK' : 'SHORT';
}

function header(plan: CapacityPlan): string {
  return (
    `Capacity plan: ${plan.environment}. Target ${fmt(plan.targetRps)} req/s at utilisation ${plan.targetUtilization} ` +
    `over ${plan.azCount} AZs; ${plan.survivesAzLoss ? 'must carry the target with one AZ lost' : 'need not survive the loss of an AZ'}.`
  );
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`)].join('\n');
}

/** The report `npm run capacity -- <env>` prints: per tier its inputs, formula, result and capacity. */
/** One line per tier: result, capacity, capacity with one AZ lost, and whether it meets the target. */
export function renderCapacitySummary(plan: CapacityPlan, format: ReportFormat): string {
  const head = ['tier', 'result', 'capacity (req/s)', 'one AZ lost (req/s)', 'meets target'];
  const rows = plan.tiers.map((t) => [t.name, t.result, rps(t.capacityRps), rps(t.capacityRpsWithOneAzLost), verdict(plan, t)]);
  return format === 'markdown' ? mdTable(head, rows) : pad([head, ...rows]);
}

export function renderCapacityReport(plan: CapacityPlan, format: ReportFormat): string {
  if (format === 'markdown') {
    const out: string[] = [`# Capacity plan: ${plan.environment}`, '', header(plan), '', renderCapacitySummary(plan, format), ''];
    for (const t of plan.tiers) {
      out.push(`## ${t.name}`, '', mdTable(['input', 'value', 'source'], t.inputs.map((i) => [i[0], i[1], i[2]])), '');
      out.push('Formula:', '', '```text', t.formula, '```', '');
      out.push(`Result: **${t.result}**`, '');
      out.push(`Capacity: ${rps(t.capacityRps)} req/s; with one AZ lost: ${rps(t.capacityRpsWithOneAzLost)} req/s (${verdict(plan, t)}).`, '');
      for (const n of t.notes ?? []) out.push(`> Note: ${n}`, '');
    }
    return out.join('\n');
  }
  const out: string[] = [header(plan), '', renderCapacitySummary(plan, format), ''];
  for (const t of plan.tiers) {
    out.push(`== ${t.name} ==`);
    out.push(pad(t.inputs.map((i) => [`  ${i[0]}`, i[1], `[${i[2]}]`])));
    out.push(`  formula: ${t.formula}`);
    out.push(`  result:  ${t.result}`);
    out.push(`  capacity: ${rps(t.capacityRps)} req/s; with one AZ lost: ${rps(t.capacityRpsWithOneAzLost)} req/s (${verdict(plan, t)})`);
    for (const n of t.notes ?? []) out.push(`  note: ${n}`);
    out.push('');
  }
  return out.join('\n');
}

/** The design-notes sizing beside the model's, under the same inputs. */
export function renderDesignNotesComparison(plan: CapacityPlan, rows: readonly DesignNotesRow[], format: ReportFormat): string {
  const head = ['tier', 'design notes proposed', 'carries (req/s)', 'one AZ lost (req/s)', `share of ${fmt(plan.targetRps)}`, 'model sizes instead', 'assumed'];
  const body = rows.map((r) => [
    r.tier,
    r.proposed,
    rps(r.capacityRps),
    rps(r.capacityRpsWithOneAzLost),
    Number.isFinite(r.capacityRpsWithOneAzLost) ? `${fmt((100 * r.capacityRpsWithOneAzLost) / plan.targetRps, 1)}%` : '-',
    r.modelSizing,
    r.assumption,
  ]);
  return format === 'markdown' ? mdTable(head, body) : pad([head, ...body]);
}

const COMPARISON_TITLE = "What the design notes' sizing would carry under the same model";
const MEASURED_TITLE = 'Measured per-unit figures (this repo\'s benchmarks, one derating policy)';

/** Every figure this repo measures: measured here, the derating, the figure used and the vendor's figure where one exists. */
export function renderMeasuredFigures(format: ReportFormat, figures: Readonly<Record<string, MeasuredFigure>> = MEASURED_FIGURES): string {
  const head = ['figure', 'benchmark', 'measured here', 'derating', 'used', 'vendor upper bound', 'measured on'];
  const rows = Object.values(figures).map((f) => [
    f.unit,
    f.command,
    fmt(f.measuredHere),
    `x${f.derating}`,
    fmt(f.value),
    f.vendorUpperBound ? `${fmt(f.vendorUpperBound.value)} (${f.vendorUpperBound.value < f.derated ? 'caps it' : 'not reached'})` : '-',
    f.date,
  ]);
  return format === 'markdown' ? mdTable(head, rows) : pad([head, ...rows]);
}

/** What `npm run capacity -- <env>` prints: the plan's report, then the design-notes comparison. */
export function renderEnvironmentReport(inputs: CapacityInputs, format: ReportFormat): string {
  const plan = planCapacity(inputs);
  const comparison = renderDesignNotesComparison(plan, compareWithDesignNotes(inputs, plan), format);
  const measured = renderMeasuredFigures(format);
  const tail =
    format === 'markdown'
      ? `\n## ${COMPARISON_TITLE}\n\n${comparison}\n\n## ${MEASURED_TITLE}\n\nDerating: ${deratingText()}.\n\n${measured}\n`
      : `\n== ${COMPARISON_TITLE} ==\n${comparison}\n\n== ${MEASURED_TITLE} ==\n  derating: ${deratingText()}\n${measured}\n`;
  return renderCapacityReport(plan, format) + tail;
}
