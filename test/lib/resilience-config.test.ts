import { testApp } from '../support/temp';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { CrossRegionBackup, CrossRegionBackupProps } from '../../constructs/cross-region-backup';
import { FaultInjectionExperiments, FaultInjectionExperimentsProps } from '../../constructs/fault-injection';
import { azLossPrediction, renderAzLossTable } from '../../lib/capacity';
import { EnvironmentConfig, planEnvironment, resilienceOf, validateEnvironmentConfig } from '../../lib/config/environment';
import { VaultLockMode } from '../../lib/config/resilience';
import { ValidationError } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { dev, prod, staging } from '../../stacks/environments';

/** The error a config raises, as "prop: message". */
function configError(config: EnvironmentConfig): string {
  try {
    validateEnvironmentConfig(config);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return `${e.prop}: ${e.message}`;
  }
  return 'no error';
}

const ALARM = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-errors';

describe('resilience settings: defaults', () => {
  test('GIVEN no settings THEN zonal shift, FIS and a cross-Region backup are on, production locked', () => {
    const p = resilienceOf(prod);
    expect(p.zonalShift).toEqual({ enabled: true, autoshift: undefined });
    expect(p.faultInjection).toEqual({ enabled: true, durationMinutes: 30, stopConditions: ['degraded', 'slo'] });
    expect(p.backup).toMatchObject({ enabled: true, region: 'us-east-1', copyRegion: 'us-west-2', intervalHours: 4, retentionDays: 35, copyRetentionDays: 35, vaultLock: VaultLockMode.COMPLIANCE });
    expect(resilienceOf(dev).backup).toMatchObject({ intervalHours: 24, retentionDays: 7, vaultLock: VaultLockMode.NONE });
  });
});

