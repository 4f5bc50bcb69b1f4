import { PREMIUM_USER_TYPE, ResolvedMeshService, SERVICE_NAME_LABEL, USER_TYPE_HEADER } from './config';

/** A Kubernetes object as a plain JSON value (what a `kubernetes_manifest` holds). */
export interface MeshManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: Record<string, unknown>;
}

/** Istio's trust domain (meshConfig.trustDomain, the istiod chart's default). */
export const TRUST_DOMAIN = 'cluster.local';
/** The waypoint of the services' namespace: a Gateway of class istio-waypoint, and the service account istiod gives its pods. */
export const WAYPOINT_NAME = 'waypoint';
/** HBONE, the mesh's mTLS tunnel port (ztunnel and waypoints listen on it). https://istio.io/latest/docs/ambient/architecture/hbone/ */
export const HBONE_PORT = 15008;
/** Labels that enrol a namespace in ambient mode and send a Service's traffic through a waypoint. https://istio.io/latest/docs/ambient/usage/ */
export const AMBIENT_NAMESPACE_LABELS = { 'istio.io/dataplane-mode': 'ambient' } as const;
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/**
 * Methods whose repetition leaves the server as one call would (RFC 9110 section 9.2.2:
 * GET, HEAD, OPTIONS, TRACE, PUT, DELETE): the only ones retried after the request reached a pod.
 */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE'] as const;
/** Idempotent requests retry on connect failures, refused streams, resets and 502/503/504 (`gateway-error`). */
export const IDEMPOTENT_RETRY_ON = 'connect-failure,refused-stream,reset,gateway-error';
/** Every other request retries only when it never reached a pod. https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry */
export const CONNECT_FAILURE_RETRY_ON = 'connect-failure,refused-stream';

