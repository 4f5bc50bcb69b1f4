import { Construct } from 'constructs';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { MeshPlan } from '../../lib/capacity/plan';
import { principal } from '../../lib/mesh/manifests';
import { checkPlanSlice } from '../../lib/plan-slice';
import { invalid } from '../../lib/errors';
import { meshRuleGroup } from '../../lib/prometheus/mesh-alerts';
import { checkName, checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { DNS_1123_LABEL, DNS_1123_LABEL_MAX } from '../../lib/config/services';
import { ClusterMonitoring, KUBE_PROMETHEUS_FULLNAME } from '../cluster-monitoring';
import { cniValues, GATEWAY_API_CRDS_VALUES, istiodValues, MESH_CHARTS, ztunnelValues } from './charts';

/** Seconds Helm waits for a release to become ready. */
const RELEASE_TIMEOUT_SECONDS = 600;
/** Where istiod, ztunnel and istio-cni run (the namespace every Istio install guide uses). */
export const ISTIO_NAMESPACE = 'istio-system';
/** ztunnel's metrics port name and path (ztunnel chart templates/daemonset.yaml: containerPort 15020 `ztunnel-stats`). */
const ZTUNNEL_METRICS = { port: 'ztunnel-stats', path: '/metrics' };
/** istiod's monitoring port (istio-discovery chart templates/service.yaml: 15014 `http-monitoring`). */
const ISTIOD_METRICS_PORT = 'http-monitoring';
/** Prometheus scrapes every 30 s (kube-prometheus-stack's default interval). */
const SCRAPE_INTERVAL = '30s';

export interface ServiceMeshProps {
  /** The mesh's slice of the capacity plan (`plan.mesh`): istiod, ztunnel, istio-cni and waypoint sizes. */
  readonly capacity: MeshPlan;
  /**
   * The in-cluster monitoring: Prometheus scrapes istiod and ztunnel and evaluates the mesh
   * alerts (PodMonitor, ServiceMonitor and PrometheusRule objects, created after its chart).
   */
  readonly monitoring: ClusterMonitoring;
}

/**
 * Istio in ambient mode on an EKS cluster, for the `<env>-platform` stack: the `istio-system`
 * namespace (Pod Security `privileged`: the CNI node agent and ztunnel need host paths and
 * NET_ADMIN; no application namespace does), the pinned charts in the guide's order (base,
 * istiod, cni, ztunnel, after the Gateway API CRDs), sized from the plan, and Prometheus's view of them.
 *
 * Namespaces join the mesh with {@link MeshPolicies} (labels, waypoint, mTLS, per-service
 * traffic and authorization policy). The node security group must admit the webhook and
 * HBONE ports ({@link allowMeshTraffic}, AWS stack).
 */
export class ServiceMesh extends Construct {
  public readonly namespaceName: string;
  /** The Gateway API CRDs (the waypoint is a Gateway). */
  public readonly gatewayApiCrds: Release;
  public readonly base: Release;
  public readonly istiod: Release;
  public readonly cni: Release;
  public readonly ztunnel: Release;
  /** The principal Prometheus scrapes with (its namespace is enrolled in the mesh). */
  public readonly scraperPrincipal: string;
  /** The plan this mesh was built from. */
  public readonly capacity: MeshPlan;

  constructor(scope: Construct, id: string, props: ServiceMeshProps) {
    super(scope, id);
    checkProps(this, props, '{ capacity: plan.mesh, monitoring }');
    checkRequiredObject(this, 'capacity', props.capacity, "pass the plan's mesh slice: capacity: plan.mesh (planEnvironment(config).mesh, present unless mesh is 'none')");
    checkPlanSlice(this, 'capacity', props.capacity);
    if (props.capacity.mode !== 'ambient' || typeof props.capacity.waypoint !== 'object') {
      invalid(this, 'capacity.mode', props.capacity.mode, 'is not a mesh plan for ambient mode', 'pass plan.mesh of a plan made with platform.mesh "ambient"');
    }
    checkRequiredObject(this, 'monitoring', props.monitoring, "pass the platform stack's ClusterMonitoring");
    checkSameStack(this, 'monitoring', props.monitoring);
    checkName(this, 'monitoring.namespaceName', props.monitoring.namespaceName, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, what: 'namespace' });
    const plan = props.capacity;
    this.capacity = plan;

    const namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: ISTIO_NAMESPACE,
        labels: {
          // https://istio.io/latest/docs/setup/additional-setup/pod-security-admission/: the CNI namespace runs privileged.
          'pod-security.kubernetes.io/enforce': 'privileged',
          'app.kubernetes.io/managed-by': 'cdktf',
        },
      },
    });
    this.namespaceName = namespace.metadata.name;
    const release = (name: string, chart: (typeof MESH_CHARTS)[keyof typeof MESH_CHARTS], values: Record<string, unknown>, dependsOn: (Release | NamespaceV1)[]) =>
      new Release(this, name, { name, namespace: this.namespaceName, ...chart, values: [JSON.stringify(values)], atomic: true, timeout: RELEASE_TIMEOUT_SECONDS, dependsOn });

    this.gatewayApiCrds = release('gateway-api-crds', MESH_CHARTS.gatewayApiCrds, GATEWAY_API_CRDS_VALUES, [namespace]);
    this.base = release('istio-base', MESH_CHARTS.base, {}, [namespace]);
    this.istiod = release('istiod', MESH_CHARTS.istiod, istiodValues(plan), [this.base, this.gatewayApiCrds]);
    this.cni = release('istio-cni', MESH_CHARTS.cni, cniValues(plan), [this.istiod]);
    this.ztunnel = release('ztunnel', MESH_CHARTS.ztunnel, ztunnelValues(plan), [this.cni]);

    const monitoring = props.monitoring;
    this.scraperPrincipal = principal(monitoring.namespaceName, `${KUBE_PROMETHEUS_FULLNAME}-prometheus`);
    const afterPrometheus = [monitoring.kubePrometheusStack, this.ztunnel];
    new Manifest(this, 'ztunnel-pod-monitor', {
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'ztunnel', namespace: this.namespaceName },
        spec: { selector: { matchLabels: { app: 'ztunnel' } }, podMetricsEndpoints: [{ ...ZTUNNEL_METRICS, interval: SCRAPE_INTERVAL }] },
      },
      dependsOn: afterPrometheus,
    });
    new Manifest(this, 'istiod-service-monitor', {
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'istiod', namespace: this.namespaceName },
        spec: { selector: { matchLabels: { app: 'istiod' } }, endpoints: [{ port: ISTIOD_METRICS_PORT, interval: SCRAPE_INTERVAL }] },
      },
      dependsOn: afterPrometheus,
    });
    new Manifest(this, 'mesh-alerts', {
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'service-mesh', namespace: monitoring.namespaceName },
        spec: { groups: [meshRuleGroup()] },
      },
      dependsOn: [monitoring.kubePrometheusStack],
    });
  }
}
