import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { accountIdFromArn, partitionFromArn } from '../../lib/aws-arn';
import { invalid } from '../../lib/errors';
import { Conditions, PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkArray, checkInteger, checkName, checkProps, checkString } from '../../lib/validation';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `prod-rds`. */
  readonly alias: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /**
   * Waiting period before AWS deletes the key after `terraform destroy`.
   * @default 30 - the maximum, so a mistaken destroy can be cancelled
   */
  readonly deletionWindowInDays?: number;
  /**
   * With `retainOnDestroy` (production), Terraform never destroys the key (`prevent_destroy`):
   * data encrypted with a deleted key is lost.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}

/** A statement that lets an AWS service use the key, optionally scoped by conditions. */
export interface ServiceGrant {
  /** Service principal, e.g. `logs.us-east-1.amazonaws.com`. */
  readonly servicePrincipal: string;
  readonly actions: string[];
  /** IAM condition block, e.g. `{ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': '...' } }`. */
  readonly conditions?: Conditions;
}

const DEFAULT_DELETION_WINDOW_DAYS = 30;
/** KMS accepts a pending-deletion window of 7 to 30 days. https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html */
const MIN_DELETION_WINDOW_DAYS = 7;
const MAX_DELETION_WINDOW_DAYS = 30;
/** https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Description */
const MAX_DESCRIPTION_LENGTH = 8192;

/**
 * A customer managed KMS key with yearly rotation, an alias and a key policy.
 *
 * The key policy gives the account root full control (so IAM policies work, the AWS default)
 * plus the service grants added with {@link grantToService}. The account id comes from the
 * key's own ARN, so no `aws_caller_identity` data source is needed and plans stay offline.
 */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly keyArn: string;
  public readonly keyId: string;
  public readonly aliasName: string;
  /** Account id of the key, read from its ARN (a token). */
  public readonly accountId: string;
  /** AWS partition of the key, read from its ARN (a token). */
  public readonly partition: string;
  private readonly grants: ServiceGrant[] = [];

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    checkProps(this, props, `{ alias: 'prod-rds', description: 'Encrypts the prod database' }`);
    if (typeof props.alias === 'string' && /^alias\//.test(props.alias)) {
      invalid(this, 'alias', props.alias, 'starts with "alias/", which the construct adds', `pass "${props.alias.replace(/^alias\//, '')}"`);
    }
    if (typeof props.alias === 'string' && /^aws\//i.test(props.alias)) {
      invalid(this, 'alias', props.alias, 'starts with "aws/", which AWS reserves for AWS managed keys', 'choose a name that does not start with "aws/"');
    }
    checkName(this, 'alias', props.alias, {
      maxLength: 250,
      pattern: /^[a-zA-Z0-9/_-]+$/,
      charset: 'letters, digits, "/", "_" and "-" (no "alias/" prefix, not starting with "aws/")',
      what: 'KMS alias',
    });
    checkInteger(this, 'deletionWindowInDays', props.deletionWindowInDays, {
      min: MIN_DELETION_WINDOW_DAYS,
      max: MAX_DELETION_WINDOW_DAYS,
      limit: 'KMS waits 7 to 30 days before deleting a key',
    });

    checkString(this, 'description', props.description, true);
    if (typeof props.description === 'string' && props.description.length > MAX_DESCRIPTION_LENGTH) {
      invalid(this, 'description', props.description, `is ${props.description.length} characters long; KMS allows ${MAX_DESCRIPTION_LENGTH}`, 'shorten the description');
    }
    const protection = resolveProtection(this, props);

    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS,
      lifecycle: protection.lifecycle(),
      tags: { Name: props.alias },
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.accountId = accountIdFromArn(this.key.arn);
    this.partition = partitionFromArn(this.key.arn);

    const alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.aliasName = alias.name;

    new KmsKeyPolicy(this, 'policy', {
      keyId: this.key.keyId,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().toJson() }),
    });
  }

  /** Lets an AWS service principal use the key (added to the key policy). */
  public grantToService(grant: ServiceGrant): void {
    checkProps(this, grant, `{ servicePrincipal: 'logs.us-east-1.amazonaws.com', actions: ['kms:Decrypt*'] }`);
    if (typeof grant.servicePrincipal !== 'string' || !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(grant.servicePrincipal)) {
      invalid(this, 'grant.servicePrincipal', grant.servicePrincipal, 'is not an AWS service principal', 'pass e.g. "logs.us-east-1.amazonaws.com"');
    }
    checkArray(this, 'grant.actions', grant.actions, { minLength: 1, what: 'KMS actions such as "kms:Decrypt"' });
    if (grant.actions === undefined) invalid(this, 'grant.actions', grant.actions, 'is required', 'list the KMS actions the service needs, e.g. ["kms:Decrypt"]');
    grant.actions.forEach((action, i) => {
      if (typeof action !== 'string' || !/^kms:[A-Za-z*]+$/.test(action)) invalid(this, `grant.actions[${i}]`, action, 'is not a KMS action', 'use actions such as "kms:Decrypt" or "kms:GenerateDataKey*"');
    });
    this.grants.push(grant);
  }

  private policyDocument(): PolicyDocument {
    return new PolicyDocument([
      new PolicyStatement({ sid: 'AccountRootFullAccess', principals: [Principal.accountRoot(this.partition, this.accountId)], actions: ['kms:*'], resources: ['*'] }),
      ...this.grants.map(
        (grant, index) =>
          new PolicyStatement({ sid: `Service${index}`, principals: [Principal.service(grant.servicePrincipal)], actions: grant.actions, resources: ['*'], conditions: grant.conditions }),
      ),
    ]);
  }
}
