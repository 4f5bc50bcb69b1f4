import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { checkName, IAM_ROLE_NAME_MAX_LENGTH } from '../../lib/validation';
import { podIdentityTrustPolicy, ServiceAccountRef } from './controller-roles';


/** One statement of an IAM policy document. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PodIdentityRoleOptions {
  /** The cluster's name attribute (a reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Full IAM role name; check its prefix with {@link checkRoleNamePrefix}. */
  readonly roleName: string;
  readonly description: string;
  /** The Kubernetes service account the role is bound to. */
  readonly serviceAccount: ServiceAccountRef;
  /** Construct id and name of the inline policy. */
  readonly policy: { readonly id: string; readonly name: string; readonly statements: PolicyStatement[] };
}

/**
 * An IAM role an in-cluster workload assumes through EKS Pod Identity: the role (trusting
 * `pods.eks.amazonaws.com`), one inline least-privilege policy, and the association with the
 * workload's service account. Created directly in `scope` (ids `role`, the policy's id and
 * `association`) so the constructs that use it keep their resource addresses.
 */
export function createPodIdentityRole(scope: Construct, options: PodIdentityRoleOptions): IamRole {
  const role = new IamRole(scope, 'role', { name: options.roleName, description: options.description, assumeRolePolicy: podIdentityTrustPolicy() });
  new IamRolePolicy(scope, options.policy.id, {
    role: role.id,
    name: options.policy.name,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: options.policy.statements }),
  });
  new EksPodIdentityAssociation(scope, 'association', {
    clusterName: options.clusterName,
    namespace: options.serviceAccount.namespace,
    serviceAccount: options.serviceAccount.name,
    roleArn: role.arn,
  });
  return role;
}

/** Checks a role-name prefix so that `<prefix><suffix>` fits IAM's 64-character limit and charset. */
export function checkRoleNamePrefix(scope: Construct, prop: string, prefix: unknown, suffix: string): void {
  checkName(scope, prop, prefix, {
    maxLength: IAM_ROLE_NAME_MAX_LENGTH - suffix.length,
    pattern: /^[\w+=,.@-]+$/,
    charset: 'letters, digits and +=,.@_-',
    what: `IAM role name prefix (the role is "<prefix>${suffix}", at most ${IAM_ROLE_NAME_MAX_LENGTH} characters)`,
  });
}
