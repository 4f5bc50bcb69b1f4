import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { findSuppression, MIN_REASON_LENGTH, suppress, SUPPRESSION_METADATA_TYPE, suppressionsOn } from '../../../lib/policy';
import { testApp } from '../../support/temp';

/** Suppressions as recorded on the construct tree, read back by the policy. */
function tree() {
  const stack = new TerraformStack(testApp(), 'stack');
  const tier = new Construct(stack, 'tier');
  const bucket = new Construct(tier, 'bucket');
  return { stack, tier, bucket };
}

describe('Policy.suppress', () => {
  test('GIVEN a rule id and a written reason THEN the construct records them, the reason trimmed', () => {
    const { tier } = tree();
    suppress(tier, 'CKV_AWS_21', '  access logs are written once and never changed  ');
    expect(tier.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA_TYPE).map((m) => m.data)).toEqual([{ ruleId: 'CKV_AWS_21', reason: 'access logs are written once and never changed' }]);
    expect(suppressionsOn(tier)).toEqual([{ ruleId: 'CKV_AWS_21', reason: 'access logs are written once and never changed', path: 'stack/tier' }]);
  });

  test.each([
    ['CKV_AWS_999', 'Policy.suppress (stack/tier): ruleId = "CKV_AWS_999" is not a rule of this policy. Fix: use one of the ids in lib/policy/rules (e.g. "CKV_AWS_16"); see the README\'s rule table'],
    ['ckv_aws_21', 'Policy.suppress (stack/tier): ruleId = "ckv_aws_21" is not a rule of this policy'],
    [undefined, 'Policy.suppress (stack/tier): ruleId = undefined is not a rule of this policy'],
  ])('GIVEN the rule id %p THEN it fails naming the construct', (ruleId, message) => {
    expect(() => suppress(tree().tier, ruleId as string, 'a reason that is long enough')).toThrow(message);
  });

  test.each([
    ['n/a', '"n/a"'],
    ['   ok    ', '"   ok    "'],
    // Ten characters with the spaces, two without: the reason is counted trimmed.
    ['    ok    ', '"    ok    "'],
    ['123456789', '"123456789"'],
    [undefined, 'undefined'],
  ])('GIVEN the reason %p THEN it fails: a reviewer needs at least ten characters', (reason, shown) => {
    expect(() => suppress(tree().tier, 'CKV_AWS_21', reason as string)).toThrow(
      `Policy.suppress (stack/tier): reason = ${shown} is not a written reason (at least 10 characters). Fix: say why CKV_AWS_21 does not apply here, e.g. "ALB access logs support only SSE-S3"`,
    );
  });

  test('GIVEN a reason of exactly ten characters THEN it is accepted', () => {
    expect(MIN_REASON_LENGTH).toBe(10);
    expect(() => suppress(tree().tier, 'CKV_AWS_21', '1234567890')).not.toThrow();
  });

  test.each([
    ['a string', 'stack/tier', '"stack/tier"'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a plain object', { node: { path: 'stack/tier' } }, '{"node":{"path":"stack/tier"}}'],
  ])('GIVEN %s as the scope THEN it fails saying it is not a construct (before it reads the rule id)', (_label, scope, shown) => {
    expect(() => suppress(scope as never, 'CKV_AWS_999', 'a reason that is long enough')).toThrow(
      `Policy.suppress (${shown}): scope = ${shown} is not a construct. Fix: pass the construct the rule does not apply to (this, or a child such as this.bucket): the suppression covers it and everything below it`,
    );
  });
});

describe('findSuppression', () => {
  test('GIVEN suppressions on the stack and on a parent THEN the nearest one applies, and only for its rule', () => {
    const { stack, tier, bucket } = tree();
    suppress(stack, 'CKV_AWS_21', 'the whole stack is a throwaway sandbox');
    suppress(tier, 'CKV_AWS_21', 'access logs are written once, never changed');
    suppress(tier, 'CKV_AWS_145', 'ALB access logs support only SSE-S3');
    expect(findSuppression(bucket, 'CKV_AWS_21')).toEqual({ ruleId: 'CKV_AWS_21', reason: 'access logs are written once, never changed', path: 'stack/tier' });
    expect(findSuppression(bucket, 'CKV_AWS_145')).toEqual({ ruleId: 'CKV_AWS_145', reason: 'ALB access logs support only SSE-S3', path: 'stack/tier' });
    expect(findSuppression(stack, 'CKV_AWS_21')).toEqual({ ruleId: 'CKV_AWS_21', reason: 'the whole stack is a throwaway sandbox', path: 'stack' });
    expect(findSuppression(bucket, 'CKV_AWS_19')).toBeUndefined();
  });

  test('GIVEN a suppression on a sibling THEN it does not apply', () => {
    const { stack, bucket } = tree();
    suppress(new Construct(stack, 'other'), 'CKV_AWS_21', 'applies to the other construct only');
    expect(findSuppression(bucket, 'CKV_AWS_21')).toBeUndefined();
    expect(suppressionsOn(bucket)).toEqual([]);
  });
});
