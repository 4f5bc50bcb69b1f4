import { ServiceIdentity, ServiceIdentityProps } from '../../../constructs/service-identity';
import { workloadServiceAccount } from '../../../constructs/service-workload';
import { PolicyStatement } from '../../../lib/iam';
import { allOf, onlyOf, policyOf, synthConstructs } from '../../support/synth';

const PROPS: ServiceIdentityProps = { clusterName: 'prod', namePrefix: 'prod', serviceAccount: workloadServiceAccount('services', 'orders') };

describe('ServiceIdentity', () => {
  test('GIVEN no grants THEN a role EKS Pod Identity may assume, bound to the service account, with no policy at all', () => {
    const stack = synthConstructs((scope) => new ServiceIdentity(scope, 'orders', PROPS));
    const role = onlyOf(stack, 'aws_iam_role');
    expect(role.name).toBe('prod-svc-orders');
    expect(policyOf(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    expect(onlyOf(stack, 'aws_eks_pod_identity_association')).toMatchObject({ cluster_name: 'prod', namespace: 'services', service_account: 'orders' });
    expect(allOf(stack, 'aws_iam_role_policy')).toEqual([]);
    expect(allOf(stack, 'aws_iam_role_policy_attachment')).toEqual([]);
  });

  test('GIVEN two grants THEN one inline policy holds exactly them, repeated statement ids numbered', () => {
    const stack = synthConstructs((scope) => {
      const identity = new ServiceIdentity(scope, 'orders', PROPS);
      identity.addToPrincipalPolicy(new PolicyStatement({ sid: 'ConnectToCache', actions: ['elasticache:Connect'], resources: ['arn:aws:elasticache:us-east-1:123456789012:replicationgroup:a'] }));
      identity.addToPrincipalPolicy(new PolicyStatement({ sid: 'ConnectToCache', actions: ['elasticache:Connect'], resources: ['arn:aws:elasticache:us-east-1:123456789012:replicationgroup:b'] }));
    });
    const policy = onlyOf(stack, 'aws_iam_role_policy');
    expect(policy.name).toBe('data-store-access');
    expect(policyOf(policy.policy).Statement.map((s) => [s.Sid, s.Resource])).toEqual([
      ['ConnectToCache', 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:a'],
      ['ConnectToCache2', 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:b'],
    ]);
  });

  describe('GIVEN bad props THEN synth fails naming the prop and the fix', () => {
    test.each([
      ['a service whose role name would pass 64 characters', { serviceAccount: workloadServiceAccount('services', 'a'.repeat(60)) }, /ServiceIdentity \(test\/identity\): serviceAccount\.name = "prod-svc-a+" is 69 characters long; a IAM role name \("prod-svc-a+"\) is limited to 64/],
      ['a role name with spaces', { roleName: 'prod orders' }, /roleName = "prod orders" is not a valid IAM role name/],
      ['a namespace that is not a DNS label', { serviceAccount: { namespace: 'Services', name: 'orders' } }, /serviceAccount\.namespace = "Services" is not a valid namespace/],
      ['no service account (JS)', { serviceAccount: undefined }, /serviceAccount = undefined is required\. Fix: pass workloadServiceAccount/],
      ['no cluster name (JS)', { clusterName: undefined }, /clusterName = undefined is required/],
    ] as [string, Partial<ServiceIdentityProps>, RegExp][])('%s', (_, change, message) => {
      expect(() => synthConstructs((scope) => new ServiceIdentity(scope, 'identity', { ...PROPS, ...change }))).toThrow(message);
    });
  });
});
