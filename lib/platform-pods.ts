import { KubernetesResources } from './kubernetes-quantity';

/**
 * Replicas and requests of every pod the library's constructs run beside the services, and
 * the rollout conventions of the workloads. The constructs write these figures into their
 * Deployments, chart values and add-on configurations; the capacity model (lib/capacity)
 * reserves node room for exactly these pods. Kept apart from both, in a module that loads no
 * provider bindings, so a changed request moves the node reservation with it
 * (test/stacks/platform-workloads.test.ts reads them back from the synthesized stacks).
 */

// ---------------------------------------------------------------------------------------
// Workload conventions (ServiceWorkload, ReadPooler)

/**
 * Rolling updates add at most a quarter of the pods before old ones go (maxUnavailable 0),
 * so a rollout never lowers capacity; the namespace quota and node plan count the surge.
 */
export const ROLLOUT_MAX_SURGE_PERCENT = 25;
/** A service pod's CPU limit is twice its request: bursts are allowed, a runaway pod is not. */
export const DEFAULT_CPU_LIMIT_FACTOR = 2;

// ---------------------------------------------------------------------------------------
// EKS add-ons (EksCluster)

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
 * The EBS CSI driver's controller Deployment as the add-on runs it (EksCluster does not
 * configure it): aws-ebs-csi-driver chart `controller.replicaCount` 2 and
 * `controller.resources` 10m CPU / 40Mi (limit 256Mi), which the ebs-plugin container and
 * its five sidecars (provisioner, attacher, snapshotter, resizer, liveness probe) each get:
 * the sidecars' own `resources` default to `{}` and templates/controller.yaml falls back to
 * the controller's.
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
 * Deployment. ContainerInsights's add-on configuration sets neither.
 */
export const CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS = 1;
export const CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '64Mi' } };

// ---------------------------------------------------------------------------------------
// Cluster controllers (ClusterControllers)

/** Two replicas and a PDB: a node drain never takes a controller (or the HPA's metrics) away. */
export const CONTROLLER_REPLICAS = 2;
/** Cluster Autoscaler elects a leader and only the leader works: one pod (the chart's default); a restart loses minutes of scaling, not pods. */
export const CLUSTER_AUTOSCALER_REPLICAS = 1;
/**
 * PLACEHOLDER: conservative planning figure until this repo measures it (the chart sets no
 * requests); the controller caches every pod and endpoint it reconciles, so memory grows
 * with the service pods.
 */
export const LOAD_BALANCER_CONTROLLER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
/** metrics-server chart 3.13.0 values.yaml default, per the project's scaling guide (https://github.com/kubernetes-sigs/metrics-server#scaling), written out so it is counted. */
export const METRICS_SERVER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '200Mi' } };
/** Cluster Autoscaler's AWS example deployment (kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml): 100m CPU, 600Mi. */
export const CLUSTER_AUTOSCALER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '600Mi' } };

// ---------------------------------------------------------------------------------------
// Monitoring (ClusterMonitoring)

/**
 * Requests and limits from the design notes (001, Phase 4 "Enhanced Monitoring"):
 * Prometheus 2 CPU / 4 Gi requested, 4 CPU / 8 Gi limit; Grafana 1 CPU / 2 Gi, 2 CPU / 4 Gi.
 */
export const PROMETHEUS_RESOURCES: KubernetesResources = { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '8Gi' } };
export const GRAFANA_RESOURCES: KubernetesResources = { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } };
/*
 * The other monitoring pods declare requests too, so the scheduler and the node reservation
 * count them. The charts set none by default. PLACEHOLDER figures: conservative planning
 * values until this repo measures the pods' usage in a loaded cluster; memory limits at
 * twice the request.
 */
/** Alertmanager holds alerts and silences in memory; a few hundred alerts fit well under 256 MiB. */
export const ALERTMANAGER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
/** The config-reloader sidecar the operator adds to every Prometheus and Alertmanager pod (value prometheusOperator.prometheusConfigReloader.resources). */
export const CONFIG_RELOADER_RESOURCES: KubernetesResources = { requests: { cpu: '10m', memory: '50Mi' }, limits: { memory: '100Mi' } };
export const PROMETHEUS_OPERATOR_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
/**
 * kube-state-metrics README, "Resource recommendation": 250 MiB and 0.1 core for a cluster of
 * up to 100 nodes (https://github.com/kubernetes/kube-state-metrics#resource-recommendation);
 * doubled for prod's few hundred nodes and several thousand pods.
 */
export const KUBE_STATE_METRICS_RESOURCES: KubernetesResources = { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1Gi' } };
export const PROMETHEUS_ADAPTER_RESOURCES: KubernetesResources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
/** Prometheus, Alertmanager and prometheus-adapter with high availability: two, so a drained node or a lost AZ keeps one. */
export const MONITORING_HA_REPLICAS = 2;
/** Grafana keeps its state (sessions, users) in a local database: one pod (the chart's default). */
export const GRAFANA_REPLICAS = 1;
/** kube-state-metrics: one pod (the chart's default; more would duplicate every series). */
export const KUBE_STATE_METRICS_REPLICAS = 1;
/** The Prometheus Operator: one pod (the chart runs a single operator Deployment and has no replica value). */
export const PROMETHEUS_OPERATOR_REPLICAS = 1;

/** Prometheus, Alertmanager and prometheus-adapter pods: two with high availability (production), else one. */
export function monitoringReplicas(highAvailability: boolean): number {
  return highAvailability ? MONITORING_HA_REPLICAS : 1;
}

// ---------------------------------------------------------------------------------------
// Read pooler (ReadPooler)

/** One core per pooler pod (request and limit): PgBouncer is a single-threaded process. https://www.pgbouncer.org/features.html */
export const READ_POOLER_CPU_MILLICORES = 1000;
/**
 * Memory per pooler pod (request and limit). Each connection holds up to two `pkt_buf`
 * buffers (4 KiB each, https://www.pgbouncer.org/config.html#pkt_buf): 10,000 connections are
 * about 80 MiB; the rest is the prepared-statement cache and headroom.
 */
export const READ_POOLER_MEMORY_MIB = 256;
