import { Construct } from 'constructs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Protection, resolveProtection } from '../../lib/protection';
import { checkInteger, checkName, checkProps } from '../../lib/validation';
import { EncryptionKey } from '../encryption-key';

export interface ContainerRepositoryProps {
  /** Repository name (lower-case; `/` allowed for namespaces). */
  readonly name: string;
  /** Key that encrypts the images at rest. */
  readonly encryptionKey: EncryptionKey;
  /**
   * Tagged images kept; older ones expire so rollbacks stay possible without unbounded storage.
   * @default 100
   */
  readonly keepTaggedImages?: number;
  /**
   * Days an untagged image (a failed or superseded push) is kept.
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
  /**
   * With `retainOnDestroy` (production), Terraform never destroys the repository and its images (`prevent_destroy`).
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}

const DEFAULT_KEEP_TAGGED = 100;
const DEFAULT_UNTAGGED_EXPIRY_DAYS = 7;
/** ECR repository names: https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** ECR lifecycle rules count at most 10,000 images. https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html */
const MAX_COUNT_NUMBER = 10_000;

/**
 * An ECR repository for one service: immutable tags (a tag always means the same image),
 * scan on push, KMS encryption with the given key, and a lifecycle policy.
 */
export class ContainerRepository extends Construct {
  public readonly repositoryUrl: string;
  public readonly repositoryArn: string;
  public readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    checkProps(this, props, `{ name: 'api-gateway' }`);
    checkName(this, 'name', props.name, { maxLength: 256, pattern: REPOSITORY_NAME, charset: 'lower-case letters, digits, ".", "_", "-" and "/"', what: 'ECR repository name' });
    checkInteger(this, 'keepTaggedImages', props.keepTaggedImages, { min: 1, max: MAX_COUNT_NUMBER });
    checkInteger(this, 'untaggedExpiryDays', props.untaggedExpiryDays, { min: 1 });
    const protection = resolveProtection(this, props);

    const repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.encryptionKey.keyArn }],
      lifecycle: protection.lifecycle(),
      tags: { Name: props.name },
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: props.untaggedExpiryDays ?? DEFAULT_UNTAGGED_EXPIRY_DAYS },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: 'Keep the most recent tagged images',
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: props.keepTaggedImages ?? DEFAULT_KEEP_TAGGED },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    this.repositoryUrl = repository.repositoryUrl;
    this.repositoryArn = repository.arn;
    this.repositoryName = repository.name;
  }
}
