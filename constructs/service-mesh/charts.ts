import { MeshPlan } from '../../lib/capacity/plan';
import { MESH_ENVOY_STATS_INCLUSIONS } from '../../lib/prometheus/mesh-alerts';

/** Istio's Helm repository (istio.io ambient Helm install guide: https://istio.io/latest/docs/ambient/install/helm/). */
const ISTIO_REPOSITORY = 'https://istio-release.storage.googleapis.com/charts';
/**
 * Istio 1.31.4, the newest patch of the newest line with a published release page (1.31.0 on
 * 2026-08-31); it supports Kubernetes 1.33 and later (istioctl's MinK8SVersion 32 on
 * release-1.31). Every values key below was read in istio/istio release-1.31
 * `manifests/charts/{base,istio-control/istio-discovery,istio-cni,ztunnel}/values.yaml` and
 * `manifests/helm-profiles/ambient.yaml`. Chart version = Istio version; all four move together.
 */
export const ISTIO_VERSION = '1.31.4';

export const MESH_CHARTS = {
  /** CRDs and the cluster roles (chart `base`). */
  base: { repository: ISTIO_REPOSITORY, chart: 'base', version: ISTIO_VERSION },
  /** The control plane (chart `istiod`, source `istio-control/istio-discovery`). */
  istiod: { repository: ISTIO_REPOSITORY, chart: 'istiod', version: ISTIO_VERSION },
  /** The CNI node agent that redirects pod traffic to ztunnel (chart `cni`, source `istio-cni`). */
  cni: { repository: ISTIO_REPOSITORY, chart: 'cni', version: ISTIO_VERSION },
  /** The per-node L4 proxy (chart `ztunnel`). */
  ztunnel: { repository: ISTIO_REPOSITORY, chart: 'ztunnel', version: ISTIO_VERSION },
  /**
   * The Gateway API CRDs (standard channel) the waypoint's Gateway needs: Istio's charts do
   * not ship them (istio.io ambient Helm guide installs them first). Envoy Gateway's
   * CRD-only chart installs exactly the upstream CRDs, values `crds.gatewayAPI.enabled`,
   * `crds.gatewayAPI.channel` and `crds.envoyGateway.enabled`
   * (https://gateway.envoyproxy.io/docs/install/gateway-crds-helm-api).
   */
  gatewayApiCrds: { repository: 'oci://docker.io/envoyproxy', chart: 'gateway-crds-helm', version: 'v1.8.2' },
} as const;

/** Gateway API CRDs only, standard channel (no experimental kinds, no Envoy Gateway CRDs). */
export const GATEWAY_API_CRDS_VALUES = { crds: { gatewayAPI: { enabled: true, channel: 'standard' }, envoyGateway: { enabled: false } } } as const;

/** `profile: ambient` selects files/profile-ambient.yaml in each chart (zzz_profile.yaml). */
const AMBIENT = 'ambient';

const requests = (r: { readonly cpuMillicores: number; readonly memoryMiB: number }) => ({ requests: { cpu: `${r.cpuMillicores}m`, memory: `${r.memoryMiB}Mi` } });

/**
 * istiod: a fixed number of replicas (the capacity plan reserved exactly these; no HPA), the
 * chart's PodDisruptionBudget, and the Envoy stats the mesh alerts read
 * (meshConfig.defaultConfig.proxyStatsMatcher, which the waypoints take).
 */
export function istiodValues(plan: MeshPlan): Record<string, unknown> {
  return {
    profile: AMBIENT,
    autoscaleEnabled: false,
    replicaCount: plan.istiod.replicas,
    resources: requests(plan.istiod),
    global: { defaultPodDisruptionBudget: { enabled: true } },
    meshConfig: { defaultConfig: { proxyStatsMatcher: { inclusionRegexps: [...MESH_ENVOY_STATS_INCLUSIONS] } } },
  };
}

export function cniValues(plan: MeshPlan): Record<string, unknown> {
  return { profile: AMBIENT, resources: requests(plan.cni) };
}

/** ztunnel's CPU request is the plan's (raised with the requests the busiest node serves). */
export function ztunnelValues(plan: MeshPlan): Record<string, unknown> {
  return { profile: AMBIENT, resources: requests(plan.ztunnel) };
}
