import { instanceSpec } from '../capacity/catalog';
import { EnvironmentConfig, leverSettingsOf, planEnvironment } from '../config/environment';
import { CostInputOptions, CostInputs, costInputsFor, Scenarios, scenarios } from './adapter';
import { CostAssumptions, DEFAULT_COST_ASSUMPTIONS, validateAssumptions } from './assumptions';
import { catalogFor } from './catalogs';
import { CostLeverSettings, defaultLeverSettings, evaluateLevers, LeverResult, validateLeverSettings } from './levers';
import { LineItem, PricingContext, requestsPerMonth, sumPriced } from './line';
import { PriceCatalog, PriceOverride, priceEntry, validateCatalog } from './price';
import { COST_TIERS, CostTier } from './tiers';
import { CROSS_AZ_TIER } from './tiers/network';

export interface PriceOptions {
  /** A whole catalog of your own (another Region, a private rate card). @default - the catalog of the config's Region */
  readonly catalog?: PriceCatalog;
  /** Individual prices replacing the catalog's (an enterprise discount). @default {} */
  readonly overrides?: Readonly<Record<string, PriceOverride>>;
  /** @default DEFAULT_COST_ASSUMPTIONS */
  readonly assumptions?: CostAssumptions;
  /** What-if lever settings for this report. @default - the config's own (`leverSettingsOf(config)`) */
  readonly levers?: CostLeverSettings;
  /** @default - every tier in COST_TIERS */
  readonly tiers?: readonly CostTier[];
  /** @default the catalog read date, 2026-12-01 */
  readonly asOf?: CostInputOptions['asOf'];
}

export interface CostTierResult {
  readonly name: string;
  readonly lines: readonly LineItem[];
  /** Priced lines summed, USD a month. */
  readonly monthly: Scenarios;
  readonly notes: readonly string[];
}

export interface GravitonRow {
  readonly tier: string;
  readonly current: string;
  readonly alternative: string;
  readonly countAtTarget: { readonly current: number; readonly alternative: number };
  readonly monthlyAtTarget: { readonly current: number | null; readonly alternative: number | null };
  readonly note: string;
}

export interface CostReport {
  readonly inputs: CostInputs;
  readonly catalog: PriceCatalog;
  readonly assumptions: CostAssumptions;
  readonly tiers: readonly CostTierResult[];
  /** Sum of the priced lines, USD a month: a lower bound while any line is unpriced. */
  readonly total: Scenarios;
  /** Lines whose price the catalog could not source. */
  readonly unpriced: readonly LineItem[];
  readonly requestsPerMonth: Scenarios;
  /** USD per million requests at target, priced lines only. */
  readonly costPerMillionAtTarget: number;
  readonly levers: readonly LeverResult[];
  readonly leverSettings: CostLeverSettings;
  readonly graviton: readonly GravitonRow[];
}

/** Prices already-adapted inputs (the pure part: no planning). */
export function priceInputs(inputs: CostInputs, options: PriceOptions = {}): Omit<CostReport, 'graviton'> {
  const where = `cost model (${inputs.environment})`;
  let catalog: PriceCatalog;
  if (options.catalog) {
    validateCatalog(options.catalog, where);
    catalog = options.catalog;
  } else {
    catalog = catalogFor(inputs.region, options.overrides ?? {}, where);
  }
  const assumptions = options.assumptions ?? DEFAULT_COST_ASSUMPTIONS;
  validateAssumptions(assumptions, `${where} assumptions`);
  const leverSettings = options.levers ?? defaultLeverSettings(inputs.production);
  validateLeverSettings(leverSettings, `${where} levers`);
  const ctx: PricingContext = { inputs, catalog, assumptions, where, azAffineRouting: leverSettings.azAffineRouting };
  const tiers = (options.tiers ?? COST_TIERS).map((tier) => {
    const lines = tier.lines(ctx);
    return { name: tier.name, lines, monthly: scenarios((s) => sumPriced(lines, s)), notes: tier.notes?.(ctx) ?? [] };
  });
  const all = tiers.flatMap((t) => t.lines);
  const total = scenarios((s) => tiers.reduce((sum, t) => sum + t.monthly[s], 0));
  const requests = scenarios((s) => requestsPerMonth(ctx, s));
  return {
    inputs,
    catalog,
    assumptions,
    tiers,
    total,
    unpriced: all.filter((l) => l.unitUsd === null),
    requestsPerMonth: requests,
    costPerMillionAtTarget: total.target / (requests.target / 1e6),
    levers: evaluateLevers(all, catalog, leverSettings, inputs.production, azAffineSaving(ctx)),
    leverSettings,
  };
}

