import { CapacityInputs, cacheNodeSpec } from '../../../lib/capacity';
import { planCache } from '../../../lib/capacity/cache';
import { handCheckedInputs } from './fixtures';

// planCache straight from its module, as planCapacity calls it (after validateInputs): the
// hand-checked inputs are 12,000 req/s at utilisation 0.5 over 3 AZs, surviving an AZ loss,
// 1 cache op per request on cache.r7g.large, a 20 GiB dataset at 0.5 of node memory.
// Each plan is computed inside its test (a plan computed while Jest collects the tests is
// invisible to the mutation run's per-test coverage).
const W = 'capacity model (hand)';
const SPEC = cacheNodeSpec('cache.r7g.large');
// The measured figure of one engine thread (catalog.ts); 19,800 ops/s when this was written.
const CPU = SPEC.opsPerSecond.value;

const cacheWith = (patch: (c: CapacityInputs['cache'], i: CapacityInputs) => Partial<CapacityInputs>) => {
  const base = handCheckedInputs();
  return planCache({ ...base, ...patch(base.cache, base) }, W);
};
const withCache = (cache: Partial<CapacityInputs['cache']>, extra: Partial<CapacityInputs> = {}) => cacheWith((c) => ({ cache: { ...c, ...cache }, ...extra }));
const rowOf = (tier: { inputs: readonly (readonly string[])[] }, name: string) => tier.inputs.find((r) => r[0] === name)?.[1];

describe('planCache: shards cover the operations and the dataset, and the report shows both', () => {
  test('GIVEN 12,000 ops/s and 20 GiB at 0.5 of 13.07 GiB THEN memory decides: max(ceil(12,000 / 0.5 / ops per node), ceil(3.06) = 4) = 4 shards', () => {
    expect(SPEC.memoryGiB).toBe(13.07);
    const shardsByOps = Math.ceil(12_000 / 0.5 / CPU);
    expect(shardsByOps).toBeLessThan(4);
    const { plan, tier } = withCache({});
    expect(plan).toMatchObject({ shards: 4, replicasPerShard: 2, totalNodes: 12, engineCpuOpsPerNode: CPU, opsPerSecondAtTarget: 12_000 });
    expect(rowOf(tier, 'dataset')).toBe('20 GiB at 0.5 of node memory');
    expect(tier.formula).toBe(
      `ops/s per node = min(${CPU.toLocaleString('en-US')} CPU, 169,255 network) = ${CPU.toLocaleString('en-US')} (CPU-bound); ` +
        `shards = max(ceil(12,000 ops/s / 0.5 / ${CPU.toLocaleString('en-US')}) = ${shardsByOps}, ceil(20 GiB / (13.07 x 0.5)) = 4) = 4; replicas/shard = max(1, 3 AZs - 1) = 2`,
    );
    expect(tier.result).toBe('4 shard(s) x (1 primary + 2 replica(s)) = 12 x cache.r7g.large');
  });

  test('GIVEN memory share 0.25 THEN the dataset needs twice the shards: ceil(20 / (13.07 x 0.25) = 6.12) = 7', () => {
    expect(withCache({ maxMemoryShare: 0.25 }).plan.shards).toBe(7);
  });

  test('GIVEN no dataset THEN the operations alone decide and the report says the dataset is not modelled', () => {
    const shardsByOps = Math.max(1, Math.ceil(12_000 / 0.5 / CPU));
    for (const datasetGiB of [undefined, 0]) {
      const { plan, tier } = withCache({ datasetGiB });
      expect(plan.shards).toBe(shardsByOps);
      expect(rowOf(tier, 'dataset')).toBe('not modelled (throughput-bound)');
      expect(tier.formula).toContain(`) = ${shardsByOps}) = ${shardsByOps}; replicas/shard`);
      expect(tier.formula).not.toContain('GiB');
    }
  });
});

describe('planCache: a node carries the lower of its CPU and network operations, and the report names which', () => {
  test('GIVEN 10,000 B values THEN the network decides: 117,125,000 B/s / 10,192 B = 11,491.9 -> 11,491 ops/s, ceil(24,000 / 11,491 = 2.09) = 3 shards', () => {
    expect(CPU).toBeGreaterThan(11_491);
    const { plan, tier } = withCache({ datasetGiB: 0 }, { requestMix: { ...handCheckedInputs().requestMix, averageResponseBytes: 10_000 } });
    expect(plan).toMatchObject({ engineCpuOpsPerNode: 11_491, shards: 3 });
    expect(tier.formula).toMatch(/^ops\/s per node = min\([\d,]+ CPU, 11,491 network\) = 11,491 \(network-bound\); shards = max\(ceil\(12,000 ops\/s \/ 0.5 \/ 11,491\) = 3\) = 3;/);
    expect(rowOf(tier, 'ops/s per node (network)')).toBe('0.937 Gbit/s / 8 / (10,000 B value + 192 B) = 11,491');
  });

  test('GIVEN a value size at which CPU and network carry the same operations THEN the report calls the node CPU-bound', () => {
    // bytes per op = 117,125,000 / (CPU + 0.5): the network carries floor(CPU + 0.5) = CPU ops/s.
    const averageResponseBytes = 117_125_000 / (CPU + 0.5) - 192;
    const { plan, tier } = withCache({}, { requestMix: { ...handCheckedInputs().requestMix, averageResponseBytes } });
    expect(rowOf(tier, 'ops/s per node (network)')).toMatch(new RegExp(`= ${CPU.toLocaleString('en-US')}$`));
    expect(plan.engineCpuOpsPerNode).toBe(CPU);
    expect(tier.formula).toContain(`= ${CPU.toLocaleString('en-US')} (CPU-bound);`);
  });
});

