import { testApp } from '../../support/temp';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ClusterMonitoring } from '../../../constructs/cluster-monitoring';
import { EksCluster, KubernetesVersion, SupportType } from '../../../constructs/eks-cluster';
import { Network } from '../../../constructs/network';
import { allowMeshTraffic, ISTIO_VERSION, MeshPolicies, ServiceMesh } from '../../../constructs/service-mesh';
import { GATEWAY_API_CRDS_VALUES, MESH_CHARTS } from '../../../constructs/service-mesh/charts';
import { planEnvironment } from '../../../lib/config/environment';
import { prod } from '../../../stacks/environments';
import { MeshPlan } from '../../../lib/capacity/plan';
import { ValidationError } from '../../../lib/errors';
import { resolveMeshServices } from '../../../lib/mesh/config';
import { meshRuleGroup } from '../../../lib/prometheus';
import { helmValues, synthPlatformConstructs } from '../../support/platform-synth';
import { allOf, synthConstructs } from '../../support/synth';

const plan = planEnvironment(prod).mesh as MeshPlan;
const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
const SERVICES = resolveMeshServices(
  'test',
  {},
  [
    { name: 'api-gateway', containerPort: 8080, role: 'gateway', podLabels: labels('api-gateway') },
    { name: 'user-service', containerPort: 8080, role: 'backend', podLabels: labels('user-service') },
  ],
  plan.waypoint.concurrentRequests,
);
const ADDRESSES = ['10.30.63.250', '10.30.127.250', '10.30.191.250'];

function build(scope: Construct, policies = true): ServiceMesh {
  const monitoring = new ClusterMonitoring(scope, 'monitoring', {});
  const mesh = new ServiceMesh(scope, 'mesh', { capacity: plan, monitoring });
  if (policies) new MeshPolicies(scope, 'policies', { mesh, namespace: 'services', services: SERVICES, loadBalancerAddresses: ADDRESSES });
  return mesh;
}

