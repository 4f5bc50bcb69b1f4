import { SERVICE_BENCH_COMMAND } from '../../lib/capacity/measured';
import { ServiceConfig } from '../../lib/config/services';
import { SERVICES } from '../../stacks/environments/services';
import { LATENCY_P95_OBJECTIVE_SECONDS } from '../../lib/slo';
import { drive, PlannedRequest } from '../../stacks/loadtest/drive';
import { writeBody } from '../../stacks/loadtest/plan';
import { loadSchema } from './postgres-bench';
import {
  canPin,
  exitUnlessServers,
  httpGet,
  loadAverage,
  machineDescription,
  processCpuSeconds,
  removeDir,
  RunningPostgres,
  RunningServer,
  startPostgres,
  startRedis,
  startReferenceGateway,
  startReferenceService,
  tempDir,
} from './servers';
import { benchRequestMix, fmt, median, perCpuSecond, quantile, RequestMix } from './workload';

/**
 * `npm run bench:service`: the reference service (test/bench/reference-service.ts: Node.js
 * HTTP JSON API, prom-client metrics, Redis cache-aside with a PostgreSQL read on a miss,
 * PostgreSQL writes) confined to one CPU, against Redis and PostgreSQL on the other, driven
 * by autocannon (npm) with the request mix: reads at the mix's cache hit ratio (hot records
 * cached beforehand; each miss a record never read before), writes at the mix's write share.
 * Requests per CPU-second of the service process at p95 < 100 ms (lib/slo.ts), the median of
 * the runs; each run takes the best of a few connection counts that meet the objective.
 *
 * One profile per service of the reference app (stacks/environments/services.ts), since
 * their work per request differs: `user-service` serves reads only (cache-aside at the mix's
 * hit ratio), `transaction-service` takes every write of the mix plus reads (its write share
 * is the mix's write share over its traffic share), and `api-gateway` forwards the whole mix
 * to a backend (the reference service in gateway mode, charged alone on its CPU; the backend,
 * Redis and PostgreSQL share the other).
 */
export interface ServiceProfile {
  /** The reference app's service this profile measures. */
  readonly service: string;
  /** Share of the profile's requests that are writes (POST). */
  readonly writeShare: number;
  /** Path prefix of its reads and writes. */
  readonly pathPrefix: string;
  /** Forwards to a backend instead of reading and writing itself. */
  readonly gateway: boolean;
}

/** The profiles of the reference app's services, from their config and the request mix. */
export function serviceProfiles(mix: RequestMix, services: readonly ServiceConfig[] = SERVICES): ServiceProfile[] {
  const writer = services.find((s) => s.name === 'transaction-service');
  if (!writer || !(writer.trafficShare! > 0)) throw new Error('bench:service: the reference app has no transaction-service with a traffic share; profiles follow stacks/environments/services.ts');
  return services.map((s) => {
    if (s.role === 'gateway') return { service: s.name, writeShare: mix.writeShare, pathPrefix: '/api/users', gateway: true };
    const writeShare = s.name === writer.name ? Math.min(1, mix.writeShare / writer.trafficShare!) : 0;
    return { service: s.name, writeShare, pathPrefix: s.pathPrefix, gateway: false };
  });
}

export interface ServiceBenchOptions {
  readonly profile: ServiceProfile;
  /** Records cached before the runs (the hits). */
  readonly hotIds: number;
  /** Records never read before (one per miss). */
  readonly coldIds: number;
  readonly seconds: number;
  /** Connection counts tried in each run. */
  readonly connections: readonly number[];
  readonly runs: number;
  readonly log?: (line: string) => void;
}

export interface ServicePoint {
  readonly connections: number;
  readonly ok: number;
  readonly wallPerSecond: number;
  readonly cpuSeconds: number;
  readonly perCpuSecond: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly hitRatio: number;
  readonly meetsObjective: boolean;
}

export interface ServiceBenchResult {
  readonly profile: ServiceProfile;
  readonly workload: string;
  readonly machine: string;
  readonly runs: readonly (readonly ServicePoint[])[];
  /** Per run: the best requests per CPU-second among points that meet p95 < 100 ms. */
  readonly bestPerRun: readonly number[];
  readonly requestsPerCpuSecond: number;
}

export interface ServiceStack {
  readonly redis: RunningServer;
  readonly postgres: RunningPostgres;
  readonly service: RunningServer;
  readonly url: string;
  /** Gateway profile: the gateway in front of `service`, on the service CPU. */
  readonly gateway?: RunningServer;
  stop(): Promise<void>;
}

export const SERVICE_CPUS = '0';
export const BACKEND_CPUS = '1';

/**
 * Redis, PostgreSQL (with the services' tables, `rows` records) and the reference service,
 * each in its own temporary folder; with `gateway`, the reference service joins Redis and
 * PostgreSQL on the backend CPU and a gateway in front of it takes the service CPU.
 */
