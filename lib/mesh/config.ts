import { invalid } from '../errors';
import { LATENCY_P99_OBJECTIVE_SECONDS } from '../slo';
import { checkArray, checkInteger, checkOneOf } from '../validation';

/**
 * Service-to-service resilience through Istio ambient, per service, from typed config. Every
 * field is optional: the defaults are the design notes' (003, "Service Mesh": least
 * connections, `maxConnections: 100`, `http1MaxPendingRequests: 50`,
 * `maxRequestsPerConnection: 10`, `consecutiveErrors: 5`, `interval: 30s`,
 * `baseEjectionTime: 30s`, `maxEjectionPercent: 50`, premium and standard subsets routed on
 * the `user-type` header), raised where the capacity plan says one waypoint pod carries more
 * concurrent requests than the design notes' pool holds.
 */
export interface MeshConfig {
  /** Per service (by name), what differs from the defaults. @default {} - the defaults for every service */
  readonly services?: Readonly<Record<string, MeshServiceConfig>>;
}

/** `EnvironmentConfig.mesh`: `'none'` keeps plain Kubernetes Services between the services. */
export type MeshSetting = 'none' | MeshConfig;

export type MeshLoadBalancer = 'LEAST_REQUEST' | 'ROUND_ROBIN';
export const MESH_LOAD_BALANCERS: readonly MeshLoadBalancer[] = ['LEAST_REQUEST', 'ROUND_ROBIN'];

export interface MeshConnectionPool {
  /** Connections one waypoint pod opens to the service (all its pods). @default max(100, the plan's concurrent requests per waypoint pod) */
  readonly maxConnections?: number;
  /** Requests a waypoint pod queues for a connection before rejecting (503 UO). @default 50 */
  readonly http1MaxPendingRequests?: number;
  /** Requests per upstream connection before it is recycled (spreads load onto new pods). @default 10 */
  readonly maxRequestsPerConnection?: number;
  /** TCP connect timeout, milliseconds. @default 1000 */
  readonly connectTimeoutMs?: number;
}

export interface MeshOutlierDetection {
  /** Consecutive 5xx answers (502, 503, 504 and connect failures included) that eject a pod. @default 5 */
  readonly consecutive5xxErrors?: number;
  /** Seconds between ejection sweeps. @default 30 */
  readonly intervalSeconds?: number;
  /** Seconds a pod stays ejected the first time (times the ejection count after). @default 30 */
  readonly baseEjectionSeconds?: number;
  /** Most of the service's pods ejected at once, percent. @default 50 */
  readonly maxEjectionPercent?: number;
}

export interface MeshRetryPolicy {
  /**
   * Retries after the first try (Istio `attempts`). Idempotent methods (GET, HEAD, OPTIONS,
   * PUT, DELETE) retry on connect failures, refused streams, resets and 502/503/504; every other
   * method only on connect failures and refused streams (the request never reached the pod).
   * @default 2
   */
  readonly attempts?: number;
  /** Timeout of each try, milliseconds; (attempts + 1) x this must fit the route timeout. @default 300 */
  readonly perTryTimeoutMs?: number;
  /**
   * Retries in flight as a percentage of the requests in flight (Envoy's retry budget, the
   * DestinationRule's `retryBudget`): during an incident retries add at most this share of load.
   * @default 20
   */
  readonly budgetPercent?: number;
  /** Retries always allowed in flight, whatever the budget (a quiet service can still retry). @default 3 */
  readonly minRetryConcurrency?: number;
}

export interface MeshServiceConfig {
  /** Balancing over the service's pods. @default 'LEAST_REQUEST' (the design notes' LEAST_CONN; Istio's name for it) */
  readonly loadBalancer?: MeshLoadBalancer;
  readonly connectionPool?: MeshConnectionPool;
  /** The circuit breaker: ejects failing pods. */
  readonly outlierDetection?: MeshOutlierDetection;
  /** Whole-request timeout on every route, retries included, milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  readonly retries?: MeshRetryPolicy;
  /**
   * Pod labels of the `premium` and `standard` subsets (`user-type: premium` routes to premium,
   * everything else to standard). Each subset is its own Envoy cluster with its own connection
   * pool and circuit breaker, so standard traffic overflowing its pool never rejects premium
   * requests; pointing premium at pods of their own needs those pods to carry the labels.
   * @default - both the service's own pods (`app.kubernetes.io/name: <service>`)
   */
  readonly subsets?: { readonly premium?: Readonly<Record<string, string>>; readonly standard?: Readonly<Record<string, string>> };
  /** Services allowed to call this one. @default - for a backend the gateway services, for a gateway none (it takes only the NLB) */
  readonly callers?: readonly string[];
}

