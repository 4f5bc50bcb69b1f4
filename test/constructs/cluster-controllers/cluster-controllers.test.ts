import { CHARTS, ClusterControllers } from '../../../constructs/cluster-controllers';
import { CONTROLLER_SERVICE_ACCOUNTS } from '../../../constructs/eks-cluster';
import { allOf, synthConstructs } from '../../support/synth';

describe('ClusterControllers', () => {
  const stack = synthConstructs((scope) => new ClusterControllers(scope, 'controllers', { clusterName: 'prod', region: 'us-east-1', vpcId: 'vpc-1', serviceAccounts: CONTROLLER_SERVICE_ACCOUNTS }));
  const releases = Object.fromEntries(allOf(stack, 'helm_release').map((r) => [r.name, r]));
  const values = (name: string) => JSON.parse((releases[name].values as string[])[0]);

  test('GIVEN the controllers THEN every chart version is pinned', () => {
    expect(Object.keys(releases).sort()).toEqual(['aws-load-balancer-controller', 'cluster-autoscaler', 'metrics-server']);
    expect(releases['aws-load-balancer-controller']).toMatchObject({ version: CHARTS.awsLoadBalancerController.version, repository: 'https://aws.github.io/eks-charts' });
    expect(releases['cluster-autoscaler'].version).toBe('9.50.1');
    expect(releases['metrics-server'].version).toBe('3.13.0');
  });

  test('THEN the Load Balancer Controller uses the Pod Identity service account and knows its cluster and VPC', () => {
    expect(values('aws-load-balancer-controller')).toMatchObject({ clusterName: 'prod', region: 'us-east-1', vpcId: 'vpc-1', serviceAccount: { create: true, name: 'aws-load-balancer-controller' }, enableServiceMutatorWebhook: false });
  });

  test('THEN the Cluster Autoscaler auto-discovers the node groups and balances them across AZs', () => {
    expect(values('cluster-autoscaler')).toMatchObject({
      autoDiscovery: { clusterName: 'prod' },
      awsRegion: 'us-east-1',
      rbac: { serviceAccount: { name: 'cluster-autoscaler' } },
      extraArgs: { 'balance-similar-node-groups': true, 'balancing-ignore-label_1': 'node-group' },
    });
  });
});
