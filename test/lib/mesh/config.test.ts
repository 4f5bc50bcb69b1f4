import { ValidationError } from '../../../lib/errors';
import { MeshConfig, MeshServiceConfig, MeshServiceInput, resolveMeshServices } from '../../../lib/mesh/config';

const podLabels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'services', 'app.kubernetes.io/managed-by': 'cdktf' });
const SERVICES: MeshServiceInput[] = [
  { name: 'api-gateway', containerPort: 8080, role: 'gateway', podLabels: podLabels('api-gateway') },
  { name: 'user-service', containerPort: 8080, role: 'backend', podLabels: podLabels('user-service') },
  { name: 'transaction-service', containerPort: 8081, podLabels: podLabels('transaction-service') },
];
const WHERE = 'prod-platform/services';
const resolve = (config: MeshConfig, concurrent = 40) => resolveMeshServices(WHERE, config, SERVICES, concurrent);
const withUser = (c: MeshServiceConfig) => () => resolve({ services: { 'user-service': c } });

describe('resolveMeshServices', () => {
  describe('GIVEN no per-service settings', () => {
    const [gateway, user, transaction] = resolve({});

    test("THEN every service gets the design notes' DestinationRule values", () => {
      expect(user.loadBalancer).toBe('LEAST_REQUEST');
      expect(user.connectionPool).toEqual({ maxConnections: 100, http1MaxPendingRequests: 50, maxRequestsPerConnection: 10, connectTimeoutMs: 1000 });
      expect(user.outlierDetection).toEqual({ consecutive5xxErrors: 5, intervalSeconds: 30, baseEjectionSeconds: 30, maxEjectionPercent: 50 });
    });

    test('THEN the retries fit the route timeout and are budgeted', () => {
      expect(user.timeoutMs).toBe(1000);
      expect(user.retries).toEqual({ attempts: 2, perTryTimeoutMs: 300, budgetPercent: 20, minRetryConcurrency: 3 });
      expect((user.retries.attempts + 1) * user.retries.perTryTimeoutMs).toBeLessThanOrEqual(user.timeoutMs);
    });

    test('THEN the backends accept the gateway (a service without a role is a backend), and the gateway no service', () => {
      expect([gateway.callers, user.callers, transaction.callers]).toEqual([[], ['api-gateway'], ['api-gateway']]);
    });

    test("THEN both subsets select the service's own pods, and each service keeps its port", () => {
      expect(user.subsets).toEqual({ premium: { 'app.kubernetes.io/name': 'user-service' }, standard: { 'app.kubernetes.io/name': 'user-service' } });
      expect(transaction.port).toBe(8081);
    });
  });

  test('GIVEN a plan whose waypoint pod has more requests in flight than 100 THEN the default pool is the plan\'s', () => {
    expect(resolve({}, 200)[1].connectionPool.maxConnections).toBe(200);
  });

  test('GIVEN per-service settings THEN they replace the defaults for that service only', () => {
    const [, user, transaction] = resolve({ services: { 'user-service': { timeoutMs: 2000, retries: { attempts: 1, perTryTimeoutMs: 900 }, callers: ['api-gateway', 'transaction-service'] } } });
    expect([user.timeoutMs, user.retries.attempts, user.retries.perTryTimeoutMs, user.callers]).toEqual([2000, 1, 900, ['api-gateway', 'transaction-service']]);
    expect(transaction.timeoutMs).toBe(1000);
  });

  describe('bad input', () => {
    const fails = (run: () => unknown, ...parts: (string | RegExp)[]) => {
      expect(run).toThrow(ValidationError);
      for (const part of parts) expect(run).toThrow(part);
    };

    test.each([
      ['maxEjectionPercent above 100', { maxEjectionPercent: 150 }, 'maxEjectionPercent', /from 1 to 100/],
      ['maxEjectionPercent of 0', { maxEjectionPercent: 0 }, 'maxEjectionPercent', /from 1 to 100/],
      ['a zero interval', { intervalSeconds: 0 }, 'intervalSeconds', /a zero interval never sweeps/],
      ['a fractional interval', { intervalSeconds: 2.5 }, 'intervalSeconds', /whole number/],
      ['zero consecutive errors', { consecutive5xxErrors: 0 }, 'consecutive5xxErrors', /from 1/],
      ['a string for errors', { consecutive5xxErrors: 'five' }, 'consecutive5xxErrors', /finite number/],
    ])('GIVEN an outlier detection with %s THEN a ValidationError names the prop', (_, outlierDetection, prop, why) => {
      fails(withUser({ outlierDetection } as MeshServiceConfig), `${WHERE}: mesh.services.user-service.outlierDetection.${prop}`, why);
    });

    test.each([
      ['3 tries x 400 ms past a 1,000 ms timeout', { attempts: 2, perTryTimeoutMs: 400 }, undefined, /3 tries x 400 ms = 1200 ms run past the route timeout of 1000 ms/],
      ['4 tries x 300 ms past a 1,000 ms timeout', { attempts: 3, perTryTimeoutMs: 300 }, undefined, /4 tries x 300 ms = 1200 ms/],
      ['default tries past a shortened timeout', {}, 500, /3 tries x 300 ms = 900 ms run past the route timeout of 500 ms/],
    ])('GIVEN a retry policy of %s THEN the error says the tries outlast the route', (_, retries, timeoutMs, why) => {
      fails(withUser({ retries, timeoutMs } as MeshServiceConfig), 'mesh.services.user-service.retries', why, /lower attempts or perTryTimeoutMs/);
    });

    test.each([
      ['more attempts than allowed', { attempts: 5, perTryTimeoutMs: 100 }, 'attempts', /every retry multiplies the load/],
      ['a budget above a quarter of the load', { budgetPercent: 50 }, 'budgetPercent', /at most 25% to the load/],
      ['a budget of 100%', { budgetPercent: 100 }, 'budgetPercent', /at most 25%/],
      ['a zero budget', { budgetPercent: 0 }, 'budgetPercent', /from 1 to 25/],
      ['a floor that overrides the budget', { minRetryConcurrency: 30 }, 'minRetryConcurrency', /the floor would override the budget/],
    ])('GIVEN a retry policy with %s (load beyond the budget) THEN a ValidationError', (_, retries, prop, why) => {
      fails(withUser({ retries } as MeshServiceConfig), `mesh.services.user-service.retries.${prop}`, why);
    });

    test.each([
      ['a label no pod carries', { premium: { tier: 'premium' } }, 'premium', /tier=premium.*is a label no pod of user-service carries/],
      ['another service\'s pods', { standard: { 'app.kubernetes.io/name': 'api-gateway' } }, 'standard', /no pod of user-service carries/],
      ['no labels at all', { premium: {} }, 'premium', /non-empty object of pod labels/],
      ['a list', { standard: ['tier'] }, 'standard', /non-empty object/],
    ])('GIVEN a subset selecting %s THEN a ValidationError says it would be empty', (_, subsets, subset, why) => {
      fails(withUser({ subsets } as MeshServiceConfig), `mesh.services.user-service.subsets.${subset}`, why);
    });

    test.each([
      ['a service that does not exist', ['payment-service'], 'callers[0]', /payment-service.*is not a service of this environment/],
      ['a typo among real callers', ['api-gateway', 'user-servic'], 'callers[1]', /is not a service of this environment/],
      ['the service itself', ['user-service'], 'callers[0]', /is the service itself/],
      ['a caller twice', ['api-gateway', 'api-gateway'], 'callers', /is listed twice/],
    ])('GIVEN an authorization naming %s THEN a ValidationError', (_, callers, prop, why) => {
      fails(withUser({ callers }), `mesh.services.user-service.${prop}`, why);
    });

    test.each([
      ['a pool below the planned in-flight requests', () => resolve({ services: { 'user-service': { connectionPool: { maxConnections: 100 } } } }, 200), /below the 200 requests one waypoint pod has in flight/],
      ['a zero pending queue', withUser({ connectionPool: { http1MaxPendingRequests: 0 } }), /http1MaxPendingRequests/],
      ['an unknown balancer', withUser({ loadBalancer: 'LEAST_CONN' as never }), /use one of "LEAST_REQUEST", "ROUND_ROBIN"/],
      ['settings for an unknown service', () => resolve({ services: { 'payments': {} } }), /mesh.services = "payments".*names no service/],
      ['a mesh that is a string', () => resolve('ambient' as never), /is not an object or "none"/],
    ])('GIVEN %s THEN a ValidationError', (_, run, why) => {
      fails(run, why);
    });
  });
});
