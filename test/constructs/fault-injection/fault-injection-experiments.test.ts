import { testApp } from '../../support/temp';
import { AutoscalingGroup } from '@cdktf/provider-aws/lib/autoscaling-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { TerraformStack, Testing } from 'cdktf';
import { FaultInjectionExperiments } from '../../../constructs/fault-injection';
import { Protection } from '../../../lib/protection';

const ALARM = 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:prod-degraded';

function build(fleetName = 'prod-nginx', otherFleetName = 'prod-other') {
  const stack = new TerraformStack(testApp(), 'fis');
  new AwsProvider(stack, 'aws', { region: 'us-east-1', defaultTags: [{ tags: { Environment: 'prod' } }] });
  for (const az of ['us-east-1a', 'us-east-1b']) new Subnet(stack, `subnet-${az}`, { vpcId: 'vpc-1', cidrBlock: az.endsWith('a') ? '10.0.0.0/24' : '10.0.1.0/24', availabilityZone: az });
  const lt = new LaunchTemplate(stack, 'lt', { tagSpecifications: [{ resourceType: 'instance', tags: { Name: fleetName } }] });
  new LaunchTemplate(stack, 'lt-other', { tagSpecifications: [{ resourceType: 'instance', tags: { Name: otherFleetName } }] });
  const asg = new AutoscalingGroup(stack, 'asg', { maxSize: 2, minSize: 1, launchTemplate: { id: lt.id }, tag: [{ key: 'Name', value: 'prod-nginx', propagateAtLaunch: false }] });
  return () =>
    new FaultInjectionExperiments(stack, 'fis', {
      name: 'prod',
      region: 'us-east-1',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      vpcId: 'vpc-1',
      fleets: [{ label: 'nginx', launchTemplate: lt, autoScalingGroup: asg }],
      subnetTags: { Environment: 'prod' },
      stopConditionAlarmArns: [ALARM],
      durationMinutes: 10,
      protection: Protection.NON_PRODUCTION,
    });
}

describe('FaultInjectionExperiments', () => {
  test('GIVEN two AZs and a fleet THEN one AZ-loss template per AZ, each stopping the fleet in its AZ for the duration', () => {
    const fis = build()();
    expect(fis.experiments.map((e) => e.id)).toEqual(['az-loss-us-east-1a', 'az-loss-us-east-1b']);
    const synthesized = JSON.parse(Testing.synth(fis.node.scope as TerraformStack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const templates = Object.values(synthesized.resource.aws_fis_experiment_template);
    const first = templates.find((t) => (t.tags as Record<string, string>).AvailabilityZone === 'us-east-1a')!;
    expect(first.target).toEqual(
      expect.arrayContaining([
        { name: 'instances-nginx', resource_type: 'aws:ec2:instance', selection_mode: 'ALL', resource_tag: [{ key: 'Name', value: 'prod-nginx' }], filter: [{ path: 'Placement.AvailabilityZone', values: ['us-east-1a'] }, { path: 'State.Name', values: ['running'] }] },
        { name: 'subnets', resource_type: 'aws:ec2:subnet', selection_mode: 'ALL', resource_tag: [{ key: 'Environment', value: 'prod' }], filter: [{ path: 'AvailabilityZone', values: ['us-east-1a'] }] },
      ]),
    );
    expect(first.action).toEqual(
      expect.arrayContaining([
        { name: 'stop-nginx', action_id: 'aws:ec2:stop-instances', parameter: [{ key: 'startInstancesAfterDuration', value: 'PT10M' }], target: { key: 'Instances', value: 'instances-nginx' } },
        { name: 'cut-off-subnets', action_id: 'aws:network:disrupt-connectivity', parameter: [{ key: 'duration', value: 'PT10M' }, { key: 'scope', value: 'all' }], target: { key: 'Subnets', value: 'subnets' } },
      ]),
    );
    expect(first.stop_condition).toEqual([{ source: 'aws:cloudwatch:alarm', value: ALARM }]);
    expect(first.experiment_options).toEqual({ account_targeting: 'single-account', empty_target_resolution_mode: 'skip' });
    // The role may stop and start only instances carrying the fleets' Name tags.
    const policy = JSON.parse(String(Object.values(synthesized.resource.aws_iam_role_policy)[0].policy).replace(/\$\{[^{}]*\}/g, 'EXPRESSION')) as { Statement: { Sid: string; Action: unknown; Condition?: unknown }[] };
    expect(policy.Statement.find((s) => s.Sid === 'StopAndStartTheFleets')).toMatchObject({ Action: ['ec2:StopInstances', 'ec2:StartInstances'], Condition: { StringEquals: { 'aws:ResourceTag/Name': ['prod-nginx'] } } });
    expect(policy.Statement.flatMap((s) => [s.Action].flat()).some((a) => a === '*' || /:\*$/.test(String(a)))).toBe(false);
  });

  test('GIVEN two launch templates tagging their instances alike THEN the target is ambiguous and synth fails', () => {
    expect(build('prod-nginx', 'prod-nginx')).toThrow(/fleets\[nginx\]\.launchTemplate = \{"Name":"prod-nginx"\} also selects fis\/lt-other/);
  });
});
