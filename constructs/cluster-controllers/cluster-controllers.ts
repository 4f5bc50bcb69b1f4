import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { LOAD_BALANCER_CONTROLLER_WEBHOOK_PORT, METRICS_SERVER_PORT } from '../../lib/platform-ports';
import { checkName, checkProps, checkString } from '../../lib/validation';
import {
  CLUSTER_AUTOSCALER_REPLICAS,
  CLUSTER_AUTOSCALER_RESOURCES,
  CONTROLLER_REPLICAS,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  METRICS_SERVER_RESOURCES,
} from './controller-resources';

/**
 * Helm charts pinned for Kubernetes 1.33, each with where its version and values keys
 * were checked (the chart's values.yaml at that version).
 */
export const CHARTS = {
  /** eks-charts stable/aws-load-balancer-controller 1.14.1 = controller v2.14.1 (aws/eks-charts commit 7b027f2). */
  awsLoadBalancerController: { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '1.14.1' },
  /** metrics-server chart 3.13.0 = metrics-server 0.8.0 (kubernetes-sigs/metrics-server commit e8b1075e). */
  metricsServer: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' },
  /** cluster-autoscaler chart 9.50.1 = Cluster Autoscaler 1.33.0, the minor matching the cluster (kubernetes/autoscaler commit cb0c862e1d). */
  clusterAutoscaler: { repository: 'https://kubernetes.github.io/autoscaler', chart: 'cluster-autoscaler', version: '9.50.1' },
} as const;

/** Seconds Helm waits for a release to become ready. */
const RELEASE_TIMEOUT_SECONDS = 600;

export interface ClusterControllersProps {
  /** EKS cluster name (plain string: the autoscaler discovers node groups by it). */
  readonly clusterName: string;
  /** AWS region of the cluster (the controllers call the regional APIs). */
  readonly region: string;
  /** VPC of the cluster, given to the AWS Load Balancer Controller so it needs no instance metadata. */
  readonly vpcId: string;
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
}
