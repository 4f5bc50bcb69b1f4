import { AccessLogBucket, AccessLogBucketProps, ELB_LOG_DELIVERY_ACCOUNTS } from '../../../constructs/alb-nginx-tier';
import { Protection } from '../../../lib/protection';
import { onlyOf, policyOf, synthConstructs, SynthesizedStack } from '../../support/synth';

const PROPS: AccessLogBucketProps = { namePrefix: 'prod-alb-logs-', region: 'us-east-1', logPrefix: 'alb' };

// The access-log bucket on its own, each test synthesizing its own stack (a mutation run then
// knows which test reads which setting); the tier's tests check that the ALBs log into it.
function synthBucket(props: Partial<AccessLogBucketProps> = {}): { stack: SynthesizedStack; ref: (attribute: string) => string } {
  const stack = synthConstructs((scope) => new AccessLogBucket(scope, 'logs', { ...PROPS, ...props }));
  const name = Object.keys(stack.resource!.aws_s3_bucket)[0];
  return { stack, ref: (attribute) => `\${aws_s3_bucket.${name}.${attribute}}` };
}

/**
 * The bucket policy's statements by Sid. The account principal's partition is a Terraform
 * expression with quotes in it (`${element(split(":", <bucket arn>), 1)}`); it is read as
 * `<partition>` so the document parses as JSON.
 */
const statementsOf = (stack: SynthesizedStack) => {
  const policy = String(onlyOf(stack, 'aws_s3_bucket_policy').policy).replace(/\$\{element\(split\(":", aws_s3_bucket\.[\w-]+\.arn\), 1\)\}/g, '<partition>');
  return Object.fromEntries(policyOf(policy).Statement.map((s) => [s.Sid, s]));
};

describe('AccessLogBucket', () => {
  test('THEN the bucket is private: all four public-access flags on, ACLs disabled (the owner owns every object)', () => {
    const { stack, ref } = synthBucket();
    expect(onlyOf(stack, 'aws_s3_bucket_public_access_block')).toEqual({ bucket: ref('id'), block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(onlyOf(stack, 'aws_s3_bucket_ownership_controls')).toEqual({ bucket: ref('id'), rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  test('THEN objects are encrypted with SSE-S3 (the only encryption ALB log delivery supports) and versioned', () => {
    const { stack, ref } = synthBucket();
    expect(onlyOf(stack, 'aws_s3_bucket_server_side_encryption_configuration')).toEqual({ bucket: ref('id'), rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] });
    expect(onlyOf(stack, 'aws_s3_bucket_versioning')).toEqual({ bucket: ref('id'), versioning_configuration: { status: 'Enabled' } });
  });

  test('THEN every request without TLS is denied, on the bucket and on its objects', () => {
    const { stack, ref } = synthBucket();
    expect(statementsOf(stack).DenyInsecureTransport).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [ref('arn'), `${ref('arn')}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('GIVEN a Region opened before August 2022 THEN the ELB service and the Region\'s ELB account may put objects under the log prefix only', () => {
    const { stack, ref } = synthBucket();
    const statements = statementsOf(stack);
    expect(Object.keys(statements)).toEqual(['ElbLogDeliveryService', 'ElbLogDeliveryAccount', 'DenyInsecureTransport']);
    expect(statements.ElbLogDeliveryService).toEqual({
      Sid: 'ElbLogDeliveryService',
      Effect: 'Allow',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${ref('arn')}/alb/AWSLogs/*`,
    });
    expect(statements.ElbLogDeliveryAccount).toMatchObject({ Effect: 'Allow', Action: 's3:PutObject', Resource: `${ref('arn')}/alb/AWSLogs/*` });
    expect((statements.ElbLogDeliveryAccount.Principal as { AWS: string }).AWS).toBe('arn:<partition>:iam::127311923021:root');
    const oregon = statementsOf(synthBucket({ region: 'us-west-2', logPrefix: 'edge' }).stack);
    expect((oregon.ElbLogDeliveryAccount.Principal as { AWS: string }).AWS).toBe('arn:<partition>:iam::797873946194:root');
    expect(oregon.ElbLogDeliveryService.Resource).toMatch(/\/edge\/AWSLogs\/\*$/);
  });

  test('GIVEN each Region with an ELB account THEN its account (12 digits) may write, beside the service principal', () => {
    expect(Object.keys(ELB_LOG_DELIVERY_ACCOUNTS)).toHaveLength(10);
    for (const [region, account] of Object.entries(ELB_LOG_DELIVERY_ACCOUNTS)) {
      expect(account).toMatch(/^\d{12}$/);
      const statements = statementsOf(synthBucket({ region }).stack);
      expect(Object.keys(statements)).toEqual(['ElbLogDeliveryService', 'ElbLogDeliveryAccount', 'DenyInsecureTransport']);
      expect((statements.ElbLogDeliveryAccount.Principal as { AWS: string }).AWS).toBe(`arn:<partition>:iam::${account}:root`);
    }
    expect(new Set(Object.values(ELB_LOG_DELIVERY_ACCOUNTS)).size).toBe(10);
  });

  test('GIVEN a Region opened later THEN only the log-delivery service principal may write (no account statement)', () => {
    const statements = statementsOf(synthBucket({ region: 'ap-southeast-5' }).stack);
    expect(Object.keys(statements)).toEqual(['ElbLogDeliveryService', 'DenyInsecureTransport']);
  });

  test('THEN logs under the prefix expire after the retention, old versions after 30 days, abandoned uploads after 7', () => {
    const { stack, ref } = synthBucket();
    expect(onlyOf(stack, 'aws_s3_bucket_lifecycle_configuration')).toEqual({
      bucket: ref('id'),
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: 'alb/' }],
          expiration: [{ days: 365 }],
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
      ],
    });
    const days = (s: SynthesizedStack) => (onlyOf(s, 'aws_s3_bucket_lifecycle_configuration').rule as { expiration: unknown }[])[0].expiration;
    expect(days(synthBucket({ retentionDays: 90 }).stack)).toEqual([{ days: 90 }]);
    expect(days(synthBucket({ protection: Protection.NON_PRODUCTION }).stack)).toEqual([{ days: 30 }]);
  });

  test('GIVEN production (the default) THEN the bucket is kept on destroy; non-production lets Terraform empty and delete it', () => {
    const prod = onlyOf(synthBucket().stack, 'aws_s3_bucket');
    expect(prod).toEqual({ bucket_prefix: 'prod-alb-logs-', force_destroy: false, lifecycle: { prevent_destroy: true } });
    const dev = onlyOf(synthBucket({ protection: Protection.NON_PRODUCTION, namePrefix: 'dev-alb-logs-' }).stack, 'aws_s3_bucket');
    expect(dev).toEqual({ bucket_prefix: 'dev-alb-logs-', force_destroy: true });
  });
});
