import { spotInstanceTypes } from '../../lib/capacity/catalog';
import { leverSettingsOf, planEnvironment, validateEnvironmentConfig, EnvironmentConfig } from '../../lib/config/environment';
import { activeHoursPerWeek, priceEnvironment } from '../../lib/cost';
import { dev, prod, staging } from '../../stacks/environments';
import { Testing } from 'cdktf';
import { Environment } from '../../constructs/environment';
import { synthesizeReferenceApp } from '../support/app-synth';
import { testApp } from '../support/temp';
import { resourcesOf } from '../support/synth';

/**
 * The cost levers the environment config turns on are built in the stacks, exactly as the
 * cost report prices them: Spot fleets over several pools of the planned size, and the fleets
 * held at their planned minimum outside the active hours.
 */
const app = synthesizeReferenceApp();
type Obj = Record<string, any>;

describe.each([dev, staging])('GIVEN the non-production environment $name with the default levers', (config) => {
  const stack = app.stacks[config.name];
  const plan = planEnvironment(config);
  const levers = leverSettingsOf(config);
  const nodeGroups = Object.values(resourcesOf(stack, 'aws_eks_node_group')) as Obj[];
  const nginx = Object.values(resourcesOf(stack, 'aws_autoscaling_group')) as Obj[];
  const schedules = Object.values(resourcesOf(stack, 'aws_autoscaling_schedule')) as Obj[];

  test('THEN the cost report prices Spot and the schedule as on', () => {
    expect(levers.spot).toEqual({ nodeGroups: true, nginx: true });
    const enabled = priceEnvironment(config).levers.filter((l) => l.enabled).map((l) => l.lever);
    expect(enabled).toEqual(expect.arrayContaining(['Spot for node groups and the nginx fleet', 'Scheduled scale-down at low usage']));
  });

  test('THEN every node group is Spot over the planned type and its same-size pools', () => {
    expect(nodeGroups).toHaveLength(plan.eks.nodeGroups.length);
    for (const group of nodeGroups) {
      expect(group.capacity_type).toBe('SPOT');
      const planned = plan.eks.nodeGroups.find((g) => g.name === group.node_group_name)!;
      expect(group.instance_types).toEqual(spotInstanceTypes(planned.instanceTypes[0]));
      expect(group.instance_types.length).toBeGreaterThanOrEqual(2);
    }
  });

  test('THEN the nginx fleet is all Spot, price-capacity-optimized over the planned size, with capacity rebalancing', () => {
    expect(nginx).toHaveLength(1);
    const policy = nginx[0].mixed_instances_policy;
    expect(nginx[0].capacity_rebalance).toBe(true);
    expect(policy.instances_distribution).toMatchObject({ on_demand_base_capacity: 0, on_demand_percentage_above_base_capacity: 0, spot_allocation_strategy: 'price-capacity-optimized' });
    expect(policy.launch_template.override.map((o: Obj) => o.instance_type)).toEqual(spotInstanceTypes(plan.nginx.instanceType));
  });

  test('THEN each fleet (nginx and every node group) has two scheduled actions: the planned bounds at the start of the active hours, the minimum at their end', () => {
    const fleets = [
      { name: 'nginx', min: plan.nginx.minSize, max: plan.nginx.maxSize, group: '${aws_autoscaling_group.' },
      ...plan.eks.nodeGroups.map((g) => ({ name: g.name, min: g.minSize, max: g.maxSize, group: `node-group-${g.name}_` })),
    ];
    expect(schedules).toHaveLength(2 * fleets.length);
    for (const fleet of fleets) {
      const own = schedules.filter((s) => String(s.autoscaling_group_name).includes(fleet.group)).sort((a, b) => String(a.scheduled_action_name).localeCompare(b.scheduled_action_name));
      expect(own.map((s) => [s.scheduled_action_name, s.recurrence, s.time_zone, s.min_size, s.max_size, s.desired_capacity])).toEqual([
        ['active-hours-end', '0 19 * * MON-FRI', 'Etc/UTC', fleet.min, fleet.min, fleet.min],
        ['active-hours-start', '0 7 * * MON-FRI', 'Etc/UTC', fleet.min, fleet.max, -1],
      ]);
    }
    // The hours the stacks build are the hours the report prices.
    expect(activeHoursPerWeek(levers.schedule!)).toBe(60);
  });
});

