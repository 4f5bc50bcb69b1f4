import { execFile } from 'child_process';
import * as os from 'os';
import { promisify } from 'util';
import { CACHE_BENCH_COMMAND } from '../../lib/capacity/measured';
import { canPin, confined, exitUnlessServers, loadAverage, machineDescription, processCpuSeconds, removeDir, RunningServer, serverTool, startRedis, tempDir, threadCpuSeconds } from './servers';
import { benchRequestMix, cacheCommandMix, CacheCommandMix, fmt, median, mixedRate, parseRedisBenchmarkCsv, perCpuSecond, RedisBenchmarkRow } from './workload';

const run = promisify(execFile);

/**
 * `npm run bench:cache`: Redis (Debian's redis-server) under redis-benchmark with the
 * request mix's value size, the services' GET/SET ratio and no pipelining (one command in
 * flight per client, as a service's cache lookup is). Loopback only. A benchmark: it
 * prints, it does not assert.
 *
 * Two configurations: the single engine thread (io-threads 1) confined to one CPU with the
 * client on the other, and I/O threads on every CPU (io-threads = CPUs, reads threaded too;
 * ElastiCache's enhanced I/O multiplexing does the same job on its nodes). Throughput is
 * counted per CPU-second the server used (its threads' utime + stime), the median of the
 * runs, because wall-clock rates swing with whatever else the machine runs; with I/O
 * threads the main thread's own CPU-seconds are counted too: they bound what one node can
 * do however many I/O threads it has.
 */
export interface CacheBenchOptions {
  /** Requests per command per run. */
  readonly requests: number;
  /** Distinct keys (every one written before the runs). */
  readonly keyspace: number;
  /** redis-benchmark clients (connections). */
  readonly clients: number;
  readonly runs: number;
  /** io-threads settings to measure. */
  readonly ioThreads: readonly number[];
  /** Confine server and client to their CPUs (the benchmark); tests leave them free. @default true */
  readonly pin?: boolean;
  readonly log?: (line: string) => void;
  /**
   * Stops the run: redis-benchmark is killed, no further configuration starts, and the run
   * rejects after stopping its server and removing its folder (a test that timed out).
   * @default - runs to the end
   */
  readonly signal?: AbortSignal;
}

export interface CommandMeasurement {
  readonly row: RedisBenchmarkRow;
  readonly requests: number;
  readonly cpuSeconds: number;
  readonly mainThreadCpuSeconds: number;
  readonly perCpuSecond: number;
  readonly perMainThreadCpuSecond: number;
}

export interface CacheRun {
  readonly get: CommandMeasurement;
  readonly set: CommandMeasurement;
  /** Mixed GET/SET operations per server CPU-second. */
  readonly mixPerCpuSecond: number;
  /** Mixed operations per CPU-second of the main (engine) thread. */
  readonly mixPerMainThreadCpuSecond: number;
  /** Mixed operations per second by the wall clock (a lower bound: shared cores). */
  readonly mixWallPerSecond: number;
}

export interface CacheConfigResult {
  readonly ioThreads: number;
  readonly serverCpus: string;
  readonly runs: readonly CacheRun[];
  readonly medianPerCpuSecond: number;
  readonly medianPerMainThreadCpuSecond: number;
}

export interface CacheBenchResult {
  readonly mix: CacheCommandMix;
  readonly workload: string;
  readonly machine: string;
  readonly configs: readonly CacheConfigResult[];
}

async function redisBenchmark(port: number, args: string[], cpus?: string, signal?: AbortSignal): Promise<string> {
  const [cmd, argv] = confined(serverTool('redis-benchmark')!, ['-h', '127.0.0.1', '-p', String(port), ...args], { cpus });
  const { stdout } = await run(cmd, argv, { maxBuffer: 4 * 1024 * 1024, timeout: 600_000, signal });
  return stdout;
}

async function measureCommand(redis: RunningServer, command: 'get' | 'set', options: CacheBenchOptions, valueBytes: number, clientCpus?: string): Promise<CommandMeasurement> {
  const cpuBefore = processCpuSeconds(redis.pid);
  const mainBefore = threadCpuSeconds(redis.pid, redis.pid);
  const csv = await redisBenchmark(
    redis.port,
    ['-t', command, '-n', String(options.requests), '-c', String(options.clients), '-d', String(valueBytes), '-P', '1', '-r', String(options.keyspace), '--csv'],
    clientCpus,
    options.signal,
  );
  const cpuSeconds = processCpuSeconds(redis.pid) - cpuBefore;
  const mainThreadCpuSeconds = threadCpuSeconds(redis.pid, redis.pid) - mainBefore;
  const rows = parseRedisBenchmarkCsv(csv);
  const row = rows.find((r) => r.test.toUpperCase() === command.toUpperCase());
  if (!row) throw new Error(`redis-benchmark printed no ${command.toUpperCase()} row:\n${csv}`);
  return {
    row,
    requests: options.requests,
    cpuSeconds,
    mainThreadCpuSeconds,
    perCpuSecond: perCpuSecond(options.requests, cpuSeconds),
    perMainThreadCpuSecond: perCpuSecond(options.requests, mainThreadCpuSeconds),
  };
}

