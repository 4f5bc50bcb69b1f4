import { invalid } from '../errors';
import { checkBoolean, checkInteger, checkOneOf } from '../validation';
import { Scenario } from './adapter';
import { LineCategory, LineItem } from './line';
import { PriceCatalog, PriceEntry, priceEntry } from './price';

/**
 * The cost levers as typed settings, one value per environment (`EnvironmentConfig.levers`):
 * the cost report prices what each saves and the Environment builds the same settings (Spot
 * node groups and nginx fleet, scheduled scale-down, AZ-affine routing). The commitments are
 * priced only: they are purchases, not resources.
 */
export interface CostLeverSettings {
  /** Run these fleets on Spot, capacity-optimized over several instance types of one size. */
  readonly spot: {
    /** EKS managed node groups with capacity type SPOT. */
    readonly nodeGroups: boolean;
    /** The nginx Auto Scaling group with a mixed instances policy (0% on-demand above base). */
    readonly nginx: boolean;
  };
  /**
   * Hold the fleets (the nginx Auto Scaling group and every node group) at their planned
   * minimum outside these hours: scheduled actions set their maximum to the minimum at the end
   * of the active hours and restore the planned maximum at their start.
   * @default - no schedule: the fleets follow load around the clock
   */
  readonly schedule?: ActiveHours;
  /**
   * Commit to the fleets' minimum (the load that is always there) with a Savings Plan.
   * @default - on-demand
   */
  readonly computeCommitment?: 'compute-savings-plan.1yr-no-upfront' | 'compute-savings-plan.3yr-no-upfront';
  /** Reserve the database instances. @default - on-demand */
  readonly databaseCommitment?: 'rds-reserved.1yr-no-upfront';
  /**
   * nginx prefers the internal NLB address in its own AZ (the other AZs as `backup` servers) and
   * the NLB has cross-zone load balancing off; needs `survivesAzLoss` (the capacity model sizes
   * each AZ's pods for the busiest AZ's share). The gateway -> backends hop is not affected.
   */
  readonly azAffineRouting: boolean;
}

/** The days a schedule's active hours repeat on (cron day-of-week ranges). */
export const ACTIVE_DAYS = ['MON-FRI', 'MON-SAT', 'MON-SUN'] as const;
export type ActiveDays = (typeof ACTIVE_DAYS)[number];
const DAYS_PER_WEEK: Readonly<Record<ActiveDays, number>> = { 'MON-FRI': 5, 'MON-SAT': 6, 'MON-SUN': 7 };

/** The hours the fleets follow load; outside them they are held at their planned minimum. */
export interface ActiveHours {
  /** @default 'MON-FRI' */
  readonly days?: ActiveDays;
  /** Hour of the day (0-22) the planned maximum returns. @default 7 */
  readonly from?: number;
  /** Hour of the day (after `from`, at most 23) the fleets are held at their minimum again. @default 19 */
  readonly until?: number;
  /** IANA time zone of the hours (as EC2 Auto Scaling scheduled actions take it). @default 'Etc/UTC' */
  readonly timeZone?: string;
}

/** Weekdays 07:00-19:00: 60 of 168 hours. */
export const BUSINESS_HOURS: Required<ActiveHours> = { days: 'MON-FRI', from: 7, until: 19, timeZone: 'Etc/UTC' };
export const BUSINESS_HOURS_PER_WEEK = 60;
const HOURS_PER_WEEK = 168;

/** Hours a week the fleets follow load under `hours`. */
export function activeHoursPerWeek(hours: ActiveHours): number {
  const h = { ...BUSINESS_HOURS, ...hours };
  return DAYS_PER_WEEK[h.days] * (h.until - h.from);
}

/** The two cron recurrences (minute hour day month weekday) that open and close the active hours. */
export function activeHoursRecurrences(hours: ActiveHours): { readonly open: string; readonly close: string; readonly timeZone: string } {
  const h = { ...BUSINESS_HOURS, ...hours };
  return { open: `0 ${h.from} * * ${h.days}`, close: `0 ${h.until} * * ${h.days}`, timeZone: h.timeZone };
}

