import { CapacityInputs, planCapacity } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs } from './fixtures';

function planWith(patch: (i: CapacityInputs) => CapacityInputs): () => unknown {
  return () => planCapacity(patch(handCheckedInputs()));
}

describe('an exceeded AWS quota is an error naming the quota and what to change', () => {
  test('GIVEN 100M req/s of 1 MB responses WHEN sizing ALBs THEN "Application Load Balancers per Region" is named', () => {
    const patch = (i: CapacityInputs): CapacityInputs => ({ ...i, targetRps: 100_000_000, requestMix: { ...i.requestMix, averageResponseBytes: 1_000_000 } });
    expect(planWith(patch)).toThrow(ValidationError);
    expect(planWith(patch)).toThrow(/alb.count = \d+ exceeds the AWS quota "Application Load Balancers per Region" \(50;.*Fix: request a quota increase/);
  });

  test('GIVEN 600,000 req/s on m7g.xlarge nodes WHEN sizing node groups THEN "Nodes per managed node group" (450) is named with the fix', () => {
    // Every read a cache hit and no writes, so the database (planned before the node groups, whose platform pods include the read pooler) is no limit.
    const cacheOnly = (i: CapacityInputs): CapacityInputs => ({ ...i, targetRps: 600_000, requestMix: { ...i.requestMix, readShare: 1, writeShare: 0, cacheHitRatio: 1 } });
    expect(planWith(cacheOnly)).toThrow(
      /nodes: maxSize per node group = \d+ exceeds the AWS quota "Nodes per managed node group" \(450\) with m7g.xlarge. Fix: choose a larger node instance type/,
    );
  });

  test('GIVEN a pod larger than the node WHEN sizing node groups THEN the error says the node cannot hold it', () => {
    expect(planWith((i) => ({ ...i, services: i.services.map((s) => (s.name === 'b' ? { ...s, cpuRequestMillicores: 8_000 } : s)) }))).toThrow(
      /instanceTypes\[0\] = "m7g.xlarge" cannot hold one b pod.*Fix: choose a larger node instance type/,
    );
  });

  test('GIVEN 1,000 cache ops per request WHEN sizing the cache THEN "Nodes per cluster" (500) is named', () => {
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, cacheOpsPerRequest: 1_000 } }))).toThrow(
      /cache: totalNodes = 720 exceeds the AWS quota "Nodes per cluster" \(500; 240 shards x 3 nodes\). Fix: choose a larger cache.nodeType/,
    );
  });

  test('GIVEN more than 90 cache nodes WHEN planned THEN the report notes the default quota to raise', () => {
    const plan = planCapacity({ ...handCheckedInputs(), requestMix: { ...handCheckedInputs().requestMix, cacheOpsPerRequest: 200 } });
    const cache = plan.tiers.find((t) => t.name.startsWith('ElastiCache'));
    expect(plan.cache.totalNodes).toBe(144);
    expect(cache?.notes?.join(' ')).toMatch(/144 nodes exceed the default 90 nodes per cluster: request the quota increase/);
  });

  test('GIVEN no cache hits and 10 queries per miss WHEN sizing replicas THEN the 15-replica limit is named with both fixes', () => {
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, cacheHitRatio: 0, dbQueriesPerCacheMiss: 10 } }))).toThrow(
      /database: replicaCount = 36 exceeds the AWS limit "read replicas per source DB instance" \(15\).*Fix: choose a bigger database.replicaClass, or raise requestMix.cacheHitRatio/,
    );
  });

  test('GIVEN writes beyond the primary WHEN sizing the database THEN the error names the primary class and the fix', () => {
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, readShare: 0.1, writeShare: 0.9, dbQueriesPerWrite: 10 } }))).toThrow(
      /database: primaryClass = "db.r7g.xlarge" cannot carry 108,000 write queries\/s at utilisation 0.5 \(capacity 16,000 queries\/s\). Fix: choose a bigger database.primaryClass/,
    );
  });

  test('GIVEN slow queries and a 1% proxy share WHEN sizing connections THEN RDS Proxy MaxConnectionsPercent is named', () => {
    expect(
      planWith((i) => ({ ...i, requestMix: { ...i.requestMix, averageQueryMs: 100 }, database: { ...i.database, proxyMaxConnectionsPercent: 1 } })),
    ).toThrow(/proxyMaxConnectionsPercent = 1 lets RDS Proxy open 36 connections, fewer than the 480 the primary needs/);
  });
});

describe('NLB target quotas', () => {
  test('GIVEN prod WHEN a service can outgrow a target group or the pods the NLB\'s per-AZ quota THEN the report names the quota to raise', () => {
    const { planCapacity } = jest.requireActual('../../../lib/capacity');
    const { capacityInputsOf } = jest.requireActual('../../../lib/config/environment');
    const { prod, staging } = jest.requireActual('../../../stacks/environments');
    const prodNotes = planCapacity(capacityInputsOf(prod)).tiers.flatMap((t: { notes?: string[] }) => t.notes ?? []);
    expect(prodNotes).toEqual(
      expect.arrayContaining([
        'transaction-service reaches 2,502 pods, over the default 1,000 targets per NLB target group: request the increase before deploying.',
        expect.stringMatching(/^all services together reach 5,670 pods, over the default 500 targets per AZ per Network Load Balancer/),
      ]),
    );
    const stagingNotes = planCapacity(capacityInputsOf(staging)).tiers.flatMap((t: { notes?: string[] }) => t.notes ?? []);
    expect(stagingNotes.filter((n: string) => n.includes('NLB target group'))).toEqual([]);
  });
});
