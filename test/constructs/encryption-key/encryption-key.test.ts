import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { EncryptionKey } from '../../../constructs/encryption-key';
import { Protection } from '../../../lib/protection';
import { resourcesOf, synthConstructs } from '../../support/synth';

describe('EncryptionKey: consumers wait for the key policy', () => {
  const stack = synthConstructs((scope) => {
    const key = new EncryptionKey(scope, 'logs-key', { alias: 'test-logs', description: 'test', protection: Protection.NON_PRODUCTION });
    const other = new EncryptionKey(scope, 'topic-key', { alias: 'test-topic', description: 'test', protection: Protection.NON_PRODUCTION });
    new CloudwatchLogGroup(scope, 'by-arn', { name: '/test/by-arn', kmsKeyId: key.keyArn });
    new SnsTopic(scope, 'by-id', { name: 'by-id', kmsMasterKeyId: other.keyId });
    new CloudwatchLogGroup(scope, 'interpolated', { name: '/test/interpolated', kmsKeyId: `${key.keyArn}` });
    new CloudwatchLogGroup(scope, 'plain', { name: '/test/plain' });
  });
  const policyOf = (prefix: string) => `aws_kms_key_policy.${Object.keys(resourcesOf(stack, 'aws_kms_key_policy')).find((k) => k.startsWith(prefix))!}`;
  const groups = resourcesOf(stack, 'aws_cloudwatch_log_group');
  const group = (prefix: string) => Object.entries(groups).find(([k]) => k.startsWith(prefix))![1];

  test('GIVEN a log group encrypted with keyArn THEN it depends on that key\'s policy (CloudWatch Logs needs the grant at create)', () => {
    expect(group('by-arn').depends_on).toEqual([policyOf('logs-key')]);
    expect(group('interpolated').depends_on).toEqual([policyOf('logs-key')]);
  });

  test('GIVEN a topic using another key\'s keyId THEN it waits for that key\'s policy only', () => {
    expect(Object.values(resourcesOf(stack, 'aws_sns_topic'))[0].depends_on).toEqual([policyOf('topic-key')]);
  });

  test('GIVEN a resource that uses no key THEN it gets no dependency; the key\'s own alias and policy neither', () => {
    expect(group('plain').depends_on).toBeUndefined();
    for (const r of [...Object.values(resourcesOf(stack, 'aws_kms_alias')), ...Object.values(resourcesOf(stack, 'aws_kms_key_policy'))]) expect(r.depends_on).toBeUndefined();
  });
});
