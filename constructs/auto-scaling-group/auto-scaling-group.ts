import { Fn, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AutoscalingGroup, AutoscalingGroupConfig } from '@cdktf/provider-aws/lib/autoscaling-group';
import { AutoscalingPolicy } from '@cdktf/provider-aws/lib/autoscaling-policy';
import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { partitionFromArn } from '../../lib/aws-arn';
import { PolicyDocument, Principal } from '../../lib/iam';
import { invalid } from '../../lib/errors';
import { rejectReplacedProps } from '../../lib/replaced-props';
import { AL2023_AMI, checkAmiId, checkArray, checkImageArchitecture, checkInstanceType, checkInteger, checkMinMax, checkName, checkOneOf, checkProps, checkString, checkTimeZone, instanceArchitecture, isUnresolved } from '../../lib/validation';
import { Connections, IConnectable } from '../connections';
import { AutoScalingGroupProps, PredictiveScalingMode, ScheduledScaling, WarmPoolState } from './auto-scaling-group-props';

/** EC2 resolves this parameter at every launch. https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html */
export const AL2023_ARM64_AMI = AL2023_AMI.arm64;
/** Root device of Amazon Linux 2023 AMIs. */
const AL2023_ROOT_DEVICE = '/dev/xvda';
const DEFAULT_ROOT_VOLUME_GIB = 20;
/** Long enough for cloud-init to install and start nginx on a fresh instance. */
const DEFAULT_HEALTH_CHECK_GRACE_SECONDS = 180;
const DEFAULT_INSTANCE_WARMUP_SECONDS = 120;
const DEFAULT_MIN_HEALTHY_PERCENT = 90;
/** Launch before terminate during a refresh; AWS allows max - min <= 100. https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-instance-maintenance-policy.html */
const DEFAULT_MAX_HEALTHY_PERCENT = 110;
const DEFAULT_DRAIN_TIMEOUT_SECONDS = 300;
/** Lifecycle hooks wait 30 s to 7,200 s. https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks-overview.html */
const MIN_HEARTBEAT_SECONDS = 30;
const MAX_HEARTBEAT_SECONDS = 7_200;
/** Name of the termination lifecycle hook; instances complete it when their drain is done. */
export const DRAIN_LIFECYCLE_HOOK_NAME = 'drain';
/** The design notes' CPU target for every scaling tier (design-notes/004 ASGAverageCPUUtilization 70; 003 HPA 70%). */
export const DEFAULT_CPU_TARGET_PERCENT = 70;
/** EC2 user data: 16 KB before base64. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html */
const USER_DATA_MAX_BYTES = 16_384;
/** Name limits: launch template 128, IAM role 64 (`<name>-instance`), ASG 255. */
const NAME_MAX = 55;
/** The GP3 root volume: 1 GiB to 16 TiB. https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html */
const GP3_MAX_GIB = 16_384;
/** Group metrics published to CloudWatch at one-minute granularity (free). https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html */
const GROUP_METRICS = [
  'GroupMinSize',
  'GroupMaxSize',
  'GroupDesiredCapacity',
  'GroupInServiceInstances',
  'GroupPendingInstances',
  'GroupTerminatingInstances',
  'GroupTotalInstances',
  'WarmPoolWarmedCapacity',
];

/**
 * An EC2 Auto Scaling group behind a hardened launch template.
 *
 * - Launch template: IMDSv2 only (hop limit 1), encrypted gp3 root volume, no public IP,
 *   detailed monitoring, an instance profile with SSM Session Manager access (no SSH),
 *   cloud-init user data.
 * - The group pins the launch template's latest version number, not `$Latest`: a new
 *   version changes the group's configuration, which starts an instance refresh
 *   (a `$Latest` reference never does).
 * - `desired_capacity` is in `ignore_changes`: the scaling policies own it after creation.
 * - A termination lifecycle hook holds instances in `Terminating:Wait` for the drain.
 */
