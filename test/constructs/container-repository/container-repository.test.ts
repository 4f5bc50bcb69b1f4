import { ContainerRepository } from '../../../constructs/container-repository';
import { EncryptionKey } from '../../../constructs/encryption-key';
import { onlyOf, synthConstructs } from '../../support/synth';
import { Protection } from '../../../lib/protection';

describe('ContainerRepository', () => {
  const stack = synthConstructs((scope) => {
    const key = new EncryptionKey(scope, 'key', { alias: 'prod-ecr', description: 'images' });
    new ContainerRepository(scope, 'repo', { name: 'million-rps/prod/api-gateway', encryptionKey: key, protection: Protection.PRODUCTION });
  });

  test('GIVEN a repository THEN tags are immutable, images are scanned on push and encrypted with the key', () => {
    const repo = onlyOf(stack, 'aws_ecr_repository');
    expect(repo).toMatchObject({ name: 'million-rps/prod/api-gateway', image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: { scan_on_push: true }, lifecycle: { prevent_destroy: true } });
    expect(repo.encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: expect.stringContaining('aws_kms_key') }]);
  });

  test('THEN untagged images expire after 7 days and 100 tagged images are kept', () => {
    const rules = JSON.parse(onlyOf(stack, 'aws_ecr_lifecycle_policy').policy as string).rules;
    expect(rules.map((r: { selection: { countNumber: number } }) => r.selection.countNumber)).toEqual([7, 100]);
  });

  test('GIVEN an upper-case name THEN it is rejected', () => {
    expect(() =>
      synthConstructs((scope) => {
        new ContainerRepository(scope, 'repo', { name: 'Api', encryptionKey: new EncryptionKey(scope, 'key', { alias: 'k', description: 'd' }) });
      }),
    ).toThrow(/name = "Api" is not a valid ECR repository name/);
  });
});
