import { Construct } from 'constructs';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { podIdentityTrustPolicy } from '../eks-cluster/controller-roles';
import { checkName, checkProps, checkString } from '../../lib/validation';

/** Namespace and service account of the read pooler; the AWS and platform stacks share them. */
export const READ_POOLER_SERVICE_ACCOUNT = { namespace: 'services', name: 'pgbouncer-read' } as const;

/** IAM role names are at most 64 characters. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
const IAM_ROLE_NAME_MAX_LENGTH = 64;
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
export class ReadPoolerRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ReadPoolerRoleProps) {
    super(scope, id);
    checkProps(this, props, `{ namePrefix: 'prod', ... }`);
    checkName(this, 'namePrefix', props.namePrefix, {
      maxLength: IAM_ROLE_NAME_MAX_LENGTH - ROLE_SUFFIX.length,
      pattern: /^[\w+=,.@-]+$/,
      charset: 'letters, digits and +=,.@_-',
      what: `IAM role name prefix (the role is "<prefix>${ROLE_SUFFIX}", at most ${IAM_ROLE_NAME_MAX_LENGTH} characters)`,
    });
    for (const key of ['clusterName', 'secretArn', 'secretKeyArn', 'region'] as const) checkString(this, key, props[key], true);
    const account = props.serviceAccount ?? READ_POOLER_SERVICE_ACCOUNT;

    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}${ROLE_SUFFIX}`,
      description: `PgBouncer read pooler of ${props.namePrefix}: reads the database secret through the Secrets Store CSI driver`,
      assumeRolePolicy: podIdentityTrustPolicy(),
    });
    new IamRolePolicy(this, 'read-secret', {
      role: this.role.id,
      name: 'read-database-secret',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'ReadSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: [props.secretArn] },
          {
            Sid: 'DecryptSecret',
            Effect: 'Allow',
            Action: ['kms:Decrypt'],
            Resource: [props.secretKeyArn],
            Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
          },
        ],
      }),
    });
    new EksPodIdentityAssociation(this, 'association', { clusterName: props.clusterName, namespace: account.namespace, serviceAccount: account.name, roleArn: this.role.arn });
    this.roleArn = this.role.arn;
  }
}