describe('GIVEN prod with the AZ-affine lever on (off by default; README, Cost)', () => {
  // One AWS stack built (not the whole app): prod's figures pass the model's AZ-affine checks.
  const affine = { ...prod, levers: { ...leverSettingsOf(prod), azAffineRouting: true } } as EnvironmentConfig;
  const built = new Environment(testApp(), 'prod', { config: affine, policy: false });
  const stack = JSON.parse(Testing.synth(built.aws)) as { resource: Record<string, Record<string, Obj>> };
  const nlbOf = (resources: Record<string, Record<string, Obj>>) => Object.values(resources.aws_lb).find((lb) => lb.load_balancer_type === 'network') as Obj;
  const userData = () => {
    const lt = Object.values(stack.resource.aws_launch_template).find((t) => t.name === 'prod-nginx')!;
    // Fn.base64encode("<text>") in the JSON: the text is the function's argument.
    const match = /^\$\{base64encode\("([\s\S]*)"\)\}$/.exec(lt.user_data);
    if (!match) throw new Error(`unexpected user_data: ${String(lt.user_data).slice(0, 80)}`);
    return JSON.parse(`"${match[1]}"`) as string;
  };

  test('THEN the internal NLB has cross-zone load balancing off, and the reference prod keeps it on', () => {
    expect(nlbOf(stack.resource).enable_cross_zone_load_balancing).toBe(false);
    expect(Object.values(resourcesOf(app.stacks.prod, 'aws_lb')).find((lb) => (lb as Obj).load_balancer_type === 'network')).toMatchObject({ enable_cross_zone_load_balancing: true });
  });

  test('THEN the nginx instances install their own AZ\'s upstreams (from IMDSv2) before nginx -t, one gzip file per AZ, within the 16 KB user data limit', () => {
    const text = userData();
    const files = [...text.matchAll(/- path: \/etc\/nginx\/upstreams\.by-az\/([a-z0-9-]+)\.conf\n {4}permissions: '0644'\n {4}encoding: gz\+b64/g)].map((m) => m[1]);
    expect(files).toEqual(prod.availabilityZones);
    const runcmd = text.slice(text.indexOf('runcmd:'));
    expect(runcmd.indexOf('/usr/local/sbin/nginx-select-upstreams')).toBeGreaterThan(0);
    expect(runcmd.indexOf('/usr/local/sbin/nginx-select-upstreams')).toBeLessThan(runcmd.indexOf('nginx -t'));
    expect(text.length).toBeLessThanOrEqual(16_384);
  });

  test('THEN staging\'s current figures fail the model\'s check: with the lever on its busiest AZ would pass its pods\' capacity', () => {
    expect(() => validateEnvironmentConfig({ ...staging, levers: { ...leverSettingsOf(staging), azAffineRouting: true } })).not.toThrow();
    expect(() => planEnvironment({ ...staging, levers: { ...leverSettingsOf(staging), azAffineRouting: true } })).toThrow(/capacity model \(staging\): services\.[a-z-]+ = "[\d.]+ of the CPU request in the busiest AZ" exceeds 1 with AZ-affine routing/);
  });
});

describe('GIVEN prod with the default levers', () => {
  const stack = app.stacks.prod;
  test('THEN it stays on demand around the clock', () => {
    expect(Object.values(resourcesOf(stack, 'aws_eks_node_group')).map((g) => (g as Obj).capacity_type)).toEqual(['ON_DEMAND', 'ON_DEMAND', 'ON_DEMAND']);
    expect(Object.values(resourcesOf(stack, 'aws_autoscaling_group')).map((g) => (g as Obj).mixed_instances_policy)).toEqual([undefined]);
    expect(resourcesOf(stack, 'aws_autoscaling_schedule')).toEqual({});
  });
});

