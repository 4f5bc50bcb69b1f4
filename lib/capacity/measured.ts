import { Sourced, sourced } from './sourced';

/**
 * Per-unit figures this repo measures itself, and the one policy that turns a loopback
 * measurement into the figure the capacity model plans with.
 *
 * Every benchmark (`npm run bench:<name>`, test/bench/) runs the real server from Debian's
 * packages on 127.0.0.1 of a 2-vCPU machine, with the request mix's payload, and counts
 * throughput per CPU-second the server used (so a busy machine lowers the wall-clock rate,
 * not the figure). The figure used is `floor(measured x DERATING, to the figure's rounding)`,
 * and never more than a vendor's published peak where one exists: a vendor peak is an
 * upper bound, never a planning figure.
 */

/** One way production differs from the benchmark, and how much it costs. */
export interface DeratingFactor {
  readonly factor: number;
  readonly reason: string;
}

/**
 * The derating policy, the same for every figure. A figure that needs another factor does
 * not get one: its benchmark changes until this policy fits it.
 */
export const DERATING_POLICY = {
  payload: {
    factor: 1,
    reason:
      "none, because every benchmark runs the request mix's payload (4 KiB responses and cache values, 1 KiB request bodies); " +
      'a figure measured with smaller payloads is not admitted',
  },
  network: {
    factor: 0.8,
    reason:
      'loopback has no NIC: on EC2 the ENA driver, interrupts, softirq and segmentation cost CPU that loopback does not, and round trips are longer, ' +
      'so more connections and buffers are held per request',
  },
  neighbours: {
    factor: 0.85,
    reason:
      'production shares what the benchmark had to itself: node-level neighbours (other pods, DaemonSets, the mesh sidecar), memory bandwidth and ' +
      'last-level cache on the host, and bursts above the median the benchmark reports',
  },
  cores: {
    factor: 0.6,
    reason:
      "Graviton3 (Neoverse V1, 2.6 GHz; c7g, r7g, db.r7g, cache.r7g) against this machine's AMD EPYC Zen 5 core: both one core per vCPU, " +
      'Zen 5 well ahead in single-thread speed; 0.6 is an assumption until the same benchmarks run on a Graviton3 instance',
  },
} as const satisfies Record<string, DeratingFactor>;

/** The product of the policy's factors: measured loopback figure -> production figure. */
export const DERATING: number = Number(
  Object.values(DERATING_POLICY)
    .reduce((product, f) => product * f.factor, 1)
    .toPrecision(6),
);

/** The policy in one line, for sources and reports. */
export function deratingText(): string {
  return `x${DERATING} (payload ${DERATING_POLICY.payload.factor} x network ${DERATING_POLICY.network.factor} x neighbours ${DERATING_POLICY.neighbours.factor} x Graviton3 cores ${DERATING_POLICY.cores.factor})`;
}

/**
 * A figure measured by one of this repo's benchmarks. `value` (the `Sourced` value) is the
 * figure used: `min(derated, vendorUpperBound)`.
 */
export interface MeasuredFigure extends Sourced<number> {
  /** What one unit of the figure is, e.g. "mixed GET/SET operations per second per vCPU". */
  readonly unit: string;
  /** The raw figure the benchmark printed, per CPU-second (loopback, this machine). */
  readonly measuredHere: number;
  /** The exact workload: tool, versions, sizes, clients, runs, pinning. */
  readonly workload: string;
  /** The command that reproduces it. */
  readonly command: string;
  /** When it was measured (ISO date). */
  readonly date: string;
  /** The machine it was measured on. */
  readonly machine: string;
  /** The derating applied (the policy's product, DERATING). */
  readonly derating: number;
  /** `floor(measuredHere x derating)` to `roundTo`. */
  readonly derated: number;
  /** A vendor's published figure for the same unit, used only as a ceiling. */
  readonly vendorUpperBound?: Sourced<number>;
}

export interface MeasuredFigureInput {
  readonly unit: string;
  readonly measuredHere: number;
  readonly workload: string;
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  /** Rounding of the derated figure (down). @default 100 */
  readonly roundTo?: number;
  readonly vendorUpperBound?: Sourced<number>;
}

