import { planCapacity, PlatformWorkloadInput } from '../../lib/capacity';
import { capacityInputsOf, planEnvironment } from '../../lib/config/environment';
import { cpuMillicores, KubernetesResources, memoryMiB, podRequests } from '../../lib/kubernetes-quantity';
import {
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS,
  CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINER_RESOURCES,
  EBS_CSI_CONTROLLER_CONTAINERS,
  EBS_CSI_CONTROLLER_REPLICAS,
} from '../../constructs/eks-cluster';
import { ENVIRONMENTS, prod } from '../../stacks/environments';
import { synthesizeReferenceApp } from '../support/app-synth';
import { helmValues } from '../support/platform-synth';
import { allOf, SynthesizedStack } from '../support/synth';

/**
 * The capacity model's platform reservation must be what the platform stack and the EKS
 * add-ons actually run: these tests read the requests and replica counts back from the
 * synthesized stacks (Helm values, add-on configuration, the pooler's Deployment and HPA),
 * so a construct that changes a request without the reservation following fails here.
 */
const app = synthesizeReferenceApp();

type Reserved = Pick<PlatformWorkloadInput, 'replicas' | 'minReplicas' | 'cpuRequestMillicores' | 'memoryRequestMiB'>;

function release(stack: SynthesizedStack, name: string): Record<string, any> {
  const found = allOf(stack, 'helm_release').find((r) => r.name === name);
  if (!found) throw new Error(`no helm_release ${name}`);
  return helmValues(found);
}

function addon(aws: SynthesizedStack, name: string): Record<string, any> | undefined {
  return allOf(aws, 'aws_eks_addon').find((a) => a.addon_name === name);
}

/** Top-level keys of an add-on's configuration_values (the chart values it overrides). */
function configuredKeys(found: Record<string, any>): string[] {
  return found.configuration_values === undefined ? [] : Object.keys(JSON.parse(String(found.configuration_values)));
}

const CONTROLLER_ADDON = 'amazon-cloudwatch-observability';
const CONTROLLER_WORKLOAD = 'amazon-cloudwatch-observability-controller-manager';

function pod(replicas: number, ...containers: KubernetesResources[]): Reserved {
  const requests = podRequests(...containers);
  return { replicas, cpuRequestMillicores: requests.cpuMillicores, memoryRequestMiB: requests.memoryMiB };
}

