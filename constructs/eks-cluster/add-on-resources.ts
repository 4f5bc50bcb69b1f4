import { KubernetesResources } from '../../lib/kubernetes-quantity';

/*
 * Replicas and requests of the EKS add-ons' Deployments, apart from EksCluster so the
 * capacity inputs (stacks/environments/platform-workloads.ts) read them without loading
 * the provider bindings.
 */

/** CoreDNS scales with the cluster: https://docs.aws.amazon.com/eks/latest/userguide/coredns-autoscaling.html */
export const COREDNS_MIN_REPLICAS = 2;
export const COREDNS_MAX_REPLICAS = 20;
/**
 * CoreDNS requests and memory limit: the values of Kubernetes' own CoreDNS manifest
 * (kubernetes/kubernetes cluster/addons/dns/coredns/coredns.yaml.base), which the EKS add-on
 * also ships; written into the add-on's configuration so they are set here, not assumed.
 */
export const COREDNS_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } };
/**
 * The EBS CSI driver's controller Deployment as the add-on runs it (this construct does not
 * configure it): aws-ebs-csi-driver chart `controller.replicaCount` 2 and
 * `controller.resources` 10m CPU / 40Mi (limit 256Mi), which the ebs-plugin container and
 * its five sidecars (provisioner, attacher, snapshotter, resizer, liveness probe) each get:
 * the sidecars' own `resources` default to `{}` and templates/controller.yaml falls back to
 * the controller's. Counted for the capacity model's node reservation.
 */
export const EBS_CSI_CONTROLLER_REPLICAS = 2;
export const EBS_CSI_CONTROLLER_CONTAINERS = 6;
export const EBS_CSI_CONTROLLER_CONTAINER_RESOURCES: KubernetesResources = { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '256Mi' } };
/**
 * The amazon-cloudwatch-observability add-on's own Deployment,
 * `amazon-cloudwatch-observability-controller-manager` (the CloudWatch agent operator that
 * runs the agent DaemonSet), as the add-on runs it: one `manager` container, 1 replica,
 * requests 100m CPU / 64Mi, no limits. Source: aws-observability/helm-charts tag
 * amazon-cloudwatch-observability-4.10.3 (chart 4.10.3, built into add-on v4.10.3-eksbuild.1),
 * charts/amazon-cloudwatch-observability/values.yaml `replicaCount: 1` and
 * `manager.resources.requests`, which templates/operator-deployment.yaml writes into the
 * Deployment. ContainerInsights's add-on configuration sets neither. Counted for the capacity
 * model's node reservation when Container Insights is on.
 */
export const CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS = 1;
export const CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '64Mi' } };