/** The header and values of the design notes' premium routing. */
export const USER_TYPE_HEADER = 'user-type';
export const PREMIUM_USER_TYPE = 'premium';

/** Design notes (003, "Service Mesh") DestinationRule values. */
export const DESIGN_NOTES_CONNECTION_POOL = { maxConnections: 100, http1MaxPendingRequests: 50, maxRequestsPerConnection: 10 } as const;
export const DESIGN_NOTES_OUTLIER_DETECTION = { consecutive5xxErrors: 5, intervalSeconds: 30, baseEjectionSeconds: 30, maxEjectionPercent: 50 } as const;
/** A connect attempt inside one VPC that takes longer than a second has failed (the pods answer in milliseconds); retried as a connect failure. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
/**
 * Route timeout: four times the p99 latency objective (lib/slo.ts). A request still running
 * then is failing the SLO many times over; cutting it frees the caller's connection.
 */
export const DEFAULT_ROUTE_TIMEOUT_MS = 4 * LATENCY_P99_OBJECTIVE_SECONDS * 1_000;
/** Per try: above the p99 objective (a normal slow answer is not cut), three tries fit the route timeout. */
export const DEFAULT_PER_TRY_TIMEOUT_MS = 300;
export const DEFAULT_RETRY_ATTEMPTS = 2;
/**
 * The retry budget: Envoy's documented default for its retry budget is 20% of active
 * requests (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto,
 * `RetryBudget.budget_percent`), with 3 concurrent retries always allowed.
 */
export const DEFAULT_RETRY_BUDGET_PERCENT = 20;
export const DEFAULT_MIN_RETRY_CONCURRENCY = 3;
/** The most a budget may allow: beyond a quarter of the load, retries during an incident deepen it. */
export const MAX_RETRY_BUDGET_PERCENT = 25;
/** At most three retries: every attempt multiplies a failing dependency's load. */
export const MAX_RETRY_ATTEMPTS = 3;
/** Outlier detection sweeps at most once a second and at least once an hour. */
const MAX_INTERVAL_SECONDS = 3_600;

/** Everything a service's mesh objects need, defaults applied. */
export interface ResolvedMeshService {
  readonly name: string;
  readonly port: number;
  readonly loadBalancer: MeshLoadBalancer;
  readonly connectionPool: Required<MeshConnectionPool>;
  readonly outlierDetection: Required<MeshOutlierDetection>;
  readonly timeoutMs: number;
  readonly retries: Required<MeshRetryPolicy>;
  readonly subsets: { readonly premium: Readonly<Record<string, string>>; readonly standard: Readonly<Record<string, string>> };
  readonly callers: readonly string[];
}

/** What the mesh knows of each service: its name, port, role and the labels its pods carry. */
export interface MeshServiceInput {
  readonly name: string;
  readonly containerPort: number;
  /** `gateway` sees every request; anything else is a backend (ServiceCapacityInput.role). */
  readonly role?: 'gateway' | 'backend';
  /** Labels on the service's pods (subsets must select among them). */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Pod label every ServiceWorkload pod carries: the default subsets select it. */
export const SERVICE_NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Applies the defaults to `config` for `services` and checks every value; errors name
 * `where`, the prop path, the value, the limit and the fix. `concurrentRequestsPerWaypoint`
 * (the capacity plan's) is the least connection pool that carries the planned load.
 */
export function resolveMeshServices(
  where: string,
  config: MeshConfig,
  services: readonly MeshServiceInput[],
  concurrentRequestsPerWaypoint: number,
): ResolvedMeshService[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    invalid(where, 'mesh', config, 'is not an object or "none"', 'pass "none", or { services: { <name>: { ... } } }, or leave it out for the defaults');
  }
  const perService = config.services ?? {};
  if (typeof perService !== 'object' || perService === null || Array.isArray(perService)) {
    invalid(where, 'mesh.services', perService, 'is not an object keyed by service name', 'pass e.g. { "user-service": { timeoutMs: 800 } }');
  }
  const names = services.map((s) => s.name);
  for (const key of Object.keys(perService)) {
    if (!names.includes(key)) invalid(where, 'mesh.services', key, `names no service (services: ${names.join(', ')})`, 'key mesh.services by the names in services');
  }
  const gateways = services.filter((s) => s.role === 'gateway').map((s) => s.name);
  return services.map((svc) => resolveOne(`${where}`, `mesh.services.${svc.name}`, perService[svc.name] ?? {}, svc, names, gateways, concurrentRequestsPerWaypoint));
}

function resolveOne(
  where: string,
  at: string,
  c: MeshServiceConfig,
  svc: MeshServiceInput,
  names: readonly string[],
  gateways: readonly string[],
  concurrent: number,
): ResolvedMeshService {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) invalid(where, at, c, 'is not an object', 'pass { timeoutMs, retries, connectionPool, outlierDetection, subsets, callers } or {}');
  const loadBalancer = c.loadBalancer ?? 'LEAST_REQUEST';
  checkOneOf(where, `${at}.loadBalancer`, loadBalancer, MESH_LOAD_BALANCERS);