describe('ServiceMesh', () => {
  const stack = synthPlatformConstructs((scope) => build(scope));
  const releases = allOf(stack, 'helm_release');
  const release = (name: string) => releases.find((r) => r.name === name)!;
  const manifests = allOf(stack, 'kubernetes_manifest').map((r) => r.manifest as { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Record<string, any> });
  const manifest = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;

  test('GIVEN the prod plan THEN the Gateway API CRDs and the four Istio charts are pinned, in istio-system, in the install guide\'s order', () => {
    // The namespace by reference: each release waits for istio-system.
    const ns = '${kubernetes_namespace_v1.mesh_namespace_74BDB20D.metadata[0].name}';
    expect(['gateway-api-crds', 'istio-base', 'istiod', 'istio-cni', 'ztunnel'].map((n) => [release(n).chart, release(n).version, release(n).namespace, release(n).atomic])).toEqual([
      ['gateway-crds-helm', MESH_CHARTS.gatewayApiCrds.version, ns, true],
      ['base', ISTIO_VERSION, ns, true],
      ['istiod', ISTIO_VERSION, ns, true],
      ['cni', ISTIO_VERSION, ns, true],
      ['ztunnel', ISTIO_VERSION, ns, true],
    ]);
    expect(release('istiod').depends_on).toEqual([expect.stringContaining('istio-base'), expect.stringContaining('gateway-api-crds')]);
    expect(release('ztunnel').depends_on).toEqual([expect.stringContaining('istio-cni')]);
    expect(helmValues(release('gateway-api-crds'))).toEqual(GATEWAY_API_CRDS_VALUES);
  });

  test('THEN istio-system runs privileged (CNI agent, ztunnel) and nothing else is touched', () => {
    const namespaces = allOf(stack, 'kubernetes_namespace_v1').map((n) => n.metadata as { name: string; labels: Record<string, string> });
    expect(namespaces.find((n) => n.name === 'istio-system')!.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  test('THEN every chart runs the ambient profile with the plan\'s requests, istiod without an HPA', () => {
    expect(helmValues(release('istiod'))).toMatchObject({
      profile: 'ambient',
      autoscaleEnabled: false,
      replicaCount: plan.istiod.replicas,
      resources: { requests: { cpu: `${plan.istiod.cpuMillicores}m`, memory: `${plan.istiod.memoryMiB}Mi` } },
      meshConfig: { defaultConfig: { proxyStatsMatcher: { inclusionRegexps: expect.arrayContaining(['.*outlier_detection.*', '.*upstream_rq_retry.*']) } } },
    });
    expect(helmValues(release('ztunnel'))).toEqual({ profile: 'ambient', resources: { requests: { cpu: `${plan.ztunnel.cpuMillicores}m`, memory: '512Mi' } } });
    expect(helmValues(release('istio-cni'))).toEqual({ profile: 'ambient', resources: { requests: { cpu: '100m', memory: '100Mi' } } });
  });

  test('THEN Prometheus scrapes ztunnel, istiod and the waypoint, and evaluates the mesh alerts', () => {
    expect(manifest('PodMonitor', 'ztunnel').spec).toEqual({ selector: { matchLabels: { app: 'ztunnel' } }, podMetricsEndpoints: [{ port: 'ztunnel-stats', path: '/metrics', interval: '30s' }] });
    expect(manifest('ServiceMonitor', 'istiod').spec.endpoints).toEqual([{ port: 'http-monitoring', interval: '30s' }]);
    expect(manifest('PodMonitor', 'waypoint').metadata.namespace).toBe('services');
    expect(manifest('PrometheusRule', 'service-mesh').spec).toEqual({ groups: [meshRuleGroup()] });
  });

  test('THEN the waypoint is a Gateway whose pods take the plan\'s requests and HPA bounds', () => {
    expect(manifest('Gateway', 'waypoint').spec).toMatchObject({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
    const data = allOf(stack, 'kubernetes_config_map_v1').find((c) => (c.metadata as { name: string }).name === 'waypoint-parameters')!.data as Record<string, string>;
    expect(JSON.parse(data.horizontalPodAutoscaler).spec).toMatchObject({ minReplicas: plan.waypoint.minReplicas, maxReplicas: plan.waypoint.maxReplicas });
    expect(JSON.parse(data.deployment).spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '1000m', memory: '512Mi' });
    expect(JSON.parse(data.podDisruptionBudget)).toEqual({ spec: { maxUnavailable: 1 } });
  });

  test('THEN the namespace is STRICT and every service has its DestinationRule, VirtualService, port exception and policies, all after istiod', () => {
    expect(manifest('PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
    const istio = allOf(stack, 'kubernetes_manifest').filter((r) => /istio\.io|gateway\.networking/.test((r.manifest as { apiVersion: string }).apiVersion));
    expect(istio.every((r) => (r.depends_on as string[]).some((d) => d.includes('istiod')))).toBe(true);
    expect(manifests.filter((m) => m.metadata.namespace === 'services').map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual(
      [
        'AuthorizationPolicy/api-gateway-ingress',
        'AuthorizationPolicy/user-service-callers',
        'AuthorizationPolicy/user-service-ingress',
        'DestinationRule/api-gateway',
        'DestinationRule/user-service',
        'Gateway/waypoint',
        'PeerAuthentication/api-gateway-load-balancer-port',
        'PeerAuthentication/default',
        'PeerAuthentication/user-service-load-balancer-port',
        'PodMonitor/waypoint',
        'VirtualService/api-gateway',
        'VirtualService/user-service',
      ].sort(),
    );
    // The pool carries the plan's in-flight requests per waypoint pod (Little's law), never less than the design notes' 100.
    expect(manifest('DestinationRule', 'user-service').spec.trafficPolicy.connectionPool.tcp.maxConnections).toBe(Math.max(100, plan.waypoint.concurrentRequests));
    expect(manifest('AuthorizationPolicy', 'user-service-ingress').spec.rules[1].from[0].source.ipBlocks).toEqual(ADDRESSES.map((a) => `${a}/32`));
  });

  test('THEN Grafana gets one dashboard per caller -> service pair (the gateway has no callers)', () => {
    // ClusterMonitoring's own dashboards are in the monitoring namespace; the mesh's sit with the services.
    const dashboards = allOf(stack, 'kubernetes_config_map_v1').filter((c) => (c.metadata as { labels?: Record<string, string>; namespace: string }).labels?.grafana_dashboard === '1' && (c.metadata as { namespace: string }).namespace === 'services');
    expect(dashboards.map((c) => (c.metadata as { name: string }).name)).toEqual(['dashboard-mesh-api-gateway-user-service']);
    const json = JSON.parse(String(Object.values(dashboards[0].data as Record<string, string>)[0]).replace(/\$\$\{/g, '${'));
    expect(json.title).toBe('Mesh: api-gateway -> user-service (services)');
    expect(json.panels.map((p: { title: string }) => p.title)).toEqual([
      'Requests by response code',
      'Latency through the waypoint (p50, p99)',
      'Pool overflow (503 UO / all)',
      'Connect failures (503 UF / all)',
      'Retries (retries / requests) and refused by the budget',
      'Pods ejected by the circuit breaker',
    ]);
  });

  describe('bad input', () => {
    const inStack = (run: (scope: Construct) => void) => () => {
      const app = testApp();
      const s = new TerraformStack(app, 'p');
      new KubernetesProvider(s, 'kubernetes', { configPath: '~/.kube/config' });
      new HelmProvider(s, 'helm', { kubernetes: { configPath: '~/.kube/config' } });
      run(s);
    };
    test.each([
      ['no props', (s: Construct) => new ServiceMesh(s, 'mesh', undefined as never), /ServiceMesh|props/],
      ['no plan slice', (s: Construct) => new ServiceMesh(s, 'mesh', { capacity: undefined as never, monitoring: new ClusterMonitoring(s, 'm', {}) }), /capacity.*plan.mesh/],
      ['something that is not a plan slice', (s: Construct) => new ServiceMesh(s, 'mesh', { capacity: { mode: 'ambient' } as never, monitoring: new ClusterMonitoring(s, 'm', {}) }), /is not a slice of a capacity plan/],
      ['another slice of the plan', (s: Construct) => new ServiceMesh(s, 'mesh', { capacity: { environment: 'prod', azCount: 3 } as never, monitoring: new ClusterMonitoring(s, 'm', {}) }), /is not a mesh plan for ambient mode/],
      ['no monitoring', (s: Construct) => new ServiceMesh(s, 'mesh', { capacity: plan, monitoring: undefined as never }), /monitoring/],
      ['a bad NLB address', (s: Construct) => new MeshPolicies(s, 'p', { mesh: build(s, false), namespace: 'services', services: SERVICES, loadBalancerAddresses: ['10.30.0.300'] }), /loadBalancerAddresses\[0\].*is not an IPv4 address/],
      ['no NLB address', (s: Construct) => new MeshPolicies(s, 'p', { mesh: build(s, false), namespace: 'services', services: SERVICES, loadBalancerAddresses: [] }), /loadBalancerAddresses/],
      ['a bad namespace', (s: Construct) => new MeshPolicies(s, 'p', { mesh: build(s, false), namespace: 'Services!', services: SERVICES, loadBalancerAddresses: ADDRESSES }), /namespace/],
      ['no services', (s: Construct) => new MeshPolicies(s, 'p', { mesh: build(s, false), namespace: 'services', services: [], loadBalancerAddresses: ADDRESSES }), /services/],
    ])('GIVEN %s THEN a ValidationError', (_, run, why) => {
      expect(inStack(run)).toThrow(ValidationError);
      expect(inStack(run)).toThrow(why);
    });

    test('GIVEN a mesh in another stack THEN the policies refuse it', () => {
      const app = testApp();
      const a = new TerraformStack(app, 'a');
      const b = new TerraformStack(app, 'b');
      const mesh = build(a, false);
      expect(() => new MeshPolicies(b, 'p', { mesh, namespace: 'services', services: SERVICES, loadBalancerAddresses: ADDRESSES })).toThrow(ValidationError);
    });
  });
});

describe('allowMeshTraffic', () => {
  test('GIVEN an EKS cluster THEN the nodes admit the control plane on 15017 and each other on 15008, with the control plane\'s matching egress', () => {
    const stack = synthConstructs((scope) => {
      const network = new Network(scope, 'network', { name: 'dev', cidr: '10.20.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'] });
      const eks = new EksCluster(scope, 'eks', {
        name: 'dev',
        network,
        kubernetesVersion: KubernetesVersion.V1_33,
        supportType: SupportType.STANDARD,
        nodeGroups: [{ name: 'a', instanceTypes: ['m7i.large'], availabilityZone: 'us-east-1a', minSize: 1, desiredSize: 1, maxSize: 2, maxPodsPerNode: 110 }],
      });
      allowMeshTraffic(eks);
    });
    const ingress = allOf(stack, 'aws_vpc_security_group_ingress_rule').filter((r) => [15017, 15008].includes(r.from_port as number));
    expect(ingress.map((r) => [r.from_port, r.to_port, r.ip_protocol, r.description])).toEqual([
      [15017, 15017, 'tcp', 'Istio: control plane to the istiod webhook'],
      [15008, 15008, 'tcp', 'Istio: HBONE (mTLS tunnel) between ztunnels and waypoints'],
    ]);
    const egress = allOf(stack, 'aws_vpc_security_group_egress_rule').filter((r) => [15017, 15008].includes(r.from_port as number));
    expect(egress.map((r) => r.from_port)).toEqual([15017]);
  });
});
