import { Construct } from 'constructs';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { Manifest } from '@cdktf/provider-kubernetes/lib/manifest';
import { ResolvedMeshService } from '../../lib/mesh/config';
import { MeshManifest, namespacePeerAuthentication, serviceMeshManifests, WAYPOINT_NAME, waypointGateway } from '../../lib/mesh/manifests';
import { parseCidr } from '../../lib/cidr';
import { invalid } from '../../lib/errors';
import { checkArray, checkName, checkProps, checkRequiredObject } from '../../lib/validation';
import { checkSameStack } from '../../lib/wiring';
import { DNS_1123_LABEL, DNS_1123_LABEL_MAX } from '../../lib/config/services';
import { ServiceMesh } from './service-mesh';
import { escapeTerraformTemplate } from '../cluster-monitoring';
import { meshPairDashboard } from '../../lib/grafana/mesh-dashboards';
import { MAX_UID_LENGTH } from '../../lib/grafana/dashboard';

/** The waypoint's metrics port and path (istio-discovery chart files/waypoint.yaml: 15020 `metrics`, /stats/prometheus). */
const WAYPOINT_METRICS = { port: 'metrics', path: '/stats/prometheus' };
const SCRAPE_INTERVAL = '30s';
const WAYPOINT_PARAMETERS = `${WAYPOINT_NAME}-parameters`;
/** Stands in for the namespace while the dashboard JSON is escaped (the namespace may be a reference). */
const NAMESPACE_PLACEHOLDER = 'mesh-namespace-placeholder';

export interface MeshPoliciesProps {
  /** The mesh the namespace belongs to (same stack). */
  readonly mesh: ServiceMesh;
  /** The namespace, labelled `istio.io/dataplane-mode: ambient` by its owner (NamespaceBaseline `labels`). */
  readonly namespace: string;
  /** The services with their resolved policies (`resolveMeshServices`). */
  readonly services: readonly ResolvedMeshService[];
  /** The internal NLB's fixed addresses (ServiceIngress `addresses`): the only plaintext source admitted, on each service port. */
  readonly loadBalancerAddresses: readonly string[];
}

/**
 * One namespace's part of the mesh: its waypoint (sized and autoscaled from the plan), STRICT
 * mTLS, and per service a DestinationRule, a VirtualService, the load balancer port's
 * plaintext exception and the AuthorizationPolicies (the waypoint admits only the service's
 * callers; ztunnel admits only the waypoint, Prometheus and the NLB, on the service port).
 * Every object is a `kubernetes_manifest` created after istiod (whose base chart installs the CRDs).
 */
export class MeshPolicies extends Construct {
  /** Every Istio object, as written (for tests and reports). */
  public readonly manifests: readonly MeshManifest[];

  constructor(scope: Construct, id: string, props: MeshPoliciesProps) {
    super(scope, id);
    checkProps(this, props, '{ mesh, namespace, services, loadBalancerAddresses }');
    checkRequiredObject(this, 'mesh', props.mesh, 'pass the platform stack\'s ServiceMesh');
    checkSameStack(this, 'mesh', props.mesh);
    checkName(this, 'namespace', props.namespace, { maxLength: DNS_1123_LABEL_MAX, pattern: DNS_1123_LABEL, what: 'namespace' });
    checkArray(this, 'services', props.services, { minLength: 1, what: 'services' });
    checkArray(this, 'loadBalancerAddresses', props.loadBalancerAddresses, { minLength: 1, what: 'IPv4 addresses' });
    props.loadBalancerAddresses.forEach((a, i) => {
      if (typeof a !== 'string' || !parseCidr(`${a}/32`)) invalid(this, `loadBalancerAddresses[${i}]`, a, 'is not an IPv4 address', 'pass ServiceIngress.addresses');
    });
    const { mesh, namespace } = props;
    const plan = mesh.capacity.waypoint;

    // Istio reads these keys of a Gateway's parametersRef ConfigMap as patches of what it generates (Istio gateway deployment controller).
    const parameters = new ConfigMapV1(this, 'waypoint-parameters', {
      metadata: { name: WAYPOINT_PARAMETERS, namespace, labels: { 'app.kubernetes.io/managed-by': 'cdktf' } },
      data: {
        deployment: JSON.stringify({
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'istio-proxy',
                    resources: { requests: { cpu: `${plan.cpuMillicores}m`, memory: `${plan.memoryMiB}Mi` }, limits: { memory: `${plan.memoryLimitMiB}Mi` } },
                  },
                ],
                // Spread over AZs and nodes: the model reserves each pod's ztunnel work with the pod.
                topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
                  maxSkew: 1,
                  topologyKey,
                  whenUnsatisfiable: 'ScheduleAnyway',
                  labelSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': WAYPOINT_NAME } },
                })),
              },
            },
          },
        }),
        horizontalPodAutoscaler: JSON.stringify({
          spec: {
            minReplicas: plan.minReplicas,
            maxReplicas: plan.maxReplicas,
            metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: plan.targetCpuUtilizationPercent } } }],
          },
        }),
        podDisruptionBudget: JSON.stringify({ spec: { maxUnavailable: 1 } }),
      },
    });

    const sources = { loadBalancerAddresses: props.loadBalancerAddresses, scraperPrincipal: mesh.scraperPrincipal };
    const manifests: MeshManifest[] = [
      waypointGateway(namespace, WAYPOINT_PARAMETERS),
      namespacePeerAuthentication(namespace),
      ...props.services.flatMap((s) => serviceMeshManifests(s, namespace, sources)),
    ];
    this.manifests = manifests;
    for (const m of manifests) {
      new Manifest(this, `${m.kind.toLowerCase()}-${m.metadata.name}`, {
        manifest: m as unknown as Record<string, unknown>,
        dependsOn: m.kind === 'Gateway' ? [mesh.istiod, parameters] : [mesh.istiod],
      });
    }
    // One Grafana dashboard per caller -> service pair (Grafana's sidecar loads every ConfigMap
    // labelled grafana_dashboard). `${datasource}` is Grafana's variable, so the JSON is escaped
    // for Terraform; the namespace (a reference) goes in after escaping.
    for (const svc of props.services) {
      for (const caller of svc.callers) {
        const dashboard = meshPairDashboard({ caller, service: svc.name, namespace: NAMESPACE_PLACEHOLDER, port: svc.port });
        const uid = `mesh-${caller}-${svc.name}`.slice(0, MAX_UID_LENGTH);
        new ConfigMapV1(this, `dashboard-${uid}`, {
          metadata: { name: `dashboard-${uid}`, namespace, labels: { grafana_dashboard: '1', 'app.kubernetes.io/managed-by': 'cdktf' } },
          data: { [`${uid}.json`]: escapeTerraformTemplate(JSON.stringify(dashboard)).split(NAMESPACE_PLACEHOLDER).join(namespace) },
        });
      }
    }
    new Manifest(this, 'waypoint-pod-monitor', {
      manifest: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: WAYPOINT_NAME, namespace },
        spec: { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': WAYPOINT_NAME } }, podMetricsEndpoints: [{ ...WAYPOINT_METRICS, interval: SCRAPE_INTERVAL }] },
      },
      dependsOn: [mesh.istiod],
    });
  }
}
