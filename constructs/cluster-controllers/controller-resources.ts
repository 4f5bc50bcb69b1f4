import { KubernetesResources } from '../../lib/kubernetes-quantity';

/*
 * Replicas and requests of the controllers ClusterControllers installs, apart from it so the
 * capacity inputs (stacks/environments/platform-workloads.ts) read them without loading the
 * provider bindings.
 */

/** Two replicas and a PDB: a node drain never takes a controller (or the HPA's metrics) away. */
export const CONTROLLER_REPLICAS = 2;
/** Cluster Autoscaler elects a leader and only the leader works: one pod (the chart's default); a restart loses minutes of scaling, not pods. */
export const CLUSTER_AUTOSCALER_REPLICAS = 1;

/*
 * Each controller declares its requests, so the scheduler and the capacity model's node
 * reservation (stacks/environments/platform-workloads.ts) count them.
 */
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
