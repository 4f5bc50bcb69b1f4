import { cpuMillicores, memoryMiB } from '../kubernetes-quantity';
import {
  ISTIO_CNI_RESOURCES,
  ISTIOD_REPLICAS,
  ISTIOD_RESOURCES,
  MESH_DAEMONSET_PODS,
  WAYPOINT_CPU_MILLICORES,
  WAYPOINT_MEMORY_LIMIT_MIB,
  WAYPOINT_MEMORY_MIB,
  WAYPOINT_MILLICORES_PER_1000_RPS,
  WAYPOINT_MIN_REPLICAS,
  ZTUNNEL_CROSSINGS_PER_POD_REQUEST,
  ZTUNNEL_CROSSINGS_PER_WAYPOINT_REQUEST,
  ZTUNNEL_MEMORY_MIB,
  ZTUNNEL_MILLICORES_PER_1000_RPS,
  ZTUNNEL_MIN_CPU_MILLICORES,
} from '../platform-pods';
import { instanceSpec } from './catalog';
import { nodeAllocatable, podsPerNode, serviceRps } from './eks';
import { CapacityInputs } from './inputs';
import { MeshPlan, ServicePlan, TierReport } from './plan';
import { ceilClean, fmt, spreadAcrossAzs } from './spread';

const PER_1000 = 1_000;
const PERCENT = 100;
const MS_PER_SECOND = 1_000;
const SOURCE = 'Istio "Performance and Scalability" (https://istio.io/latest/docs/ops/deployment/performance-and-scalability/), lib/platform-pods.ts';

/**
 * Istio ambient's pods, from Istio's published per-request costs:
 *
 * - waypoints carry every service-to-service call (the gateway's call to the backend that
 *   serves the request: the backends' req/s); one pod serves
 *   `WAYPOINT_CPU_MILLICORES / WAYPOINT_MILLICORES_PER_1000_RPS x 1000` req/s at its request, and
 *   the HPA keeps it at the target utilisation, spread like any tier so the surviving AZs
 *   carry the target;
 * - ztunnel's CPU request is what the busiest node's requests cost it: the most req/s a node
 *   of one service's pods serves, times the ztunnel crossings per request, times the published
 *   cost, at the least reservation that still covers the pods the node fits with it; a waypoint pod's
 *   crossings are reserved with the waypoint pod (the pods spread one per node);
 * - istiod and istio-cni keep the charts' requests.
 */