describe('GIVEN lever settings in the environment config', () => {
  const withLevers = (levers: unknown): EnvironmentConfig => ({ ...staging, levers } as EnvironmentConfig);
  const spot = { nodeGroups: true, nginx: false };

  test.each([
    ['no spot object', { azAffineRouting: false }, /config staging: levers = .* is not a lever settings object/],
    ['a non-boolean spot flag', { spot: { nodeGroups: 'yes', nginx: false }, azAffineRouting: false }, /levers.spot.nodeGroups = "yes" is not a boolean/],
    ['a non-boolean AZ-affine flag', { spot, azAffineRouting: 'on' }, /levers.azAffineRouting = "on" is not a boolean/],
  ])('WHEN the settings have %s THEN synth stops with the prop and the fix', (_, levers, message) => {
    expect(() => validateEnvironmentConfig(withLevers(levers))).toThrow(message);
  });

  // AZ-affine routing needs the AZ-loss headroom: without it no AZ can take another's share.
  test.each([
    ['staging without survivesAzLoss', { ...staging, capacity: { ...staging.capacity, survivesAzLoss: false } }],
    ['dev (two AZs, survivesAzLoss false)', dev],
    ['a three-AZ non-production environment with survivesAzLoss false', { ...staging, name: 'qa', capacity: { ...staging.capacity, survivesAzLoss: false }, availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1d'] }],
  ])('WHEN AZ-affine routing is on in %s THEN synth stops naming survivesAzLoss and the fix', (_, base) => {
    const config = { ...base, levers: { spot, azAffineRouting: true } } as EnvironmentConfig;
    expect(() => validateEnvironmentConfig(config)).toThrow(
      new RegExp(`config ${config.name}: levers.azAffineRouting = true is on while capacity.survivesAzLoss is false: .*Fix: set capacity.survivesAzLoss: true .* or azAffineRouting: false`),
    );
  });

  test.each([
    ['unknown days', { days: 'TUE-THU' }, /levers.schedule.days = "TUE-THU" is not supported.*"MON-FRI", "MON-SAT", "MON-SUN"/],
    ['an hour past the day', { from: 7, until: 24 }, /levers.schedule.until = 24 is out of range \(after levers.schedule.from \(7\) on the same day, at most 23\)/],
    ['an end before the start', { from: 18, until: 9 }, /levers.schedule.until = 9 is out of range/],
    ['a fractional hour', { from: 7.5 }, /levers.schedule.from = 7.5 is not a whole number/],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /levers.schedule.timeZone = "Mars\/Olympus" is not an IANA time zone/],
    ['a UTC offset instead of a zone', { timeZone: '+02:00' }, /levers.schedule.timeZone = "\+02:00" is not an IANA time zone/],
  ])('WHEN the schedule has %s THEN synth stops naming it', (_, schedule, message) => {
    expect(() => validateEnvironmentConfig(withLevers({ spot, azAffineRouting: false, schedule }))).toThrow(message);
  });

  test('WHEN staging opts out of Spot and keeps a Berlin schedule THEN the stacks and the report follow that one value', () => {
    const config = withLevers({ spot: { nodeGroups: false, nginx: false }, azAffineRouting: false, schedule: { days: 'MON-SAT', from: 6, until: 22, timeZone: 'Europe/Berlin' } });
    validateEnvironmentConfig(config);
    const report = priceEnvironment(config);
    expect(report.levers.find((l) => l.lever.startsWith('Spot'))!.enabled).toBe(false);
    expect(report.levers.find((l) => l.lever.startsWith('Scheduled'))!.setting).toContain('outside 96 of 168 hours');
  });

  test('WHEN prod keeps the defaults THEN they are on demand and without a schedule', () => {
    expect(leverSettingsOf(prod)).toEqual({ spot: { nodeGroups: false, nginx: false }, azAffineRouting: false });
  });
});

describe('spotInstanceTypes', () => {
  test.each([
    ['c7g.large', ['c7g.large', 'm7g.large', 'r7g.large']],
    ['c7i.8xlarge', ['c7i.8xlarge', 'm7i.8xlarge', 'r7i.8xlarge']],
    ['m7i.xlarge', ['m7i.xlarge', 'r7i.xlarge']],
    ['r7g.large', ['r7g.large']],
    ['t3.large', ['t3.large']],
  ])('GIVEN %s THEN the pools are the same architecture, generation and vCPUs with at least its memory, the planned type first', (type, expected) => {
    expect(spotInstanceTypes(type)).toEqual(expected);
  });

  test('GIVEN an unknown type THEN a ValidationError names it', () => {
    expect(() => spotInstanceTypes('x9.huge', 'levers.spot.nginx')).toThrow(/levers.spot.nginx: instanceType = "x9.huge" is not in the instance catalog/);
  });
});