export async function runCacheBench(options: CacheBenchOptions): Promise<CacheBenchResult> {
  const log = options.log ?? (() => undefined);
  const mix = cacheCommandMix(benchRequestMix());
  const cpus = os.cpus().length;
  const configs: CacheConfigResult[] = [];
  for (const ioThreads of options.ioThreads) {
    options.signal?.throwIfAborted();
    // One engine thread: server on CPU 0, client on CPU 1. With I/O threads: the server may use every CPU.
    const pin = (options.pin ?? true) && canPin();
    const serverCpus = pin ? (ioThreads === 1 ? '0' : `0-${cpus - 1}`) : undefined;
    const clientCpus = pin && ioThreads === 1 ? '1' : undefined;
    const dir = tempDir('bench-redis');
    let redis: RunningServer | undefined;
    try {
      redis = await startRedis({ dir, cpus: serverCpus, ioThreads });
      // Write every key first, so each GET returns a full value (pipelined: this is setup, not measured).
      await redisBenchmark(redis.port, ['-t', 'set', '-n', String(options.keyspace * 5), '-c', String(options.clients), '-d', String(mix.valueBytes), '-P', '16', '-r', String(options.keyspace), '-q'], undefined, options.signal);
      const runs: CacheRun[] = [];
      for (let i = 0; i < options.runs; i++) {
        const set = await measureCommand(redis, 'set', options, mix.valueBytes, clientCpus);
        const get = await measureCommand(redis, 'get', options, mix.valueBytes, clientCpus);
        const shares = (pick: (m: CommandMeasurement) => number) => [
          { share: mix.getShare, perSecond: pick(get) },
          { share: mix.setShare, perSecond: pick(set) },
        ];
        const r: CacheRun = {
          get,
          set,
          mixPerCpuSecond: mixedRate(shares((m) => m.perCpuSecond)),
          mixPerMainThreadCpuSecond: mixedRate(shares((m) => m.perMainThreadCpuSecond)),
          mixWallPerSecond: mixedRate(shares((m) => m.row.requestsPerSecond)),
        };
        runs.push(r);
        log(
          `io-threads ${ioThreads} run ${i + 1}: GET ${fmt(get.perCpuSecond)} / SET ${fmt(set.perCpuSecond)} per server CPU-second ` +
            `(main thread: ${fmt(get.perMainThreadCpuSecond)} / ${fmt(set.perMainThreadCpuSecond)}); wall ${fmt(get.row.requestsPerSecond)} / ${fmt(set.row.requestsPerSecond)} req/s, ` +
            `GET p95 ${get.row.p95Ms} ms; mix ${fmt(r.mixPerCpuSecond)} ops per CPU-second; load average ${loadAverage()}`,
        );
      }
      configs.push({
        ioThreads,
        serverCpus: serverCpus ?? 'not confined',
        runs,
        medianPerCpuSecond: median(runs.map((r) => r.mixPerCpuSecond)),
        medianPerMainThreadCpuSecond: median(runs.map((r) => r.mixPerMainThreadCpuSecond)),
      });
    } finally {
      await redis?.stop();
      removeDir(dir);
    }
  }
  const version = await run(serverTool('redis-server')!, ['--version']).then((r) => r.stdout.trim().split(' ').slice(0, 3).join(' '));
  return {
    mix,
    workload:
      `${version}; redis-benchmark, ${options.clients} clients, no pipelining (-P 1), ${mix.valueBytes}-byte values over ${fmt(options.keyspace)} keys, ` +
      `${fmt(options.requests)} requests per command per run, ${options.runs} runs; mix GET ${(mix.getShare * 100).toFixed(1)}% / SET ${(mix.setShare * 100).toFixed(1)}%`,
    machine: machineDescription(),
    configs,
  };
}

async function main(): Promise<void> {
  exitUnlessServers('bench:cache', ['redis-server', 'redis-benchmark']);
  const cpus = os.cpus().length;
  const result = await runCacheBench({
    requests: Number(process.env.BENCH_REQUESTS ?? 100_000),
    keyspace: 10_000,
    clients: 50,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    // BENCH_IO_THREADS=2 measures only that setting (e.g. to repeat one configuration).
    ioThreads: process.env.BENCH_IO_THREADS ? [Number(process.env.BENCH_IO_THREADS)] : cpus > 1 ? [1, cpus] : [1],
    log: (line) => console.log(line),
  });
  const single = result.configs.find((c) => c.ioThreads === 1);
  const threaded = result.configs.find((c) => c.ioThreads > 1);
  console.log(
    [
      '',
      `${CACHE_BENCH_COMMAND}: ${result.workload}`,
      `machine: ${result.machine}; load average ${loadAverage()}`,
      ...(single ? [`measured: ${fmt(single.medianPerCpuSecond)} mixed ops per CPU-second of one engine thread (io-threads 1, server on CPU ${single.serverCpus})`] : []),
      ...(threaded
        ? [
            `measured: ${fmt(threaded.medianPerCpuSecond)} mixed ops per server CPU-second with io-threads ${threaded.ioThreads} (all threads counted)`,
            `measured: ${fmt(threaded.medianPerMainThreadCpuSecond)} mixed ops per main-thread CPU-second with io-threads ${threaded.ioThreads} (the engine thread's ceiling)`,
          ]
        : []),
      'per vCPU for the model: lib/capacity/measured.ts applies the derating policy to these (see the README, "Measured figures").',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