/** What AZ-affine routing saves at target: the nginx -> services cross-AZ line with cross-zone on, less the same line with the lever on. */
function azAffineSaving(ctx: PricingContext): number | null {
  const line = (azAffineRouting: boolean) => CROSS_AZ_TIER.lines({ ...ctx, azAffineRouting }).find((l) => l.category === 'cross-az-ingress');
  const off = line(false)?.monthly.target;
  const on = line(true)?.monthly.target;
  return off === undefined || on === undefined || off === null || on === null ? null : off - on;
}

/** The environment's monthly bill at the plan's minimum, at target and at its maximum, with the levers and a Graviton comparison. */
export function priceEnvironment(config: EnvironmentConfig, options: PriceOptions = {}): CostReport {
  const plan = planEnvironment(config);
  const inputs = costInputsFor(config, plan, { asOf: options.asOf });
  const report = priceInputs(inputs, { ...options, levers: options.levers ?? leverSettingsOf(config) });
  return { ...report, graviton: compareArchitectures(config, report) };
}

/** Graviton (arm64) and x86 of the same size, per EC2 tier, re-planned through the capacity model. */
const COUNTERPART: Readonly<Record<string, string>> = { c7g: 'c7i', c7i: 'c7g', m7g: 'm7i', m7i: 'm7g' };

function counterpart(type: string): string | undefined {
  const [family, size] = type.split('.');
  const other = COUNTERPART[family];
  return other ? `${other}.${size}` : undefined;
}

function compareArchitectures(config: EnvironmentConfig, report: Omit<CostReport, 'graviton'>): GravitonRow[] {
  const rows: GravitonRow[] = [];
  const price = (type: string, count: number): number | null => {
    const entry = priceEntry(report.catalog, `ec2.${type}.hour`);
    return entry.usd === null ? null : entry.usd * count * report.assumptions.hoursPerMonth.value;
  };
  const tiers: { tier: string; key: 'nginx' | 'nodes' }[] = [
    { tier: 'nginx fleet', key: 'nginx' },
    { tier: 'EKS nodes', key: 'nodes' },
  ];
  for (const { tier, key } of tiers) {
    const current = report.inputs[key].instanceType;
    const alt = counterpart(current);
    if (!alt) continue;
    const capacity = config.capacity;
    const altCapacity =
      key === 'nginx' ? { ...capacity, nginx: { ...capacity.nginx, instanceType: alt } } : { ...capacity, nodes: { ...capacity.nodes, instanceTypes: [alt, ...capacity.nodes.instanceTypes.slice(1)] } };
    const altConfig = { ...config, capacity: altCapacity };
    // Counts only: they do not depend on the date prices are taken at.
    const altInputs = costInputsFor(altConfig, planEnvironment(altConfig));
    const arch = instanceSpec(current).architecture;
    rows.push({
      tier,
      current: `${current} (${arch})`,
      alternative: `${alt} (${instanceSpec(alt).architecture})`,
      countAtTarget: { current: report.inputs[key].count.target, alternative: altInputs[key].count.target },
      monthlyAtTarget: { current: price(current, report.inputs[key].count.target), alternative: price(alt, altInputs[key].count.target) },
      note:
        key === 'nginx'
          ? 'same count: the nginx figure per vCPU is one measurement (on x86), applied to both; Graviton needs the arm64 AMI'
          : 'same vCPUs and memory per node; the services\' images must be built for both architectures, and their per-pod figures are unmeasured on either',
    });
  }
  rows.push(
    { tier: 'ElastiCache', current: report.inputs.cache.nodeType, alternative: '-', countAtTarget: { current: report.inputs.cache.nodes, alternative: 0 }, monthlyAtTarget: { current: null, alternative: null }, note: 'not compared: the capacity catalog holds Graviton node types only' },
    { tier: 'RDS PostgreSQL', current: report.inputs.database.primaryClass, alternative: '-', countAtTarget: { current: 1 + report.inputs.database.replicas, alternative: 0 }, monthlyAtTarget: { current: null, alternative: null }, note: 'not compared: the capacity catalog holds Graviton classes only' },
  );
  return rows;
}
