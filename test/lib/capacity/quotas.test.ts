import { cacheNodeSpec, CapacityInputs, dbInstanceSpec, planCapacity } from '../../../lib/capacity';
import { ValidationError } from '../../../lib/errors';
import { handCheckedInputs } from './fixtures';

function planWith(patch: (i: CapacityInputs) => CapacityInputs): () => unknown {
  return () => planCapacity(patch(handCheckedInputs()));
}

const fmt = (n: number) => n.toLocaleString('en-US');
// The hand-checked inputs' cache.r7g.large has no enhanced I/O: one engine thread's measured
// figure, below what its 0.937 Gbit/s carries at 500 B values. The classes' figures are the
// measured per-vCPU ones (catalog.test.ts checks those); the arithmetic below is the model's.
const CACHE_NODE_OPS = cacheNodeSpec('cache.r7g.large').opsPerSecond.value;
const REPLICA_READS = dbInstanceSpec('db.r7g.large').readsPerSecond.value;
const PRIMARY_WRITES = dbInstanceSpec('db.r7g.xlarge').writesPerSecond.value;

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
    // 12,000 req/s x 1,000 ops / 0.5 / ops per node
    const shards = Math.ceil((12_000 * 1_000) / 0.5 / CACHE_NODE_OPS);
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, cacheOpsPerRequest: 1_000 } }))).toThrow(
      `cache: totalNodes = ${shards * 3} exceeds the AWS quota "Nodes per cluster" (500; ${shards} shards x 3 nodes). Fix: choose a larger cache.nodeType`,
    );
  });

  test('GIVEN more than 90 cache nodes WHEN planned THEN the report notes the default quota to raise', () => {
    const plan = planCapacity({ ...handCheckedInputs(), requestMix: { ...handCheckedInputs().requestMix, cacheOpsPerRequest: 30 } });
    const cache = plan.tiers.find((t) => t.name.startsWith('ElastiCache'));
    const nodes = Math.ceil((12_000 * 30) / 0.5 / CACHE_NODE_OPS) * 3;
    expect(nodes).toBeGreaterThan(90);
    expect(plan.cache.totalNodes).toBe(nodes);
    expect(cache?.notes?.join(' ')).toContain(`${nodes} nodes exceed the default 90 nodes per cluster: request the quota increase`);
  });

  test('GIVEN no cache hits and 10 queries per miss WHEN sizing replicas THEN the 15-replica limit is named with both fixes', () => {
    // reads = 12,000 x 0.8 x 10 = 96,000/s; per AZ ceil(96,000 / 0.5 / reads per replica / 2 surviving AZs), times 3 AZs
    const replicas = Math.ceil(96_000 / 0.5 / REPLICA_READS / 2) * 3;
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, cacheHitRatio: 0, dbQueriesPerCacheMiss: 10 } }))).toThrow(
      new RegExp(`database: replicaCount = ${replicas} exceeds the AWS limit "read replicas per source DB instance" \\(15\\).*Fix: choose a bigger database.replicaClass, or raise requestMix.cacheHitRatio`),
    );
  });

  test('GIVEN writes beyond the primary WHEN sizing the database THEN the error names the primary class and the fix', () => {
    expect(planWith((i) => ({ ...i, requestMix: { ...i.requestMix, readShare: 0.1, writeShare: 0.9, dbQueriesPerWrite: 10 } }))).toThrow(
      `database: primaryClass = "db.r7g.xlarge" cannot carry 108,000 write queries/s at utilisation 0.5 (capacity ${fmt(PRIMARY_WRITES)} committed writes/s). Fix: choose a bigger database.primaryClass`,
    );
  });

  test('GIVEN slow queries and a 1% proxy share WHEN sizing connections THEN RDS Proxy MaxConnectionsPercent is named', () => {
    expect(
      planWith((i) => ({ ...i, requestMix: { ...i.requestMix, averageQueryMs: 100 }, database: { ...i.database, proxyMaxConnectionsPercent: 1 } })),
    ).toThrow(/proxyMaxConnectionsPercent = 1 lets RDS Proxy open 36 connections, fewer than the 480 the primary needs/);
  });
});

describe('NLB target quotas', () => {
  const notesOf = (inputs: CapacityInputs) => planCapacity(inputs).tiers.flatMap((t) => t.notes ?? []);

  test('GIVEN prod WHEN all pods together outgrow the NLB\'s per-AZ target quota THEN the report names the quota to raise', () => {
    const { capacityInputsOf } = jest.requireActual('../../../lib/config/environment');
    const { prod, staging } = jest.requireActual('../../../stacks/environments');
    const plan = planCapacity(capacityInputsOf(prod));
    const pods = Object.values(plan.services).reduce((sum, s) => sum + s.maxReplicas, 0);
    expect(pods).toBeGreaterThan(500);
    expect(notesOf(capacityInputsOf(prod))).toContainEqual(expect.stringMatching(new RegExp(`^all services together reach ${fmt(pods)} pods, over the default 500 targets per AZ per Network Load Balancer`)));
    expect(notesOf(capacityInputsOf(staging)).filter((n: string) => n.includes('NLB target group'))).toEqual([]);
  });

  test('GIVEN a service whose HPA maximum outgrows one target group THEN the report names that service and the quota', () => {
    // 100,000 req/s, a quarter of it to backend b at 30 req/s per pod and utilisation 0.5 (1,667 pods at
    // target), spread over the 2 surviving AZs: beyond the 1,000 targets of a target group.
    const inputs = { ...handCheckedInputs(), targetRps: 100_000, nodes: { ...handCheckedInputs().nodes, instanceTypes: ['c7i.8xlarge'] }, cache: { ...handCheckedInputs().cache, nodeType: 'cache.r7g.4xlarge' }, database: { ...handCheckedInputs().database, primaryClass: 'db.r7g.16xlarge', replicaClass: 'db.r7g.4xlarge' } };
    const plan = planCapacity(inputs);
    expect(plan.services.b.maxReplicas).toBeGreaterThan(1_000);
    expect(notesOf(inputs)).toContain(`b reaches ${fmt(plan.services.b.maxReplicas)} pods, over the default 1,000 targets per NLB target group: request the increase before deploying.`);
  });
});
