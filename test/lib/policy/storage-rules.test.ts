import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock, S3BucketPublicAccessBlockConfig } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { FAIL, outcomeOf, outcomesOf, PASS, Resources } from '../../support/policy';

const ALL_ON = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } as const;
type Flags = Omit<S3BucketPublicAccessBlockConfig, 'bucket'>;

/** A bucket and a public access block with `flags`, referencing it by id (or by `literal` name). */
const bucketWithBlock = (flags: Flags, reference: 'id' | 'literal' = 'id') => (s: Construct) => {
  const bucket = new S3Bucket(s, 'bucket', { bucket: 'million-rps-logs' });
  new S3BucketPublicAccessBlock(s, 'pab', { bucket: reference === 'id' ? bucket.id : 'million-rps-logs', ...flags });
};

describe('CKV2_AWS_6: S3 bucket public access block, all four flags', () => {
  test('GIVEN all four flags true THEN it passes', () => {
    expect(outcomesOf('CKV2_AWS_6', bucketWithBlock(ALL_ON))).toEqual([{ status: 'pass' }]);
  });

  test('GIVEN the block referencing the bucket by its literal name THEN it counts', () => {
    expect(outcomesOf('CKV2_AWS_6', bucketWithBlock(ALL_ON, 'literal'))).toEqual([{ status: 'pass' }]);
  });

  test.each([
    ['blockPublicAcls', 'block_public_acls'],
    ['blockPublicPolicy', 'block_public_policy'],
    ['ignorePublicAcls', 'ignore_public_acls'],
    ['restrictPublicBuckets', 'restrict_public_buckets'],
  ] as const)('GIVEN %s false and the other three true THEN it fails naming %s', (flag, attribute) => {
    expect(outcomesOf('CKV2_AWS_6', bucketWithBlock({ ...ALL_ON, [flag]: false }))).toEqual([{ status: 'fail', detail: `the public access block leaves ${attribute} off` }]);
  });

  test('GIVEN a flag left unset (AWS defaults it to false) THEN it fails', () => {
    const { restrictPublicBuckets: _omitted, ...three } = ALL_ON;
    expect(outcomesOf('CKV2_AWS_6', bucketWithBlock(three))).toEqual([{ status: 'fail', detail: 'the public access block leaves restrict_public_buckets off' }]);
  });

  test('GIVEN every flag off THEN it names all four', () => {
    expect(outcomesOf('CKV2_AWS_6', bucketWithBlock({}))).toEqual([
      { status: 'fail', detail: 'the public access block leaves block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets off' },
    ]);
  });

  test('GIVEN no public access block, or one for another bucket THEN it fails', () => {
    const missing = { status: 'fail', detail: 'no aws_s3_bucket_public_access_block references the bucket' };
    expect(outcomesOf('CKV2_AWS_6', (s) => new S3Bucket(s, 'bucket', { bucket: 'million-rps-logs' }))).toEqual([missing]);
    expect(
      outcomesOf('CKV2_AWS_6', (s) => {
        new S3Bucket(s, 'bucket', { bucket: 'million-rps-logs' });
        new S3BucketPublicAccessBlock(s, 'pab', { bucket: 'another-bucket', ...ALL_ON });
      }),
    ).toEqual([missing]);
  });
});