describe('planCache: replicas per shard', () => {
  test('GIVEN no minReplicasPerShard THEN the default 1 shows in the formula', () => {
    expect(withCache({ minReplicasPerShard: undefined }).tier.formula).toMatch(/replicas\/shard = max\(1, 3 AZs - 1\) = 2$/);
  });

  test('GIVEN an environment that need not survive an AZ loss THEN only the minimum counts: max(1) = 1', () => {
    const { plan, tier } = withCache({}, { survivesAzLoss: false });
    expect(plan.replicasPerShard).toBe(1);
    expect(tier.formula).toMatch(/; replicas\/shard = max\(1\) = 1$/);
  });

  test('GIVEN 6 AZs surviving an AZ loss THEN 5 replicas, the AWS limit, is allowed', () => {
    expect(withCache({}, { azCount: 6 }).plan).toMatchObject({ replicasPerShard: 5, totalNodes: 24 });
  });

  // planCapacity's validation (at most 6 AZs, minReplicasPerShard 0 to 5) keeps these from it;
  // planCache checks the limit itself for any other caller.
  test.each([
    ['7 AZs surviving an AZ loss', { azCount: 7 }, {}],
    ['a minimum of 6 replicas', { survivesAzLoss: false }, { minReplicasPerShard: 6 }],
  ])('GIVEN %s THEN 6 replicas per shard is an error naming the AWS limit and the fix', (_name, extra, cache) => {
    expect(() => withCache(cache, extra)).toThrow(`${W} cache: replicasPerShard = 6 exceeds the AWS limit of 5 replicas per shard. Fix: use fewer AZs or lower cache.minReplicasPerShard`);
  });

  test('GIVEN an unknown node type passed straight to planCache THEN the error names the cache of this model', () => {
    expect(() => withCache({ nodeType: 'cache.t2.micro' })).toThrow(new RegExp(`^capacity model \\(hand\\) cache: nodeType = "cache.t2.micro" is not in the ElastiCache node catalog`));
  });
});

describe('planCache: the nodes-per-cluster quotas', () => {
  // 4 replicas per shard: 5 nodes a shard. Shards by memory at 0.5 of 13.07 GiB (6.535 GiB a shard).
  test('GIVEN 650 GiB (ceil(99.46) = 100 shards) x 5 nodes THEN exactly 500 nodes, the quota, plans (with the note to raise the default 90)', () => {
    const { plan, tier } = withCache({ datasetGiB: 650, minReplicasPerShard: 4 });
    expect(plan).toMatchObject({ shards: 100, replicasPerShard: 4, totalNodes: 500 });
    expect(tier.notes).toEqual(['500 nodes exceed the default 90 nodes per cluster: request the quota increase (up to 500).']);
  });

  test('GIVEN 660 GiB (ceil(100.99) = 101 shards) x 5 nodes THEN 505 nodes is an error naming the quota', () => {
    expect(() => withCache({ datasetGiB: 660, minReplicasPerShard: 4 })).toThrow(
      `${W} cache: totalNodes = 505 exceeds the AWS quota "Nodes per cluster" (500; 101 shards x 5 nodes). Fix: choose a larger cache.nodeType (more operations per node), lower requestMix.cacheOpsPerRequest, or split the data over several clusters`,
    );
  });

  // No replicas, no AZ-loss survival: nodes = shards.
  test('GIVEN exactly 90 nodes (585 GiB: ceil(89.52)) THEN no note; GIVEN 91 (590 GiB: ceil(90.28)) THEN the note to raise the default', () => {
    const at = withCache({ datasetGiB: 585, minReplicasPerShard: 0 }, { survivesAzLoss: false });
    expect(at.plan.totalNodes).toBe(90);
    expect(at.tier.notes).toEqual([]);
    const over = withCache({ datasetGiB: 590, minReplicasPerShard: 0 }, { survivesAzLoss: false });
    expect(over.plan.totalNodes).toBe(91);
    expect(over.tier.notes).toEqual(['91 nodes exceed the default 90 nodes per cluster: request the quota increase (up to 500).']);
  });
});

describe('planCache: capacity with every AZ up and with one lost', () => {
  test('GIVEN 4 shards with replicas THEN 4 x ops per node x 0.5 / 1 op per request, the same with one AZ lost (a replica is promoted)', () => {
    const { tier } = withCache({});
    expect(tier.capacityRps).toBe(4 * CPU * 0.5);
    expect(tier.capacityRpsWithOneAzLost).toBe(4 * CPU * 0.5);
  });

  test('GIVEN 4 shards without replicas over 3 AZs THEN losing an AZ loses ceil(4 / 3) = 2 shards: half the capacity', () => {
    const { plan, tier } = withCache({ minReplicasPerShard: 0 }, { survivesAzLoss: false });
    expect(plan).toMatchObject({ shards: 4, replicasPerShard: 0, totalNodes: 4 });
    expect(tier.capacityRps).toBe(4 * CPU * 0.5);
    expect(tier.capacityRpsWithOneAzLost).toBe(2 * CPU * 0.5);
  });

  test('GIVEN no cache operations THEN the cache is no limit on requests', () => {
    const { tier } = withCache({}, { requestMix: { ...handCheckedInputs().requestMix, cacheOpsPerRequest: 0 } });
    expect(tier.capacityRps).toBe(Number.POSITIVE_INFINITY);
  });
});