  const pool = c.connectionPool ?? {};
  const connectionPool = {
    maxConnections: pool.maxConnections ?? Math.max(DESIGN_NOTES_CONNECTION_POOL.maxConnections, concurrent),
    http1MaxPendingRequests: pool.http1MaxPendingRequests ?? DESIGN_NOTES_CONNECTION_POOL.http1MaxPendingRequests,
    maxRequestsPerConnection: pool.maxRequestsPerConnection ?? DESIGN_NOTES_CONNECTION_POOL.maxRequestsPerConnection,
    connectTimeoutMs: pool.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
  checkInteger(where, `${at}.connectionPool.maxConnections`, connectionPool.maxConnections, { min: 1, max: 1_000_000 });
  if (connectionPool.maxConnections < concurrent) {
    invalid(
      where,
      `${at}.connectionPool.maxConnections`,
      connectionPool.maxConnections,
      `is below the ${concurrent} requests one waypoint pod has in flight at its planned load (capacity plan: mesh.waypoint req/s x average latency): the pool would reject planned traffic with 503 UO`,
      `raise it to at least ${concurrent}, or leave it out for the planned default`,
    );
  }
  checkInteger(where, `${at}.connectionPool.http1MaxPendingRequests`, connectionPool.http1MaxPendingRequests, { min: 1, max: 1_000_000 });
  checkInteger(where, `${at}.connectionPool.maxRequestsPerConnection`, connectionPool.maxRequestsPerConnection, { min: 1, max: 1_000_000 });
  checkInteger(where, `${at}.connectionPool.connectTimeoutMs`, connectionPool.connectTimeoutMs, { min: 1, max: 60_000 });

  const od = c.outlierDetection ?? {};
  const outlierDetection = {
    consecutive5xxErrors: od.consecutive5xxErrors ?? DESIGN_NOTES_OUTLIER_DETECTION.consecutive5xxErrors,
    intervalSeconds: od.intervalSeconds ?? DESIGN_NOTES_OUTLIER_DETECTION.intervalSeconds,
    baseEjectionSeconds: od.baseEjectionSeconds ?? DESIGN_NOTES_OUTLIER_DETECTION.baseEjectionSeconds,
    maxEjectionPercent: od.maxEjectionPercent ?? DESIGN_NOTES_OUTLIER_DETECTION.maxEjectionPercent,
  };
  checkInteger(where, `${at}.outlierDetection.consecutive5xxErrors`, outlierDetection.consecutive5xxErrors, { min: 1, max: 1_000 });
  checkInteger(where, `${at}.outlierDetection.intervalSeconds`, outlierDetection.intervalSeconds, {
    min: 1,
    max: MAX_INTERVAL_SECONDS,
    limit: 'a zero interval never sweeps: no pod is ever ejected',
  });
  checkInteger(where, `${at}.outlierDetection.baseEjectionSeconds`, outlierDetection.baseEjectionSeconds, { min: 1, max: MAX_INTERVAL_SECONDS });
  checkInteger(where, `${at}.outlierDetection.maxEjectionPercent`, outlierDetection.maxEjectionPercent, {
    min: 1,
    max: 100,
    limit: 'a percentage of the service\'s pods',
  });

  const timeoutMs = c.timeoutMs ?? DEFAULT_ROUTE_TIMEOUT_MS;
  checkInteger(where, `${at}.timeoutMs`, timeoutMs, { min: 1, max: 600_000 });
  const r = c.retries ?? {};
  const retries = {
    attempts: r.attempts ?? DEFAULT_RETRY_ATTEMPTS,
    perTryTimeoutMs: r.perTryTimeoutMs ?? DEFAULT_PER_TRY_TIMEOUT_MS,
    budgetPercent: r.budgetPercent ?? DEFAULT_RETRY_BUDGET_PERCENT,
    minRetryConcurrency: r.minRetryConcurrency ?? DEFAULT_MIN_RETRY_CONCURRENCY,
  };
  checkInteger(where, `${at}.retries.attempts`, retries.attempts, {
    min: 0,
    max: MAX_RETRY_ATTEMPTS,
    limit: 'every retry multiplies the load on a failing dependency',
  });
  checkInteger(where, `${at}.retries.perTryTimeoutMs`, retries.perTryTimeoutMs, { min: 1, max: 600_000 });
  const worst = (retries.attempts + 1) * retries.perTryTimeoutMs;
  if (worst > timeoutMs) {
    invalid(
      where,
      `${at}.retries`,
      `{ attempts: ${retries.attempts}, perTryTimeoutMs: ${retries.perTryTimeoutMs} }`,
      `lets ${retries.attempts + 1} tries x ${retries.perTryTimeoutMs} ms = ${worst} ms run past the route timeout of ${timeoutMs} ms: the last retries are cut off after adding their load`,
      `lower attempts or perTryTimeoutMs so (attempts + 1) x perTryTimeoutMs <= ${timeoutMs}, or raise timeoutMs`,
    );
  }
  checkInteger(where, `${at}.retries.budgetPercent`, retries.budgetPercent, {
    min: 1,
    max: MAX_RETRY_BUDGET_PERCENT,
    limit: `retries in flight may add at most ${MAX_RETRY_BUDGET_PERCENT}% to the load during an incident`,
  });
  checkInteger(where, `${at}.retries.minRetryConcurrency`, retries.minRetryConcurrency, { min: 0, max: 100 });
  if (retries.minRetryConcurrency > (connectionPool.maxConnections * retries.budgetPercent) / 100) {
    invalid(
      where,
      `${at}.retries.minRetryConcurrency`,
      retries.minRetryConcurrency,
      `allows more retries in flight than the budget's ${retries.budgetPercent}% of the ${connectionPool.maxConnections} connections: the floor would override the budget`,
      `lower it to at most ${Math.floor((connectionPool.maxConnections * retries.budgetPercent) / 100)}`,
    );
  }

  const own = { [SERVICE_NAME_LABEL]: svc.name };
  const subsets = { premium: c.subsets?.premium ?? own, standard: c.subsets?.standard ?? own };
  for (const [subset, labels] of Object.entries(subsets)) {
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.keys(labels).length === 0) {
      invalid(where, `${at}.subsets.${subset}`, labels, 'is not a non-empty object of pod labels', `pass labels the service's pods carry, e.g. { "${SERVICE_NAME_LABEL}": "${svc.name}" }`);
    }
    for (const [key, value] of Object.entries(labels)) {
      if (svc.podLabels[key] !== value) {
        invalid(
          where,
          `${at}.subsets.${subset}`,
          `${key}=${value}`,
          `is a label no pod of ${svc.name} carries (its pods carry ${Object.entries(svc.podLabels).map(([k, v]) => `${k}=${v}`).join(', ')}): the subset would be empty and every request routed to it would fail with 503 NR`,
          'select labels the service\'s pods carry, or leave subsets out for the defaults',
        );
      }
    }
  }

  const callers = c.callers ?? (svc.role !== 'gateway' ? gateways.filter((g) => g !== svc.name) : []);
  checkArray(where, `${at}.callers`, callers, { what: 'service names' });
  callers.forEach((caller, i) => {
    if (!names.includes(caller)) {
      invalid(where, `${at}.callers[${i}]`, caller, `is not a service of this environment (services: ${names.join(', ')})`, 'name a service from services, or remove it');
    }
    if (caller === svc.name) invalid(where, `${at}.callers[${i}]`, caller, 'is the service itself', 'remove it: a service does not call itself through the mesh');
  });
  const duplicate = callers.find((v, i) => callers.indexOf(v) !== i);
  if (duplicate !== undefined) invalid(where, `${at}.callers`, duplicate, 'is listed twice', 'list each caller once');

  return { name: svc.name, port: svc.containerPort, loadBalancer, connectionPool, outlierDetection, timeoutMs, retries, subsets, callers };
}
