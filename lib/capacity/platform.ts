import { KubernetesResources, podRequests } from '../kubernetes-quantity';
import {
  ALERTMANAGER_RESOURCES,
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS,
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES,
  CLUSTER_AUTOSCALER_REPLICAS,
  CLUSTER_AUTOSCALER_RESOURCES,
  CONFIG_RELOADER_RESOURCES,
  CONTROLLER_REPLICAS,
  COREDNS_MAX_REPLICAS,
  COREDNS_MIN_REPLICAS,
  COREDNS_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINER_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINERS,
  EBS_CSI_CONTROLLER_REPLICAS,
  GRAFANA_REPLICAS,
  GRAFANA_RESOURCES,
  KUBE_STATE_METRICS_REPLICAS,
  KUBE_STATE_METRICS_RESOURCES,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  METRICS_SERVER_RESOURCES,
  monitoringReplicas,
  PROMETHEUS_ADAPTER_RESOURCES,
  PROMETHEUS_OPERATOR_REPLICAS,
  PROMETHEUS_OPERATOR_RESOURCES,
  PROMETHEUS_RESOURCES,
} from '../platform-pods';
import { CapacityInputs, PlatformCapacityInput, PlatformWorkloadInput } from './inputs';
import { ReadPoolerPlan } from './plan';

/** The platform switches with their defaults filled in. */
export interface ResolvedPlatform {
  readonly eksAddOns: boolean;
  readonly containerInsights: boolean;
  readonly clusterControllers: boolean;
  readonly clusterMonitoring: 'high-availability' | 'single' | false;
  readonly readPooler: boolean;
  readonly workloads: readonly PlatformWorkloadInput[];
}

/** `inputs.platform` with every default applied (see {@link PlatformCapacityInput}). */
export function resolvePlatform(inputs: Pick<CapacityInputs, 'platform' | 'survivesAzLoss'>): ResolvedPlatform {
  const p: PlatformCapacityInput = inputs.platform ?? {};
  return {
    eksAddOns: p.eksAddOns ?? true,
    containerInsights: p.containerInsights ?? true,
    clusterControllers: p.clusterControllers ?? true,
    clusterMonitoring: p.clusterMonitoring ?? (inputs.survivesAzLoss ? 'high-availability' : 'single'),
    readPooler: p.readPooler ?? true,
    workloads: p.workloads ?? [],
  };
}

function workload(name: string, replicas: number, source: string, ...containers: KubernetesResources[]): PlatformWorkloadInput {
  const pod = podRequests(...containers);
  return { name, replicas, cpuRequestMillicores: pod.cpuMillicores, memoryRequestMiB: pod.memoryMiB, source };
}

const SOURCE = 'lib/platform-pods.ts';

/**
 * Every platform pod the node groups reserve room for: the pods of the constructs the
 * platform switches name, with the requests those constructs write (lib/platform-pods.ts),
 * then the user's own workloads. `readPooler` is the pooler's plan when one is planned.
 */
export function platformWorkloads(platform: ResolvedPlatform, readPooler: ReadPoolerPlan | undefined): PlatformWorkloadInput[] {
  const workloads: PlatformWorkloadInput[] = [];
  if (platform.clusterMonitoring !== false) {
    const replicas = monitoringReplicas(platform.clusterMonitoring === 'high-availability');
    const from = (constants: string) => `ClusterMonitoring (${SOURCE}: ${constants})`;
    workloads.push(
      workload('prometheus', replicas, from('PROMETHEUS_RESOURCES + CONFIG_RELOADER_RESOURCES, monitoringReplicas'), PROMETHEUS_RESOURCES, CONFIG_RELOADER_RESOURCES),
      workload('alertmanager', replicas, from('ALERTMANAGER_RESOURCES + CONFIG_RELOADER_RESOURCES, monitoringReplicas'), ALERTMANAGER_RESOURCES, CONFIG_RELOADER_RESOURCES),
      workload('grafana', GRAFANA_REPLICAS, from('GRAFANA_RESOURCES, GRAFANA_REPLICAS'), GRAFANA_RESOURCES),
      workload('prometheus-adapter', replicas, from('PROMETHEUS_ADAPTER_RESOURCES, monitoringReplicas'), PROMETHEUS_ADAPTER_RESOURCES),
      workload('prometheus-operator', PROMETHEUS_OPERATOR_REPLICAS, from('PROMETHEUS_OPERATOR_RESOURCES'), PROMETHEUS_OPERATOR_RESOURCES),
      workload('kube-state-metrics', KUBE_STATE_METRICS_REPLICAS, from('KUBE_STATE_METRICS_RESOURCES, KUBE_STATE_METRICS_REPLICAS'), KUBE_STATE_METRICS_RESOURCES),
    );
  }
  if (platform.clusterControllers) {
    const from = (constants: string) => `ClusterControllers (${SOURCE}: ${constants})`;
    workloads.push(
      workload('aws-load-balancer-controller', CONTROLLER_REPLICAS, from('LOAD_BALANCER_CONTROLLER_RESOURCES, CONTROLLER_REPLICAS'), LOAD_BALANCER_CONTROLLER_RESOURCES),
      workload('metrics-server', CONTROLLER_REPLICAS, from('METRICS_SERVER_RESOURCES, CONTROLLER_REPLICAS'), METRICS_SERVER_RESOURCES),
      workload('cluster-autoscaler', CLUSTER_AUTOSCALER_REPLICAS, from('CLUSTER_AUTOSCALER_RESOURCES, CLUSTER_AUTOSCALER_REPLICAS'), CLUSTER_AUTOSCALER_RESOURCES),
    );
  }
  if (platform.eksAddOns) {
    const from = (constants: string) => `EksCluster add-on (${SOURCE}: ${constants})`;
    workloads.push(
      { ...workload('coredns', COREDNS_MAX_REPLICAS, from('COREDNS_RESOURCES, autoscaling COREDNS_MIN_REPLICAS to COREDNS_MAX_REPLICAS'), COREDNS_RESOURCES), minReplicas: COREDNS_MIN_REPLICAS },
      workload(
        'ebs-csi-controller',
        EBS_CSI_CONTROLLER_REPLICAS,
        from(`EBS_CSI_CONTROLLER_CONTAINER_RESOURCES x ${EBS_CSI_CONTROLLER_CONTAINERS} containers, the add-on's defaults`),
        ...Array.from({ length: EBS_CSI_CONTROLLER_CONTAINERS }, () => EBS_CSI_CONTROLLER_CONTAINER_RESOURCES),
      ),
    );
    if (platform.containerInsights) {
      workloads.push(
        workload(
          'amazon-cloudwatch-observability-controller-manager',
          CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS,
          from("CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES, CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS, the add-on's defaults"),
          CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES,
        ),
      );
    }
  }
  if (readPooler) {
    workloads.push({
      name: 'read-pooler (PgBouncer)',
      replicas: readPooler.maxReplicas,
      minReplicas: readPooler.minReplicas,
      cpuRequestMillicores: readPooler.cpuMillicores,
      memoryRequestMiB: readPooler.memoryMiB,
      source: `ReadPooler (${SOURCE}: READ_POOLER_CPU_MILLICORES, READ_POOLER_MEMORY_MIB; HPA bounds from lib/capacity/read-pooler.ts)`,
    });
  }
  return [...workloads, ...platform.workloads];
}
