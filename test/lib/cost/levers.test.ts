import {
  activeHoursPerWeek,
  activeHoursRecurrences,
  BUSINESS_HOURS,
  BUSINESS_HOURS_PER_WEEK,
  defaultLeverSettings,
  evaluateLevers,
  US_EAST_1,
  validateLeverSettings,
} from '../../../lib/cost';
import type { CostLeverSettings } from '../../../lib/cost/levers';
import type { LineCategory, LineItem } from '../../../lib/cost/line';

/** A priced line: `min` and `target` USD a month (null: unpriced). */
function line(category: LineCategory, min: number | null, target: number | null): LineItem {
  return { item: category, quantity: { min: 1, target: 1, max: 1 }, unit: 'hour', priceKey: 'k', unitUsd: 1, tiered: false, monthly: { min, target, max: target }, basis: '', source: '', read: '', category };
}

// Fleets: nodes $10,000 at target ($4,000 at min), nginx $2,000 ($1,000); database $3,000; cross-AZ $500.
const LINES: LineItem[] = [line('ec2-nodes', 4_000, 10_000), line('ec2-nginx', 1_000, 2_000), line('rds-instance', 3_000, 3_000), line('cross-az-ingress', 500, 500), line('other', 7, 7)];
const OFF: CostLeverSettings = { spot: { nodeGroups: false, nginx: false }, azAffineRouting: false };
const byLever = (settings: CostLeverSettings, production = true, lines = LINES, azAffineSaving?: number | null) =>
  Object.fromEntries(evaluateLevers(lines, US_EAST_1, settings, production, azAffineSaving).map((l) => [l.lever.split(' ')[0], l]));

