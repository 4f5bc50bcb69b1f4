import { AutoScalingGroup, AutoScalingGroupProps, PredictiveScalingMode, WarmPoolState } from '../../../constructs/auto-scaling-group';
import { allOf, countOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';
import { Connections } from '../../../constructs/connections';

const BASE: Omit<AutoScalingGroupProps, 'connections'> = {
  name: 'prod-nginx',
  subnets: [
    { id: 'subnet-a', availabilityZone: 'us-east-1a', cidr: '10.30.0.0/18' },
    { id: 'subnet-b', availabilityZone: 'us-east-1b', cidr: '10.30.64.0/18' },
  ],
  instanceType: 'c7g.2xlarge',
  userData: '#cloud-config\npackages: [nginx]\n',
  minSize: 6,
  desiredCapacity: 6,
  maxSize: 9,
  targetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/tg/1'],
  requestCountTargets: [{ resourceLabel: 'app/alb/1/targetgroup/tg/1', requestsPerTargetPerMinute: 1_000_000 }],
};

function synth(props: Partial<AutoScalingGroupProps> = {}) {
  return synthConstructs((scope) => new AutoScalingGroup(scope, 'asg', { ...BASE, connections: Connections.fromSecurityGroupId(scope, 'instances', 'sg-123'), ...props }));
}

describe('AutoScalingGroup', () => {
  describe('GIVEN an on-demand group behind a target group', () => {
    const stack = synth();
    const group = onlyOf(stack, 'aws_autoscaling_group');
    const template = onlyOf(stack, 'aws_launch_template');

    test('THEN the launch template requires IMDSv2, encrypts gp3, has no public IP and detailed monitoring', () => {
      expect(template.metadata_options).toMatchObject({ http_tokens: 'required', http_put_response_hop_limit: 1 });
      expect((template.block_device_mappings as Record<string, any>[])[0].ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true' });
      expect((template.network_interfaces as Record<string, unknown>[])[0]).toMatchObject({ associate_public_ip_address: 'false', security_groups: ['sg-123'] });
      expect(template.monitoring).toEqual({ enabled: true });
      expect(template.image_id).toBe('resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64');
      expect(String(template.user_data)).toContain('base64encode');
    });

    test('THEN the instance role has SSM access and nothing else by default', () => {
      const role = onlyOf(stack, 'aws_iam_role');
      expect(policyOf(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
      expect(String(onlyOf(stack, 'aws_iam_role_policy_attachment').policy_arn)).toContain(':iam::aws:policy/AmazonSSMManagedInstanceCore');
      expect(String((template.iam_instance_profile as Record<string, unknown>).arn)).toContain('aws_iam_instance_profile');
    });

    test('THEN the group pins the latest version number, so instance refresh fires', () => {
      const ref = group.launch_template as Record<string, unknown>;
      expect(ref.version).toMatch(/aws_launch_template\.[^.]+\.latest_version/);
      expect(ref.version).not.toBe('$Latest');
      expect(group.instance_refresh).toMatchObject({ strategy: 'Rolling', preferences: { min_healthy_percentage: 90, max_healthy_percentage: 110, skip_matching: true } });
    });

    test('THEN desired capacity is set once and then left to the scaling policies', () => {
      expect(group).toMatchObject({ min_size: 6, desired_capacity: 6, max_size: 9 });
      expect((group.lifecycle as Record<string, unknown>).ignore_changes).toEqual(['desired_capacity']);
    });

    test('THEN it uses ELB health checks with a grace period, warmup, and spreads over the subnets', () => {
      expect(group).toMatchObject({ health_check_type: 'ELB', health_check_grace_period: 180, default_instance_warmup: 120, vpc_zone_identifier: ['subnet-a', 'subnet-b'] });
    });

    test('THEN a termination lifecycle hook holds instances for the drain', () => {
      expect((group.initial_lifecycle_hook as Record<string, unknown>[])[0]).toMatchObject({ lifecycle_transition: 'autoscaling:EC2_INSTANCE_TERMINATING', default_result: 'CONTINUE', heartbeat_timeout: 300 });
    });

    test('THEN it tracks CPU at 70% and requests per target', () => {
      const policies = allOf(stack, 'aws_autoscaling_policy').map((p) => p.target_tracking_configuration as Record<string, any>);
      expect(policies).toHaveLength(2);
      expect(policies[0]).toMatchObject({ target_value: 70, predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' } });
      expect(policies[1]).toMatchObject({ target_value: 1_000_000, predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: 'app/alb/1/targetgroup/tg/1' } });
    });
  });

  test('GIVEN Spot settings THEN a mixed instances policy uses price-capacity-optimized with capacity rebalance', () => {
    const group = onlyOf(synth({ spot: { instanceTypes: ['c7g.2xlarge', 'c6g.2xlarge'], onDemandBaseCapacity: 3 } }), 'aws_autoscaling_group');
    expect(group.launch_template).toBeUndefined();
    expect(group.capacity_rebalance).toBe(true);
    const mixed = group.mixed_instances_policy as Record<string, any>;
    expect(mixed.instances_distribution).toMatchObject({ spot_allocation_strategy: 'price-capacity-optimized', on_demand_base_capacity: 3, on_demand_percentage_above_base_capacity: 0 });
    expect(mixed.launch_template.override).toEqual([{ instance_type: 'c7g.2xlarge' }, { instance_type: 'c6g.2xlarge' }]);
    expect(mixed.launch_template.launch_template_specification.version).toMatch(/latest_version/);
  });

  test('GIVEN a warm pool, a schedule and predictive scaling THEN each is created', () => {
    const stack = synth({
      warmPool: { state: WarmPoolState.STOPPED, minSize: 2 },
      scheduledScaling: [{ name: 'market-open', recurrence: '0 13 * * MON-FRI', minSize: 9 }],
      predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
    });
    expect(onlyOf(stack, 'aws_autoscaling_group').warm_pool).toMatchObject({ pool_state: 'Stopped', min_size: 2 });
    expect(onlyOf(stack, 'aws_autoscaling_schedule')).toMatchObject({ recurrence: '0 13 * * MON-FRI', min_size: 9, max_size: -1, desired_capacity: -1 });
    expect(allOf(stack, 'aws_autoscaling_policy').find((p) => p.policy_type === 'PredictiveScaling')).toBeDefined();
    expect(countOf(stack, 'aws_autoscaling_policy')).toBe(3);
  });

  describe('GIVEN bad props THEN synth fails with the fix', () => {
    test('min above max', () => {
      expect(() => synth({ minSize: 10, desiredCapacity: 10, maxSize: 9 })).toThrow('AutoScalingGroup (test/asg): minSize = 10 is greater than maxSize (9). Fix: lower minSize or raise maxSize so that minSize <= maxSize');
    });
    test('desired outside the bounds', () => {
      expect(() => synth({ desiredCapacity: 12 })).toThrow(/desiredCapacity = 12 is outside minSize\.\.maxSize \(6\.\.9\)/);
    });
    test('warm pool with Spot', () => {
      expect(() => synth({ spot: { instanceTypes: ['c7g.large'] }, warmPool: {} })).toThrow(/does not support warm pools in groups with a mixed instances policy/);
    });
    test('user data over 16 KB', () => {
      expect(() => synth({ userData: 'x'.repeat(20_000) })).toThrow(/over EC2's user data limit of 16384 bytes/);
    });
    test('a name too long for the IAM role', () => {
      expect(() => synth({ name: 'n'.repeat(60) })).toThrow(/is 60 characters long/);
    });
  });
});
