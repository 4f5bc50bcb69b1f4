import { planEnvironment } from '../../../lib/config/environment';
import { POOLER_QUERIES_PER_CORE } from '../../../lib/capacity/measured';
import { planReadPooler, POOLER_QUERIES_PER_SECOND_PER_POD, READ_POOLER_CONNECTION_SHARE, ReadPoolerPlanInput } from '../../../lib/capacity/read-pooler';
import { ENVIRONMENTS } from '../../../stacks/environments';

const PLAN: ReadPoolerPlanInput = {
  environment: 'test',
  azCount: 3,
  database: { replicaCount: 3, maxConnections: 5000, readQpsAtTarget: 47_500 },
  services: {
    api: { maxReplicas: 1000, dbPoolSizePerPod: 0 },
    users: { maxReplicas: 1500, dbPoolSizePerPod: 2 },
    orders: { maxReplicas: 2502, dbPoolSizePerPod: 2 },
  },
};

describe('planReadPooler', () => {
  describe('GIVEN a plan with 3 replicas of max_connections 5,000 and 47,500 reads/s', () => {
    const sizing = planReadPooler(PLAN);

    test('THEN a pod is planned at the measured queries per PgBouncer core (one core: PgBouncer is single-threaded)', () => {
      expect(POOLER_QUERIES_PER_SECOND_PER_POD).toBe(POOLER_QUERIES_PER_CORE.value);
      expect(POOLER_QUERIES_PER_CORE.source).toMatch(/^this repo: npm run bench:pooler/);
    });

    test('THEN pods = ceil(47,500 / (queries per pod x 60%)), and the HPA may double them', () => {
      const pods = Math.ceil(47_500 / (POOLER_QUERIES_PER_SECOND_PER_POD * 0.6));
      expect(pods).toBeGreaterThan(3);
      expect([sizing.minReplicas, sizing.maxReplicas]).toEqual([pods, 2 * pods]);
    });

    test('THEN max_client_conn holds every database-using pod at its HPA max plus a 25% rollout surge', () => {
      expect(sizing.maxClientConnections).toBe(Math.ceil((1500 * 2 + 2502 * 2) * 1.25));
    });

    test('THEN the budget is replicas x max_connections x 50% and the pool per pod fits it at maxReplicas', () => {
      expect(sizing.serverConnectionBudget).toBe(7500);
      expect(sizing.defaultPoolSize).toBe(Math.floor(7500 / sizing.maxReplicas));
      expect(sizing.maxReplicas * sizing.defaultPoolSize).toBeLessThanOrEqual(sizing.serverConnectionBudget);
    });
  });

  test('GIVEN few reads THEN at least two pods, and one per AZ', () => {
    expect(planReadPooler({ ...PLAN, azCount: 3, database: { ...PLAN.database, readQpsAtTarget: 10 } }).minReplicas).toBe(3);
    expect(planReadPooler({ ...PLAN, azCount: 1, database: { ...PLAN.database, readQpsAtTarget: 10 } }).minReplicas).toBe(2);
  });

  test('GIVEN no replicas THEN the writer behind the reader name is budgeted once', () => {
    const sizing = planReadPooler({ ...PLAN, database: { ...PLAN.database, replicaCount: 0, maxConnections: 1802 } });
    expect(sizing.serverConnectionBudget).toBe(Math.floor(1802 * READ_POOLER_CONNECTION_SHARE));
  });

  describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN the %s capacity plan', (_name, config) => {
    const plan = planEnvironment(config);
    const sizing = plan.readPooler!;

    test('THEN the poolers at their maximum never hold more than the share of the replicas\' max_connections', () => {
      expect(sizing.maxReplicas * sizing.defaultPoolSize).toBeLessThanOrEqual(Math.max(1, plan.database.replicaCount) * plan.database.maxConnections * READ_POOLER_CONNECTION_SHARE);
    });

    test('THEN the plan\'s pooler slice is the one planReadPooler computes from its database and services', () => {
      expect(sizing).toEqual(planReadPooler(plan));
    });

    test('THEN max_client_conn covers the capacity model\'s client connections at HPA max', () => {
      expect(sizing.maxClientConnections).toBeGreaterThanOrEqual(plan.database.clientConnectionsAtMax);
    });
  });
});

test('GIVEN a tiny environment THEN max_client_conn is never below PgBouncer\'s default of 100', () => {
  expect(planReadPooler({ ...PLAN, services: { users: { maxReplicas: 3, dbPoolSizePerPod: 2 } } }).maxClientConnections).toBe(100);
});

describe('planReadPooler: connections by hand (each plan computed inside its test, where the mutation run sees it)', () => {
  // Few reads: pods = max(2, 3 AZs, ceil(10 / per pod) = 1) = 3, the HPA up to 6.
  const few = (services: ReadPoolerPlanInput['services']) => planReadPooler({ ...PLAN, database: { ...PLAN.database, readQpsAtTarget: 10 }, services });

  test('GIVEN 1,501 pods with pools of 2, 2,502 with 2 and 1,000 without THEN max_client_conn = ceil((3,002 + 5,004) x 1.25 = 10,007.5) = 10,008', () => {
    const sizing = few({ api: { maxReplicas: 1000, dbPoolSizePerPod: 0 }, users: { maxReplicas: 1501, dbPoolSizePerPod: 2 }, orders: { maxReplicas: 2502, dbPoolSizePerPod: 2 } });
    expect(sizing.maxClientConnections).toBe(10_008);
  });

  test('GIVEN 3 replicas of max_connections 5,000 and an HPA maximum of 6 THEN budget 7,500 and default_pool_size floor(7,500 / 6) = 1,250', () => {
    const sizing = few(PLAN.services);
    expect([sizing.minReplicas, sizing.maxReplicas]).toEqual([3, 6]);
    expect(sizing.serverConnectionBudget).toBe(7_500);
    expect(sizing.defaultPoolSize).toBe(1_250);
  });
});
