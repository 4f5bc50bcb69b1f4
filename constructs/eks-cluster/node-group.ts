import { AutoscalingSchedule } from '@cdktf/provider-aws/lib/autoscaling-schedule';
import { dependable, Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { NodeGroupSpec } from './eks-cluster-props';

/** Root volume when the spec names none: AL2023 image, container images and logs. */
export const DEFAULT_ROOT_VOLUME_GIB = 50;
/**
 * One hop: pods cannot reach the node's instance metadata (and its role). Controllers get
 * credentials through EKS Pod Identity instead.
 * https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node
 */
const IMDS_HOP_LIMIT = 1;
/** Minutes one batch of a rolling update takes (launch, join, drain with PDBs) — planning figure for the update timeout. */
const MINUTES_PER_UPDATE_BATCH = 15;
/** Terraform's default node group update timeout. */
const MIN_UPDATE_TIMEOUT_MINUTES = 60;

export interface ManagedNodeGroupProps {
  /** Size, instance types, AZ, labels and taints of the group. */
  readonly spec: NodeGroupSpec;
  /** Name of the EKS cluster the group joins. */
  readonly clusterName: string;
  /** Version the nodes follow; an in-place rolling update when it changes, never a replacement. */
  readonly kubernetesVersion: string;
  /** IAM role of the nodes. */
  readonly nodeRoleArn: string;
  /** App subnet of the group's AZ. */
  readonly subnetId: string;
  /** Security groups of the nodes (and their pods). */
  readonly securityGroupIds: string[];
  /** EKS AMI type, matching the instance architecture (for example `AL2023_ARM_64_STANDARD`). */
  readonly amiType: string;
  /** Share of nodes replaced at once during an update, so large groups roll within the timeout. */
  readonly maxUnavailablePercent: number;
  /** Resources the group waits for (add-ons that must run before nodes join); {@link ManagedNodeGroup.addDependency} adds more. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * A launch template (IMDSv2 only, encrypted gp3 root, kubelet max pods through nodeadm)
 * and the managed node group that uses it, in one AZ.
 */
export class ManagedNodeGroup extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const { spec } = props;
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: `${props.clusterName}-${spec.name}`,
      description: `Nodes of EKS node group ${spec.name} (${props.clusterName})`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: props.securityGroupIds,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: IMDS_HOP_LIMIT },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: { volumeSize: spec.rootVolumeGiB ?? DEFAULT_ROOT_VOLUME_GIB, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' },
        },
      ],
      userData: Buffer.from(nodeConfigUserData(spec.maxPodsPerNode)).toString('base64'),
      tagSpecifications: [
        { resourceType: 'instance', tags: { Name: `${props.clusterName}-${spec.name}` } },
        { resourceType: 'volume', tags: { Name: `${props.clusterName}-${spec.name}` } },
      ],
      tags: { Name: `${props.clusterName}-${spec.name}` },
    });

    const batch = Math.max(1, Math.floor((spec.maxSize * props.maxUnavailablePercent) / 100));
    const updateMinutes = Math.max(MIN_UPDATE_TIMEOUT_MINUTES, Math.ceil(spec.maxSize / batch) * MINUTES_PER_UPDATE_BATCH);
    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: spec.name,
      version: props.kubernetesVersion,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [props.subnetId],
      amiType: props.amiType,
      capacityType: spec.capacityType ?? 'ON_DEMAND',
      instanceTypes: spec.instanceTypes,
      scalingConfig: { minSize: spec.minSize, desiredSize: spec.desiredSize, maxSize: spec.maxSize },
      updateConfig: { maxUnavailablePercentage: props.maxUnavailablePercent },
      launchTemplate: { id: this.launchTemplate.id, version: Fn.tostring(this.launchTemplate.latestVersion) },
      labels: { 'node-group': spec.name, ...spec.labels },
      taint: (spec.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      timeouts: { update: `${updateMinutes}m` },
      // The node autoscaler owns desired size after creation; Terraform must not reset it.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: [...props.dependsOn],
      tags: { Name: `${props.clusterName}-${spec.name}` },
    });

    // The group's own Auto Scaling group, which EKS creates and names.
    const groupName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
    for (const schedule of spec.scheduledScaling ?? []) {
      new AutoscalingSchedule(this, `schedule-${schedule.name}`, {
        scheduledActionName: schedule.name,
        autoscalingGroupName: groupName,
        recurrence: schedule.recurrence,
        timeZone: schedule.timeZone ?? 'Etc/UTC',
        minSize: schedule.minSize ?? -1,
        maxSize: schedule.maxSize ?? -1,
        desiredCapacity: schedule.desiredCapacity ?? -1,
      });
    }
  }

  /** Creates the group after `resources` too (appended to what it already waits for). */
  public addDependency(...resources: ITerraformDependable[]): void {
    this.nodeGroup.dependsOn = [...(this.nodeGroup.dependsOn ?? []), ...resources.map((r) => dependable(r))];
  }
}

/**
 * AL2023 nodeadm configuration merged with the one EKS generates for managed node groups:
 * sets kubelet maxPods explicitly so it matches the capacity model whatever EKS infers.
 * https://awslabs.github.io/amazon-eks-ami/nodeadm/doc/api/
 */
export function nodeConfigUserData(maxPods: number): string {
  return [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="NODEADM"',
    '',
    '--NODEADM',
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
    '--NODEADM--',
    '',
  ].join('\n');
}