/** The principal (SPIFFE identity) of a service account. */
export function principal(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount}`;
}

const seconds = (ms: number): string => (ms % 1_000 === 0 ? `${ms / 1_000}s` : `${ms}ms`);
const fqdn = (name: string, namespace: string) => `${name}.${namespace}.svc.cluster.local`;

/** Least-request balancing, the connection pool, the retry budget and the circuit breaker (outlier detection), with the premium and standard subsets. */
export function destinationRule(svc: ResolvedMeshService, namespace: string): MeshManifest {
  const p = svc.connectionPool;
  const o = svc.outlierDetection;
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: svc.name, namespace },
    spec: {
      host: fqdn(svc.name, namespace),
      trafficPolicy: {
        loadBalancer: { simple: svc.loadBalancer },
        connectionPool: {
          tcp: { maxConnections: p.maxConnections, connectTimeout: seconds(p.connectTimeoutMs) },
          http: { http1MaxPendingRequests: p.http1MaxPendingRequests, maxRequestsPerConnection: p.maxRequestsPerConnection },
        },
        outlierDetection: {
          consecutive5xxErrors: o.consecutive5xxErrors,
          interval: `${o.intervalSeconds}s`,
          baseEjectionTime: `${o.baseEjectionSeconds}s`,
          maxEjectionPercent: o.maxEjectionPercent,
        },
        retryBudget: { percent: svc.retries.budgetPercent, minRetryConcurrency: svc.retries.minRetryConcurrency },
      },
      subsets: [
        { name: 'premium', labels: { ...svc.subsets.premium } },
        { name: 'standard', labels: { ...svc.subsets.standard } },
      ],
    },
  };
}

/**
 * Premium requests (`user-type: premium`) to the premium subset, the rest to standard; on
 * each, idempotent methods retry on failures, the others only on connect failures, all within
 * the route timeout.
 */
export function virtualService(svc: ResolvedMeshService, namespace: string): MeshManifest {
  const host = fqdn(svc.name, namespace);
  const idempotent = { regex: `^(${IDEMPOTENT_METHODS.join('|')})$` };
  const premium = { [USER_TYPE_HEADER]: { exact: PREMIUM_USER_TYPE } };
  const route = (name: string, subset: string, retryOn: string, match?: Record<string, unknown>) => ({
    name,
    ...(match ? { match: [match] } : {}),
    route: [{ destination: { host, subset, port: { number: svc.port } } }],
    timeout: seconds(svc.timeoutMs),
    retries: { attempts: svc.retries.attempts, perTryTimeout: seconds(svc.retries.perTryTimeoutMs), retryOn },
  });
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: svc.name, namespace },
    spec: {
      hosts: [host],
      http: [
        route('premium-idempotent', 'premium', IDEMPOTENT_RETRY_ON, { headers: premium, method: idempotent }),
        route('premium', 'premium', CONNECT_FAILURE_RETRY_ON, { headers: premium }),
        route('standard-idempotent', 'standard', IDEMPOTENT_RETRY_ON, { method: idempotent }),
        route('standard', 'standard', CONNECT_FAILURE_RETRY_ON),
      ],
    },
  };
}

/** STRICT mTLS for every workload of the namespace. */
export function namespacePeerAuthentication(namespace: string): MeshManifest {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } };
}

/**
 * The one plaintext exception: the service port of the service's pods, which the internal
 * NLB (fed by nginx outside the mesh) reaches directly. The service's ingress
 * AuthorizationPolicy admits plaintext there only from the NLB's addresses.
 */
export function loadBalancerPortPeerAuthentication(svc: ResolvedMeshService, namespace: string): MeshManifest {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: `${svc.name}-load-balancer-port`, namespace },
    spec: { selector: { matchLabels: { [SERVICE_NAME_LABEL]: svc.name } }, mtls: { mode: 'STRICT' }, portLevelMtls: { [String(svc.port)]: { mode: 'PERMISSIVE' } } },
  };
}

/** Who may reach a service's pods (enforced by ztunnel, on the pods' own port). */
export interface IngressSources {
  /** The internal NLB's fixed addresses (plaintext, the nginx path). */
  readonly loadBalancerAddresses: readonly string[];
  /** Prometheus's principal (it scrapes the same port, through the mesh). */
  readonly scraperPrincipal: string;
}

/**
 * ztunnel's policy on the service's pods: the service port only, from the waypoint (when the
 * service has callers), Prometheus, and the NLB's addresses. Nothing else reaches the pods.
 */
export function ingressAuthorizationPolicy(svc: ResolvedMeshService, namespace: string, sources: IngressSources): MeshManifest {
  const port = { to: [{ operation: { ports: [String(svc.port)] } }] };
  const principals = [...(svc.callers.length > 0 ? [principal(namespace, WAYPOINT_NAME)] : []), sources.scraperPrincipal];
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${svc.name}-ingress`, namespace },
    spec: {
      selector: { matchLabels: { [SERVICE_NAME_LABEL]: svc.name } },
      action: 'ALLOW',
      rules: [
        { from: [{ source: { principals } }], ...port },
        { from: [{ source: { ipBlocks: sources.loadBalancerAddresses.map((a) => `${a}/32`) } }], ...port },
      ],
    },
  };
}

/** The waypoint's policy for the service: only its callers' service accounts, on the service port. */
export function callersAuthorizationPolicy(svc: ResolvedMeshService, namespace: string): MeshManifest | undefined {
  if (svc.callers.length === 0) return undefined;
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${svc.name}-callers`, namespace },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: svc.name }],
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: svc.callers.map((c) => principal(namespace, c)) } }], to: [{ operation: { ports: [String(svc.port)] } }] }],
    },
  };
}

/** The namespace's waypoint: a Gateway of class istio-waypoint for Service traffic, its pods shaped by `parametersConfigMap`. */
export function waypointGateway(namespace: string, parametersConfigMap: string): MeshManifest {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: WAYPOINT_NAME, namespace, labels: { 'istio.io/waypoint-for': 'service' } },
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
      infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: parametersConfigMap } },
    },
  };
}

/** Every Istio object of one service. */
export function serviceMeshManifests(svc: ResolvedMeshService, namespace: string, sources: IngressSources): MeshManifest[] {
  const callers = callersAuthorizationPolicy(svc, namespace);
  return [
    destinationRule(svc, namespace),
    virtualService(svc, namespace),
    loadBalancerPortPeerAuthentication(svc, namespace),
    ingressAuthorizationPolicy(svc, namespace, sources),
    ...(callers ? [callers] : []),
  ];
}