export async function startServiceStack(rows: number, pin: boolean, gateway = false): Promise<ServiceStack> {
  const redisDir = tempDir('bench-service-redis');
  const pgDir = tempDir('bench-service-pg');
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop();
    removeDir(redisDir);
    removeDir(pgDir);
  };
  try {
    const cpus = pin && canPin() ? { service: SERVICE_CPUS, backend: BACKEND_CPUS } : { service: undefined, backend: undefined };
    const redis = await startRedis({ dir: redisDir, cpus: cpus.backend });
    started.push(redis);
    const postgres = await startPostgres({ dir: pgDir, cpus: cpus.backend, ssl: true });
    started.push(postgres);
    await loadSchema(postgres, benchRequestMix(), rows);
    const service = await startReferenceService({ redisPort: redis.port, postgres, cpus: gateway ? cpus.backend : cpus.service });
    started.push(service);
    const url = `http://127.0.0.1:${service.port}`;
    if (!gateway) return { redis, postgres, service, url, stop: stopAll };
    const front = await startReferenceGateway({ upstreamUrl: url, cpus: cpus.service });
    started.push(front);
    return { redis, postgres, service, url, gateway: front, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The service's share of the mix: writes (POST, a request-sized body) at the write share;
 * reads of a hot (cached) record at the hit ratio, else of the next cold one.
 */
export function serviceRequests(mix: RequestMix, hotIds: number, coldIds: number, random: () => number = Math.random, readPrefix = '/api/users'): () => PlannedRequest {
  let cold = 0;
  return () => {
    if (random() < mix.writeShare) {
      return { label: 'write', method: 'POST', path: '/api/transactions', headers: {}, body: writeBody(mix.averageRequestBytes, 1 + Math.floor(random() * hotIds), 12.5) };
    }
    const id = random() < mix.cacheHitRatio ? 1 + Math.floor(random() * hotIds) : hotIds + 1 + (cold++ % coldIds);
    return { label: 'read', method: 'GET', path: `${readPrefix}/${id}`, headers: {} };
  };
}

/** A profile's requests: its write share of the mix's writes, its reads at the mix's hit ratio. */
export function profileRequests(mix: RequestMix, profile: ServiceProfile, hotIds: number, coldIds: number, random: () => number = Math.random): () => PlannedRequest {
  return serviceRequests({ ...mix, writeShare: profile.writeShare }, hotIds, coldIds, random, profile.gateway ? '/api/users' : profile.pathPrefix);
}

/** Reads every hot record once, so the cache holds them. */
export async function warmCache(url: string, hotIds: number): Promise<void> {
  let next = 0;
  await drive({ url, connections: Math.min(16, hotIds), amount: hotIds, next: () => ({ label: 'warm', method: 'GET', path: `/api/users/${1 + (next++ % hotIds)}`, headers: {} }) });
}

/** cache_requests_total by result, from the service's /metrics. */
export async function cacheCounts(url: string): Promise<{ hit: number; miss: number }> {
  const text = (await httpGet(`${url}/metrics`)).body;
  const count = (result: string) => Number(new RegExp(`^cache_requests_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

/** One closed-loop run at `connections`, charged to the CPU of the process driven (the gateway when there is one). */
export async function measureService(stack: ServiceStack, next: () => PlannedRequest, connections: number, seconds: number): Promise<ServicePoint> {
  const front = stack.gateway ?? stack.service;
  const cacheBefore = await cacheCounts(stack.url);
  const cpuBefore = processCpuSeconds(front.pid);
  const result = await drive({ url: `http://127.0.0.1:${front.port}`, connections, durationSeconds: seconds, next });
  const cpuSeconds = processCpuSeconds(front.pid) - cpuBefore;
  const cacheAfter = await cacheCounts(stack.url);
  const stats = [...result.byLabel.values()];
  const ok = stats.reduce((sum, s) => sum + [...s.statuses].filter(([code]) => code >= 200 && code < 300).reduce((a, [, n]) => a + n, 0), 0);
  const errors = stats.reduce((sum, s) => sum + s.requests, 0) - ok + result.errors + result.timeouts;
  const latencies = stats.flatMap((s) => s.latenciesMs);
  const hits = cacheAfter.hit - cacheBefore.hit;
  const misses = cacheAfter.miss - cacheBefore.miss;
  const p95Ms = quantile(latencies, 0.95);
  return {
    connections,
    ok,
    wallPerSecond: ok / result.durationSeconds,
    cpuSeconds,
    perCpuSecond: perCpuSecond(ok, cpuSeconds),
    p95Ms,
    p99Ms: quantile(latencies, 0.99),
    errors,
    hitRatio: hits + misses > 0 ? hits / (hits + misses) : Number.NaN,
    meetsObjective: errors === 0 && ok > 0 && p95Ms < LATENCY_P95_OBJECTIVE_SECONDS * 1000,
  };
}

export async function runServiceBench(options: ServiceBenchOptions): Promise<ServiceBenchResult> {
  const log = options.log ?? (() => undefined);
  const mix = benchRequestMix();
  const { profile } = options;
  const stack = await startServiceStack(options.hotIds + options.coldIds, true, profile.gateway);
  try {
    await warmCache(stack.url, options.hotIds);
    const next = profileRequests(mix, profile, options.hotIds, options.coldIds);
    const runs: ServicePoint[][] = [];
    for (let i = 0; i < options.runs; i++) {
      const points: ServicePoint[] = [];
      for (const connections of options.connections) {
        const p = await measureService(stack, next, connections, options.seconds);
        points.push(p);
        log(
          `${profile.service} run ${i + 1}, ${connections} connections: ${fmt(p.perCpuSecond)} requests per service CPU-second (${fmt(p.wallPerSecond)} req/s wall, ${p.cpuSeconds.toFixed(2)} CPU-s), ` +
            `p95 ${fmt(p.p95Ms, 1)} ms, p99 ${fmt(p.p99Ms, 1)} ms, ${p.errors} errors, cache hit ratio ${fmt(p.hitRatio * 100, 1)}%${p.meetsObjective ? '' : ' (misses the objective)'}; load average ${loadAverage()}`,
        );
      }
      runs.push(points);
    }
    const bestPerRun = runs.map((points) => {
      const meeting = points.filter((p) => p.meetsObjective).map((p) => p.perCpuSecond);
      return meeting.length ? Math.max(...meeting) : Number.NaN;
    });
    const pinned = canPin();
    const pct = (x: number) => `${fmt(x * 100, 1)}%`;
    const serviceText = `reference service (Node.js ${process.version}, prom-client, ioredis, node-postgres pool of 4 over TLS)`;
    const placement = profile.gateway
      ? `the reference service in gateway mode (keep-alive agent of 64 sockets) ${pinned ? `on CPU ${SERVICE_CPUS}, the ${serviceText}, Redis 7 and PostgreSQL 15 behind it on CPU ${BACKEND_CPUS}` : 'unconfined'}`
      : `${serviceText} ${pinned ? `on CPU ${SERVICE_CPUS}, Redis 7 and PostgreSQL 15 on CPU ${BACKEND_CPUS}` : 'unconfined'}`;
    return {
      profile,
      workload:
        `${profile.service} profile: ${placement}; ` +
        `autocannon, ${options.connections.join('/')} connections, ${options.runs} runs of ${options.seconds} s per connection count; ` +
        `GET ${profile.gateway ? '/api/users' : profile.pathPrefix}/:id at ${pct(mix.cacheHitRatio)} cache hits (${mix.averageResponseBytes} B records)` +
        (profile.writeShare > 0 ? `, POST /api/transactions (${mix.averageRequestBytes} B) at ${pct(profile.writeShare)}` : ', no writes') +
        `; p95 < ${LATENCY_P95_OBJECTIVE_SECONDS * 1000} ms`,
      machine: machineDescription(),
      runs,
      bestPerRun,
      requestsPerCpuSecond: median(bestPerRun),
    };
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  exitUnlessServers('bench:service', ['redis-server', 'postgres', 'initdb', 'psql', 'openssl']);
  const only = process.env.BENCH_PROFILE;
  const profiles = serviceProfiles(benchRequestMix()).filter((p) => !only || p.service === only);
  if (profiles.length === 0) throw new Error(`BENCH_PROFILE=${only} names no service; use one of ${serviceProfiles(benchRequestMix()).map((p) => p.service).join(', ')}`);
  const results: ServiceBenchResult[] = [];
  for (const profile of profiles) {
    results.push(
      await runServiceBench({
        profile,
        hotIds: 10_000,
        coldIds: 50_000,
        seconds: Number(process.env.BENCH_SECONDS ?? 5),
        connections: [16, 64],
        runs: Number(process.env.BENCH_RUNS ?? 3),
        log: (line) => console.log(line),
      }),
    );
  }
  console.log(
    [
      '',
      `${SERVICE_BENCH_COMMAND}; machine: ${results[0].machine}; load average ${loadAverage()}`,
      ...results.flatMap((r) => [
        `${r.profile.service}: ${r.workload}`,
        `measured: ${fmt(r.requestsPerCpuSecond)} requests per ${r.profile.service} CPU-second at p95 < ${LATENCY_P95_OBJECTIVE_SECONDS * 1000} ms (median of the runs' best: ${r.bestPerRun.map((b) => fmt(b)).join(', ')})`,
      ]),
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