/** Production: on-demand, no schedule, cross-zone routing. Non-production: spot fleets, business-hours schedule. */
export function defaultLeverSettings(production: boolean): CostLeverSettings {
  return production
    ? { spot: { nodeGroups: false, nginx: false }, azAffineRouting: false }
    : { spot: { nodeGroups: true, nginx: true }, schedule: BUSINESS_HOURS, azAffineRouting: false };
}

/** Time zones a scheduled action accepts: the IANA names this runtime knows, and UTC's aliases. */
function knownTimeZone(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || Intl.supportedValuesOf('timeZone').includes(zone);
}

/**
 * Checks lever settings; `prefix` is where they sit in the caller's input (`levers.` in an
 * EnvironmentConfig), so errors name the prop as the user wrote it.
 */
export function validateLeverSettings(s: CostLeverSettings, where = 'cost levers', prefix = ''): void {
  const at = (name: string) => `${prefix}${name}`;
  if (typeof s?.spot !== 'object' || s.spot === null) {
    invalid(where, prefix ? prefix.replace(/\.$/, '') : 'settings', s, 'is not a lever settings object', 'pass defaultLeverSettings(production) or your own { spot: { nodeGroups, nginx }, azAffineRouting, schedule? }');
  }
  checkBoolean(where, at('spot.nodeGroups'), s.spot.nodeGroups);
  checkBoolean(where, at('spot.nginx'), s.spot.nginx);
  checkBoolean(where, at('azAffineRouting'), s.azAffineRouting);
  if (s.schedule === undefined) return;
  if (typeof s.schedule !== 'object' || s.schedule === null) invalid(where, at('schedule'), s.schedule, 'is not an object', "pass { days: 'MON-FRI', from: 7, until: 19, timeZone: 'Europe/Berlin' }, or leave it out");
  const h = { ...BUSINESS_HOURS, ...s.schedule };
  checkOneOf(where, at('schedule.days'), h.days, ACTIVE_DAYS);
  checkInteger(where, at('schedule.from'), h.from, { min: 0, max: 22 });
  checkInteger(where, at('schedule.until'), h.until, { min: h.from + 1, max: 23, limit: `after ${at('schedule.from')} (${h.from}) on the same day, at most 23` });
  if (!knownTimeZone(h.timeZone)) {
    invalid(where, at('schedule.timeZone'), h.timeZone, 'is not an IANA time zone', "pass a name such as 'Etc/UTC', 'Europe/Berlin' or 'America/New_York'");
  }
}

export interface LeverResult {
  readonly lever: string;
  /** Whether this environment's settings turn it on. */
  readonly enabled: boolean;
  /** What it acts on and how. */
  readonly setting: string;
  /** Monthly saving at target load (USD); null when the lines it acts on are unpriced. */
  readonly savingAtTarget: number | null;
  readonly risk: string;
  readonly source: string;
}

/** A commitment's source, with the page it was read through when it is a stored copy. */
function withVia(entry: PriceEntry): string {
  return entry.via ? `${entry.source} (${entry.via})` : entry.source;
}

function sum(lines: readonly LineItem[], cats: readonly LineCategory[], s: Scenario): number | null {
  const hit = lines.filter((l) => cats.includes(l.category));
  if (hit.length === 0 || hit.some((l) => l.monthly[s] === null)) return null;
  return hit.reduce((t, l) => t + (l.monthly[s] ?? 0), 0);
}

