import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IGrantable, PolicyDocument, PolicyStatement, uniqueSid } from '../../lib/iam';
import { checkName, IAM_ROLE_NAME_MAX_LENGTH } from '../../lib/validation';
import { podIdentityTrustPolicy, ServiceAccountRef } from './controller-roles';

export interface PodIdentityRoleOptions {
  /** The cluster's name attribute (a reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Full IAM role name; check its prefix with {@link checkRoleNamePrefix}. */
  readonly roleName: string;
  readonly description: string;
  /** The Kubernetes service account the role is bound to. */
  readonly serviceAccount: ServiceAccountRef;
  /**
   * Construct id and name of the inline policy, and the statements it starts with; grants
   * ({@link PodIdentityRole.addToPrincipalPolicy}) add to it. Without statements the policy
   * resource appears with the first grant, so a role granted nothing has no policy at all.
   */
  readonly policy: { readonly id: string; readonly name: string; readonly statements?: PolicyStatement[] };
}

/**
 * An IAM role an in-cluster workload assumes through EKS Pod Identity: the role (trusting
 * `pods.eks.amazonaws.com`), one inline least-privilege policy, and the association with the
 * workload's service account. Its resources are created directly in the scope given to
 * {@link createPodIdentityRole} (ids `role`, the policy's id and `association`) so the
 * constructs that use it keep their resource addresses.
 *
 * It is a grantee: `db.grantConnect(role, user)` adds a statement to its inline policy.
 */
export class PodIdentityRole implements IGrantable {
  public readonly role: IamRole;
  public readonly roleArn: string;
  private readonly document = new PolicyDocument();
  private policy?: IamRolePolicy;

  /** @internal use {@link createPodIdentityRole} */
  constructor(
    private readonly scope: Construct,
    private readonly options: PodIdentityRoleOptions,
  ) {
    this.role = new IamRole(scope, 'role', { name: options.roleName, description: options.description, assumeRolePolicy: podIdentityTrustPolicy() });
    this.roleArn = this.role.arn;
    for (const statement of options.policy.statements ?? []) this.addToPrincipalPolicy(statement);
    new EksPodIdentityAssociation(scope, 'association', {
      clusterName: options.clusterName,
      namespace: options.serviceAccount.namespace,
      serviceAccount: options.serviceAccount.name,
      roleArn: this.role.arn,
    });
  }

  /** Adds a statement to the role's inline policy (a repeated statement id gets a number). */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    const sid = statement.sid === undefined ? undefined : uniqueSid(statement.sid, this.document.sids);
    this.document.addStatements(sid === statement.sid || sid === undefined ? statement : statement.withSid(sid));
    this.policy ??= new IamRolePolicy(this.scope, this.options.policy.id, {
      role: this.role.id,
      name: this.options.policy.name,
      policy: Lazy.stringValue({ produce: () => this.document.toJson() }),
    });
  }

  /** The statements granted so far, as IAM JSON (for reports and tests). */
  public get policyDocument(): PolicyDocument {
    return this.document;
  }
}

/** Creates a {@link PodIdentityRole} in `scope`. */
export function createPodIdentityRole(scope: Construct, options: PodIdentityRoleOptions): PodIdentityRole {
  return new PodIdentityRole(scope, options);
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
