import { CapacityInputs, planCapacity, PlatformWorkloadInput } from '../../lib/capacity';
import { EnvironmentConfig } from '../../lib/config/environment';
import { invalid } from '../../lib/errors';
import { KubernetesResources, podRequests } from '../../lib/kubernetes-quantity';
import {
  CLUSTER_AUTOSCALER_REPLICAS,
  CLUSTER_AUTOSCALER_RESOURCES,
  CONTROLLER_REPLICAS,
  LOAD_BALANCER_CONTROLLER_RESOURCES,
  METRICS_SERVER_RESOURCES,
} from '../../constructs/cluster-controllers/controller-resources';
import {
  ALERTMANAGER_RESOURCES,
  CONFIG_RELOADER_RESOURCES,
  GRAFANA_REPLICAS,
  GRAFANA_RESOURCES,
  KUBE_STATE_METRICS_REPLICAS,
  KUBE_STATE_METRICS_RESOURCES,
  monitoringReplicas,
  PROMETHEUS_ADAPTER_RESOURCES,
  PROMETHEUS_OPERATOR_REPLICAS,
  PROMETHEUS_OPERATOR_RESOURCES,
  PROMETHEUS_RESOURCES,
} from '../../constructs/cluster-monitoring/values';
import {
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS,
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES,
  COREDNS_MAX_REPLICAS,
  COREDNS_MIN_REPLICAS,
  COREDNS_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINER_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINERS,
  EBS_CSI_CONTROLLER_REPLICAS,
} from '../../constructs/eks-cluster/add-on-resources';
import { DEFAULT_CPU_MILLICORES as POOLER_CPU_MILLICORES, DEFAULT_MEMORY_MIB as POOLER_MEMORY_MIB, readPoolerReplicas } from '../../constructs/read-pooler/sizing';

/**
 * Whether the environments' EKS clusters run CloudWatch Container Insights: the compute tier
 * (stacks/tiers/compute-tier.ts) passes it to EksCluster `containerInsights`, and the platform
 * reservation counts the add-on's controller only with it. Kept here, not in the compute
 * tier, so the capacity inputs read it without loading the provider bindings.
 */
export const CONTAINER_INSIGHTS = true;

/**
 * The pods the `<env>-platform` stack and the EKS add-ons run besides the services, as the
 * capacity model's `platform` input. Every figure is the constant the construct itself
 * writes into its chart values, add-on configuration or Deployment, so a changed request
 * moves the node reservation with it (test/stacks/platform-workloads.test.ts reads them
 * back from the synthesized platform stack), or, for the add-ons whose Deployments keep the
 * chart's defaults (EBS CSI controller, CloudWatch observability controller), the constant
 * recording those defaults (the test checks that nothing overrides them).
 *
 * DaemonSets (node-exporter, the Secrets Store CSI driver and its AWS provider, aws-node,
 * kube-proxy, ...) are per node and stay in `nodes.daemonSet*`.
 */