/** What the synthesized stacks run, per platform workload, in the capacity input's terms. */
function synthesizedWorkloads(aws: SynthesizedStack, platform: SynthesizedStack): Record<string, Reserved> {
  const stack = release(platform, 'kube-prometheus-stack');
  const reloader = stack.prometheusOperator.prometheusConfigReloader.resources;
  const adapter = release(platform, 'prometheus-adapter');
  const lbc = release(platform, 'aws-load-balancer-controller');
  const metrics = release(platform, 'metrics-server');
  const autoscaler = release(platform, 'cluster-autoscaler');
  const coredns = JSON.parse(String(addon(aws, 'coredns')?.configuration_values));
  const workloads: Record<string, Reserved> = {
    prometheus: pod(stack.prometheus.prometheusSpec.replicas, stack.prometheus.prometheusSpec.resources, reloader),
    alertmanager: pod(stack.alertmanager.alertmanagerSpec.replicas, stack.alertmanager.alertmanagerSpec.resources, reloader),
    grafana: pod(stack.grafana.replicas, stack.grafana.resources),
    'prometheus-adapter': pod(adapter.replicas, adapter.resources),
    // The chart runs one operator Deployment and has no replica value.
    'prometheus-operator': pod(1, stack.prometheusOperator.resources),
    'kube-state-metrics': pod(stack['kube-state-metrics'].replicas, stack['kube-state-metrics'].resources),
    'aws-load-balancer-controller': pod(lbc.replicaCount, lbc.resources),
    'metrics-server': pod(metrics.replicas, metrics.resources),
    'cluster-autoscaler': pod(autoscaler.replicaCount, autoscaler.resources),
    coredns: { ...pod(coredns.autoScaling.maxReplicas, coredns.resources), minReplicas: coredns.autoScaling.minReplicas },
  };
  // These two add-ons run their charts' defaults, which the constants record (the tests
  // below check that the add-ons' configuration overrides none of them): what the stack
  // decides is whether the add-on, and so its controller, exists.
  if (addon(aws, 'aws-ebs-csi-driver')) {
    workloads['ebs-csi-controller'] = pod(EBS_CSI_CONTROLLER_REPLICAS, ...Array.from({ length: EBS_CSI_CONTROLLER_CONTAINERS }, () => EBS_CSI_CONTROLLER_CONTAINER_RESOURCES));
  }
  if (addon(aws, CONTROLLER_ADDON)) workloads[CONTROLLER_WORKLOAD] = pod(CLOUDWATCH_OBSERVABILITY_CONTROLLER_REPLICAS, CLOUDWATCH_OBSERVABILITY_CONTROLLER_RESOURCES);
  const pooler = (allOf(platform, 'kubernetes_deployment_v1') as Record<string, any>[]).find((d) => d.metadata.name === 'pgbouncer-read');
  if (pooler) {
    const hpa = (allOf(platform, 'kubernetes_horizontal_pod_autoscaler_v2') as Record<string, any>[]).find((h) => h.metadata.name === 'pgbouncer-read');
    const spec = pooler.spec.template.spec;
    const main = spec.container.map((c: { resources: KubernetesResources }) => c.resources.requests);
    const init = (spec.init_container ?? []).map((c: { resources: KubernetesResources }) => c.resources.requests);
    // A pod requests the larger of its containers' sum and any one init container.
    const cpu = Math.max(main.reduce((s: number, r: { cpu: string }) => s + cpuMillicores(r.cpu), 0), ...init.map((r: { cpu: string }) => cpuMillicores(r.cpu)));
    const memory = Math.max(main.reduce((s: number, r: { memory: string }) => s + memoryMiB(r.memory), 0), ...init.map((r: { memory: string }) => memoryMiB(r.memory)));
    workloads['read-pooler (PgBouncer)'] = { replicas: hpa?.spec.max_replicas, minReplicas: hpa?.spec.min_replicas, cpuRequestMillicores: cpu, memoryRequestMiB: memory };
  }
  return workloads;
}

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s', (name, config) => {
  test('GIVEN the synthesized stacks THEN the capacity inputs reserve exactly the platform pods they run', () => {
    const reserved = Object.fromEntries(
      planEnvironment(config).platformWorkloads.map((w) => [w.name, { replicas: w.replicas, cpuRequestMillicores: w.cpuRequestMillicores, memoryRequestMiB: w.memoryRequestMiB, ...(w.minReplicas !== undefined ? { minReplicas: w.minReplicas } : {}) }]),
    );
    expect(reserved).toEqual(synthesizedWorkloads(app.stacks[name], app.stacks[`${name}-platform`]));
  });

  test('THEN the aws-ebs-csi-driver add-on has no configuration_values, so its controller runs the chart defaults EBS_CSI_CONTROLLER_* record', () => {
    const ebs = addon(app.stacks[name], 'aws-ebs-csi-driver');
    expect(ebs).toBeDefined();
    expect(ebs?.configuration_values).toBeUndefined();
  });

  test('THEN the amazon-cloudwatch-observability add-on overrides neither replicaCount nor manager, so its controller runs the chart defaults CLOUDWATCH_OBSERVABILITY_CONTROLLER_* record', () => {
    const cloudwatch = addon(app.stacks[name], CONTROLLER_ADDON);
    expect(cloudwatch).toBeDefined();
    expect(configuredKeys(cloudwatch!)).toEqual(expect.arrayContaining(['agent']));
    expect(configuredKeys(cloudwatch!)).not.toContain('replicaCount');
    expect(configuredKeys(cloudwatch!)).not.toContain('manager');
  });

  test('THEN every reserved workload names the construct that sets its figures', () => {
    for (const w of planEnvironment(config).platformWorkloads) expect(w.source).toMatch(/^(ClusterMonitoring|ClusterControllers|EksCluster add-on|ReadPooler) \(lib\/platform-pods\.ts: /);
  });
});

test('GIVEN Container Insights off THEN the platform reservation leaves out the CloudWatch observability controller, and only it', () => {
  const inputs = capacityInputsOf(prod);
  const names = (containerInsights: boolean) => planCapacity({ ...inputs, platform: { ...inputs.platform, containerInsights } }).platformWorkloads.map((w) => w.name);
  expect(names(true)).toContain(CONTROLLER_WORKLOAD);
  expect(names(false)).toEqual(names(true).filter((n) => n !== CONTROLLER_WORKLOAD));
});

describe('the production flag is stated once', () => {
  const replicasOf = (config: typeof prod) => Object.fromEntries(planEnvironment(config).platformWorkloads.filter((w) => ['prometheus', 'alertmanager', 'prometheus-adapter'].includes(w.name)).map((w) => [w.name, w.replicas]));

  test('GIVEN prod THEN monitoring is reserved with two replicas each, and the monitoring slice says so', () => {
    expect(replicasOf(prod)).toEqual({ prometheus: 2, alertmanager: 2, 'prometheus-adapter': 2 });
    expect(planEnvironment(prod).monitoring).toMatchObject({ highAvailability: true, replicas: 2 });
  });

  test('GIVEN prod flipped to non-production THEN the reservation and the monitoring slice follow the flag: nothing to reconcile', () => {
    const flipped = { ...prod, production: false };
    expect(replicasOf(flipped)).toEqual({ prometheus: 1, alertmanager: 1, 'prometheus-adapter': 1 });
    expect(planEnvironment(flipped).monitoring).toMatchObject({ highAvailability: false, replicas: 1 });
  });

  test('GIVEN capacity.platform.clusterMonitoring set explicitly THEN it wins over the flag', () => {
    const explicit = { ...prod, capacity: { ...prod.capacity, platform: { clusterMonitoring: 'single' as const } } };
    expect(replicasOf(explicit)).toEqual({ prometheus: 1, alertmanager: 1, 'prometheus-adapter': 1 });
  });
});
