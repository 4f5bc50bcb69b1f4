import { CapacityInputs, dbInstanceSpec, ServicePlan } from '../../../lib/capacity';
import { planDatabase } from '../../../lib/capacity/database';
import { handCheckedInputs } from './fixtures';

// planDatabase straight from its module, as planCapacity calls it (after validateInputs), on
// the hand-checked inputs: 12,000 req/s at utilisation 0.5 over 3 AZs; 80% reads with a 0.9
// cache hit ratio and 2 queries per miss, 20% writes of 1 query at 5 ms; replicas
// db.r7g.large, primary db.r7g.xlarge (32 GiB: max_connections 3,604), RDS Proxy 50%.
// Each plan is computed inside its test (a plan computed while Jest collects the tests is
// invisible to the mutation run's per-test coverage).
const W = 'capacity model (hand)';
const REPLICA_READS = dbInstanceSpec('db.r7g.large').readsPerSecond.value;
const PRIMARY_WRITES = dbInstanceSpec('db.r7g.xlarge').writesPerSecond.value;

type Mix = CapacityInputs['requestMix'];
type Db = CapacityInputs['database'];
const plan = (mix: Partial<Mix> = {}, extra: Partial<CapacityInputs> = {}, db: Partial<Db> = {}, services: Record<string, ServicePlan> = {}) => {
  const base = handCheckedInputs();
  return planDatabase({ ...base, ...extra, requestMix: { ...base.requestMix, ...mix }, database: { ...base.database, ...db } }, services, W);
};

test('the hand-checked figures below assume the catalog\'s measured 2,680 reads/s per db.r7g.large and 5,400 writes/s per db.r7g.xlarge', () => {
  expect([REPLICA_READS, PRIMARY_WRITES]).toEqual([2_680, 5_400]);
});

describe('planDatabase: replicas cover the reads that miss the cache', () => {
  test('GIVEN an environment that need not survive an AZ loss THEN ceil(1,920 / 0.5 / 2,680 = 1.43) = 2 replicas, no Multi-AZ, and no capacity promised with an AZ lost', () => {
    const { plan: p, tier } = plan({ dbQueriesPerWrite: undefined }, { survivesAzLoss: false });
    expect(p).toMatchObject({ multiAz: false, replicaCount: 2, writeQpsAtTarget: 2_400, backendConnectionsAtTarget: 24 });
    // The default 1 query per write, in the inputs and in the formula.
    expect(tier.inputs.find((r) => r[0] === 'write share / queries per write')?.[1]).toBe('0.2 / 1');
    expect(tier.formula).toBe(
      'reads = 12,000 x 0.8 x (1 - 0.9) x 2 = 1,920 q/s; replicas = ceil(1,920 / 0.5 / 2,680) (min 1) = 2; ' +
        'writes = 12,000 x 0.2 x 1 = 2,400 q/s <= 5,400 x 0.5; proxy connections = 3,604 x 50% = 1,802 >= 24 needed',
    );
    expect(tier.result).toBe('primary db.r7g.xlarge + 2 x db.r7g.large; max_connections 3,604; RDS Proxy 50%; pool 0/pod (0 client connections at HPA max)');
    // reads 2 x 2,680 x 0.5 / 0.16 per request = 16,750; writes 5,400 x 0.5 / 0.2 = 13,500: writes decide.
    expect(tier.capacityRps).toBe(13_500);
    expect(tier.capacityRpsWithOneAzLost).toBe(0);
  });

  test('GIVEN an environment that survives an AZ loss THEN ceil(1.43 / 2 surviving AZs) = 1 per AZ x 3 = 3 replicas on a Multi-AZ primary', () => {
    const { plan: p, tier } = plan();
    expect(p).toMatchObject({ multiAz: true, replicaCount: 3 });
    expect(tier.formula).toContain('replicas = ceil(1,920 / 0.5 / 2,680 / 2) x 3 (min 1) = 3; ');
    expect(tier.result).toMatch(/^primary db.r7g.xlarge \(Multi-AZ\) \+ 3 x db.r7g.large;/);
  });

  test('GIVEN reads only (2,400 q/s) THEN the replicas decide: 3 x 2,680 x 0.5 / 0.2 q per request = 20,100 req/s, 2 survivors of an AZ loss 13,400', () => {
    const { plan: p, tier } = plan({ readShare: 1, writeShare: 0 });
    expect(p).toMatchObject({ replicaCount: 3, writeQpsAtTarget: 0, backendConnectionsAtTarget: 0 });
    expect(tier.capacityRps).toBe(20_100);
    expect(tier.capacityRpsWithOneAzLost).toBe(13_400);
  });

  test('GIVEN every read served by the cache and no minimum THEN no replica, and the primary\'s writes alone bound the capacity (13,500 req/s)', () => {
    const { plan: p, tier } = plan({ cacheHitRatio: 1 }, {}, { minReplicas: 0 });
    expect(p.replicaCount).toBe(0);
    expect(tier.capacityRps).toBe(13_500);
    expect(tier.capacityRpsWithOneAzLost).toBe(13_500);
  });

  test('GIVEN no writes THEN the primary is no limit: reads decide (writes cannot divide by zero)', () => {
    expect(plan({ readShare: 1, writeShare: 0 }).tier.capacityRps).toBe(20_100);
  });
});