export function platformWorkloads(inputs: CapacityInputs, production: boolean, containerInsights: boolean = CONTAINER_INSIGHTS): PlatformWorkloadInput[] {
  const workload = (name: string, replicas: number, source: string, ...containers: KubernetesResources[]): PlatformWorkloadInput => {
    const pod = podRequests(...containers);
    return { name, replicas, cpuRequestMillicores: pod.cpuMillicores, memoryRequestMiB: pod.memoryMiB, source };
  };
  const monitoring = monitoringReplicas(production);
  const monitoringSource = (constants: string) => `ClusterMonitoring (constructs/cluster-monitoring/values.ts: ${constants})`;
  const controllersSource = (constants: string) => `ClusterControllers (constructs/cluster-controllers: ${constants})`;
  const addonSource = (constants: string) => `EksCluster add-on (constructs/eks-cluster: ${constants})`;
  const ebsCsiContainers = Array.from({ length: EBS_CSI_CONTROLLER_CONTAINERS }, () => EBS_CSI_CONTROLLER_CONTAINER_RESOURCES);

  const workloads: PlatformWorkloadInput[] = [
    workload('prometheus', monitoring, monitoringSource('PROMETHEUS_RESOURCES + CONFIG_RELOADER_RESOURCES, monitoringReplicas'), PROMETHEUS_RESOURCES, CONFIG_RELOADER_RESOURCES),
    workload('alertmanager', monitoring, monitoringSource('ALERTMANAGER_RESOURCES + CONFIG_RELOADER_RESOURCES, monitoringReplicas'), ALERTMANAGER_RESOURCES, CONFIG_RELOADER_RESOURCES),
    workload('grafana', GRAFANA_REPLICAS, monitoringSource('GRAFANA_RESOURCES, GRAFANA_REPLICAS'), GRAFANA_RESOURCES),
    workload('prometheus-adapter', monitoring, monitoringSource('PROMETHEUS_ADAPTER_RESOURCES, monitoringReplicas'), PROMETHEUS_ADAPTER_RESOURCES),
    workload('prometheus-operator', PROMETHEUS_OPERATOR_REPLICAS, monitoringSource('PROMETHEUS_OPERATOR_RESOURCES'), PROMETHEUS_OPERATOR_RESOURCES),
    workload('kube-state-metrics', KUBE_STATE_METRICS_REPLICAS, monitoringSource('KUBE_STATE_METRICS_RESOURCES, KUBE_STATE_METRICS_REPLICAS'), KUBE_STATE_METRICS_RESOURCES),
    workload('aws-load-balancer-controller', CONTROLLER_REPLICAS, controllersSource('LOAD_BALANCER_CONTROLLER_RESOURCES, CONTROLLER_REPLICAS'), LOAD_BALANCER_CONTROLLER_RESOURCES),
    workload('metrics-server', CONTROLLER_REPLICAS, controllersSource('METRICS_SERVER_RESOURCES, CONTROLLER_REPLICAS'), METRICS_SERVER_RESOURCES),
    workload('cluster-autoscaler', CLUSTER_AUTOSCALER_REPLICAS, controllersSource('CLUSTER_AUTOSCALER_RESOURCES, CLUSTER_AUTOSCALER_REPLICAS'), CLUSTER_AUTOSCALER_RESOURCES),
    {
      ...workload('coredns', COREDNS_MAX_REPLICAS, addonSource('COREDNS_RESOURCES, autoscaling COREDNS_MIN_REPLICAS to COREDNS_MAX_REPLICAS'), COREDNS_RESOURCES),
      minReplicas: COREDNS_MIN_REPLICAS,
    },
    workload(
      'ebs-csi-controller',
      EBS_CSI_CONTROLLER_REPLICAS,
      addonSource(`EBS_CSI_CONTROLLER_CONTAINER_RESOURCES x ${EBS_CSI_CONTROLLER_CONTAINERS} containers, the add-on's defaults`),
      ...ebsCsiContainers,
    ),
  ];
  if (containerInsights) {
    workloads.push(
      workload(
        'amazon-cloudwatch-observability-controller-manager',
        CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS,
        addonSource("CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES, CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS, the add-on's defaults"),
        CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES,
      ),
    );
  }

  // The pooler's HPA bounds come from the plan's database and services, which the node
  // groups do not feed back into: plan once without the platform to read them.
  const plan = planCapacity({ ...inputs, platform: undefined });
  if (Object.values(plan.services).some((s) => s.dbPoolSizePerPod > 0)) {
    const pooler = readPoolerReplicas(plan);
    workloads.push({
      name: 'read-pooler (PgBouncer)',
      replicas: pooler.maxReplicas,
      minReplicas: pooler.minReplicas,
      cpuRequestMillicores: POOLER_CPU_MILLICORES,
      memoryRequestMiB: POOLER_MEMORY_MIB,
      source: 'ReadPooler (constructs/read-pooler/sizing.ts: DEFAULT_CPU_MILLICORES, DEFAULT_MEMORY_MIB; HPA bounds from readPoolerReplicas)',
    });
  }
  return workloads;
}

/** `inputs` with the platform's pods reserved on the node groups. */
export function withPlatform(inputs: CapacityInputs, production: boolean, containerInsights: boolean = CONTAINER_INSIGHTS): CapacityInputs {
  return { ...inputs, platform: { workloads: platformWorkloads(inputs, production, containerInsights) } };
}

/**
 * Fails synth when an environment's reserved platform pods are not the ones it runs: the
 * replica counts follow the environment's `production` flag, which capacity-inputs.ts
 * passes to withPlatform by hand, so flipping the flag in `stacks/environments/<env>.ts`
 * alone would leave the node groups sized for the other set of pods.
 */
export function checkPlatformReservation(config: EnvironmentConfig): void {
  const reserved = config.capacity.platform?.workloads;
  if (reserved === undefined) return;
  const expected = platformWorkloads(config.capacity, config.production);
  const key = (w: PlatformWorkloadInput | undefined) => JSON.stringify(w);
  const differing = [...new Set([...reserved, ...expected].map((w) => w.name))].filter(
    (name) => key(reserved.find((w) => w.name === name)) !== key(expected.find((w) => w.name === name)),
  );
  if (differing.length === 0) return;
  const describe = (ws: readonly PlatformWorkloadInput[]) =>
    differing.map((name) => ws.find((w) => w.name === name)).map((w, i) => (w ? `${w.name} x${w.replicas}` : `no ${differing[i]}`)).join(', ');
  invalid(
    `config ${config.name}`,
    'capacity.platform',
    describe(reserved),
    `is not the platform this environment runs with production = ${config.production} (${describe(expected)})`,
    `build the capacity inputs with withPlatform(<inputs>, ${config.production}) in stacks/environments/capacity-inputs.ts`,
  );
}
