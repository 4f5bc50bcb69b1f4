import { resolveMeshServices } from '../../../lib/mesh/config';
import {
  CONNECT_FAILURE_RETRY_ON,
  destinationRule,
  IDEMPOTENT_RETRY_ON,
  ingressAuthorizationPolicy,
  loadBalancerPortPeerAuthentication,
  serviceMeshManifests,
  virtualService,
} from '../../../lib/mesh/manifests';

const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
const [gateway, user] = resolveMeshServices(
  'test',
  {},
  [
    { name: 'api-gateway', containerPort: 8080, role: 'gateway', podLabels: labels('api-gateway') },
    { name: 'user-service', containerPort: 8080, role: 'backend', podLabels: labels('user-service') },
  ],
  40,
);
const SOURCES = { loadBalancerAddresses: ['10.30.63.250', '10.30.127.250'], scraperPrincipal: 'cluster.local/ns/monitoring/sa/kube-prometheus-prometheus' };

describe('mesh manifests', () => {
  test("GIVEN a service with defaults WHEN its DestinationRule is built THEN it carries exactly the design notes' policy and a retry budget", () => {
    const dr = destinationRule(user, 'services');
    expect(dr.spec).toEqual({
      host: 'user-service.services.svc.cluster.local',
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '1s' }, http: { http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        retryBudget: { percent: 20, minRetryConcurrency: 3 },
      },
      subsets: [
        { name: 'premium', labels: { 'app.kubernetes.io/name': 'user-service' } },
        { name: 'standard', labels: { 'app.kubernetes.io/name': 'user-service' } },
      ],
    });
  });

  test('WHEN its VirtualService is built THEN premium goes to premium, the rest to standard, and only idempotent methods retry beyond connect failures', () => {
    const http = virtualService(user, 'services').spec.http as { name: string; match?: { headers?: object; method?: { regex: string } }[]; route: { destination: { subset: string } }[]; timeout: string; retries: { retryOn: string; attempts: number; perTryTimeout: string } }[];
    expect(http.map((r) => [r.name, r.route[0].destination.subset, r.retries.retryOn, r.match?.[0].headers ?? null])).toEqual([
      ['premium-idempotent', 'premium', IDEMPOTENT_RETRY_ON, { 'user-type': { exact: 'premium' } }],
      ['premium', 'premium', CONNECT_FAILURE_RETRY_ON, { 'user-type': { exact: 'premium' } }],
      ['standard-idempotent', 'standard', IDEMPOTENT_RETRY_ON, null],
      ['standard', 'standard', CONNECT_FAILURE_RETRY_ON, null],
    ]);
    const methods = new RegExp(http[0].match![0].method!.regex);
    expect(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].every((m) => methods.test(m))).toBe(true);
    expect(['POST', 'PATCH', 'GETX'].some((m) => methods.test(m))).toBe(false);
    expect(CONNECT_FAILURE_RETRY_ON.split(',')).toEqual(['connect-failure', 'refused-stream']);
    expect(http.every((r) => r.timeout === '1s' && r.retries.attempts === 2 && r.retries.perTryTimeout === '300ms')).toBe(true);
    // The last route matches everything: no request falls through the VirtualService.
    expect(http[3].match).toBeUndefined();
  });

  test('WHEN the load balancer port exception is built THEN only the service port of its own pods is PERMISSIVE, the rest STRICT', () => {
    expect(loadBalancerPortPeerAuthentication(user, 'services').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'user-service' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'PERMISSIVE' } },
    });
  });

  test('WHEN the ingress policy is built THEN the pods admit the waypoint and Prometheus by identity and the NLB by address, on the service port only', () => {
    expect(ingressAuthorizationPolicy(user, 'services', SOURCES).spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'user-service' } },
      action: 'ALLOW',
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/services/sa/waypoint', SOURCES.scraperPrincipal] } }], to: [{ operation: { ports: ['8080'] } }] },
        { from: [{ source: { ipBlocks: ['10.30.63.250/32', '10.30.127.250/32'] } }], to: [{ operation: { ports: ['8080'] } }] },
      ],
    });
    // The gateway has no service callers: the waypoint is not admitted to it at all.
    const rules = ingressAuthorizationPolicy(gateway, 'services', SOURCES).spec.rules as { from: { source: { principals?: string[] } }[] }[];
    expect(rules[0].from[0].source.principals).toEqual([SOURCES.scraperPrincipal]);
  });

  test('WHEN all objects of a service are built THEN the waypoint admits only its callers, and a service without callers gets no waypoint policy', () => {
    const userObjects = serviceMeshManifests(user, 'services', SOURCES);
    expect(userObjects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'DestinationRule/user-service',
      'VirtualService/user-service',
      'PeerAuthentication/user-service-load-balancer-port',
      'AuthorizationPolicy/user-service-ingress',
      'AuthorizationPolicy/user-service-callers',
    ]);
    expect(userObjects[4].spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'user-service' }],
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/services/sa/api-gateway'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    expect(serviceMeshManifests(gateway, 'services', SOURCES).map((o) => o.metadata.name)).not.toContain('api-gateway-callers');
  });
});
