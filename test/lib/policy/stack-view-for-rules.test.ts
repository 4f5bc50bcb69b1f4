import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { asList, asNumber, blocks, isSet, StackView, TerraformDocument } from '../../../lib/policy';
import { testApp } from '../../support/temp';

/**
 * What every rule reads the stack with (named `*-for-rules` so the rules' mutation run
 * includes it): the order resources are listed in, references and literals, nested blocks
 * in either shape, and the construct each resource came from.
 */

function emptyStack(): TerraformStack {
  return new TerraformStack(testApp(), 'test');
}

describe('StackView', () => {
  test('GIVEN a document whose types and names are out of order THEN resources are listed by type, then name', () => {
    const document = { resource: { aws_s3_bucket: { z: {}, a: {} }, aws_iam_role: { r: {} } } } as unknown as TerraformDocument;
    const view = new StackView(emptyStack(), document);
    expect(view.resources.map((r) => r.address)).toEqual(['aws_iam_role.r', 'aws_s3_bucket.a', 'aws_s3_bucket.z']);
    expect(view.ofType('aws_s3_bucket').map((r) => r.name)).toEqual(['a', 'z']);
  });

  describe('referencing', () => {
    const document = {
      resource: {
        aws_s3_bucket: { logs: { bucket: 'logs-bucket' }, other: { bucket: 'other-bucket' } },
        aws_lb: {
          both: { names: ['${aws_s3_bucket.other.id}', '${aws_s3_bucket.logs.id}'] },
          literal: { names: 'logs-bucket' },
          neither: { names: ['${aws_s3_bucket.other.id}', 'elsewhere'] },
        },
      },
    } as unknown as TerraformDocument;
    const view = new StackView(emptyStack(), document);
    const logs = view.ofType('aws_s3_bucket')[0];

    test('GIVEN a list with a reference to the target among others THEN it refers to the target', () => {
      expect(view.referencing(logs, ['aws_lb'], 'names').map((r) => r.name)).toEqual(['both']);
    });

    test('GIVEN literals THEN a value equal to any one of them counts', () => {
      expect(view.referencing(logs, ['aws_lb'], 'names', ['another-name', 'logs-bucket']).map((r) => r.name)).toEqual(['both', 'literal']);
    });
  });

  test('GIVEN a resource made inside nested constructs THEN its view names that resource construct', () => {
    const stack = emptyStack();
    const bucket = new S3Bucket(new Construct(new Construct(stack, 'outer'), 'inner'), 'bucket', { bucket: 'b' });
    const [view] = new StackView(stack).ofType('aws_s3_bucket');
    expect(view.construct).toBe(bucket);
  });
});

describe('the attribute readers', () => {
  test('GIVEN a block list with other values mixed in THEN blocks keeps the objects only', () => {
    expect(blocks([1, 'x', null, [{ a: 1 }], { b: 2 }] as never)).toEqual([{ b: 2 }]);
    expect(blocks({ c: 3 } as never)).toEqual([{ c: 3 }]);
    expect(blocks(undefined)).toEqual([]);
  });

  test('GIVEN null or undefined THEN asList is empty, and a single value becomes a list of one', () => {
    expect(asList(null as never)).toEqual([]);
    expect(asList(undefined)).toEqual([]);
    expect(asList('a')).toEqual(['a']);
  });

  test.each<[unknown, number | undefined]>([
    [' ', undefined],
    ['', undefined],
    [' 42 ', 42],
    ['4x', undefined],
    [7, 7],
  ])('asNumber(%j) is %p', (value, expected) => {
    expect(asNumber(value as never)).toBe(expected);
  });

  test.each<[unknown, boolean]>([
    [null, false],
    [undefined, false],
    ['  ', false],
    [[], false],
    [0, true],
    ['x', true],
  ])('isSet(%j) is %p', (value, expected) => {
    expect(isSet(value as never)).toBe(expected);
  });
});