describe('CKV_AWS_19 and CKV_AWS_145: default encryption, KMS except for load balancer logs', () => {
  const sse = (algorithm: string | undefined, bucket = '${aws_s3_bucket.b.id}') => ({
    aws_s3_bucket_server_side_encryption_configuration: { sse: { bucket, rule: [{ apply_server_side_encryption_by_default: algorithm === undefined ? {} : { sse_algorithm: algorithm } }] } },
  });
  const bucket = (others: Resources = {}, config: Record<string, unknown> = {}) => ({ aws_s3_bucket: { b: { bucket: 'million-rps-logs', ...config } }, ...others });

  test.each([
    [sse('aws:kms'), PASS, PASS],
    [sse('aws:kms:dsse'), PASS, PASS],
    [sse('AES256'), PASS, FAIL('default encryption is AES256')],
    [sse(undefined), FAIL('no server-side encryption configuration references the bucket'), FAIL('default encryption is ')],
    [{}, FAIL('no server-side encryption configuration references the bucket'), FAIL('default encryption is not configured')],
    [sse('aws:kms', 'million-rps-logs'), PASS, PASS],
    [sse('aws:kms', '${aws_s3_bucket.other.id}'), FAIL('no server-side encryption configuration references the bucket'), FAIL('default encryption is not configured')],
  ])('GIVEN %j THEN CKV_AWS_19 is %j and CKV_AWS_145 is %j', (others, encrypted, kms) => {
    expect(outcomeOf('CKV_AWS_19', bucket(others))).toEqual(encrypted);
    expect(outcomeOf('CKV_AWS_145', bucket(others))).toEqual(kms);
  });

  test('GIVEN the deprecated inline server_side_encryption_configuration block THEN it counts', () => {
    const inline = { server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } } } };
    expect(outcomeOf('CKV_AWS_19', bucket({}, inline))).toEqual(PASS);
    expect(outcomeOf('CKV_AWS_145', bucket({}, inline))).toEqual(PASS);
  });

  test.each([
    ['access_logs', '${aws_s3_bucket.b.id}'],
    ['access_logs', '${aws_s3_bucket.b.bucket}'],
    ['access_logs', 'million-rps-logs'],
    ['connection_logs', '${aws_s3_bucket.b.id}'],
  ])('GIVEN a load balancer writing %s to the bucket (%s) THEN CKV_AWS_145 requires SSE-S3', (kind, target) => {
    const lb = { aws_lb: { alb: { [kind]: { bucket: target, enabled: true } } } };
    expect(outcomeOf('CKV_AWS_145', bucket({ ...lb, ...sse('AES256') }))).toEqual(PASS);
    expect(outcomeOf('CKV_AWS_145', bucket({ ...lb, ...sse('aws:kms') }))).toEqual(FAIL('receives load balancer logs, which are delivered only to SSE-S3 buckets, but default encryption is aws:kms'));
    expect(outcomeOf('CKV_AWS_145', bucket(lb))).toEqual(FAIL('receives load balancer logs, which are delivered only to SSE-S3 buckets, but default encryption is not configured'));
  });

  test('GIVEN a load balancer logging to another bucket THEN KMS is required of this one', () => {
    const lb = { aws_alb: { alb: { access_logs: { bucket: '${aws_s3_bucket.other.id}', enabled: true } } } };
    expect(outcomeOf('CKV_AWS_145', bucket({ ...lb, ...sse('AES256') }))).toEqual(FAIL('default encryption is AES256'));
    const named = { aws_alb: { alb: { access_logs: { bucket: 'other-logs', enabled: true } } } };
    expect(outcomeOf('CKV_AWS_145', bucket({ ...named, ...sse('AES256') }))).toEqual(FAIL('default encryption is AES256'));
  });

  test('GIVEN the aws_alb alias of a load balancer writing to the bucket THEN it counts like aws_lb (mutation testing: the alias was never tried)', () => {
    const lb = { aws_alb: { alb: { access_logs: { bucket: '${aws_s3_bucket.b.id}', enabled: true } } } };
    expect(outcomeOf('CKV_AWS_145', bucket({ ...lb, ...sse('AES256') }))).toEqual(PASS);
  });

  test('GIVEN a bucket named by bucket_prefix and a load balancer without logs THEN KMS is required (no name is not a match)', () => {
    const lb = { aws_lb: { alb: {} } };
    const unnamed = { aws_s3_bucket: { b: { bucket_prefix: 'million-rps-logs-' } }, ...lb, ...sse('AES256') };
    expect(outcomeOf('CKV_AWS_145', unnamed)).toEqual(FAIL('default encryption is AES256'));
  });

  test('GIVEN a log bucket with two encryption configurations, one KMS THEN it fails: every one must be SSE-S3', () => {
    const lb = { aws_lb: { alb: { access_logs: { bucket: '${aws_s3_bucket.b.id}', enabled: true } } } };
    const two = { aws_s3_bucket_server_side_encryption_configuration: { ...sse('AES256').aws_s3_bucket_server_side_encryption_configuration, kms: sse('aws:kms').aws_s3_bucket_server_side_encryption_configuration.sse } };
    // Both configurations are named; their order is the stack view's, not the rule's.
    expect(outcomeOf('CKV_AWS_145', bucket({ ...lb, ...two }))).toEqual({
      status: 'fail',
      detail: expect.stringMatching(/^receives load balancer logs, which are delivered only to SSE-S3 buckets, but default encryption is (AES256, aws:kms|aws:kms, AES256)$/),
    });
  });
});

describe('CKV_AWS_21: versioning', () => {
  const versioned = (status: string, bucket = '${aws_s3_bucket.b.id}') => ({ aws_s3_bucket_versioning: { v: { bucket, versioning_configuration: { status } } } });

  test.each([
    [versioned('Enabled'), {}, PASS],
    [versioned('Enabled', 'million-rps-logs'), {}, PASS],
    [versioned('Suspended'), {}, FAIL('versioning is not enabled')],
    [versioned('Enabled', '${aws_s3_bucket.other.id}'), {}, FAIL('versioning is not enabled')],
    [{}, {}, FAIL('versioning is not enabled')],
    [{}, { versioning: { enabled: true } }, PASS],
    [{}, { versioning: [{ enabled: 'true' }] }, PASS],
    [{}, { versioning: { enabled: false } }, FAIL('versioning is not enabled')],
  ])('GIVEN %j and a bucket with %j THEN %j', (others, config, expected) => {
    expect(outcomeOf('CKV_AWS_21', { aws_s3_bucket: { b: { bucket: 'million-rps-logs', ...config } }, ...others })).toEqual(expected);
  });
});
