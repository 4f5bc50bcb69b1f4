import { Connections } from '../connections';
import { SubnetInfo } from '../network';

/** Where a warm pool keeps its pre-initialised instances. */
export enum WarmPoolState {
  /** Stopped: pay for EBS only; resume in tens of seconds. */
  STOPPED = 'Stopped',
  /** Running: pay full price; join at once. */
  RUNNING = 'Running',
  /** Hibernated: memory kept on EBS; needs a hibernation-capable type and AMI. */
  HIBERNATED = 'Hibernated',
}

export enum PredictiveScalingMode {
  /** Forecasts only, for evaluation: the group does not act on them. */
  FORECAST_ONLY = 'ForecastOnly',
  /** Launches capacity ahead of the forecast load. */
  FORECAST_AND_SCALE = 'ForecastAndScale',
}

/** Part of the fleet on Spot, with the rest on demand. */
export interface SpotSettings {
  /** Instance types the group may launch, in preference order (same architecture as the AMI). */
  readonly instanceTypes: string[];
  /**
   * On-demand instances always kept before any Spot.
   * @default 0
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Share of instances above the base that are on demand, percent.
   * @default 0 - all Spot above the base
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
}

export interface WarmPoolSettings {
  /** @default WarmPoolState.STOPPED */
  readonly state?: WarmPoolState;
  /**
   * Instances kept in the pool however large the group is.
   * @default 0
   */
  readonly minSize?: number;
  /**
   * Put instances back in the pool on scale-in instead of terminating them.
   * @default true
   */
  readonly reuseOnScaleIn?: boolean;
}

/** A recurring change of the group's bounds (cron, UTC unless `timeZone`). */
export interface ScheduledScaling {
  /** Letters, digits and hyphens. */
  readonly name: string;
  /** Cron expression, e.g. `0 7 * * MON-FRI`. */
  readonly recurrence: string;
  /**
   * IANA time zone of `recurrence`, spelled as the time zone database spells it.
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** @default - unchanged */
  readonly minSize?: number;
  /** @default - unchanged */
  readonly maxSize?: number;
  /** @default - unchanged */
  readonly desiredCapacity?: number;
}

/** Target tracking on one ALB target group's ALBRequestCountPerTarget. */
export interface RequestCountTarget {
  /** `<load balancer arn_suffix>/<target group arn_suffix>`. */
  readonly resourceLabel: string;
  /** Requests per target per minute the group keeps. */
  readonly requestsPerTargetPerMinute: number;
}

export interface AutoScalingGroupProps {
  /** Name of the group, its launch template and its IAM role (`<name>-instance`). */
  readonly name: string;
  /** Subnets the group spreads over, one per AZ. */
  readonly subnets: SubnetInfo[];
  /** Instance type (the first choice when `spot` lists more). */
  readonly instanceType: string;
  /**
   * AMI id, or `resolve:ssm:<parameter>`, which EC2 resolves at every launch. It must
   * match the architecture of `instanceType` (and of `spot.instanceTypes`): checked at
   * synth when the parameter names it.
   * @default - the latest Amazon Linux 2023 AMI of the instance type's architecture (`resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64` for Graviton types, `...-x86_64` otherwise)
   */
  readonly imageId?: string;
  /** cloud-init user data (a `#cloud-config` document or a shell script), plain text. */
  readonly userData: string;
  /**
   * The security groups of the instances, as Connections (AlbNginxTier passes its nginx
   * group; `Connections.fromSecurityGroupId(...)` for a group made elsewhere). The group's
   * `connections` are these: rules added through either land on the same groups.
   */
  readonly connections: Connections;
  /** Fewest instances; the reference stacks take it from the capacity plan. */
  readonly minSize: number;
  /** Most instances scaling may reach; at most 1,000 behind a target group. */
  readonly maxSize: number;
  /**
   * Instances at creation. Terraform ignores later drift of this value (the group's
   * scaling policies own it), so a `terraform apply` never resets a scaled-out group.
   * @default minSize
   */
  readonly desiredCapacity?: number;
  /**
   * Root volume size.
   * @default 20
   */
  readonly rootVolumeSizeGiB?: number;
  /**
   * KMS key for the root volume.
   * @default - the account's EBS key (aws/ebs); volumes are encrypted either way
   */
  readonly volumeKmsKeyArn?: string;
  /**
   * Target groups the instances register with; the group then uses ELB health checks.
   * @default - none, EC2 health checks
   */
  readonly targetGroupArns?: string[];
  /** @default 180 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Seconds a new instance needs before its metrics count for scaling. @default 120 */
  readonly defaultInstanceWarmupSeconds?: number;
  /** Share of the group kept in service during an instance refresh. @default 90 */
  readonly minHealthyPercentage?: number;
  /** Share the group may grow to during an instance refresh (launch before terminate). @default 110 */
  readonly maxHealthyPercentage?: number;
  /**
   * Seconds a terminating instance waits in `Terminating:Wait` for its drain to finish.
   * @default 300
   */
  readonly drainTimeoutSeconds?: number;
  /** @default - on demand only */
  readonly spot?: SpotSettings;
  /** @default - no warm pool */
  readonly warmPool?: WarmPoolSettings;
  /**
   * Average CPU the group keeps by target tracking, percent.
   * @default 70 - the design notes' target (design-notes/004 and 003)
   */
  readonly cpuTargetPercent?: number;
  /** @default - no request-count tracking */
  readonly requestCountTargets?: RequestCountTarget[];
  /** @default - none */
  readonly scheduledScaling?: ScheduledScaling[];
  /** @default - no predictive scaling */
  readonly predictiveScaling?: PredictiveScalingMode;
  /** Managed policies for the instance role beside AmazonSSMManagedInstanceCore. @default [] */
  readonly managedPolicyArns?: string[];
  /** Tags on the group, its instances and volumes. @default {} */
  readonly tags?: Record<string, string>;
}
