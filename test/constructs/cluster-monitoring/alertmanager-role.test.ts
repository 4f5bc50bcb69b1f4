import { AlertmanagerRole, AlertmanagerRoleProps } from '../../../constructs/cluster-monitoring/alertmanager-role';
import { onlyOf, policyOf, synthConstructs } from '../../support/synth';

const PROPS: AlertmanagerRoleProps = {
  clusterName: 'prod',
  namePrefix: 'prod',
  topicArn: 'arn:aws:sns:us-east-1:123456789012:prod-alarms',
  topicKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

describe('AlertmanagerRole', () => {
  const stack = synthConstructs((scope) => new AlertmanagerRole(scope, 'role', PROPS));

  test('GIVEN the role THEN EKS Pod Identity may assume it and it is bound to the chart\'s Alertmanager service account', () => {
    const role = onlyOf(stack, 'aws_iam_role');
    expect(role.name).toBe('prod-alertmanager');
    expect(policyOf(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    expect(onlyOf(stack, 'aws_eks_pod_identity_association')).toMatchObject({ cluster_name: 'prod', namespace: 'monitoring', service_account: 'kube-prometheus-alertmanager' });
  });

  test('THEN it may publish to exactly the alarm topic and use exactly the topic key', () => {
    expect(policyOf(onlyOf(stack, 'aws_iam_role_policy').policy).Statement).toEqual([
      { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: PROPS.topicArn },
      { Sid: 'EncryptForTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: PROPS.topicKeyArn },
    ]);
  });

  test('GIVEN another service account THEN the association names it', () => {
    const other = synthConstructs((scope) => new AlertmanagerRole(scope, 'role', { ...PROPS, serviceAccount: { namespace: 'observability', name: 'am' } }));
    expect(onlyOf(other, 'aws_eks_pod_identity_association')).toMatchObject({ namespace: 'observability', service_account: 'am' });
  });

  test('GIVEN a prefix that makes the role name longer than 64 characters THEN synth fails naming the limit', () => {
    expect(() => synthConstructs((scope) => new AlertmanagerRole(scope, 'role', { ...PROPS, namePrefix: 'x'.repeat(55) }))).toThrow('at most 64 characters');
  });
});
