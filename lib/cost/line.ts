import { CostInputs, Scenario, Scenarios, scenarios, SCENARIOS } from './adapter';
import { CostAssumptions } from './assumptions';
import { PriceCatalog, PriceEntry, priceEntry, tieredCost } from './price';

/** What a line is, for the levers that act on it (spot, schedules, commitments, AZ-affine routing). */
export type LineCategory =
  | 'ec2-nginx'
  | 'ec2-nodes'
  | 'rds-instance'
  | 'cache-node'
  | 'cross-az-ingress'
  | 'cross-az-gateway'
  | 'cross-az-data'
  | 'other';

/** One priced item: quantity x unit price at each scenario. */
export interface LineItem {
  readonly item: string;
  /** Units billed a month at each scenario, in the price's unit. */
  readonly quantity: Scenarios;
  readonly unit: string;
  readonly priceKey: string;
  /** USD per unit; null when the catalog has no sourced figure. For tiered prices, the first paid tier. */
  readonly unitUsd: number | null;
  readonly tiered: boolean;
  /** USD a month at each scenario; null when unpriced. */
  readonly monthly: Scenarios<number | null>;
  /** How the target quantity is reached, in words with numbers. */
  readonly basis: string;
  readonly source: string;
  readonly read: string;
  readonly via?: string;
  readonly note?: string;
  readonly category: LineCategory;
}

/** What every tier reads: the inputs, the catalog, the assumptions. */
export interface PricingContext {
  readonly inputs: CostInputs;
  readonly catalog: PriceCatalog;
  readonly assumptions: CostAssumptions;
  readonly where: string;
  /**
   * Whether nginx -> services traffic stays in its AZ (the lever `azAffineRouting` of the
   * report's settings): the cross-AZ tier prices only the failover share then.
   * @default false
   */
  readonly azAffineRouting?: boolean;
}

export interface LineSpec {
  readonly key: string;
  readonly item: string;
  readonly quantity: Scenarios | ((s: Scenario) => number);
  readonly basis: string;
  readonly category?: LineCategory;
  readonly note?: string;
}

/** Prices one line: flat (quantity - free allowance) x price, or tiered. */
export function priceLine(ctx: PricingContext, spec: LineSpec): LineItem {
  const entry: PriceEntry = priceEntry(ctx.catalog, spec.key, ctx.where);
  const quantity = typeof spec.quantity === 'function' ? scenarios(spec.quantity) : spec.quantity;
  const monthly = scenarios((s) => (entry.usd === null ? null : tieredCost(entry, quantity[s])));
  return {
    item: spec.item,
    quantity,
    unit: entry.unit,
    priceKey: spec.key,
    unitUsd: entry.usd,
    tiered: entry.tiers !== undefined,
    monthly,
    basis: spec.basis,
    source: entry.source,
    read: entry.read,
    via: entry.via,
    note: [spec.note, entry.note].filter((n) => n !== undefined).join('; ') || undefined,
    category: spec.category ?? 'other',
  };
}

export function hours(ctx: PricingContext): number {
  return ctx.assumptions.hoursPerMonth.value;
}

export function secondsPerMonth(ctx: PricingContext): number {
  return hours(ctx) * 3_600;
}

/** Requests in a month at a scenario's rate. */
export function requestsPerMonth(ctx: PricingContext, s: Scenario): number {
  return ctx.inputs.rps[s] * secondsPerMonth(ctx);
}

/** Decimal GB (10^9 bytes): what AWS bills data transfer and processing in. */
export const BYTES_PER_GB = 1e9;

export function fixed(n: number): Scenarios {
  return { min: n, target: n, max: n };
}

/** Sum of the priced lines at a scenario. */
export function sumPriced(lines: readonly LineItem[], s: Scenario): number {
  return lines.reduce((sum, l) => sum + (l.monthly[s] ?? 0), 0);
}

export { SCENARIOS };
