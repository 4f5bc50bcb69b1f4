import { CHARTS, CLUSTER_AUTOSCALER_IMAGE_REPOSITORY, CLUSTER_AUTOSCALER_IMAGE_TAGS, ClusterControllers, ClusterControllersProps } from '../../../constructs/cluster-controllers';
import { DEFAULT_KUBERNETES_VERSION, EKS_VERSIONS } from '../../../lib/eks-versions';
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

  test('THEN the Cluster Autoscaler runs the image of the cluster\'s minor (the default version\'s), not the chart\'s v1.33.0', () => {
    const image = values('cluster-autoscaler').image;
    expect(image).toEqual({ repository: CLUSTER_AUTOSCALER_IMAGE_REPOSITORY, tag: CLUSTER_AUTOSCALER_IMAGE_TAGS[DEFAULT_KUBERNETES_VERSION] });
    expect(image.tag).toMatch(new RegExp(`^v${DEFAULT_KUBERNETES_VERSION.replace('.', '\\.')}\\.\\d+$`));
  });
});

describe('ClusterControllers: Cluster Autoscaler image vs the cluster version', () => {
  const base: ClusterControllersProps = { clusterName: 'prod', region: 'us-east-1', vpcId: 'vpc-1', serviceAccounts: CONTROLLER_SERVICE_ACCOUNTS };
  const tagOf = (props: Partial<ClusterControllersProps>) => {
    const stack = synthConstructs((scope) => new ClusterControllers(scope, 'controllers', { ...base, ...props }));
    const release = allOf(stack, 'helm_release').find((r) => r.name === 'cluster-autoscaler')!;
    return JSON.parse((release.values as string[])[0]).image.tag as string;
  };

  test('GIVEN every Kubernetes version EKS environments may choose THEN an image of the same minor is pinned', () => {
    for (const { version } of EKS_VERSIONS) {
      expect(CLUSTER_AUTOSCALER_IMAGE_TAGS[version]).toMatch(new RegExp(`^v${version.replace('.', '\\.')}\\.\\d+$`));
      expect(tagOf({ kubernetesVersion: version })).toBe(CLUSTER_AUTOSCALER_IMAGE_TAGS[version]);
    }
    for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS)) expect(tag.startsWith(`v${minor}.`)).toBe(true);
  });

  test('GIVEN a tag of the same minor THEN it is used', () => {
    expect(tagOf({ kubernetesVersion: '1.35', clusterAutoscalerImageTag: 'v1.35.0' })).toBe('v1.35.0');
  });

  test.each([
    ['the chart default on 1.36', { kubernetesVersion: '1.36', clusterAutoscalerImageTag: 'v1.33.0' }, /clusterAutoscalerImageTag = "v1\.33\.0" is Cluster Autoscaler 1\.33, but the cluster runs Kubernetes 1\.36.*Fix: use a v1\.36\.x tag \(pinned: 'v1\.36\.0'\)/],
    ['a newer autoscaler than the cluster', { kubernetesVersion: '1.35', clusterAutoscalerImageTag: 'v1.36.0' }, /"v1\.36\.0" is Cluster Autoscaler 1\.36, but the cluster runs Kubernetes 1\.35/],
    ['a version with no pinned image', { kubernetesVersion: '1.37' }, /kubernetesVersion = "1\.37" has no Cluster Autoscaler image pinned \(pinned minors: 1\.36, 1\.35, 1\.34, 1\.33\).*Fix: add CLUSTER_AUTOSCALER_IMAGE_TAGS\['1\.37'\]/],
    ['a version that is not a minor', { kubernetesVersion: '1.36.2' }, /kubernetesVersion = "1\.36\.2" is not a literal Kubernetes minor/],
    ['a tag that is not a release', { kubernetesVersion: '1.36', clusterAutoscalerImageTag: 'latest' }, /clusterAutoscalerImageTag = "latest" is not a Cluster Autoscaler release tag.*'v1\.36\.0'/],
    ['a tag without the v', { kubernetesVersion: '1.36', clusterAutoscalerImageTag: '1.36.0' }, /"1\.36\.0" is not a Cluster Autoscaler release tag/],
  ])('GIVEN %s THEN synth fails naming both versions and the fix', (_, props, message) => {
    expect(() => tagOf(props)).toThrow(message);
  });
});