export function planMesh(inputs: CapacityInputs, services: Readonly<Record<string, ServicePlan>>, where: string): { plan: MeshPlan; tier: TierReport } {
  const { azCount: az, survivesAzLoss, targetUtilization: u } = inputs;
  const identity = { environment: inputs.environment, azCount: az };
  const meshRps = inputs.services.filter((s) => s.role !== 'gateway').reduce((sum, s) => sum + serviceRps(inputs, s), 0);

  const waypointPodRps = (WAYPOINT_CPU_MILLICORES / WAYPOINT_MILLICORES_PER_1000_RPS) * PER_1000;
  const waypointAtTarget = Math.max(1, ceilClean(meshRps / (waypointPodRps * u)));
  const spread = spreadAcrossAzs(waypointAtTarget, az, survivesAzLoss, Math.ceil(WAYPOINT_MIN_REPLICAS / az));
  const waypointMin = Math.min(spread.total, Math.max(WAYPOINT_MIN_REPLICAS, az));

  // Little's law at the pod's full CPU: the in-flight requests its connection pool must hold.
  const concurrentRequests = Math.ceil((waypointPodRps * inputs.requestMix.averageLatencyMs) / MS_PER_SECOND);

  const cni = { cpuMillicores: cpuMillicores(ISTIO_CNI_RESOURCES.requests.cpu), memoryMiB: memoryMiB(ISTIO_CNI_RESOURCES.requests.memory) };
  const spec = instanceSpec(inputs.nodes.instanceTypes[0], `${where} nodes`);
  // ztunnel's CPU on a node full of one service's pods: pods per node x req/s per pod x crossings
  // x the published cost. Fixed point from the chart's floor: a larger reservation leaves room
  // for fewer pods, so fewer req/s; each step keeps a reservation that covers its own packing.
  const busiestAt = (ztunnelMillicores: number) => {
    const alloc = nodeAllocatable(spec, inputs.nodes, {
      cpuMillicores: cni.cpuMillicores + ztunnelMillicores,
      memoryMiB: cni.memoryMiB + ZTUNNEL_MEMORY_MIB,
      pods: MESH_DAEMONSET_PODS,
    });
    const nodes = inputs.services.map((s) => {
      const pods = podsPerNode(alloc, s);
      return { name: s.name, pods, rps: pods * services[s.name].podRps };
    });
    const busiest = nodes.reduce((a, b) => (b.rps > a.rps ? b : a));
    const cpu = Math.max(ZTUNNEL_MIN_CPU_MILLICORES, Math.ceil((busiest.rps * ZTUNNEL_CROSSINGS_PER_POD_REQUEST * ZTUNNEL_MILLICORES_PER_1000_RPS) / PER_1000));
    return { ...busiest, cpu };
  };
  // The least reservation that covers the node it leaves: f(z) <= z, with f non-increasing in z (binary search).
  let low = ZTUNNEL_MIN_CPU_MILLICORES;
  let high = Math.max(low, busiestAt(low).cpu);
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (busiestAt(mid).cpu <= mid) high = mid;
    else low = mid + 1;
  }
  const ztunnelCpu = low;
  const busiest = busiestAt(ztunnelCpu);
  // A waypoint pod's own requests cross its node's ztunnel twice; the model reserves that CPU with the pod.
  const waypointZtunnelMillicores = Math.ceil((waypointPodRps * ZTUNNEL_CROSSINGS_PER_WAYPOINT_REQUEST * ZTUNNEL_MILLICORES_PER_1000_RPS) / PER_1000);
  const ztunnel = { cpuMillicores: ztunnelCpu, memoryMiB: ZTUNNEL_MEMORY_MIB };
  const istiod = { replicas: ISTIOD_REPLICAS, cpuMillicores: cpuMillicores(ISTIOD_RESOURCES.requests.cpu), memoryMiB: memoryMiB(ISTIOD_RESOURCES.requests.memory) };

  const plan: MeshPlan = {
    ...identity,
    mode: 'ambient',
    meshRps,
    istiod,
    ztunnel,
    cni,
    nodeDaemonSets: { cpuMillicores: ztunnel.cpuMillicores + cni.cpuMillicores, memoryMiB: ztunnel.memoryMiB + cni.memoryMiB, pods: MESH_DAEMONSET_PODS },
    waypoint: {
      minReplicas: waypointMin,
      maxReplicas: spread.total,
      replicasAtTarget: waypointAtTarget,
      cpuMillicores: WAYPOINT_CPU_MILLICORES,
      memoryMiB: WAYPOINT_MEMORY_MIB,
      memoryLimitMiB: WAYPOINT_MEMORY_LIMIT_MIB,
      targetCpuUtilizationPercent: Math.round(u * PERCENT),
      podRps: waypointPodRps,
      concurrentRequests,
      ztunnelMillicores: waypointZtunnelMillicores,
    },
  };
  const carrying = survivesAzLoss ? az - 1 : az;
  // Edge req/s the waypoints carry: their service-to-service capacity over the calls per edge request
  // (none, with no backend: the waypoints then bound no edge req/s, as the cache does with no cache ops).
  const callsPerEdgeRequest = meshRps / inputs.targetRps;
  const asEdgeRps = (pods: number) => (callsPerEdgeRequest > 0 ? Math.floor((pods * waypointPodRps * u) / callsPerEdgeRequest) : Number.POSITIVE_INFINITY);
  const tier: TierReport = {
    name: 'service mesh: Istio ambient (istiod, waypoints, ztunnel, istio-cni)',
    inputs: [
      ['service-to-service req/s', `${fmt(meshRps)} (every backend request is a gateway call through the waypoint)`, 'environment config (services with role backend)'],
      ['waypoint cost', `${WAYPOINT_MILLICORES_PER_1000_RPS}m CPU per 1,000 req/s: ${fmt(waypointPodRps)} req/s per ${WAYPOINT_CPU_MILLICORES}m pod`, SOURCE],
      ['ztunnel cost', `${ZTUNNEL_MILLICORES_PER_1000_RPS}m CPU per 1,000 req/s per crossing`, SOURCE],
      ['busiest node', `${busiest.pods} ${busiest.name} pods x ${fmt(busiest.rps / Math.max(1, busiest.pods))} req/s x ${ZTUNNEL_CROSSINGS_PER_POD_REQUEST} crossings on ${spec.instanceType}`, 'this model (pods per node with this ztunnel reservation)'],
      ['ztunnel work per waypoint pod', `${fmt(waypointPodRps)} req/s x ${ZTUNNEL_CROSSINGS_PER_WAYPOINT_REQUEST} crossings x ${ZTUNNEL_MILLICORES_PER_1000_RPS}m / 1,000 = ${waypointZtunnelMillicores}m, reserved with the pod`, SOURCE],
      ['requests in flight per waypoint pod', `${fmt(waypointPodRps)} req/s x ${inputs.requestMix.averageLatencyMs} ms = ${concurrentRequests} (the least connection pool per service)`, "Little's law; request mix averageLatencyMs"],
      ['istiod', `${istiod.replicas} x ${istiod.cpuMillicores}m / ${istiod.memoryMiB} MiB`, 'istio-discovery chart values.yaml (lib/platform-pods.ts ISTIOD_RESOURCES)'],
    ],
    formula:
      `waypoints at target = ceil(${fmt(meshRps)} / (${fmt(waypointPodRps)} x ${u})) = ${waypointAtTarget}; per AZ = ceil(${waypointAtTarget} / ${carrying}) = ${spread.perAz}; ` +
      `ztunnel CPU = least z >= ${ZTUNNEL_MIN_CPU_MILLICORES}m covering the node it leaves: ${fmt(busiest.rps)} x ${ZTUNNEL_CROSSINGS_PER_POD_REQUEST} x ${ZTUNNEL_MILLICORES_PER_1000_RPS}m / 1,000 = ${busiest.cpu}m <= ${ztunnelCpu}m`,
    result:
      `waypoint HPA ${waypointMin}-${spread.total} pods (${WAYPOINT_CPU_MILLICORES}m / ${WAYPOINT_MEMORY_MIB} MiB each); istiod ${istiod.replicas} pods; ` +
      `every node reserves ztunnel ${ztunnelCpu}m / ${ZTUNNEL_MEMORY_MIB} MiB and istio-cni ${cni.cpuMillicores}m / ${cni.memoryMiB} MiB`,
    capacityRps: asEdgeRps(spread.total),
    capacityRpsWithOneAzLost: asEdgeRps(spread.survivingWithOneAzLost),
  };
  return { plan, tier };
}
