import { fail, pass, PolicyRule } from '../rule';
import { block, blocks, isTrue, ResourceView, StackView } from '../stack-view';

/** Companion resources (`aws_s3_bucket_*`) that configure `bucket`, by reference or by literal name. */
function companions(bucket: ResourceView, stack: StackView, type: string): ResourceView[] {
  return stack.referencing(bucket, [type], 'bucket', [bucket.config.bucket]);
}

/** SSE algorithms of a bucket, from its companion resource or the deprecated inline block. */
function encryptionAlgorithms(bucket: ResourceView, stack: StackView): string[] {
  const configs = [
    ...companions(bucket, stack, 'aws_s3_bucket_server_side_encryption_configuration').map((c) => c.config),
    ...blocks(bucket.config.server_side_encryption_configuration),
  ];
  return configs
    .flatMap((c) => blocks(c.rule))
    .flatMap((rule) => blocks(rule.apply_server_side_encryption_by_default))
    .map((d) => String(d.sse_algorithm ?? ''));
}

/** True when a load balancer of the stack writes access or connection logs to `bucket`. */
function isLoadBalancerLogBucket(bucket: ResourceView, stack: StackView): boolean {
  return stack.ofType('aws_lb', 'aws_alb').some((lb) =>
    [block(lb.config.access_logs)?.bucket, block(lb.config.connection_logs)?.bucket].some(
      (target) => (typeof target === 'string' && target.includes(`\${${bucket.address}.`)) || (target !== undefined && target === bucket.config.bucket),
    ),
  );
}

const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const STORAGE_RULES: PolicyRule[] = [
  {
    id: 'CKV_AWS_19',
    title: 'Ensure all data stored in the S3 bucket is securely encrypted at rest',
    resourceTypes: ['aws_s3_bucket'],
    fix: 'add an aws_s3_bucket_server_side_encryption_configuration for the bucket',
    check: (r, stack) => (encryptionAlgorithms(r, stack).some((a) => a.length > 0) ? pass() : fail('no server-side encryption configuration references the bucket')),
  },
  {
    id: 'CKV_AWS_145',
    title: 'Ensure that S3 buckets are encrypted with KMS by default',
    resourceTypes: ['aws_s3_bucket'],
    fix: 'use sse_algorithm "aws:kms" with a customer managed key; a load balancer access-log bucket must use "AES256" instead',
    deviation:
      'A bucket that receives load balancer access or connection logs must use SSE-S3 (AES256): "The only server-side encryption option that\'s supported is Amazon S3-managed keys (SSE-S3)" ' +
      '(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html). For such a bucket the rule requires AES256 and fails on KMS, which would stop log delivery.',
    check(r, stack) {
      const algorithms = encryptionAlgorithms(r, stack);
      if (isLoadBalancerLogBucket(r, stack)) {
        return algorithms.length > 0 && algorithms.every((a) => a === 'AES256')
          ? pass()
          : fail(`receives load balancer logs, which are delivered only to SSE-S3 buckets, but default encryption is ${algorithms.join(', ') || 'not configured'}`);
      }
      return algorithms.some((a) => a.startsWith('aws:kms')) ? pass() : fail(`default encryption is ${algorithms.length ? algorithms.join(', ') : 'not configured'}`);
    },
  },
  {
    id: 'CKV2_AWS_6',
    title: 'Ensure that S3 bucket has a Public Access block',
    resourceTypes: ['aws_s3_bucket'],
    fix: 'add an aws_s3_bucket_public_access_block for the bucket with all four settings true',
    deviation: 'Also requires all four flags (checkov CKV_AWS_53 to 56) on the block.',
    check(r, stack) {
      const block = companions(r, stack, 'aws_s3_bucket_public_access_block')[0];
      if (!block) return fail('no aws_s3_bucket_public_access_block references the bucket');
      const off = PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(block.config[flag]));
      return off.length === 0 ? pass() : fail(`the public access block leaves ${off.join(', ')} off`);
    },
  },
  {
    id: 'CKV_AWS_21',
    title: 'Ensure all data stored in the S3 bucket have versioning enabled',
    resourceTypes: ['aws_s3_bucket'],
    fix: 'add an aws_s3_bucket_versioning for the bucket with status "Enabled"',
    check(r, stack) {
      const statuses = [
        ...companions(r, stack, 'aws_s3_bucket_versioning').map((v) => block(v.config.versioning_configuration)?.status),
        ...blocks(r.config.versioning).map((v) => (isTrue(v.enabled) ? 'Enabled' : undefined)),
      ];
      return statuses.includes('Enabled') ? pass() : fail('versioning is not enabled');
    },
  },
];
