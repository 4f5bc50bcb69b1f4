import { ScheduledScaling } from '../auto-scaling-group/auto-scaling-group-props';
import { ITerraformDependable } from 'cdktf';
import { Protection } from '../../lib/protection';
import { INetwork } from '../network';
import { KubernetesVersion, SupportType } from './kubernetes-version';

/** A Kubernetes taint on every node of a group. */
export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

export enum TaintEffect {
  NO_SCHEDULE = 'NO_SCHEDULE',
  PREFER_NO_SCHEDULE = 'PREFER_NO_SCHEDULE',
  NO_EXECUTE = 'NO_EXECUTE',
}

/**
 * One managed node group, in one AZ. The reference stacks take every number from the
 * capacity model (`plan.nodeGroups`).
 */
export interface NodeGroupSpec {
  /** Group name, unique in the cluster (`services-az1`). */
  readonly name: string;
  /** EC2 instance types; all must share an architecture. The first one sets max pods. */
  readonly instanceTypes: string[];
  /** AZ of the group's subnet (one of the network's AZs). */
  readonly availabilityZone: string;
  readonly minSize: number;
  /** Initial size only: Terraform ignores later changes so the node autoscaler is not undone. */
  readonly desiredSize: number;
  /** At most 450 (EKS quota "Nodes per managed node group"). */
  readonly maxSize: number;
  /**
   * kubelet max pods. Must not exceed what the instance type's ENIs hold with VPC CNI
   * prefix delegation (capped at 110, or 250 above 30 vCPUs).
   */
  readonly maxPodsPerNode: number;
  /** @default {} */
  readonly labels?: Record<string, string>;
  /** @default [] */
  readonly taints?: NodeTaint[];
  /**
   * Root volume size (gp3, encrypted).
   * @default 50
   */
  readonly rootVolumeGiB?: number;
  /**
   * ON_DEMAND or SPOT. A Spot group should list several `instanceTypes` of one size (see
   * `spotInstanceTypes`): EKS launches it capacity-optimized with capacity rebalancing and
   * drains a node when EC2 sends its rebalance recommendation or interruption notice.
   * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html#managed-node-group-capacity-types
   * @default 'ON_DEMAND'
   */
  readonly capacityType?: NodeCapacityType;
  /**
   * Scheduled actions on the group's Auto Scaling group (as terraform-aws-modules'
   * eks-managed-node-group `schedules` does), e.g. hold it at its minimum outside working hours.
   * @default [] - the cluster autoscaler alone moves the group between its bounds
   */
  readonly scheduledScaling?: ScheduledScaling[];
}

/** How a managed node group buys its instances. */
export type NodeCapacityType = 'ON_DEMAND' | 'SPOT';
export const NODE_CAPACITY_TYPES: readonly NodeCapacityType[] = ['ON_DEMAND', 'SPOT'];

/** A cluster whose node groups can be made to wait for other resources (EksCluster). */
export interface INodeGroupOrdering {
  /** Creates every node group after `resources`, appending to what they already wait for. */
  addNodeGroupDependency(...resources: ITerraformDependable[]): void;
}

/** True for a target whose node groups can be ordered (an EksCluster), false for a bare group. */
export function hasNodeGroupOrdering(value: unknown): value is INodeGroupOrdering {
  return typeof value === 'object' && value !== null && typeof (value as INodeGroupOrdering).addNodeGroupDependency === 'function';
}

export interface EksClusterProps {
  /** Cluster name; prefixes IAM roles, security groups and node groups. */
  readonly name: string;
  /** The cluster, its nodes and pods go in the network's app subnets. */
  readonly network: INetwork;
  /** Kubernetes version, pinned; the add-on versions follow it. */
  readonly kubernetesVersion: KubernetesVersion;
  /** What EKS does when the version leaves standard support. Explicit on purpose: it decides cost and surprise upgrades. */
  readonly supportType: SupportType;
  /**
   * CIDRs allowed to reach the public API endpoint. The private endpoint is always on.
   * @default - public endpoint off
   */
  readonly publicAccessCidrs?: string[];
  /**
   * IAM role ARNs given cluster-admin through access entries. The identity that creates
   * the cluster is never made admin implicitly.
   * @default []
   */
  readonly adminRoleArns?: string[];
  /** Managed node groups, one per AZ in the reference stacks, sized by the capacity plan. */
  readonly nodeGroups: NodeGroupSpec[];
  /**
   * Share of a node group replaced at once during a rolling update (1 to 100). A
   * percentage keeps large groups from rolling one node at a time into Terraform's timeout.
   * @default 10
   */
  readonly nodeUpdateMaxUnavailablePercent?: number;
  /**
   * Days to keep the control-plane logs (api, audit, authenticator, controllerManager,
   * scheduler) and the Container Insights log groups.
   * @default - the protection's `logRetentionDays` (365 in production, 30 otherwise)
   */
  readonly logRetentionDays?: number;
  /**
   * Install CloudWatch Container Insights (enhanced observability): the
   * amazon-cloudwatch-observability add-on, its CloudWatch agent DaemonSet bound by EKS Pod
   * Identity to a role with CloudWatchAgentServerPolicy, and its performance log group. The
   * MonitoringStack's EKS node alarms and dashboard read the metrics it publishes; without it
   * they stay INSUFFICIENT_DATA. Application Signals stays off (see `ContainerInsights`).
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * With Container Insights, also ship every container's stdout/stderr and the nodes' host and
   * data-plane logs to CloudWatch Logs (Fluent Bit DaemonSet, log groups
   * `/aws/containerinsights/<name>/{application,dataplane,host}` with `logRetentionDays`).
   * Off by default: CloudWatch Logs bills every ingested GB, and at high request rates
   * per-request log lines dominate the bill.
   * @default false
   */
  readonly containerInsightsLogs?: boolean;
  /**
   * Log retention and, with `retainOnDestroy`, `prevent_destroy` on the cluster, its secrets
   * key and its log groups.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}
