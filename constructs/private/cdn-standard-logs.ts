import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogDelivery } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery';
import { CloudwatchLogDeliveryDestination } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination';
import { CloudwatchLogDeliverySource } from '@cdktf/provider-aws/lib/cloudwatch-log-delivery-source';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Effect, PolicyDocument, PolicyStatement, Principal } from '../../lib/iam';
import { invalid } from '../../lib/errors';
import { Protection } from '../../lib/protection';
import { isUnresolved } from '../../lib/validation';
import type { EncryptionKey } from '../encryption-key';

/** CloudFront reads viewer certificates from ACM in us-east-1 only, and keeps its web ACLs, metrics and log deliveries there. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * Checks the provider alias a CloudFront construct creates its global resources with: present,
 * a Terraform provider, and (for an AwsProvider with a literal region) in us-east-1.
 */
export function checkGlobalProvider(scope: Construct, provider: TerraformProvider | undefined): void {
  if (provider === undefined || provider === null) {
    invalid(scope, 'globalProvider', provider, 'is required', `pass the stack's AwsProvider alias with region "${CLOUDFRONT_REGION}", e.g. new AwsProvider(stack, 'aws-us-east-1', { alias: 'us_east_1', region: '${CLOUDFRONT_REGION}' })`);
  }
  if (!(provider instanceof TerraformProvider)) invalid(scope, 'globalProvider', provider, 'is not a Terraform provider', `pass an AwsProvider with region "${CLOUDFRONT_REGION}"`);
  if (provider instanceof AwsProvider) {
    const region = provider.region;
    if (region !== undefined && !isUnresolved(region) && region !== CLOUDFRONT_REGION) {
      invalid(scope, 'globalProvider', `AwsProvider in ${region}`, `is not in ${CLOUDFRONT_REGION}: CloudFront reads certificates from ACM there and keeps its web ACLs, log deliveries and metrics there`, `pass an AwsProvider alias with region: "${CLOUDFRONT_REGION}"`);
    }
  }
}
/** Old objects stay readable this long after a newer version replaces them, then expire. */
export const NONCURRENT_VERSION_DAYS = 30;
export const ABORT_MULTIPART_DAYS = 7;

/** Private, owner-enforced, versioned, KMS-encrypted (with an S3 Bucket Key), kept in production. Children are `<id>` and `<id>-*` in `scope`. */
export function privateBucket(scope: Construct, id: string, prefix: string, protection: Protection, key: EncryptionKey): S3Bucket {
  const bucket = new S3Bucket(scope, id, { bucketPrefix: prefix, forceDestroy: protection.forceDestroy, lifecycle: protection.lifecycle() });
  const b = bucket.id;
  new S3BucketPublicAccessBlock(scope, `${id}-public-access-block`, { bucket: b, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new S3BucketOwnershipControls(scope, `${id}-ownership`, { bucket: b, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}-encryption`, {
    bucket: b,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.keyArn }, bucketKeyEnabled: true }],
  });
  new S3BucketVersioningA(scope, `${id}-versioning`, { bucket: b, versioningConfiguration: { status: 'Enabled' } });
  return bucket;
}

/** Denies every request to the bucket over plain HTTP. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'DenyInsecureTransport',
    effect: Effect.DENY,
    principals: [Principal.anyone()],
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}

export interface CdnStandardLogsOptions {
  /** Prefix of the log bucket's name, e.g. `prod-cdn-logs-`. */
  readonly bucketPrefix: string;
  /** Name of the delivery source and destination, e.g. `prod-static-access-logs`. */
  readonly deliveryName: string;
  /** The distribution whose standard logs are delivered. */
  readonly distributionArn: string;
  readonly retentionDays: number;
  readonly protection: Protection;
  /** Encrypts the log bucket; the log delivery service is granted GenerateDataKey on it. */
  readonly key: EncryptionKey;
  /** The us-east-1 provider: a distribution's log deliveries live there. */
  readonly globalProvider: TerraformProvider;
}

/**
 * Standard logging v2 for a distribution (StaticAssets, ApiFront): CloudWatch Logs delivers to
 * an encrypted, versioned, private bucket without bucket ACLs, whose objects expire after the
 * retention. Children keep the ids StaticAssets always had (`log-bucket`, `log-lifecycle`,
 * `log-bucket-policy`, `log-source`, `log-destination`, `log-delivery`) in `scope`.
 */
export function cdnStandardLogs(scope: Construct, options: CdnStandardLogsOptions): S3Bucket {
  const { key, protection, globalProvider } = options;
  const account = key.accountId;
  const logBucket = privateBucket(scope, 'log-bucket', options.bucketPrefix, protection, key);
  new S3BucketLifecycleConfiguration(scope, 'log-lifecycle', {
    bucket: logBucket.id,
    rule: [
      {
        id: 'expire-standard-logs',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        expiration: [{ days: options.retentionDays }],
        noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
      },
    ],
  });
  // Sources and deliveries of a distribution live in us-east-1.
  const deliverySourceArns = `arn:${key.partition}:logs:${CLOUDFRONT_REGION}:${account}:delivery-source:*`;
  const logPolicy = new S3BucketPolicy(scope, 'log-bucket-policy', {
    bucket: logBucket.id,
    policy: new PolicyDocument([
      new PolicyStatement({
        sid: 'LogDeliveryWrite',
        principals: [Principal.service('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [`${logBucket.arn}/AWSLogs/${account}/*`],
        conditions: { StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' }, ArnLike: { 'aws:SourceArn': deliverySourceArns } },
      }),
      denyInsecureTransport(logBucket.arn),
    ]).toJson(),
  });
  key.grantToService({
    servicePrincipal: 'delivery.logs.amazonaws.com',
    actions: ['kms:GenerateDataKey*'],
    conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': deliverySourceArns } },
  });
  const source = new CloudwatchLogDeliverySource(scope, 'log-source', { provider: globalProvider, name: options.deliveryName, logType: 'ACCESS_LOGS', resourceArn: options.distributionArn });
  const destination = new CloudwatchLogDeliveryDestination(scope, 'log-destination', {
    provider: globalProvider,
    name: options.deliveryName,
    outputFormat: 'w3c',
    deliveryDestinationConfiguration: [{ destinationResourceArn: logBucket.arn }],
  });
  new CloudwatchLogDelivery(scope, 'log-delivery', {
    provider: globalProvider,
    deliverySourceName: source.name,
    deliveryDestinationArn: destination.arn,
    dependsOn: [logPolicy],
  });
  return logBucket;
}
