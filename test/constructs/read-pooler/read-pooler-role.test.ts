import { ReadPoolerRole, ReadPoolerRoleProps } from '../../../constructs/read-pooler/read-pooler-role';
import { SECRETS_STORE_CHARTS, SecretsStoreCsi } from '../../../constructs/read-pooler';
import { allOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';

const PROPS: ReadPoolerRoleProps = {
  clusterName: 'prod',
  namePrefix: 'prod',
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod-main-master-AbCdEf',
  secretKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  region: 'us-east-1',
};

describe('ReadPoolerRole', () => {
  const stack = synthConstructs((scope) => new ReadPoolerRole(scope, 'role', PROPS));

  test('GIVEN the pooler role THEN EKS Pod Identity may assume it and it is bound to services/pgbouncer-read', () => {
    const role = onlyOf(stack, 'aws_iam_role');
    expect(role.name).toBe('prod-pgbouncer-read');
    expect(policyOf(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    expect(onlyOf(stack, 'aws_eks_pod_identity_association')).toMatchObject({ cluster_name: 'prod', namespace: 'services', service_account: 'pgbouncer-read' });
  });

  test('THEN it may read exactly that secret and decrypt only through Secrets Manager in the region', () => {
    expect(policyOf(onlyOf(stack, 'aws_iam_role_policy').policy).Statement).toEqual([
      { Sid: 'ReadSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: PROPS.secretArn },
      { Sid: 'DecryptSecret', Effect: 'Allow', Action: 'kms:Decrypt', Resource: PROPS.secretKeyArn, Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
    ]);
    expect(allOf(stack, 'aws_iam_role_policy_attachment')).toEqual([]);
  });

  test('GIVEN a prefix that makes the role name longer than 64 characters THEN synth fails naming the limit', () => {
    expect(() => synthConstructs((scope) => new ReadPoolerRole(scope, 'role', { ...PROPS, namePrefix: 'x'.repeat(50) }))).toThrow('at most 64 characters');
  });
});

describe('SecretsStoreCsi', () => {
  const stack = synthConstructs((scope) => new SecretsStoreCsi(scope, 'csi', { region: 'us-east-1' }));
  const releases = Object.fromEntries(allOf(stack, 'helm_release').map((r) => [r.name as string, r]));

  test('GIVEN the releases THEN both charts are pinned to the checked versions', () => {
    expect([releases['secrets-store-csi-driver'].chart, releases['secrets-store-csi-driver'].version]).toEqual(['secrets-store-csi-driver', SECRETS_STORE_CHARTS.driver.version]);
    expect([releases['secrets-store-csi-driver-provider-aws'].chart, releases['secrets-store-csi-driver-provider-aws'].version]).toEqual(['secrets-store-csi-driver-provider-aws', '3.1.1']);
  });

  test('THEN the driver requests Pod Identity tokens and never copies secrets into Kubernetes Secrets; ASCP does not install a second driver', () => {
    const driver = JSON.parse((releases['secrets-store-csi-driver'].values as string[])[0]);
    expect(driver.tokenRequests).toContainEqual({ audience: 'pods.eks.amazonaws.com' });
    expect(driver.syncSecret).toEqual({ enabled: false });
    const provider = JSON.parse((releases['secrets-store-csi-driver-provider-aws'].values as string[])[0]);
    expect(provider).toEqual({ awsRegion: 'us-east-1', 'secrets-store-csi-driver': { install: false } });
  });
});
