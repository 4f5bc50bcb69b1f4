import { invalid } from '../errors';

/**
 * A price catalog: on-demand list prices of one Region, every figure with the AWS pricing page
 * it comes from, the date it was read and, when it was read from a stored copy, which copy.
 * A figure nobody could source is `usd: null` (see {@link UNSOURCED}): the model then shows its
 * line with its quantity and "no sourced price" and leaves it out of the totals, which it
 * labels as lower bounds. A key the catalog lacks altogether is a ValidationError.
 */

/** One step of a tiered price: `usd` per unit for the units up to `upTo` (cumulative, per month). */
export interface PriceTier {
  /** Cumulative monthly quantity this tier ends at (`Infinity` for the last tier). */
  readonly upTo: number;
  readonly usd: number;
}

export interface PriceEntry {
  /** USD per `unit`; null when no sourced figure was found (never a guess). For a tiered price, the first paid tier. */
  readonly usd: number | null;
  /** What one unit is: "instance-hour", "GB", "GB-month", "LCU-hour", "1M requests", "share of on-demand" ... */
  readonly unit: string;
  /** The AWS pricing page (URL) the figure belongs to. */
  readonly source: string;
  /** When the figure was read, YYYY-MM-DD. */
  readonly read: string;
  /** Where it was read when not on the live page: "stored copy of <URL>", an AWS price-list export, a page quoting the AWS page. */
  readonly via?: string;
  /** Tiered prices (data transfer out): ascending `upTo`, the last one `Infinity`. */
  readonly tiers?: readonly PriceTier[];
  /** Units free each month before the price applies (account-wide free allowances). */
  readonly freePerMonth?: number;
  /** Caveats: what the figure covers and what it leaves out. */
  readonly note?: string;
}

export interface PriceCatalog {
  /** Region the prices belong to, e.g. "us-east-1". */
  readonly region: string;
  /** Shown in the report, e.g. "AWS on-demand list prices, us-east-1". */
  readonly name: string;
  readonly entries: Readonly<Record<string, PriceEntry>>;
}

/** Marks an entry whose price could not be sourced: `{ ...UNSOURCED, unit, source, read }`. */
export const UNSOURCED = { usd: null } as const;

/** A price a user passes to override the catalog's (an enterprise discount, a private rate card). */
export interface PriceOverride {
  readonly usd: number;
  /** Where the figure comes from, e.g. "EDP rate card 2026-Q4". */
  readonly source: string;
  /** When it was read, YYYY-MM-DD. */
  readonly read: string;
  readonly tiers?: readonly PriceTier[];
  readonly note?: string;
}

/** Whether `value` is a calendar date written YYYY-MM-DD: 2026-02-30 is not (Date.parse rolls it over to March). */
export function isCalendarDate(value: unknown): value is string {
  // Only a YYYY-MM-DD string reads back as itself: another format, a rolled-over day or a non-string does not.
  const day = new Date(`${String(value)}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** Checks every entry: a finite non-negative price or null, a unit, a source URL, a date. */
export function validateCatalog(catalog: PriceCatalog, where = 'price catalog'): void {
  if (!catalog || typeof catalog !== 'object') invalid(where, 'catalog', catalog, 'is not a price catalog', 'pass a PriceCatalog ({ region, name, entries })');
  if (typeof catalog.region !== 'string' || catalog.region.length === 0) invalid(where, 'region', catalog.region, 'is empty', 'name the Region the prices belong to, e.g. "us-east-1"');
  if (!catalog.entries || typeof catalog.entries !== 'object') invalid(where, 'entries', catalog.entries, 'is not an object of price key to entry', 'pass entries such as { "elb.alb.hour": { usd, unit, source, read } }');
  for (const [key, entry] of Object.entries(catalog.entries)) validateEntry(`${where} (${catalog.region})`, key, entry);
}

export function validateEntry(where: string, key: string, entry: PriceEntry): void {
  const at = `entries["${key}"]`;
  if (!entry || typeof entry !== 'object') invalid(where, at, entry, 'is not a price entry', 'pass { usd, unit, source, read }');
  if (entry.usd !== null) {
    // Number.isFinite is false for a non-number (no coercion).
    if (!Number.isFinite(entry.usd)) invalid(where, `${at}.usd`, entry.usd, 'is not a finite number', 'pass the price in USD per unit as a number (or null when no sourced figure exists)');
    if (entry.usd < 0) invalid(where, `${at}.usd`, entry.usd, 'is negative', 'pass a price of 0 or more');
  }
  if (typeof entry.unit !== 'string' || entry.unit.trim().length === 0) invalid(where, `${at}.unit`, entry.unit, 'is empty', 'say what one unit is, e.g. "instance-hour"');
  if (typeof entry.source !== 'string' || !/^https?:\/\/\S+$/.test(entry.source.split(/\s/)[0])) {
    invalid(where, `${at}.source`, entry.source, 'is not a URL: every price names the pricing page it comes from', 'start the source with the AWS pricing page URL, e.g. "https://aws.amazon.com/ec2/pricing/on-demand/"');
  }
  if (!isCalendarDate(entry.read)) {
    invalid(where, `${at}.read`, entry.read, 'is not a date (YYYY-MM-DD): every price says when it was read', 'pass the date the figure was read, e.g. "2026-12-01"');
  }
  if (entry.freePerMonth !== undefined && (typeof entry.freePerMonth !== 'number' || !(entry.freePerMonth >= 0))) {
    invalid(where, `${at}.freePerMonth`, entry.freePerMonth, 'is not a non-negative number', 'pass the free monthly allowance in the entry\'s unit');
  }
  if (entry.tiers !== undefined) {
    if (!Array.isArray(entry.tiers) || entry.tiers.length === 0) invalid(where, `${at}.tiers`, entry.tiers, 'is empty', 'list the tiers in ascending order, the last one up to Infinity');
    let last = 0;
    entry.tiers.forEach((t, i) => {
      if (!Number.isFinite(t.usd) || t.usd < 0) invalid(where, `${at}.tiers[${i}].usd`, t.usd, 'is not a non-negative price', 'pass the tier price in USD per unit');
      if (typeof t.upTo !== 'number' || !(t.upTo > last)) invalid(where, `${at}.tiers[${i}].upTo`, t.upTo, `is not above the previous tier's end (${last})`, 'list tiers in ascending order');
      last = t.upTo;
    });
    if (last !== Number.POSITIVE_INFINITY) invalid(where, `${at}.tiers`, last, 'do not end at Infinity: some quantity would have no price', 'make the last tier { upTo: Infinity, usd }');
  }
}