describe('planDatabase: the AWS limit of 15 read replicas', () => {
  // Reads only, no AZ-loss survival: replicas = ceil(reads / 0.5 / 2,680).
  test('GIVEN 19,200 read q/s (hit ratio 0.2) THEN ceil(14.33) = 15 replicas, the limit, plan', () => {
    expect(plan({ readShare: 1, writeShare: 0, cacheHitRatio: 0.2 }, { survivesAzLoss: false }).plan.replicaCount).toBe(15);
  });

  test('GIVEN 20,400 read q/s (hit ratio 0.15) THEN ceil(15.22) = 16 replicas is an error naming the limit and both fixes', () => {
    expect(() => plan({ readShare: 1, writeShare: 0, cacheHitRatio: 0.15 }, { survivesAzLoss: false })).toThrow(
      `${W} database: replicaCount = 16 exceeds the AWS limit "read replicas per source DB instance" (15) for 20,400 read queries/s on db.r7g.large. Fix: choose a bigger database.replicaClass, or raise requestMix.cacheHitRatio so fewer reads reach PostgreSQL`,
    );
  });
});

describe('planDatabase: the primary carries the writes at the target utilisation', () => {
  // A quarter of the requests write one query each: writes = targetRps / 4.
  const writes = (targetRps: number) => plan({ readShare: 0.75, writeShare: 0.25 }, { targetRps });

  test('GIVEN 10,800 req/s THEN 2,700 writes/s / 0.5 = 5,400, exactly the primary\'s capacity, plan', () => {
    expect(writes(10_800).plan.writeQpsAtTarget).toBe(2_700);
  });

  test('GIVEN 10,804 req/s THEN 2,701 writes/s / 0.5 = 5,402 is an error naming the primary class and the fix', () => {
    expect(() => writes(10_804)).toThrow(
      `${W} database: primaryClass = "db.r7g.xlarge" cannot carry 2,701 write queries/s at utilisation 0.5 (capacity 5,400 committed writes/s). Fix: choose a bigger database.primaryClass, lower requestMix.writeShare or dbQueriesPerWrite, or shard the database`,
    );
  });
});

describe('planDatabase: RDS Proxy\'s share of max_connections covers the primary\'s connections', () => {
  // 1% of 3,604 = 36 connections; needed = ceil(2,400 q/s x query ms / 1,000 x 2).
  test('GIVEN 7.5 ms queries THEN 2,400 x 7.5 ms x 2 = 36 connections, exactly the proxy\'s 36, plan', () => {
    expect(plan({ averageQueryMs: 7.5 }, {}, { proxyMaxConnectionsPercent: 1 }).plan.backendConnectionsAtTarget).toBe(36);
  });

  test('GIVEN 7.6 ms queries THEN ceil(36.48) = 37 connections is an error naming the share and the fixes', () => {
    expect(() => plan({ averageQueryMs: 7.6 }, {}, { proxyMaxConnectionsPercent: 1 })).toThrow(
      `${W} database: proxyMaxConnectionsPercent = 1 lets RDS Proxy open 36 connections, fewer than the 37 the primary needs at target (2,400 q/s x 7.6 ms x 2). Fix: raise proxyMaxConnectionsPercent, choose a primary class with more memory (higher max_connections), or lower requestMix.averageQueryMs`,
    );
  });
});

describe('planDatabase: client pools', () => {
  test('GIVEN two services with pools of 2 and 3 and one without THEN pool 3/pod and 540 x 2 + 300 x 3 = 1,980 client connections at HPA max', () => {
    const svc = (maxReplicas: number, dbPoolSizePerPod: number) => ({ maxReplicas, dbPoolSizePerPod }) as ServicePlan;
    const { plan: p, tier } = plan({}, {}, {}, { gw: svc(360, 0), a: svc(540, 2), b: svc(300, 3) });
    expect(p).toMatchObject({ poolSizePerPod: 3, clientConnectionsAtMax: 1_980 });
    expect(tier.result).toMatch(/; pool 3\/pod \(1,980 client connections at HPA max\)$/);
  });
});

describe('planDatabase: an unknown instance class passed straight to it names this model\'s database', () => {
  test.each([
    ['primaryClass', { primaryClass: 'db.m1.small' }],
    ['replicaClass', { replicaClass: 'db.m1.small' }],
  ])('GIVEN an unknown %s THEN the error names it', (prop, db) => {
    expect(() => plan({}, {}, db)).toThrow(new RegExp(`^capacity model \\(hand\\) database ${prop}: instanceClass = "db.m1.small" is not in the RDS instance class catalog`));
  });
});