export class AutoScalingGroup extends Construct implements IConnectable {
  public readonly group: AutoscalingGroup;
  public readonly launchTemplate: LaunchTemplate;
  public readonly role: IamRole;
  public readonly groupName: string;
  public readonly groupArn: string;
  /** Name of the termination lifecycle hook the instance completes when drained. */
  public readonly drainHookName: string;
  /** The instances' security groups (the `connections` prop). */
  public readonly connections: Connections;

  constructor(scope: Construct, id: string, props: AutoScalingGroupProps) {
    super(scope, id);
    this.validate(props);
    const name = props.name;
    this.connections = props.connections;

    this.role = new IamRole(this, 'role', {
      name: `${name}-instance`,
      description: `Instances of the ${name} Auto Scaling group`,
      assumeRolePolicy: PolicyDocument.trust(Principal.service('ec2.amazonaws.com')).toJson(),
    });
    const partition = partitionFromArn(this.role.arn);
    // Session Manager instead of SSH: no key pairs, no inbound port 22, every session logged.
    const policies = [`arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`, ...(props.managedPolicyArns ?? [])];
    policies.forEach((arn, i) => new IamRolePolicyAttachment(this, `policy-${i}`, { role: this.role.name, policyArn: arn }));
    const profile = new IamInstanceProfile(this, 'profile', { name: `${name}-instance`, role: this.role.name });

    const tags = { Name: name, ...props.tags };
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name,
      description: `${name}: IMDSv2, encrypted gp3, private, cloud-init`,
      imageId: props.imageId ?? defaultImage(props.instanceType),
      instanceType: props.instanceType,
      updateDefaultVersion: true,
      ebsOptimized: 'true',
      userData: Fn.base64encode(props.userData),
      iamInstanceProfile: { arn: profile.arn },
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1, instanceMetadataTags: 'disabled' },
      monitoring: { enabled: true },
      networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: 'false', deleteOnTermination: 'true', securityGroups: props.connections.securityGroupIds }],
      blockDeviceMappings: [
        {
          deviceName: AL2023_ROOT_DEVICE,
          ebs: {
            volumeSize: props.rootVolumeSizeGiB ?? DEFAULT_ROOT_VOLUME_GIB,
            volumeType: 'gp3',
            encrypted: 'true',
            kmsKeyId: props.volumeKmsKeyArn,
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume', 'network-interface'].map((resourceType) => ({ resourceType, tags })),
      tags,
    });
    const templateRef = { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) };

    const drainTimeout = props.drainTimeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS;
    this.drainHookName = DRAIN_LIFECYCLE_HOOK_NAME;
    const useElb = (props.targetGroupArns ?? []).length > 0;
    const config: AutoscalingGroupConfig = {
      name,
      vpcZoneIdentifier: props.subnets.map((s) => s.id),
      minSize: props.minSize,
      maxSize: props.maxSize,
      desiredCapacity: props.desiredCapacity ?? props.minSize,
      targetGroupArns: props.targetGroupArns,
      healthCheckType: useElb ? 'ELB' : 'EC2',
      healthCheckGracePeriod: props.healthCheckGracePeriodSeconds ?? DEFAULT_HEALTH_CHECK_GRACE_SECONDS,
      defaultInstanceWarmup: props.defaultInstanceWarmupSeconds ?? DEFAULT_INSTANCE_WARMUP_SECONDS,
      capacityRebalance: props.spot ? true : undefined,
      enabledMetrics: GROUP_METRICS,
      metricsGranularity: '1Minute',
      launchTemplate: props.spot ? undefined : templateRef,
      mixedInstancesPolicy: props.spot
        ? {
            instancesDistribution: {
              onDemandBaseCapacity: props.spot.onDemandBaseCapacity ?? 0,
              onDemandPercentageAboveBaseCapacity: props.spot.onDemandPercentageAboveBaseCapacity ?? 0,
              // Launches from the pools least likely to be interrupted, cheapest among them.
              spotAllocationStrategy: 'price-capacity-optimized',
            },
            launchTemplate: {
              launchTemplateSpecification: { launchTemplateId: templateRef.id, version: templateRef.version },
              override: props.spot.instanceTypes.map((instanceType) => ({ instanceType })),
            },
          }
        : undefined,
      instanceRefresh: {
        strategy: 'Rolling',
        preferences: {
          minHealthyPercentage: props.minHealthyPercentage ?? DEFAULT_MIN_HEALTHY_PERCENT,
          maxHealthyPercentage: props.maxHealthyPercentage ?? DEFAULT_MAX_HEALTHY_PERCENT,
          skipMatching: true,
        },
      },
      warmPool: props.warmPool
        ? {
            poolState: props.warmPool.state ?? WarmPoolState.STOPPED,
            minSize: props.warmPool.minSize ?? 0,
            instanceReusePolicy: { reuseOnScaleIn: props.warmPool.reuseOnScaleIn ?? true },
          }
        : undefined,
      initialLifecycleHook: [
        {
          name: this.drainHookName,
          lifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
          // If the instance never reports, terminate anyway: a stuck drain must not block scale-in.
          defaultResult: 'CONTINUE',
          heartbeatTimeout: drainTimeout,
        },
      ],
      tag: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: false })),
      lifecycle: { ignoreChanges: ['desired_capacity'] },
    };
    this.group = new AutoscalingGroup(this, 'group', config);
    this.groupName = this.group.name;
    this.groupArn = this.group.arn;

    this.addScaling(props);
  }

  private addScaling(props: AutoScalingGroupProps): void {
    new AutoscalingPolicy(this, 'cpu-target', {
      name: 'cpu-target-tracking',
      autoscalingGroupName: this.group.name,
      policyType: 'TargetTrackingScaling',
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'ASGAverageCPUUtilization' },
        targetValue: props.cpuTargetPercent ?? DEFAULT_CPU_TARGET_PERCENT,
      },
    });
    (props.requestCountTargets ?? []).forEach((target, i) => {
      new AutoscalingPolicy(this, `request-count-target-${i}`, {
        name: `request-count-target-tracking-${i}`,
        autoscalingGroupName: this.group.name,
        policyType: 'TargetTrackingScaling',
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: 'ALBRequestCountPerTarget', resourceLabel: target.resourceLabel },
          targetValue: target.requestsPerTargetPerMinute,
        },
      });
    });
    if (props.predictiveScaling) {
      new AutoscalingPolicy(this, 'predictive', {
        name: 'predictive-cpu',
        autoscalingGroupName: this.group.name,
        policyType: 'PredictiveScaling',
        predictiveScalingConfiguration: {
          mode: props.predictiveScaling,
          metricSpecification: {
            targetValue: props.cpuTargetPercent ?? DEFAULT_CPU_TARGET_PERCENT,
            predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
          },
        },
      });
    }
    for (const schedule of props.scheduledScaling ?? []) {
      new AutoscalingSchedule(this, `schedule-${schedule.name}`, {
        scheduledActionName: schedule.name,
        autoscalingGroupName: this.group.name,
        recurrence: schedule.recurrence,
        timeZone: schedule.timeZone ?? 'Etc/UTC',
        minSize: schedule.minSize ?? -1,
        maxSize: schedule.maxSize ?? -1,
        desiredCapacity: schedule.desiredCapacity ?? -1,
      });
    }
  }

  private validate(props: AutoScalingGroupProps): void {
    checkProps(this, props, `{ name: 'prod-nginx', subnets, instanceType: 'c7g.2xlarge', userData, minSize, desiredCapacity, maxSize }`);
    checkName(this, 'name', props.name, { maxLength: NAME_MAX, pattern: /^[A-Za-z][A-Za-z0-9-]*$/, charset: 'letters, digits and hyphens', what: 'Auto Scaling group name (also the IAM role name with "-instance")' });
    checkArray(this, 'subnets', props.subnets, { minLength: 1, what: 'subnets, one per AZ' });
    checkString(this, 'instanceType', props.instanceType, true);
    checkInstanceType(this, 'instanceType', props.instanceType);
    // Issue 21: the image's format and architecture, schedules' time zones.
    checkAmiId(this, 'imageId', props.imageId);
    checkImageArchitecture(this, props.imageId === undefined ? 'imageId (default, from instanceType)' : 'imageId', props.imageId ?? defaultImage(props.instanceType), 'instanceType', [props.instanceType]);
    if (props.spot) checkImageArchitecture(this, props.imageId === undefined ? 'imageId (default, from instanceType)' : 'imageId', props.imageId ?? defaultImage(props.instanceType), 'spot.instanceTypes', props.spot.instanceTypes);
    checkString(this, 'userData', props.userData, true);
    if (!isUnresolved(props.userData) && Buffer.byteLength(props.userData, 'utf8') > USER_DATA_MAX_BYTES) {
      invalid(this, 'userData', `${Buffer.byteLength(props.userData, 'utf8')} bytes`, `is over EC2's user data limit of ${USER_DATA_MAX_BYTES} bytes`, 'ship large files another way (S3, SSM parameter) or compress them');
    }
    rejectReplacedProps(this, props, { securityGroupIds: { by: 'connections (an object reference)', fix: () => 'pass connections: Connections.fromSecurityGroupId(this, "<id>", "<sg-id>"), or the Connections of the construct that owns the group' } });
    if (!(props.connections instanceof Connections)) {
      invalid(this, 'connections', props.connections, 'is not a Connections', 'pass the Connections of the instances\' security groups, e.g. Connections.fromSecurityGroupId(this, "<id>", "<sg-id>")');
    }
    checkArray(this, 'connections.securityGroupIds', props.connections.securityGroupIds, { minLength: 1, maxLength: 5, what: 'security groups (an instance has at most 5)' });
    checkInteger(this, 'minSize', props.minSize, { min: 0 });
    checkInteger(this, 'maxSize', props.maxSize, { min: 1 });
    checkInteger(this, 'desiredCapacity', props.desiredCapacity, { min: 0 });
    checkMinMax(this, 'minSize', props.minSize, 'maxSize', props.maxSize);
    if (props.desiredCapacity !== undefined && !isUnresolved(props.desiredCapacity)) {
      if (props.desiredCapacity < props.minSize || props.desiredCapacity > props.maxSize) {
        invalid(this, 'desiredCapacity', props.desiredCapacity, `is outside minSize..maxSize (${props.minSize}..${props.maxSize})`, 'pass a desiredCapacity between minSize and maxSize');
      }
    }
    checkInteger(this, 'rootVolumeSizeGiB', props.rootVolumeSizeGiB, { min: 1, max: GP3_MAX_GIB, limit: 'gp3 volumes hold 1 GiB to 16 TiB' });
    checkInteger(this, 'healthCheckGracePeriodSeconds', props.healthCheckGracePeriodSeconds, { min: 0, max: 7_200 });
    checkInteger(this, 'defaultInstanceWarmupSeconds', props.defaultInstanceWarmupSeconds, { min: 0, max: 3_600 });
    checkInteger(this, 'minHealthyPercentage', props.minHealthyPercentage, { min: 0, max: 100 });
    checkInteger(this, 'maxHealthyPercentage', props.maxHealthyPercentage, { min: 100, max: 200, limit: 'EC2 Auto Scaling accepts 100 to 200' });
    const minHealthy = props.minHealthyPercentage ?? DEFAULT_MIN_HEALTHY_PERCENT;
    const maxHealthy = props.maxHealthyPercentage ?? DEFAULT_MAX_HEALTHY_PERCENT;
    if (maxHealthy - minHealthy > 100) {
      invalid(this, 'maxHealthyPercentage', maxHealthy, `is more than 100 points above minHealthyPercentage (${minHealthy}), which EC2 Auto Scaling rejects`, 'narrow the range to at most 100 points');
    }
    checkInteger(this, 'drainTimeoutSeconds', props.drainTimeoutSeconds, { min: MIN_HEARTBEAT_SECONDS, max: MAX_HEARTBEAT_SECONDS, limit: 'lifecycle hooks wait 30 to 7,200 seconds' });
    checkInteger(this, 'cpuTargetPercent', props.cpuTargetPercent, { min: 1, max: 100 });
    if (props.spot) {
      checkArray(this, 'spot.instanceTypes', props.spot.instanceTypes, { minLength: 1, maxLength: 40, what: 'instance types' });
      props.spot.instanceTypes.forEach((type, i) => checkInstanceType(this, `spot.instanceTypes[${i}]`, type));
      checkInteger(this, 'spot.onDemandBaseCapacity', props.spot.onDemandBaseCapacity, { min: 0 });
      checkInteger(this, 'spot.onDemandPercentageAboveBaseCapacity', props.spot.onDemandPercentageAboveBaseCapacity, { min: 0, max: 100 });
    }
    if (props.warmPool) {
      if (props.spot) invalid(this, 'warmPool', props.warmPool, 'is set together with spot; EC2 Auto Scaling does not support warm pools in groups with a mixed instances policy', 'drop warmPool or spot');
      checkOneOf(this, 'warmPool.state', props.warmPool.state, Object.values(WarmPoolState));
      checkInteger(this, 'warmPool.minSize', props.warmPool.minSize, { min: 0 });
    }
    checkOneOf(this, 'predictiveScaling', props.predictiveScaling, Object.values(PredictiveScalingMode));
    (props.requestCountTargets ?? []).forEach((t, i) => {
      checkString(this, `requestCountTargets[${i}].resourceLabel`, t.resourceLabel, true);
      checkInteger(this, `requestCountTargets[${i}].requestsPerTargetPerMinute`, t.requestsPerTargetPerMinute, { min: 1 });
    });
    checkScheduledScaling(this, 'scheduledScaling', props.scheduledScaling);
  }
}

