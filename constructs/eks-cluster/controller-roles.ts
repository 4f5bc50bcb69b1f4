import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
// The controller's official policy, verbatim from
// https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v2.14.1/docs/install/iam_policy.json
// (commit cb95cf0f39bc5c76380b78e9eb0255b3e96fadca). Raise it with the chart's app version.
import loadBalancerControllerPolicy from './policies/aws-load-balancer-controller-v2.14.1.json';

/** Where an in-cluster controller runs: its Kubernetes service account. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/**
 * Service accounts the platform stack must use for the controllers, so the Pod Identity
 * associations made here match the Helm releases made there.
 */
export const CONTROLLER_SERVICE_ACCOUNTS = {
  loadBalancerController: { namespace: 'kube-system', name: 'aws-load-balancer-controller' },
  clusterAutoscaler: { namespace: 'kube-system', name: 'cluster-autoscaler' },
  /** Fixed by the aws-ebs-csi-driver add-on. */
  ebsCsiController: { namespace: 'kube-system', name: 'ebs-csi-controller-sa' },
} as const satisfies Record<string, ServiceAccountRef>;

/** Trust policy for EKS Pod Identity: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html */
export function podIdentityTrustPolicy(): string {
  return PolicyDocument.trust(Principal.service('pods.eks.amazonaws.com'), ['sts:AssumeRole', 'sts:TagSession']).toJson();
}

/**
 * Cluster Autoscaler's recommended policy with auto-discovery, write actions limited to the
 * Auto Scaling groups EKS tags as owned by this cluster.
 * https://github.com/kubernetes/autoscaler/blob/cb0c862e1d/cluster-autoscaler/cloudprovider/aws/README.md (chart 9.50.1)
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'Discover',
      actions: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'eks:DescribeNodegroup',
      ],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'ScaleOwnNodeGroups',
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      conditions: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' } },
    }),
  ]).toJson();
}

export interface ControllerRolesProps {
  /** The cluster's name attribute (a reference, so associations wait for the cluster). */
  readonly clusterName: string;
  /** The cluster's name as a plain string: prefixes the role names and scopes the autoscaler's tag condition. */
  readonly namePrefix: string;
  /** AWS partition of the account (`aws`, `aws-us-gov`, ...), for the policy ARNs. */
  readonly partition: string;
}

/**
 * IAM roles of the in-cluster controllers, bound to their service accounts with EKS Pod
 * Identity (no OIDC provider, no per-cluster trust policy). The EBS CSI role is bound by
 * the add-on itself; see {@link EksCluster}.
 */
export class ControllerRoles extends Construct {
  public readonly loadBalancerControllerRoleArn: string;
  public readonly clusterAutoscalerRoleArn: string;
  public readonly ebsCsiDriverRoleArn: string;

  constructor(scope: Construct, id: string, props: ControllerRolesProps) {
    super(scope, id);
    const role = (key: string, description: string) =>
      new IamRole(this, key, { name: `${props.namePrefix}-${key}`, description, assumeRolePolicy: podIdentityTrustPolicy() });

    const lbc = role('aws-load-balancer-controller', `AWS Load Balancer Controller of EKS cluster ${props.clusterName}`);
    new IamRolePolicy(this, 'lbc-policy', { role: lbc.id, name: 'aws-load-balancer-controller', policy: JSON.stringify(loadBalancerControllerPolicy) });
    this.associate('lbc', props.clusterName, CONTROLLER_SERVICE_ACCOUNTS.loadBalancerController, lbc.arn);
    this.loadBalancerControllerRoleArn = lbc.arn;

    const ca = role('cluster-autoscaler', `Cluster Autoscaler of EKS cluster ${props.clusterName}`);
    new IamRolePolicy(this, 'ca-policy', { role: ca.id, name: 'cluster-autoscaler', policy: clusterAutoscalerPolicy(props.namePrefix) });
    this.associate('ca', props.clusterName, CONTROLLER_SERVICE_ACCOUNTS.clusterAutoscaler, ca.arn);
    this.clusterAutoscalerRoleArn = ca.arn;

    const ebs = role('ebs-csi-driver', `EBS CSI driver of EKS cluster ${props.clusterName}`);
    new IamRolePolicyAttachment(this, 'ebs-policy', { role: ebs.name, policyArn: `arn:${props.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy` });
    this.ebsCsiDriverRoleArn = ebs.arn;
  }

  private associate(id: string, clusterName: string, account: ServiceAccountRef, roleArn: string): void {
    new EksPodIdentityAssociation(this, `${id}-association`, { clusterName, namespace: account.namespace, serviceAccount: account.name, roleArn });
  }
}
