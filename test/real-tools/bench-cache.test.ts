import { runCacheBench } from '../bench/cache-bench';
import { requireServers } from '../bench/servers';
import { benchRequestMix, cacheCommandMix } from '../bench/workload';

/**
 * bench:cache's harness with a tiny run against Debian's redis-server: setup (own config
 * and folder, free port, stopped by pid), the workload (the mix's value size, no
 * pipelining, GET and SET), the parsing of redis-benchmark's CSV and the CPU accounting.
 * Skips loudly without the tools; fails in CI, where .ci/run installs them.
 */
describe('bench:cache harness against real Redis', () => {
  const abort = new AbortController();
  let bench: ReturnType<typeof runCacheBench> | undefined;

  // Jest abandons a test that times out, it does not stop it: the run went on, its Redis and
  // redis-benchmark outlived the worker (orphaned, still running) and its folder failed the
  // run's temp check. Stop the run and wait until it has stopped its server and removed its folder.
  afterAll(async () => {
    abort.abort();
    await bench?.catch(() => undefined);
  });

  test('GIVEN redis-server and redis-benchmark WHEN a tiny run measures one engine thread and I/O threads THEN every command is parsed and charged to the server', async () => {
    if (!requireServers('the bench:cache harness test', ['redis-server', 'redis-benchmark', 'redis-cli'])) return;
    // Enough requests that each command costs the server well over the 10 ms CPU-tick floor below
    // which perCpuSecond is NaN (1,500 took under 10 ms on an idle machine in CI).
    bench = runCacheBench({ requests: 6_000, keyspace: 200, clients: 4, runs: 1, ioThreads: [1, 2], pin: false, signal: abort.signal });
    const result = await bench;

    const mix = cacheCommandMix(benchRequestMix());
    expect(result.mix).toEqual(mix);
    expect(result.workload).toContain(`${benchRequestMix().averageResponseBytes}-byte values`);
    expect(result.workload).toContain('no pipelining (-P 1)');
    expect(result.configs.map((c) => c.ioThreads)).toEqual([1, 2]);
    for (const config of result.configs) {
      const [run] = config.runs;
      expect(run.get.row.test).toBe('GET');
      expect(run.set.row.test).toBe('SET');
      for (const m of [run.get, run.set]) {
        expect(m.row.requestsPerSecond).toBeGreaterThan(0);
        expect(m.row.p95Ms).toBeGreaterThanOrEqual(m.row.p50Ms);
        expect(m.cpuSeconds).toBeGreaterThan(0);
        // The main thread is part of the process: its CPU never exceeds the whole server's.
        expect(m.mainThreadCpuSeconds).toBeLessThanOrEqual(m.cpuSeconds + 0.011);
      }
      // The mix sits between its commands' rates (a weighted harmonic mean).
      expect(run.mixPerCpuSecond).toBeGreaterThanOrEqual(Math.min(run.get.perCpuSecond, run.set.perCpuSecond) - 1e-6);
      expect(run.mixPerCpuSecond).toBeLessThanOrEqual(Math.max(run.get.perCpuSecond, run.set.perCpuSecond) + 1e-6);
      expect(config.medianPerCpuSecond).toBe(run.mixPerCpuSecond);
    }
  }, 60_000);
});
