import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock, S3BucketPublicAccessBlockConfig } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { outcomesOf } from '../../support/policy';

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