/** Prices each lever against the environment's lines at target (and min for the committed baseline). */
export function evaluateLevers(lines: readonly LineItem[], catalog: PriceCatalog, settings: CostLeverSettings, production: boolean, azAffineSaving?: number | null): LeverResult[] {
  const spot = priceEntry(catalog, 'commitment.spot.ec2');
  const onSpot: LineCategory[] = [...(settings.spot.nodeGroups ? ['ec2-nodes' as const] : []), ...(settings.spot.nginx ? ['ec2-nginx' as const] : [])];
  const spotBase = sum(lines, onSpot.length > 0 ? onSpot : ['ec2-nodes', 'ec2-nginx'], 'target');
  const fleets = onSpot.map((c) => (c === 'ec2-nodes' ? 'the node groups' : 'the nginx fleet')).join(' and ');
  const pct = Math.round((spot.usd ?? 0) * 100);
  const out: LeverResult[] = [];
  out.push({
    lever: 'Spot for node groups and the nginx fleet',
    enabled: settings.spot.nodeGroups || settings.spot.nginx,
    setting:
      onSpot.length > 0
        ? `${fleets} ${pct}% below on-demand, capacity-optimized over several instance types`
        : `off (${production ? 'production stays on-demand unless configured' : 'not configured'}); shown: both fleets ${pct}% below on-demand, capacity-optimized over several instance types`,
    savingAtTarget: spotBase === null || spot.usd === null ? null : spotBase * spot.usd,
    risk: 'A Spot instance can be reclaimed with two minutes\' notice; a pool can run dry. Needs capacity rebalancing and node termination handling, and several instance types so one pool\'s loss does not take the fleet; in production an AZ-wide reclaim stacks on the AZ-loss budget.',
    source: withVia(spot),
  });

  const active = activeHoursPerWeek(settings.schedule ?? BUSINESS_HOURS);
  const fleetTarget = sum(lines, ['ec2-nodes', 'ec2-nginx'], 'target');
  const fleetMin = sum(lines, ['ec2-nodes', 'ec2-nginx'], 'min');
  out.push({
    lever: 'Scheduled scale-down at low usage',
    enabled: settings.schedule !== undefined,
    setting: `fleets at their minimum outside ${active} of ${HOURS_PER_WEEK} hours a week${settings.schedule ? '' : ' (shown for business hours; not configured here)'}`,
    savingAtTarget: fleetTarget === null || fleetMin === null ? null : (fleetTarget - fleetMin) * (1 - active / HOURS_PER_WEEK),
    risk: 'Load outside the window finds only the minimum fleet: the HPAs and the cluster autoscaler still scale up, minutes behind. For non-production only; production follows load.',
    source: 'this model: (fleet cost at target - at minimum) x share of hours scaled down',
  });

  const commitKey = `commitment.${settings.computeCommitment ?? 'compute-savings-plan.1yr-no-upfront'}`;
  const commit = priceEntry(catalog, commitKey);
  out.push({
    lever: 'Compute Savings Plan on the fleets\' minimum',
    enabled: settings.computeCommitment !== undefined,
    setting: `${commit.unit}: ${Math.round((commit.usd ?? 0) * 100)}% off the always-on minimum fleet (commitment: ${commitKey.includes('3yr') ? '3 years' : '1 year'}, No Upfront)`,
    savingAtTarget: fleetMin === null || commit.usd === null ? null : fleetMin * commit.usd,
    risk: 'The commitment is paid whether used or not; sized to the minimum fleet, a smaller future fleet (Graviton, faster pods) still pays it.',
    source: withVia(commit),
  });

  const rds = priceEntry(catalog, `commitment.${settings.databaseCommitment ?? 'rds-reserved.1yr-no-upfront'}`);
  const db = sum(lines, ['rds-instance'], 'target');
  out.push({
    lever: 'Reserved database instances',
    enabled: settings.databaseCommitment !== undefined,
    setting: `${rds.unit}: ${Math.round((rds.usd ?? 0) * 100)}% off the primary and replicas`,
    savingAtTarget: db === null || rds.usd === null ? null : db * rds.usd,
    risk: 'Tied to the instance family and Region for the term; moving to another class family forfeits it.',
    source: withVia(rds),
  });

  out.push({
    lever: 'AZ-affine routing (cross-AZ traffic)',
    enabled: settings.azAffineRouting,
    setting: 'nginx sends to the internal NLB address in its own AZ (the other AZs as backup servers) with NLB cross-zone load balancing off; the capacity model sizes each AZ\'s pods for the busiest AZ\'s share',
    savingAtTarget: azAffineSaving === undefined ? sum(lines, ['cross-az-ingress'], 'target') : azAffineSaving,
    risk: 'Each AZ\'s pods carry what the ALB sends that AZ\'s nginx: the model covers fleets within one instance and pods within one (maxSkew 1) per AZ, not a worse spread (a zone out of capacity, pods left in two AZs after a lost AZ returns), where one AZ\'s pods run hot while the HPA\'s average looks fine; remedy: zonal shift, then a rollout restart. Pods degraded but not failing keep their AZ\'s traffic until nginx marks them failed. Extra pods at the HPA maximum are in the EKS line.',
    source: 'this model: the nginx -> services cross-AZ line with cross-zone on, less the same line with the lever on',
  });
  return out;
}
