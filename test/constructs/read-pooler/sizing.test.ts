import { planCapacity } from '../../../lib/capacity';
import { READ_POOLER_CONNECTION_SHARE, readPoolerSizing, ReadPoolerPlanInput } from '../../../constructs/read-pooler';
import { ROLLOUT_MAX_SURGE_PERCENT } from '../../../constructs/service-workload';
import { ENVIRONMENTS } from '../../../stacks/environments';

const PLAN: ReadPoolerPlanInput = {
  azCount: 3,
  database: { replicaCount: 3, maxConnections: 5000, readQpsAtTarget: 47_500 },
  services: {
    api: { maxReplicas: 1000, dbPoolSizePerPod: 0 },
    users: { maxReplicas: 1500, dbPoolSizePerPod: 2 },
    orders: { maxReplicas: 2502, dbPoolSizePerPod: 2 },
  },
};

describe('readPoolerSizing', () => {
  describe('GIVEN a plan with 3 replicas of max_connections 5,000 and 47,500 reads/s', () => {
    const sizing = readPoolerSizing(PLAN, 25);

    test('THEN pods = ceil(47,500 / (10,000 x 60%)) = 8, and the HPA may double them', () => {
      expect([sizing.minReplicas, sizing.maxReplicas]).toEqual([8, 16]);
    });

    test('THEN max_client_conn holds every database-using pod at its HPA max plus a 25% rollout surge', () => {
      expect(sizing.maxClientConnections).toBe(Math.ceil((1500 * 2 + 2502 * 2) * 1.25));
    });

    test('THEN the budget is replicas x max_connections x 50% and the pool per pod fits it at maxReplicas', () => {
      expect(sizing.serverConnectionBudget).toBe(7500);
      expect(sizing.defaultPoolSize).toBe(Math.floor(7500 / 16));
      expect(sizing.maxReplicas * sizing.defaultPoolSize).toBeLessThanOrEqual(sizing.serverConnectionBudget);
    });
  });

  test('GIVEN few reads THEN at least two pods, and one per AZ', () => {
    expect(readPoolerSizing({ ...PLAN, azCount: 3, database: { ...PLAN.database, readQpsAtTarget: 10 } }, 25).minReplicas).toBe(3);
    expect(readPoolerSizing({ ...PLAN, azCount: 1, database: { ...PLAN.database, readQpsAtTarget: 10 } }, 25).minReplicas).toBe(2);
  });

  test('GIVEN no replicas THEN the writer behind the reader name is budgeted once', () => {
    const sizing = readPoolerSizing({ ...PLAN, database: { ...PLAN.database, replicaCount: 0, maxConnections: 1802 } }, 25);
    expect(sizing.serverConnectionBudget).toBe(Math.floor(1802 * READ_POOLER_CONNECTION_SHARE));
  });

  describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN the %s capacity plan', (_name, config) => {
    const plan = planCapacity(config.capacity);
    const sizing = readPoolerSizing(plan, ROLLOUT_MAX_SURGE_PERCENT);

    test('THEN the poolers at their maximum never hold more than the share of the replicas\' max_connections', () => {
      expect(sizing.maxReplicas * sizing.defaultPoolSize).toBeLessThanOrEqual(Math.max(1, plan.database.replicaCount) * plan.database.maxConnections * READ_POOLER_CONNECTION_SHARE);
    });

    test('THEN max_client_conn covers the capacity model\'s client connections at HPA max', () => {
      expect(sizing.maxClientConnections).toBeGreaterThanOrEqual(plan.database.clientConnectionsAtMax);
    });
  });
});

test('GIVEN a tiny environment THEN max_client_conn is never below PgBouncer\'s default of 100', () => {
  expect(readPoolerSizing({ ...PLAN, services: { users: { maxReplicas: 3, dbPoolSizePerPod: 2 } } }, 25).maxClientConnections).toBe(100);
});
