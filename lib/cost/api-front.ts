import { EnvironmentConfig } from '../config/environment';
import { fmt } from '../capacity/spread';
import { LineItem } from './line';
import { priceEnvironment, PriceOptions } from './model';

/** One environment's API-front decision: the monthly bill at target load both ways. */
export interface ApiFrontComparison {
  readonly environment: string;
  readonly targetRps: number;
  /** USD a month at target, API at the ALBs directly (priced lines). */
  readonly directMonthly: number;
  /** USD a month at target, CloudFront in front of the API (priced lines). */
  readonly frontMonthly: number;
  /** `frontMonthly - directMonthly`: positive when the front costs more. */
  readonly frontExtraMonthly: number;
  /** The cheaper design. */
  readonly cheaper: 'direct' | 'front';
  /** What the config runs (`cdn.apiFront`). */
  readonly configured: 'direct' | 'front';
  /** The lines whose target cost differs between the designs, USD a month each way. */
  readonly differences: readonly { readonly item: string; readonly direct: number; readonly front: number }[];
}

/**
 * Prices the environment twice through the whole model (capacity plan and cost tiers), with
 * `cdn.apiFront` off and on: CloudFront's request fees and CDN-rate data transfer against the
 * ALB LCUs (fewer new connections through CloudFront's pooled origin connections) and the
 * ALBs' internet data transfer they replace. Unpriced lines are the same both ways, so the
 * difference is exact for the priced ones.
 */
export function compareApiFront(config: EnvironmentConfig, options: PriceOptions = {}): ApiFrontComparison {
  const direct = priceEnvironment({ ...config, cdn: { ...config.cdn, apiFront: false } }, options);
  const front = priceEnvironment({ ...config, cdn: { ...config.cdn, apiFront: true } }, options);
  const key = (tier: string, l: LineItem) => `${tier}: ${l.item}`;
  const costs = (report: typeof direct) => new Map(report.tiers.flatMap((t) => t.lines.map((l) => [key(t.name, l), l.monthly.target ?? 0] as const)));
  const a = costs(direct);
  const b = costs(front);
  const differences = [...new Set([...a.keys(), ...b.keys()])]
    .map((item) => ({ item, direct: a.get(item) ?? 0, front: b.get(item) ?? 0 }))
    .filter((d) => Math.round(d.front - d.direct) !== 0);
  const frontExtraMonthly = front.total.target - direct.total.target;
  return {
    environment: config.name,
    targetRps: config.capacity.targetRps,
    directMonthly: direct.total.target,
    frontMonthly: front.total.target,
    frontExtraMonthly,
    cheaper: frontExtraMonthly > 0 ? 'direct' : 'front',
    configured: config.cdn?.apiFront ? 'front' : 'direct',
    differences,
  };
}

/** The comparison as a table (`npm run cost` prints it under the environment's bill). */
export function renderApiFrontComparison(c: ApiFrontComparison, format: 'table' | 'markdown'): string {
  // A saving reads -$100, not $-100.
  const usd = (n: number) => `${Math.round(n) < 0 ? '-' : ''}$${fmt(Math.abs(Math.round(n)))}`;
  const head = ['line (target load)', 'API at the ALBs', 'CloudFront in front', 'difference'];
  const rows = [
    ...c.differences.map((d) => [d.item, usd(d.direct), usd(d.front), usd(d.front - d.direct)]),
    ['total (priced lines)', usd(c.directMonthly), usd(c.frontMonthly), usd(c.frontExtraMonthly)],
  ];
  const verdict = `Cheaper at ${fmt(c.targetRps)} req/s: ${c.cheaper === 'direct' ? 'the ALBs directly' : 'CloudFront in front'} (by ${usd(Math.abs(c.frontExtraMonthly))} a month); configured: ${c.configured === 'direct' ? 'ALBs directly' : 'CloudFront in front'}.`;
  if (format === 'markdown') {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '', verdict, ''].join('\n');
  }
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i].length)));
  return [[head, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n'), '', verdict, ''].join('\n');
}