/** Applies the policy: derate, round down, cap at the vendor's figure; writes the source. */
export function measuredFigure(input: MeasuredFigureInput): MeasuredFigure {
  const roundTo = input.roundTo ?? 100;
  if (!(input.measuredHere > 0) || !Number.isFinite(input.measuredHere)) throw new Error(`measured figure "${input.unit}" must be a positive number, not ${input.measuredHere}`);
  const derated = Math.floor((input.measuredHere * DERATING) / roundTo) * roundTo;
  const capped = input.vendorUpperBound !== undefined && input.vendorUpperBound.value < derated;
  const value = capped ? input.vendorUpperBound!.value : derated;
  const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const source =
    `this repo: ${input.command} (${input.date}; ${input.machine}): ${input.workload}; measured ${fmt(input.measuredHere)} ${input.unit} on loopback, ` +
    `derated ${deratingText()} = ${fmt(derated)}` +
    (input.vendorUpperBound ? `; vendor upper bound ${fmt(input.vendorUpperBound.value)} (${input.vendorUpperBound.source})${capped ? ', which caps it' : ', not reached'}` : '');
  return { ...sourced(value, source), unit: input.unit, measuredHere: input.measuredHere, workload: input.workload, command: input.command, date: input.date, machine: input.machine, derating: DERATING, derated, vendorUpperBound: input.vendorUpperBound };
}

// ---------------------------------------------------------------- the benchmarks

export const NGINX_BENCH_COMMAND = 'npm run bench:nginx';
export const CACHE_BENCH_COMMAND = 'npm run bench:cache';
export const POSTGRES_BENCH_COMMAND = 'npm run bench:postgres';
export const POOLER_BENCH_COMMAND = 'npm run bench:pooler';
export const SERVICE_BENCH_COMMAND = 'npm run bench:service';

/**
 * The machine every figure below was measured on, as it was: a 2-vCPU Firecracker VM shared
 * with other work (load average 11 to 16 during the runs), so CPU-seconds per operation ran
 * high (cold caches, a context switch per round trip). The figures are pessimistic for that;
 * re-run the benchmarks on an idle machine, or on Graviton3, and replace them.
 */
export const BENCH_MACHINE = 'AMD EPYC (Zen 5) 2-vCPU Firecracker VM, 24 GiB, Debian 12, shared with other work: load average 11-16';
export const BENCH_DATE = '2026-12-01';

/** ElastiCache's own peak for cache.r7g.4xlarge (16 vCPUs), per vCPU: a ceiling only (pipelined, small values, many clients). */
export const ELASTICACHE_VENDOR_PEAK_PER_VCPU: Sourced<number> = sourced(
  62_500,
  'AWS Database Blog, "Achieve over 500 million requests per second per cluster with Amazon ElastiCache for Redis 7.1": over 1,000,000 requests/s per cache.r7g.4xlarge node (16 vCPUs)',
);

/**
 * Redis: mixed GET/SET operations per vCPU of one engine thread (io-threads 1), the services'
 * command mix (90.7% GET, 9.3% SET: reads, fills after a miss, write-through), 4 KiB values,
 * no pipelining. The I/O-thread configuration is not exported: on this shared machine its
 * spinning I/O threads measured 3,919 operations per server CPU-second (8,033 per main-thread
 * CPU-second, the main thread spinning too), which says more about the machine than about Redis.
 */
export const CACHE_OPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'mixed GET/SET operations per CPU-second of the engine thread',
  measuredHere: 54_714,
  workload:
    'Redis 7.0.15 (io-threads 1) on CPU 0, redis-benchmark on CPU 1, 50 clients, -P 1, 4,096-byte values over 10,000 keys, 100,000 requests per command per run, ' +
    'median of 3 runs (58,912 / 49,648 / 54,714), GET 90.7% / SET 9.3%',
  command: CACHE_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
  vendorUpperBound: ELASTICACHE_VENDOR_PEAK_PER_VCPU,
});

const PGBENCH_WORKLOAD =
  'PostgreSQL 15.18 on CPU 0 (taskset), TLS, fsync and synchronous_commit on, shared_buffers 256MB; pgbench -M extended -c 16 -j 1 on CPU 1, 3 runs of 8 s';