/** The entry under `key`; a ValidationError naming the catalog and the fix when it is missing. */
export function priceEntry(catalog: PriceCatalog, key: string, where = 'cost model'): PriceEntry {
  const entry = catalog.entries[key];
  if (!entry) {
    const parts = key.split('.');
    let family = parts.slice(0, 2).join('.');
    let near = Object.keys(catalog.entries).filter((k) => k.startsWith(`${family}.`)).sort();
    if (near.length === 0) {
      family = parts[0];
      near = Object.keys(catalog.entries).filter((k) => k.startsWith(`${family}.`)).sort();
    }
    invalid(
      where,
      'price',
      key,
      `is not in the price catalog "${catalog.name}" (${catalog.region})`,
      `add the price with its source and date to the catalog (lib/cost/catalog-us-east-1.ts) or pass it as an override${near.length > 0 ? `; priced ${family} keys: ${near.slice(0, 12).join(', ')}${near.length > 12 ? ', ...' : ''}` : ''}`,
    );
  }
  return entry;
}

/**
 * The catalog with `overrides` applied (an enterprise discount, a private rate card): each
 * override replaces the entry's price, source and date and keeps its unit. Overriding a key the
 * catalog lacks adds it only when `unit` is known from the base: it is a ValidationError.
 */
export function withOverrides(base: PriceCatalog, overrides: Readonly<Record<string, PriceOverride>>, where = 'price overrides'): PriceCatalog {
  validateCatalog(base);
  const entries: Record<string, PriceEntry> = { ...base.entries };
  for (const [key, o] of Object.entries(overrides)) {
    const prior = priceEntry(base, key, where);
    const entry: PriceEntry = { usd: o.usd, unit: prior.unit, source: o.source, read: o.read, tiers: o.tiers, freePerMonth: prior.freePerMonth, note: o.note ?? `overrides ${prior.usd === null ? 'an unsourced price' : `the list price ${prior.usd} USD/${prior.unit}`}` };
    if (typeof o.usd !== 'number') invalid(where, `["${key}"].usd`, o.usd, 'is not a number', 'pass the price in USD per unit');
    validateEntry(where, key, entry);
    entries[key] = entry;
  }
  return { region: base.region, name: `${base.name}, with ${Object.keys(overrides).length} override(s)`, entries };
}

/** Monthly cost of `quantity` units under a tiered entry, after the free allowance. */
export function tieredCost(entry: PriceEntry, quantity: number): number {
  const free = entry.freePerMonth ?? 0;
  let billable = Math.max(0, quantity - free);
  if (!entry.tiers) return billable * (entry.usd ?? 0);
  let cost = 0;
  let start = 0;
  for (const tier of entry.tiers) {
    const inTier = Math.min(billable, tier.upTo - start);
    cost += inTier * tier.usd;
    billable -= inTier;
    start = tier.upTo;
  }
  return cost;
}