describe('active hours', () => {
  test('GIVEN business hours THEN the fleets follow load 5 days x 12 h = 60 of 168 hours a week, opened at 07:00 and closed at 19:00 UTC', () => {
    expect(activeHoursPerWeek(BUSINESS_HOURS)).toBe(60);
    expect(BUSINESS_HOURS_PER_WEEK).toBe(60);
    expect(activeHoursRecurrences(BUSINESS_HOURS)).toEqual({ open: '0 7 * * MON-FRI', close: '0 19 * * MON-FRI', timeZone: 'Etc/UTC' });
  });

  test.each([
    [{ days: 'MON-SAT' as const }, 6 * 12, '0 7 * * MON-SAT', '0 19 * * MON-SAT'],
    [{ days: 'MON-SUN' as const, from: 0, until: 23 }, 7 * 23, '0 0 * * MON-SUN', '0 23 * * MON-SUN'],
    [{ from: 9, until: 17 }, 5 * 8, '0 9 * * MON-FRI', '0 17 * * MON-FRI'],
    [{}, 60, '0 7 * * MON-FRI', '0 19 * * MON-FRI'],
  ])('GIVEN %j THEN %d hours a week, opened and closed by cron', (hours, perWeek, open, close) => {
    expect(activeHoursPerWeek(hours)).toBe(perWeek);
    expect(activeHoursRecurrences(hours)).toMatchObject({ open, close });
  });

  test('GIVEN a time zone THEN the recurrences carry it', () => {
    expect(activeHoursRecurrences({ timeZone: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
  });
});

describe('default lever settings', () => {
  test('GIVEN production THEN on-demand fleets that follow load around the clock, cross-zone routing, no commitments', () => {
    expect(defaultLeverSettings(true)).toEqual({ spot: { nodeGroups: false, nginx: false }, azAffineRouting: false });
  });

  test('GIVEN non-production THEN both fleets on Spot, held at their minimum outside business hours', () => {
    expect(defaultLeverSettings(false)).toEqual({ spot: { nodeGroups: true, nginx: true }, schedule: BUSINESS_HOURS, azAffineRouting: false });
  });
});

describe('lever settings validation', () => {
  test.each([
    ['no settings', undefined, /cost levers: settings = undefined is not a lever settings object\. Fix: pass defaultLeverSettings\(production\)/],
    ['settings without spot', { azAffineRouting: false }, /settings = .* is not a lever settings object/],
    ['settings as a number', 7, /settings = 7 is not a lever settings object/],
    ['spot as null', { ...OFF, spot: null }, /settings = .* is not a lever settings object/],
    ['spot as a boolean', { spot: true, azAffineRouting: false }, /is not a lever settings object/],
    ['spot.nodeGroups as a string', { ...OFF, spot: { nodeGroups: 'yes', nginx: false } }, /spot\.nodeGroups = "yes"/],
    ['spot.nginx as null', { ...OFF, spot: { nodeGroups: true, nginx: null } }, /spot\.nginx = null is not a boolean\. Fix: pass true or false/],
    ['azAffineRouting as a number', { ...OFF, azAffineRouting: 1 }, /azAffineRouting = 1/],
    ['a schedule that is a string', { ...OFF, schedule: 'business hours' }, /schedule = "business hours" is not an object/],
    ['a schedule that is null', { ...OFF, schedule: null }, /schedule = null is not an object\. Fix: pass \{ days: 'MON-FRI', from: 7, until: 19, timeZone: 'Europe\/Berlin' \}, or leave it out$/],
    ['days not a cron range it knows', { ...OFF, schedule: { days: 'TUE-SAT' } }, /schedule\.days = "TUE-SAT".*MON-FRI.*MON-SAT.*MON-SUN/],
    ['from 23 (no hour left after it)', { ...OFF, schedule: { from: 23, until: 23 } }, /schedule\.from = 23 is out of range/],
    ['from below 0', { ...OFF, schedule: { from: -1 } }, /schedule\.from = -1 is out of range/],
    ['a fractional hour', { ...OFF, schedule: { from: 7.5 } }, /schedule\.from = 7\.5/],
    ['until equal to from', { ...OFF, schedule: { from: 9, until: 9 } }, /schedule\.until = 9 is out of range \(after schedule\.from \(9\) on the same day, at most 23\)/],
    ['until 24', { ...OFF, schedule: { until: 24 } }, /schedule\.until = 24 is out of range/],
    ['an unknown time zone', { ...OFF, schedule: { timeZone: 'Mars/Olympus' } }, /schedule\.timeZone = "Mars\/Olympus" is not an IANA time zone\. Fix: pass a name such as 'Etc\/UTC'/],
    ['a time zone that is not a string', { ...OFF, schedule: { timeZone: 1 } }, /schedule\.timeZone = 1 is not an IANA time zone/],
  ])('GIVEN %s THEN it is rejected naming the setting', (_label, settings, message) => {
    expect(() => validateLeverSettings(settings as never)).toThrow(message);
  });

  test('GIVEN a prefix THEN errors name the setting as the user wrote it', () => {
    expect(() => validateLeverSettings({ ...OFF, schedule: { until: 24 } }, 'EnvironmentConfig "dev"', 'levers.')).toThrow(/^EnvironmentConfig "dev": levers\.schedule\.until = 24 is out of range \(after levers\.schedule\.from \(7\)/);
    expect(() => validateLeverSettings(undefined as never, 'EnvironmentConfig "dev"', 'levers.')).toThrow(/^EnvironmentConfig "dev": levers = undefined is not a lever settings object/);
    expect(() => validateLeverSettings(null as never, 'app', 'environments.dev.levers.')).toThrow(/^app: environments\.dev\.levers = null is not a lever settings object/);
  });

  test.each([
    ['the defaults', defaultLeverSettings(false)],
    ['UTC by its short name', { ...OFF, schedule: { timeZone: 'UTC' } }],
    ['an IANA zone', { ...OFF, schedule: { days: 'MON-SUN' as const, from: 0, until: 1, timeZone: 'America/New_York' } }],
    ['the last hour of the day', { ...OFF, schedule: { from: 22, until: 23 } }],
  ])('GIVEN %s THEN they are accepted', (_label, settings) => {
    expect(() => validateLeverSettings(settings)).not.toThrow();
  });
});

describe('pricing the levers (hand-checked against the lines above)', () => {
  test('THEN every lever is listed, in order, off when not configured', () => {
    const levers = evaluateLevers(LINES, US_EAST_1, OFF, true);
    expect(levers.map((l) => [l.lever, l.enabled])).toEqual([
      ['Spot for node groups and the nginx fleet', false],
      ['Scheduled scale-down at low usage', false],
      ["Compute Savings Plan on the fleets' minimum", false],
      ['Reserved database instances', false],
      ['AZ-affine routing (cross-AZ traffic)', false],
    ]);
    for (const l of levers) {
      expect(l.risk.length).toBeGreaterThan(40);
      expect(l.source).not.toBe('');
    }
  });

  test('GIVEN Spot off THEN it still shows what both fleets would save: ($10,000 + $2,000) x 60% = $7,200', () => {
    const { Spot } = byLever(OFF);
    expect(Spot.savingAtTarget).toBeCloseTo(7_200, 6);
    expect(Spot.setting).toBe('off (production stays on-demand unless configured); shown: both fleets 60% below on-demand, capacity-optimized over several instance types');
    expect(byLever(OFF, false).Spot.setting).toMatch(/^off \(not configured\); shown: both fleets 60% below/);
    expect(Spot.source).toMatch(/^https:.* \(stored copy of .*60-90% off/);
  });

  test('GIVEN commitments read from the pricing page itself (no via) THEN their sources are the page alone; with a via THEN the via in parentheses', () => {
    const direct = { ...US_EAST_1, entries: Object.fromEntries(Object.entries(US_EAST_1.entries).map(([k, e]) => [k, k.startsWith('commitment.') ? { ...e, via: undefined } : e])) };
    const levers = evaluateLevers(LINES, direct, OFF, true);
    for (const name of ['Spot', 'Compute', 'Reserved']) {
      const l = levers.find((x) => x.lever.startsWith(name))!;
      expect(l.source).toMatch(/^https:\/\/\S+$/);
    }
    const quoted = evaluateLevers(LINES, US_EAST_1, OFF, true);
    for (const name of ['Spot', 'Compute', 'Reserved']) {
      const l = quoted.find((x) => x.lever.startsWith(name))!;
      expect(l.source).toMatch(/^https:\/\/\S+ \(.+\)$/);
    }
  });

  test.each([
    ['the node groups only', { nodeGroups: true, nginx: false }, 'the node groups 60% below on-demand, capacity-optimized over several instance types', 6_000],
    ['the nginx fleet only', { nodeGroups: false, nginx: true }, 'the nginx fleet 60% below on-demand, capacity-optimized over several instance types', 1_200],
    ['both fleets', { nodeGroups: true, nginx: true }, 'the node groups and the nginx fleet 60% below on-demand, capacity-optimized over several instance types', 7_200],
  ])('GIVEN Spot on %s THEN it saves 60%% of those fleets at target', (_label, spot, setting, saving) => {
    const { Spot } = byLever({ ...OFF, spot });
    expect(Spot).toMatchObject({ enabled: true, setting });
    expect(Spot.savingAtTarget).toBeCloseTo(saving, 6);
  });

  test('GIVEN a schedule THEN it saves (fleets at target - at minimum) x the share of hours held at minimum: $7,000 x 108/168 = $4,500', () => {
    const on = byLever({ ...OFF, schedule: BUSINESS_HOURS }).Scheduled;
    expect(on.enabled).toBe(true);
    expect(on.savingAtTarget).toBeCloseTo(4_500, 6);
    expect(on.setting).toBe('fleets at their minimum outside 60 of 168 hours a week');
    const seven = byLever({ ...OFF, schedule: { days: 'MON-SUN', from: 6, until: 18 } }).Scheduled;
    expect(seven.savingAtTarget).toBeCloseTo(7_000 * (84 / 168), 6);
    expect(seven.setting).toBe('fleets at their minimum outside 84 of 168 hours a week');
    const off = byLever(OFF).Scheduled;
    expect(off).toMatchObject({ enabled: false, setting: 'fleets at their minimum outside 60 of 168 hours a week (shown for business hours; not configured here)' });
    expect(off.savingAtTarget).toBeCloseTo(4_500, 6);
  });

  test('GIVEN a Compute Savings Plan THEN it takes 30% (1 year) or 50% (3 years) off the always-on minimum fleet: $5,000 x 30% = $1,500', () => {
    const off = byLever(OFF).Compute;
    expect(off).toMatchObject({ enabled: false, setting: 'share of on-demand saved (EC2, 1-year term, No Upfront): 30% off the always-on minimum fleet (commitment: 1 year, No Upfront)' });
    expect(off.savingAtTarget).toBeCloseTo(1_500, 6);
    const one = byLever({ ...OFF, computeCommitment: 'compute-savings-plan.1yr-no-upfront' }).Compute;
    expect(one.enabled).toBe(true);
    expect(one.savingAtTarget).toBeCloseTo(1_500, 6);
    const three = byLever({ ...OFF, computeCommitment: 'compute-savings-plan.3yr-no-upfront' }).Compute;
    expect(three).toMatchObject({ enabled: true, setting: 'share of on-demand saved (EC2, 3-year term, No Upfront): 50% off the always-on minimum fleet (commitment: 3 years, No Upfront)' });
    expect(three.savingAtTarget).toBeCloseTo(2_500, 6);
  });

  test('GIVEN reserved database instances THEN they take 33% off the database at target: $3,000 x 33% = $990', () => {
    const off = byLever(OFF).Reserved;
    expect(off).toMatchObject({ enabled: false, setting: 'share of on-demand saved (RDS instance, 1-year term, No Upfront): 33% off the primary and replicas' });
    expect(off.savingAtTarget).toBeCloseTo(990, 6);
    expect(byLever({ ...OFF, databaseCommitment: 'rds-reserved.1yr-no-upfront' }).Reserved.enabled).toBe(true);
  });

  test('GIVEN AZ-affine routing THEN it saves what the model computed for it, or the cross-AZ ingress line when none is given', () => {
    const az = (settings: CostLeverSettings, saving?: number | null) => evaluateLevers(LINES, US_EAST_1, settings, true, saving).find((l) => l.lever.startsWith('AZ-affine'))!;
    expect(az(OFF)).toMatchObject({ enabled: false, savingAtTarget: 500 });
    expect(az({ ...OFF, azAffineRouting: true }, 321)).toMatchObject({ enabled: true, savingAtTarget: 321 });
    expect(az({ ...OFF, azAffineRouting: true }, null).savingAtTarget).toBeNull();
  });

  test('GIVEN unpriced lines THEN a lever acting on them has no saving (null), not a silent zero', () => {
    const unpriced = [line('ec2-nodes', null, null), line('ec2-nginx', 1_000, 2_000), line('rds-instance', null, null)];
    const levers = byLever({ ...OFF, spot: { nodeGroups: true, nginx: false } }, true, unpriced);
    expect(levers.Spot.savingAtTarget).toBeNull();
    expect(levers.Scheduled.savingAtTarget).toBeNull();
    expect(levers.Compute.savingAtTarget).toBeNull();
    expect(levers.Reserved.savingAtTarget).toBeNull();
    expect(byLever({ ...OFF, spot: { nodeGroups: false, nginx: true } }, true, unpriced).Spot.savingAtTarget).toBeCloseTo(1_200, 6);
    const noDatabase = byLever(OFF, true, [line('ec2-nodes', 1, 2)]);
    expect(noDatabase.Reserved.savingAtTarget).toBeNull();
    expect(noDatabase['AZ-affine'].savingAtTarget).toBeNull();
  });

  test('GIVEN a minimum priced but the target not THEN the schedule has no saving', () => {
    const partly = [line('ec2-nodes', 1_000, null), line('ec2-nginx', 1_000, 2_000)];
    expect(byLever({ ...OFF, schedule: BUSINESS_HOURS }, false, partly).Scheduled.savingAtTarget).toBeNull();
  });
});