/** PostgreSQL: primary-key reads of 4 KiB rows per vCPU (what a read replica serves). */
export const POSTGRES_READS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'primary-key reads of a 4 KiB row per server CPU-second',
  measuredHere: 2_569,
  workload: `${PGBENCH_WORKLOAD}; SELECT id, body FROM users WHERE id = :id over 50,000 rows; median of 2,732 / 2,569 / 2,316 (the server at 86-97% of its core)`,
  command: POSTGRES_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
  roundTo: 10,
});

/** PostgreSQL: durable write transactions (one INSERT of a 1 KiB body, committed) per vCPU (what the primary serves). */
export const POSTGRES_WRITES_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'write transactions (one 1 KiB INSERT, committed) per server CPU-second',
  measuredHere: 2_203,
  workload: `${PGBENCH_WORKLOAD}; INSERT INTO transactions one 1,024-byte body per transaction; median of 1,496 / 2,377 / 2,203`,
  command: POSTGRES_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
  roundTo: 10,
});

/**
 * PgBouncer: queries per core (one pod is one single-threaded PgBouncer process) in
 * transaction pooling with the pgbouncer.ini the stacks render for prod, the read script of
 * bench:postgres. Measured on Debian's PgBouncer 1.18 (the pods run 1.25).
 */
export const POOLER_QUERIES_PER_CORE: MeasuredFigure = measuredFigure({
  unit: 'transaction-pooled primary-key reads per PgBouncer CPU-second',
  measuredHere: 12_665,
  workload:
    "PgBouncer 1.18.0 on CPU 0, pool_mode transaction, prod's rendered settings (max_client_conn 10,005, default_pool_size 468, server TLS require; " +
    'without max_prepared_statements, unknown to 1.18 and unused by unnamed statements); PostgreSQL 15 and pgbench -M extended -c 16 on CPU 1; ' +
    '3 runs of 8 s, median of 12,876 / 12,503 / 12,665 (PgBouncer at 14-15% of a core)',
  command: POOLER_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
});

/**
 * A service pod's requests per vCPU at p95 < 100 ms: the reference service (Node.js, one
 * event loop: one vCPU) with the request mix, Redis cache-aside at the mix's hit ratio and
 * PostgreSQL behind it. Runs whose p95 missed 100 ms do not count.
 */
export const SERVICE_RPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'requests per service CPU-second at p95 < 100 ms',
  measuredHere: 4_565,
  workload:
    'test/bench/reference-service.ts (Node.js 20, prom-client, ioredis, node-postgres pool of 4 over TLS) on CPU 0, Redis 7 and PostgreSQL 15 on CPU 1; ' +
    'autocannon 16 and 64 connections, 3 runs of 5 s each; GET /api/users/:id at 95% cache hits (4 KiB records), POST /api/transactions (1 KiB) at 5%; ' +
    "median of the runs' best within p95 < 100 ms (2,040 / 4,565 / 4,945; every 64-connection run missed it, p95 131-160 ms; the service at 20-26% of its core)",
  command: SERVICE_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
});

/**
 * nginx: proxied requests per worker (one worker per vCPU) with the prod nginx.conf, now with
 * 4 KiB responses (earlier figures proxied a 12-byte body: 32,889 per worker CPU-second).
 */
export const NGINX_RPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'proxied requests per nginx worker CPU-second',
  measuredHere: 18_350,
  workload:
    'Debian nginx 1.22.1, prod nginx.conf (rate tiers, JSON access log, upstream keep-alive, least_conn), 2 workers, in front of an nginx upstream serving a 4,096-byte JSON body; ' +
    'wrk 1 thread, 64 connections, 3 runs of 8 s, median of 17,781 / 18,720 / 18,350',
  command: NGINX_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
  roundTo: 1_000,
});

/** Every measured figure, by name (for reports and tests). */
export const MEASURED_FIGURES: Readonly<Record<string, MeasuredFigure>> = {
  NGINX_RPS_PER_VCPU,
  CACHE_OPS_PER_VCPU,
  POSTGRES_READS_PER_VCPU,
  POSTGRES_WRITES_PER_VCPU,
  POOLER_QUERIES_PER_CORE,
  SERVICE_RPS_PER_VCPU,
};