/** The latest Amazon Linux 2023 image of the instance type's architecture (arm64 when the type is a token or unknown). */
function defaultImage(instanceType: string): string {
  return AL2023_AMI[(typeof instanceType === 'string' && !isUnresolved(instanceType) ? instanceArchitecture(instanceType) : undefined) ?? 'arm64'];
}

/** Checks scheduled actions (an Auto Scaling group's or a managed node group's). */
export function checkScheduledScaling(scope: IConstruct, prop: string, schedules: readonly ScheduledScaling[] | undefined): void {
  if (schedules === undefined) return;
  checkArray(scope, prop, schedules, { what: 'scheduled actions' });
  const names = new Set<string>();
  schedules.forEach((s, i) => {
    checkName(scope, `${prop}[${i}].name`, s.name, { maxLength: 255, pattern: /^[A-Za-z0-9-]+$/, charset: 'letters, digits and hyphens', what: 'scheduled action name' });
    if (names.has(s.name)) invalid(scope, `${prop}[${i}].name`, s.name, 'names two scheduled actions', 'give every scheduled action its own name');
    names.add(s.name);
    if (typeof s.recurrence !== 'string' || s.recurrence.trim().split(/\s+/).length !== 5) {
      invalid(scope, `${prop}[${i}].recurrence`, s.recurrence, 'is not a five-field cron expression', 'write e.g. "0 7 * * MON-FRI"');
    }
    checkInteger(scope, `${prop}[${i}].minSize`, s.minSize, { min: 0 });
    checkInteger(scope, `${prop}[${i}].maxSize`, s.maxSize, { min: 0 });
    checkInteger(scope, `${prop}[${i}].desiredCapacity`, s.desiredCapacity, { min: 0 });
    checkMinMax(scope, `${prop}[${i}].minSize`, s.minSize, `${prop}[${i}].maxSize`, s.maxSize);
    checkTimeZone(scope, `${prop}[${i}].timeZone`, s.timeZone);
    if (s.minSize === undefined && s.maxSize === undefined && s.desiredCapacity === undefined) {
      invalid(scope, `${prop}[${i}]`, s.name, 'changes nothing (no minSize, maxSize or desiredCapacity)', 'set at least one of them');
    }
  });
}
