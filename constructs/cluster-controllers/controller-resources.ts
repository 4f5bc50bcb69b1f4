/** Replicas and requests of the controllers ClusterControllers installs: defined in lib/platform-pods.ts, which the capacity model reads too. */
export {
  CLUSTER_AUTOSCALER_REPLICAS,
  CLUSTER_AUTOSCALER_RESOURCES,
  CONTROLLER_REPLICAS,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  METRICS_SERVER_RESOURCES,
} from '../../lib/platform-pods';