describe('bad resilience settings fail at synth with the prop, the value and the fix', () => {
  test.each<[string, Partial<EnvironmentConfig>, RegExp]>([
    ['copy to the same Region', { backup: { copyRegion: 'us-east-1' } }, /backup\.copyRegion: .*"us-east-1" is the environment's own Region.*Fix: choose another Region, e\.g\. "us-west-2"/],
    ['copy to another partition', { backup: { copyRegion: 'us-gov-west-1' } }, /backup\.copyRegion: .*another partition/],
    ['copy Region not a Region', { backup: { copyRegion: 'west' } }, /backup\.copyRegion: .*not an AWS region name/],
    ['retention shorter than a weekly schedule', { backup: { intervalHours: 168, retentionDays: 3 } }, /backup\.retentionDays: .*keeps a backup 72 h, shorter than the 168 h between backups.*Fix: keep backups at least 7 day\(s\)/],
    ['retention of six days with a weekly schedule', { backup: { intervalHours: 168, retentionDays: 6, copyRetentionDays: 30 } }, /backup\.retentionDays: .*144 h, shorter than the 168 h/],
    ['a fractional retention', { backup: { retentionDays: 0.5 } }, /backup\.retentionDays: .*not a whole number/],
    ['copy retention shorter than the schedule', { backup: { intervalHours: 168, retentionDays: 35, copyRetentionDays: 2 } }, /backup\.copyRetentionDays: .*48 h, shorter than the 168 h/],
    ['copy retention of zero days', { backup: { copyRetentionDays: 0 } }, /backup\.copyRetentionDays: .*out of range/],
    ['interval AWS Backup cannot divide a day by', { backup: { intervalHours: 5 } }, /backup\.intervalHours: .*5 is not supported.*1, 2, 3, 4, 6, 8, 12, 24, 168/],
    ['no vault lock in production', { backup: { vaultLock: VaultLockMode.NONE } }, /backup\.vaultLock: .*"none" in a production environment/],
    ['backups off in production', { backup: { enabled: false } }, /backup\.enabled: .*no copy of the database would survive/],
    ['experiments without a stop condition', { faultInjection: { stopConditions: [] } }, /faultInjection\.stopConditions: .*is empty: an experiment without a stop condition/],
    ['a stop condition that is not an alarm', { faultInjection: { stopConditions: ['arn:aws:sns:us-east-1:111122223333:topic'] } }, /faultInjection\.stopConditions\[0\]: .*neither an alarm of this environment nor a CloudWatch alarm ARN/],
    ['the same stop condition twice', { faultInjection: { stopConditions: ['slo', 'slo'] } }, /faultInjection\.stopConditions: .*names an alarm twice/],
    ['an outage longer than FIS runs an action', { faultInjection: { durationMinutes: 721 } }, /faultInjection\.durationMinutes: .*721 is out of range/],
    ['autoshift on without a practice-run outcome alarm', { zonalShift: { autoshift: { enabled: true } } }, /zonalShift\.autoshift\.practiceRunOutcomeAlarm: .*needs practice runs, and a practice run needs an outcome alarm/],
    ['autoshift on with an empty outcome alarm', { zonalShift: { autoshift: { enabled: true, practiceRunOutcomeAlarm: '' } } }, /practiceRunOutcomeAlarm: .*is missing/],
    ['autoshift with an outcome alarm that is not one', { zonalShift: { autoshift: { enabled: true, practiceRunOutcomeAlarm: 'checkout-errors' } } }, /practiceRunOutcomeAlarm = "checkout-errors" is neither/],
    ['autoshift on with zonal shift off', { zonalShift: { enabled: false, autoshift: { enabled: true, practiceRunOutcomeAlarm: 'degraded' } } }, /zonalShift\.autoshift\.enabled: .*autoshift shifts only resources registered/],
  ])('GIVEN %s THEN synth fails', (_, change, message) => {
    expect(configError({ ...prod, ...change })).toMatch(message);
  });

  test('GIVEN a daily schedule with one day kept THEN it is accepted; a Region without a default copy Region needs one', () => {
    // One day of retention is the least that keeps a recovery point at all times with a daily schedule.
    expect(configError({ ...dev, backup: { intervalHours: 24, retentionDays: 1 } })).toBe('no error');
    expect(configError({ ...dev, region: 'eu-south-2', availabilityZones: ['eu-south-2a', 'eu-south-2b'] })).toMatch(/backup\.copyRegion = undefined is not set and eu-south-2 has no default second Region/);
  });

  test('GIVEN autoshift with both alarms THEN the config is accepted', () => {
    expect(configError({ ...prod, zonalShift: { autoshift: { enabled: true, practiceRunOutcomeAlarm: 'degraded', practiceRunBlockingAlarm: ALARM } } })).toBe('no error');
  });
});

describe('FaultInjectionExperiments: bad input', () => {
  const make = (change: Partial<FaultInjectionExperimentsProps>) => {
    const stack = new TerraformStack(testApp(), 'fis');
    new AwsProvider(stack, 'aws', { region: 'us-east-1', defaultTags: [{ tags: { Environment: 'prod' } }] });
    new Subnet(stack, 'subnet-a', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24', availabilityZone: 'us-east-1a', tags: { Name: 'prod-app-us-east-1a' } });
    return () =>
      new FaultInjectionExperiments(stack, 'fis', {
        name: 'prod',
        region: 'us-east-1',
        availabilityZones: ['us-east-1a'],
        vpcId: 'vpc-1',
        subnetTags: { Environment: 'prod' },
        stopConditionAlarmArns: [ALARM],
        protection: Protection.NON_PRODUCTION,
        ...change,
      });
  };

  test('GIVEN the environment\'s subnet tag THEN it builds one AZ-loss template', () => {
    const fis = make({})();
    expect(fis.experiments.map((e) => e.id)).toEqual(['az-loss-us-east-1a']);
  });
  test.each<[string, Partial<FaultInjectionExperimentsProps>, RegExp]>([
    ['no stop condition', { stopConditionAlarmArns: [] }, /stopConditionAlarmArns = \[\] is empty: an experiment without a stop condition/],
    ['a stop condition that is a topic', { stopConditionAlarmArns: ['arn:aws:sns:us-east-1:111122223333:alarms'] }, /stopConditionAlarmArns\[0\] = .* is not a CloudWatch alarm ARN/],
    ['a subnet tag no subnet carries', { subnetTags: { Environment: 'prdo' } }, /subnetTags = \{"Environment":"prdo"\} is carried by no subnet of this stack/],
    ['a subnet tag of another environment', { subnetTags: { Environment: 'staging' } }, /is carried by no subnet of this stack/],
    ['no subnet tag at all', { subnetTags: {} }, /subnetTags = \{\} is empty: the network disruption would select every subnet/],
    ['an outage of 13 hours', { durationMinutes: 780 }, /durationMinutes = 780 is out of range \(an FIS action runs at most 12 hours\)/],
  ])('GIVEN %s THEN synth fails', (_, change, message) => {
    expect(make(change)).toThrow(message);
  });
});

describe('CrossRegionBackup: bad input', () => {
  const make = (change: Partial<CrossRegionBackupProps>) => {
    const stack = new TerraformStack(testApp(), 'backup');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const copyProvider = new AwsProvider(stack, 'copy', { alias: 'copy', region: 'us-west-2' });
    return () =>
      new CrossRegionBackup(stack, 'backup', {
        name: 'prod',
        region: 'us-east-1',
        resources: [{ label: 'database', arn: 'arn:aws:rds:us-east-1:111122223333:db:prod-main' }],
        copyRegion: 'us-west-2',
        copyProvider,
        intervalHours: 4,
        retentionDays: 35,
        ...change,
      });
  };
  test('GIVEN good props THEN both vaults are locked in compliance mode with the production protection', () => {
    expect(make({})().vaultLock).toBe(VaultLockMode.COMPLIANCE);
  });
  test.each<[string, Partial<CrossRegionBackupProps>, RegExp]>([
    ['a copy to the same Region', { copyRegion: 'us-east-1' }, /copyRegion = "us-east-1" is the Region the backups are taken in/],
    ['a provider for another Region', { copyRegion: 'eu-west-1' }, /copyProvider = "us-west-2" is a provider for us-west-2, not copyRegion eu-west-1/],
    ['retention shorter than the interval', { intervalHours: 168, retentionDays: 5 }, /retentionDays = 5 keeps a backup 120 h, shorter than the 168 h between backups/],
    ['no retention', { retentionDays: 0 }, /retentionDays = 0 is out of range/],
    ['an ElastiCache resource', { resources: [{ label: 'cache', arn: 'arn:aws:elasticache:us-east-1:111122223333:replicationgroup:prod-cache' }] }, /is an ElastiCache resource, which AWS Backup does not back up/],
    ['nothing to back up', { resources: [] }, /resources = \[\] has 0 entries; at least 1 is required/],
    ['an unsupported interval', { intervalHours: 7 }, /intervalHours = 7 is not supported/],
  ])('GIVEN %s THEN synth fails', (_, change, message) => {
    expect(make(change)).toThrow(message);
  });
});

describe('azLossPrediction: what one AZ away leaves', () => {
  const plan = planEnvironment(prod);
  test('GIVEN prod THEN every tier still carries the target with one AZ away, at or below the planned utilisation', () => {
    const p = azLossPrediction(plan);
    expect(p.servedRps).toBe(1_000_000);
    for (const t of p.tiers) expect(t.utilisationAtTarget).toBeLessThanOrEqual(plan.targetUtilization + 1e-9);
  });
  test('GIVEN dev (two AZs, not sized for an AZ loss) THEN it serves less than its target with one AZ away', () => {
    const p = azLossPrediction(planEnvironment(dev));
    expect(p.servedRps).toBeLessThan(p.targetRps);
    expect(p.tiers.find((t) => t.tier === p.weakestTier)!.capacityRpsWithOneAzLost).toBe(p.servedRps);
  });
  test('GIVEN docs/runbooks.md THEN its zonal shift tables are the model\'s output for prod and staging', () => {
    const runbooks = fs.readFileSync(path.join(__dirname, '../../docs/runbooks.md'), 'utf8');
    for (const env of [prod, staging]) expect(runbooks).toContain(renderAzLossTable(planEnvironment(env)));
  });
});
