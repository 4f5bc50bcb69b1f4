import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IGrantable, PolicyStatement } from '../../lib/iam';
import { checkRoleNamePrefix, createPodIdentityRole, PodIdentityRole } from '../eks-cluster/pod-identity-role';
import { checkProps, checkString } from '../../lib/validation';
import { ALERTMANAGER_SERVICE_ACCOUNT } from './charts';

const ROLE_SUFFIX = '-alertmanager';

export interface AlertmanagerRoleProps {
  /** The cluster's name attribute (a reference, so the association waits for the cluster). */
  readonly clusterName: string;
  /** Prefix of the role name (the environment). */
  readonly namePrefix: string;
  /** The SNS alarm topic Alertmanager publishes to. */
  readonly topicArn: string;
  /** KMS key the topic is encrypted with; its key policy must let IAM policies grant it (account root). */
  readonly topicKeyArn: string;
  /** @default ALERTMANAGER_SERVICE_ACCOUNT */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
}

/**
 * The IAM side of Alertmanager's SNS receiver: a role bound to Alertmanager's service account
 * with EKS Pod Identity, allowed to publish to exactly the alarm topic and to use exactly the
 * topic's key (publishing to an encrypted topic needs kms:GenerateDataKey* and
 * kms:Decrypt: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
 *
 * Alertmanager (v0.34.0 in kube-prometheus-stack 88.5.3) builds its SNS client with
 * aws-sdk-go-v2 config v1.32.33 `LoadDefaultConfig`, whose default chain includes the
 * container credential provider; EKS Pod Identity needs aws-sdk-go-v2 release-2023-11-14 or
 * later (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html), so the
 * pods need no annotation, key or role ARN. AWS resources only: it belongs in the AWS stack.
 */
export class AlertmanagerRole extends Construct implements IGrantable {
  public readonly role: IamRole;
  public readonly roleArn: string;
  private readonly identity: PodIdentityRole;

  constructor(scope: Construct, id: string, props: AlertmanagerRoleProps) {
    super(scope, id);
    checkProps(this, props, `{ clusterName, namePrefix: 'prod', topicArn, topicKeyArn }`);
    checkRoleNamePrefix(this, 'namePrefix', props.namePrefix, ROLE_SUFFIX);
    for (const key of ['clusterName', 'topicArn', 'topicKeyArn'] as const) checkString(this, key, props[key], true);
    const account = props.serviceAccount ?? ALERTMANAGER_SERVICE_ACCOUNT;

    this.identity = createPodIdentityRole(this, {
      clusterName: props.clusterName,
      roleName: `${props.namePrefix}${ROLE_SUFFIX}`,
      description: `Alertmanager of ${props.namePrefix}: publishes cluster alerts to the alarm topic`,
      serviceAccount: account,
      policy: {
        id: 'publish',
        name: 'publish-to-alarm-topic',
        statements: [
          new PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.topicArn] }),
          // No kms:ViaService condition: the key encrypts only the alarm topic, so the resource
          // is the boundary, and a condition this repo has not verified against SNS's KMS calls
          // could silently block every page.
          new PolicyStatement({ sid: 'EncryptForTopic', actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: [props.topicKeyArn] }),
        ],
      },
    });
    this.role = this.identity.role;
    this.roleArn = this.role.arn;
  }

  /** Adds a statement to Alertmanager's inline policy. */
  public addToPrincipalPolicy(statement: PolicyStatement): void {
    this.identity.addToPrincipalPolicy(statement);
  }
}
