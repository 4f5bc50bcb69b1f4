import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { partitionFromArn } from '../../lib/aws-arn';
import { Effect, PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { Protection, resolveProtection } from '../../lib/protection';

/**
 * Elastic Load Balancing's log-delivery account per Region, for Regions opened before
 * August 2022 (later Regions use the service principal only).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-central-1': '054676820928',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
};
const NONCURRENT_VERSION_DAYS = 30;
const ABORT_MULTIPART_DAYS = 7;

export interface AccessLogBucketProps {
  /** Bucket name prefix; Terraform appends a unique suffix (bucket names are global). */
  readonly namePrefix: string;
  /** Region of the load balancers; it picks the Elastic Load Balancing account allowed to write logs. */
  readonly region: string;
  /** Prefix ALBs write under (`<prefix>/AWSLogs/<account>/...`). */
  readonly logPrefix: string;
  /** Days before log objects expire (lifecycle rule). @default - the protection's `logRetentionDays` */
  readonly retentionDays?: number;
  /**
   * Log retention and, with `retainOnDestroy`, `prevent_destroy` and no `force_destroy`.
   * @default Protection.PRODUCTION
   */
  readonly protection?: Protection;
}

/**
 * The ALB access-log bucket. Encryption is SSE-S3: it is the only server-side encryption
 * ALB log delivery supports. Private, versioned, TLS-only, objects owned by the bucket
 * owner, expired after the retention period.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  /** The bucket policy; ALBs must depend on it (AWS checks write access when logging is enabled). */
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const protection = resolveProtection(this, props);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucketPrefix: props.namePrefix,
      forceDestroy: protection.forceDestroy,
      lifecycle: protection.lifecycle(),
    });
    this.bucketName = this.bucket.bucket;
    const bucket = this.bucket.id;
    new S3BucketPublicAccessBlock(this, 'public-access-block', { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', { bucket, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: `${props.logPrefix}/` }],
          expiration: [{ days: props.retentionDays ?? protection.logRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
        },
      ],
    });

    const partition = partitionFromArn(this.bucket.arn);
    const logObjects = `${this.bucket.arn}/${props.logPrefix}/AWSLogs/*`;
    const account = ELB_LOG_DELIVERY_ACCOUNTS[props.region];
    const document = new PolicyDocument([
      new PolicyStatement({ sid: 'ElbLogDeliveryService', principals: [Principal.service('logdelivery.elasticloadbalancing.amazonaws.com')], actions: ['s3:PutObject'], resources: [logObjects] }),
    ]);
    if (account) {
      document.addStatements(new PolicyStatement({ sid: 'ElbLogDeliveryAccount', principals: [Principal.accountRoot(partition, account)], actions: ['s3:PutObject'], resources: [logObjects] }));
    }
    document.addStatements(
      new PolicyStatement({
        sid: 'DenyInsecureTransport',
        effect: Effect.DENY,
        principals: [Principal.anyone()],
        actions: ['s3:*'],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    this.policy = new S3BucketPolicy(this, 'policy', { bucket, policy: document.toJson() });
  }
}
