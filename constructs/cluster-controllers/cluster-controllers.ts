import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { DEFAULT_KUBERNETES_VERSION } from '../../lib/eks-versions';
import { invalid } from '../../lib/errors';
import { LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT, METRICS_SERVER_PORT } from '../../lib/platform-ports';
import { checkName, checkProps, checkString, isUnresolved } from '../../lib/validation';
import {
  CLUSTER_AUTOSCALER_REPLICAS,
  CLUSTER_AUTOSCALER_RESOURCES,
  CONTROLLER_REPLICAS,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  METRICS_SERVER_RESOURCES,
} from './controller-resources';

/**
 * Helm charts pinned, each with where its version and values keys were checked (the chart's
 * values.yaml at that version). The Cluster Autoscaler chart's own image (v1.33.0) is
 * replaced by the image of the cluster's minor (CLUSTER_AUTOSCALER_IMAGE_TAGS, `image.tag`).
 */
export const CHARTS = {
  /** eks-charts stable/aws-load-balancer-controller 1.14.1 = controller v2.14.1 (aws/eks-charts commit 7b027f2). */
  awsLoadBalancerController: { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '1.14.1' },
  /** metrics-server chart 3.13.0 = metrics-server 0.8.0 (kubernetes-sigs/metrics-server commit e8b1075e). */
  metricsServer: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' },
  /** cluster-autoscaler chart 9.50.1 (kubernetes/autoscaler commit cb0c862e1d): its default image is Cluster Autoscaler v1.33.0; `image.tag` sets the cluster's minor. */
  clusterAutoscaler: { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.50.1' },
} as const;

/**
 * Cluster Autoscaler image per Kubernetes minor. "We recommend using Cluster Autoscaler with the
 * Kubernetes control plane version for which it was meant" (kubernetes/autoscaler
 * cluster-autoscaler/README.md, "Releases": each CA minor is built and tested against the same
 * Kubernetes minor), so the image's minor must be the cluster's. Tags promoted to
 * registry.k8s.io/autoscaling/cluster-autoscaler by kubernetes/k8s.io pull request 9676
 * ("[cluster-autoscaler] Add v1.36.0, v1.35.1, v1.34.4, v1.33.5", merged 2026-07-03). A
 * Kubernetes version added to lib/eks-versions.ts needs its entry here (the synth check says so).
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  '1.36': 'v1.36.0',
  '1.35': 'v1.35.1',
  '1.34': 'v1.34.4',
  '1.33': 'v1.33.5',
};
/** The chart's `image.repository` (cluster-autoscaler chart 9.50.1 values.yaml). */
export const CLUSTER_AUTOSCALER_IMAGE_REPOSITORY = 'registry.k8s.io/autoscaling/cluster-autoscaler';

/** Seconds Helm waits for a release to become ready. */
const RELEASE_TIMEOUT_SECONDS = 600;

export interface ClusterControllersProps {
  /** EKS cluster name (plain string: the autoscaler discovers node groups by it). */
  readonly clusterName: string;
  /** AWS region of the cluster (the controllers call the regional APIs). */
  readonly region: string;
  /** VPC of the cluster, given to the AWS Load Balancer Controller so it needs no instance metadata. */
  readonly vpcId: string;
  /**
   * The cluster's Kubernetes minor ("1.36"): Cluster Autoscaler runs the image of the same minor.
   * @default DEFAULT_KUBERNETES_VERSION - the version new EksClusters get (lib/eks-versions.ts)
   */
  readonly kubernetesVersion?: string;
  /**
   * Cluster Autoscaler image tag ("v1.36.0"); its minor must be `kubernetesVersion`'s.
   * @default - CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion]
   */
  readonly clusterAutoscalerImageTag?: string;
  /** Service accounts the Pod Identity associations were made for (EksCluster.controllerServiceAccounts). */
  readonly serviceAccounts: {
    readonly loadBalancerController: { readonly namespace: string; readonly name: string };
    readonly clusterAutoscaler: { readonly namespace: string; readonly name: string };
  };
}

/**
 * The in-cluster controllers the services need: AWS Load Balancer Controller (registers
 * pods in the NLB target groups through TargetGroupBinding), metrics-server (the HPA's CPU
 * and memory metrics) and Cluster Autoscaler.
 *
 * Why Cluster Autoscaler and not Karpenter: the capacity model sizes one managed node
 * group per AZ with explicit maxima (AWS quota 450 nodes per group); Cluster Autoscaler
 * scales exactly those groups within those bounds, balances them across AZs
 * (`balance-similar-node-groups`), and needs no extra CRDs, interruption queue or node
 * IAM wiring. Karpenter would bypass the node groups and their sized maxima.
 */
export class ClusterControllers extends Construct {
  public readonly loadBalancerController: Release;
  public readonly metricsServer: Release;
  public readonly clusterAutoscaler: Release;

  constructor(scope: Construct, id: string, props: ClusterControllersProps) {
    super(scope, id);
    checkProps(this, props, `{ clusterName, region, vpcId, ... }`);
    checkName(this, 'clusterName', props.clusterName, { maxLength: 100, pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, what: 'EKS cluster name' });
    checkString(this, 'region', props.region, true);
    checkString(this, 'vpcId', props.vpcId, true);
    const sa = props.serviceAccounts;
    const autoscalerImageTag = this.autoscalerImageTag(props);

    this.loadBalancerController = new Release(this, 'aws-load-balancer-controller', {
      name: 'aws-load-balancer-controller',
      namespace: sa.loadBalancerController.namespace,
      ...CHARTS.awsLoadBalancerController,
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      values: [
        JSON.stringify({
          clusterName: props.clusterName,
          region: props.region,
          vpcId: props.vpcId,
          replicaCount: CONTROLLER_REPLICAS,
          resources: LOAD_BALANCER_CONTROLLER_RESOURCES,
          serviceAccount: { create: true, name: sa.loadBalancerController.name },
          podDisruptionBudget: { maxUnavailable: 1 },
          // Services here are ClusterIP bound through TargetGroupBinding; the controller
          // must not turn other LoadBalancer Services into NLBs behind our back.
          enableServiceMutatorWebhook: false,
          createIngressClassResource: false,
          // The webhooks' port: the AWS stack opens exactly this one from the control plane (lib/platform-ports.ts).
          webhookBindPort: LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT.port,
        }),
      ],
    });

    this.metricsServer = new Release(this, 'metrics-server', {
      name: 'metrics-server',
      namespace: 'kube-system',
      ...CHARTS.metricsServer,
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      // containerPort is the APIService's secure port: the AWS stack opens exactly this one from the control plane (lib/platform-ports.ts).
      values: [JSON.stringify({ replicas: CONTROLLER_REPLICAS, resources: METRICS_SERVER_RESOURCES, containerPort: METRICS_SERVER_PORT.port, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } })],
    });

    this.clusterAutoscaler = new Release(this, 'cluster-autoscaler', {
      name: 'cluster-autoscaler',
      namespace: sa.clusterAutoscaler.namespace,
      ...CHARTS.clusterAutoscaler,
      atomic: true,
      timeout: RELEASE_TIMEOUT_SECONDS,
      values: [
        JSON.stringify({
          cloudProvider: 'aws',
          awsRegion: props.region,
          autoDiscovery: { clusterName: props.clusterName },
          replicaCount: CLUSTER_AUTOSCALER_REPLICAS,
          resources: CLUSTER_AUTOSCALER_RESOURCES,
          rbac: { serviceAccount: { create: true, name: sa.clusterAutoscaler.name } },
          // The chart's default image is v1.33.0: run the cluster's minor instead.
          image: { repository: CLUSTER_AUTOSCALER_IMAGE_REPOSITORY, tag: autoscalerImageTag },
          extraArgs: {
            'balance-similar-node-groups': true,
            // Each group carries its own `node-group` label; ignore it when comparing groups.
            'balancing-ignore-label_1': 'node-group',
            expander: 'least-waste',
            'skip-nodes-with-system-pods': false,
          },
        }),
      ],
    });
  }

  /** The Cluster Autoscaler image of the cluster's minor; a tag of another minor is an error naming both. */
  private autoscalerImageTag(props: ClusterControllersProps): string {
    const version = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const known = Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(', ');
    if (typeof version !== 'string' || isUnresolved(version) || !/^1\.\d+$/.test(version)) {
      invalid(this, 'kubernetesVersion', version, 'is not a literal Kubernetes minor', `pass the cluster's version as "1.<minor>", one of ${known}`);
    }
    const pinned = CLUSTER_AUTOSCALER_IMAGE_TAGS[version];
    const tag = props.clusterAutoscalerImageTag ?? pinned;
    if (tag === undefined) {
      invalid(this, 'kubernetesVersion', version, `has no Cluster Autoscaler image pinned (pinned minors: ${known}); the chart's default v1.33.0 is meant for Kubernetes 1.33`, `add CLUSTER_AUTOSCALER_IMAGE_TAGS['${version}'] = 'v${version}.<patch>' (a tag on registry.k8s.io/autoscaling/cluster-autoscaler), or pass clusterAutoscalerImageTag: 'v${version}.<patch>'`);
    }
    const match = typeof tag === 'string' ? /^v(\d+\.\d+)\.\d+$/.exec(tag) : null;
    if (!match) invalid(this, 'clusterAutoscalerImageTag', tag, 'is not a Cluster Autoscaler release tag', `pass v<major>.<minor>.<patch>, e.g. '${pinned ?? `v${version}.0`}'`);
    if (match[1] !== version) {
      invalid(this, 'clusterAutoscalerImageTag', tag, `is Cluster Autoscaler ${match[1]}, but the cluster runs Kubernetes ${version} (each autoscaler minor is meant for the same Kubernetes minor)`, `use a v${version}.x tag${pinned ? ` (pinned: '${pinned}')` : ''}, or leave clusterAutoscalerImageTag out`);
    }
    return tag;
  }
}
