import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IGrantable, PolicyStatement } from '../../lib/iam';
import { checkRoleNamePrefix, createPodIdentityRole, PodIdentityRole } from '../eks-cluster/pod-identity-role';
import { checkProps, checkString } from '../../lib/validation';

/** Namespace and service account of the read pooler; the AWS and platform stacks share them. */
export const READ_POOLER_SERVICE_ACCOUNT = { namespace: 'services', name: 'pgbouncer-read' } as const;

const ROLE_SUFFIX = '-pgbouncer-read';

export interface ReadPoolerRoleProps {
  /** The cluster's name attribute (a reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Prefix of the role name (the environment). */
  readonly namePrefix: string;
  /** Secrets Manager secret with the `{ username, password }` PgBouncer logs in with. */
  readonly secretArn: string;
  /** KMS key the secret is encrypted with. */
  readonly secretKeyArn: string;
  /** Region of the secret (scopes kms:Decrypt to Secrets Manager there). */
  readonly region: string;
  /** @default READ_POOLER_SERVICE_ACCOUNT */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
}

/**
 * The IAM side of the read pooler: a role bound to its service account with EKS Pod
 * Identity, allowed to read exactly one secret and decrypt it only through Secrets Manager.
 * ASCP assumes it when it mounts the secret into the pooler's pods. AWS resources only, so
 * it belongs in the environment's AWS stack.
 */
export class ReadPoolerRole extends Construct implements IGrantable {
  public readonly role: IamRole;
  public readonly roleArn: string;
  private readonly identity: PodIdentityRole;

  constructor(scope: Construct, id: string, props: ReadPoolerRoleProps) {
    super(scope, id);
    checkProps(this, props, `{ namePrefix: 'prod', ... }`);
    checkRoleNamePrefix(this, 'namePrefix', props.namePrefix, ROLE_SUFFIX);
    for (const key of ['clusterName', 'secretArn', 'secretKeyArn', 'region'] as const) checkString(this, key, props[key], true);
    const account = props.serviceAccount ?? READ_POOLER_SERVICE_ACCOUNT;

    this.identity = createPodIdentityRole(this, {
      clusterName: props.clusterName,
      roleName: `${props.namePrefix}${ROLE_SUFFIX}`,
      description: `PgBouncer read pooler of ${props.namePrefix}: reads the database secret through the Secrets Store CSI driver`,
      serviceAccount: account,
      policy: {
        id: 'read-secret',
        name: 'read-database-secret',
        statements: [
          new PolicyStatement({ sid: 'ReadSecret', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [props.secretArn] }),
          new PolicyStatement({
            sid: 'DecryptSecret',
            actions: ['kms:Decrypt'],
            resources: [props.secretKeyArn],
            conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
          }),
        ],
      },
    });
    this.role = this.identity.role;
    this.roleArn = this.role.arn;
  }

  /** Adds a statement to the pooler's inline policy. */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.identity.addToPrincipalPolicy(statement);
  }
}
