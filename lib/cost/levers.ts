import { invalid } from '../errors';
import { checkNumber } from '../validation';
import { Scenario } from './adapter';
import { LineCategory, LineItem } from './line';
import { PriceCatalog, priceEntry } from './price';

/**
 * The cost levers as typed settings: the stacks will pass the same settings to the constructs
 * (spot capacity, scheduled actions, topology-aware routing) once they build them. Today the
 * report prices what each would save.
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
   * Scale the fleets to their minimum outside these hours (scheduled actions on the nginx group,
   * node groups scaled down with the HPAs' minimum).
   * @default - no schedule: the fleets follow load around the clock
   */
  readonly schedule?: { readonly activeHoursPerWeek: number };
  /**
   * Commit to the fleets' minimum (the load that is always there) with a Savings Plan.
   * @default - on-demand
   */
  readonly computeCommitment?: 'compute-savings-plan.1yr-no-upfront' | 'compute-savings-plan.3yr-no-upfront';
  /** Reserve the database instances. @default - on-demand */
  readonly databaseCommitment?: 'rds-reserved.1yr-no-upfront';
  /** nginx prefers the internal NLB address in its own AZ, other AZs as backup; services prefer same-zone endpoints. */
  readonly azAffineRouting: boolean;
}

/** Weekdays 07:00-19:00: 60 of 168 hours. */
export const BUSINESS_HOURS_PER_WEEK = 60;
const HOURS_PER_WEEK = 168;

/** Production: on-demand, no schedule, cross-zone routing. Non-production: spot fleets, business-hours schedule. */
export function defaultLeverSettings(production: boolean): CostLeverSettings {
  return production
    ? { spot: { nodeGroups: false, nginx: false }, azAffineRouting: false }
    : { spot: { nodeGroups: true, nginx: true }, schedule: { activeHoursPerWeek: BUSINESS_HOURS_PER_WEEK }, azAffineRouting: false };
}

export function validateLeverSettings(s: CostLeverSettings, where = 'cost levers'): void {
  if (!s || typeof s !== 'object' || !s.spot) invalid(where, 'settings', s, 'is not a lever settings object', 'pass defaultLeverSettings(production) or your own { spot, azAffineRouting, ... }');
  if (s.schedule) checkNumber(where, 'schedule.activeHoursPerWeek', s.schedule.activeHoursPerWeek, { min: 1, max: HOURS_PER_WEEK, limit: 'a week has 168 hours' });
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

function sum(lines: readonly LineItem[], cats: readonly LineCategory[], s: Scenario): number | null {
  const hit = lines.filter((l) => cats.includes(l.category));
  if (hit.length === 0 || hit.some((l) => l.monthly[s] === null)) return null;
  return hit.reduce((t, l) => t + (l.monthly[s] ?? 0), 0);
}

/** Prices each lever against the environment's lines at target (and min for the committed baseline). */
export function evaluateLevers(lines: readonly LineItem[], catalog: PriceCatalog, settings: CostLeverSettings, production: boolean): LeverResult[] {
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
    source: `${spot.source} (${spot.via ?? ''})`,
  });

  const active = settings.schedule?.activeHoursPerWeek ?? BUSINESS_HOURS_PER_WEEK;
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
    source: `${commit.source} (${commit.via ?? ''})`,
  });

  const rds = priceEntry(catalog, `commitment.${settings.databaseCommitment ?? 'rds-reserved.1yr-no-upfront'}`);
  const db = sum(lines, ['rds-instance'], 'target');
  out.push({
    lever: 'Reserved database instances',
    enabled: settings.databaseCommitment !== undefined,
    setting: `${rds.unit}: ${Math.round((rds.usd ?? 0) * 100)}% off the primary and replicas`,
    savingAtTarget: db === null || rds.usd === null ? null : db * rds.usd,
    risk: 'Tied to the instance family and Region for the term; moving to another class family forfeits it.',
    source: `${rds.source} (${rds.via ?? ''})`,
  });

  const crossAz = sum(lines, ['cross-az-ingress', 'cross-az-gateway'], 'target');
  out.push({
    lever: 'AZ-affine routing (cross-AZ traffic)',
    enabled: settings.azAffineRouting,
    setting: 'nginx sends to the NLB address in its own AZ (the other AZs as backup servers) with NLB cross-zone off; the gateway reaches backends through same-zone endpoints (trafficDistribution: PreferClose)',
    savingAtTarget: crossAz,
    risk: 'Each AZ then carries the share the ALB sends its nginx instances: pods must stay spread evenly (the plan already spreads every service per AZ), and an AZ whose pods are degraded but not down keeps its traffic until nginx marks them failed. With one AZ lost the ALB stops sending to it, so the survivors carry 1/(n-1) each, as the capacity plan sizes them.',
    source: 'this model: the cross-AZ lines nginx -> services and gateway -> backends at target',
  });
  return out;
}
