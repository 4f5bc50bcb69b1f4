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
 * The machine every figure below was measured on: a 2-vCPU Firecracker VM. nginx and Redis
 * ran with the machine otherwise idle (load average 1.2 to 2.5, the benchmark's own
 * processes); PostgreSQL, PgBouncer and the services ran while other work had started (load
 * average 5 to 9). Each figure counts the CPU-seconds the server itself used, so the load moves
 * it far less than the wall-clock rate: nginx measured 18,350 at load average 11-16 the day
 * before and 18,172 idle. Re-run the benchmarks on Graviton3 to replace the cores factor.
 */
export const BENCH_MACHINE = 'AMD EPYC (Zen 5) 2-vCPU Firecracker VM, 24 GiB, Debian 12';
export const BENCH_DATE = '2026-12-02';

/** ElastiCache's own peak for cache.r7g.4xlarge (16 vCPUs), per vCPU: a ceiling only (pipelined, small values, many clients). */
export const ELASTICACHE_VENDOR_PEAK_PER_VCPU: Sourced<number> = sourced(
  62_500,
  'AWS Database Blog, "Achieve over 500 million requests per second per cluster with Amazon ElastiCache for Redis 7.1": over 1,000,000 requests/s per cache.r7g.4xlarge node (16 vCPUs)',
);

/**
 * Redis: mixed GET/SET operations per vCPU of one engine thread (io-threads 1), the services'
 * command mix (90.7% GET, 9.3% SET: reads, fills after a miss, write-through), 4 KiB values,
 * no pipelining. The I/O-thread configuration is printed but not exported: with two I/O
 * threads on a 2-vCPU machine the threads spin and compete with the benchmark client
 * (25,349 operations per server CPU-second, 52,599 per main-thread CPU-second), which says
 * more about the machine than about ElastiCache's enhanced I/O.
 */
export const CACHE_OPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'mixed GET/SET operations per CPU-second of the engine thread',
  measuredHere: 48_708,
  workload:
    'Redis 7.0.15 (io-threads 1) on CPU 0, redis-benchmark on CPU 1, 50 clients, -P 1, 4,096-byte values over 10,000 keys, 100,000 requests per command per run, ' +
    'median of 3 runs (42,136 / 48,708 / 49,728), GET 90.7% / SET 9.3%; machine idle (load average 2.2-2.5)',
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
  measuredHere: 3_293,
  workload: `${PGBENCH_WORKLOAD}; SELECT id, body FROM users WHERE id = :id over 50,000 rows; median of 3,521 / 3,186 / 3,293 (load average 5.6-8.2)`,
  command: POSTGRES_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
  roundTo: 10,
});

/** PostgreSQL: durable write transactions (one INSERT of a 1 KiB body, committed) per vCPU (what the primary serves). */
export const POSTGRES_WRITES_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'write transactions (one 1 KiB INSERT, committed) per server CPU-second',
  measuredHere: 3_324,
  workload: `${PGBENCH_WORKLOAD}; INSERT INTO transactions one 1,024-byte body per transaction; median of 3,458 / 3,324 / 2,751 (load average 5.6-8.2)`,
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
  measuredHere: 13_094,
  workload:
    "PgBouncer 1.18.0 on CPU 0, pool_mode transaction, prod's rendered settings (max_client_conn 10,005, default_pool_size 468, server TLS require; " +
    'without max_prepared_statements, unknown to 1.18 and unused by unnamed statements); PostgreSQL 15 and pgbench -M extended -c 16 on CPU 1; ' +
    '3 runs of 8 s, median of 10,555 / 13,094 / 15,131 (PgBouncer at 18-20% of a core; load average 8.6-8.8)',
  command: POOLER_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
});

const SERVICE_WORKLOAD =
  'test/bench/reference-service.ts (Node.js 20 node:http, prom-client, ioredis, node-postgres pool of 4 over TLS) on CPU 0, Redis 7 and PostgreSQL 15 on CPU 1; ' +
  'autocannon 16 and 64 connections, 3 runs of 5 s each; reads at 95% cache hits (4 KiB records, a PostgreSQL primary-key read and a cache fill on a miss)';
const SERVICE_RUNS = "median of the runs' best within p95 < 100 ms; load average 5.3-9.3";

/**
 * A service pod's requests per vCPU at p95 < 100 ms, one figure per service shape (a pod
 * requests one vCPU and runs one Node.js event loop): the reference service with the
 * request mix, Redis cache-aside at the mix's hit ratio and PostgreSQL behind it. Runs whose
 * p95 missed 100 ms do not count. The reference service is plain `node:http`: a framework
 * (NestJS, Express) adds CPU per request that it does not have, which is why a deployed
 * service's pods are calibrated with `npm run loadtest -- --calibrate <service>` before the
 * capacity inputs trust them.
 */
export const USER_SERVICE_RPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'user-service requests (reads) per service CPU-second at p95 < 100 ms',
  measuredHere: 8_504,
  workload: `${SERVICE_WORKLOAD}; user-service profile: GET /api/users/:id only; ${SERVICE_RUNS} (11,235 / 8,288 / 8,504)`,
  command: SERVICE_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
});

/** The transaction-service shape: every write of the mix (12.5% of its requests: the mix's 5% writes over its 40% of traffic) among reads. */
export const TRANSACTION_SERVICE_RPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'transaction-service requests (12.5% committed 1 KiB writes, the rest reads) per service CPU-second at p95 < 100 ms',
  measuredHere: 4_796,
  workload: `${SERVICE_WORKLOAD}; transaction-service profile: POST /api/transactions (1 KiB, INSERT then a write-through cache SET) at 12.5%, GET /api/transactions/:id otherwise; ${SERVICE_RUNS} (3,844 / 4,796 / 7,253)`,
  command: SERVICE_BENCH_COMMAND,
  date: BENCH_DATE,
  machine: BENCH_MACHINE,
});

/** The gateway shape: every request of the mix forwarded to a backend over keep-alive connections, charged to the gateway's CPU alone. */
export const GATEWAY_RPS_PER_VCPU: MeasuredFigure = measuredFigure({
  unit: 'api-gateway requests forwarded per gateway CPU-second at p95 < 100 ms',
  measuredHere: 6_895,
  workload: `${SERVICE_WORKLOAD}; api-gateway profile: the reference service in gateway mode on CPU 0 (keep-alive agent of 64 sockets) forwarding the whole mix to the reference service on CPU 1; ${SERVICE_RUNS} (2,251 / 7,179 / 6,895)`,
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
  measuredHere: 18_172,
  workload:
    'Debian nginx 1.22.1, prod nginx.conf (rate tiers, JSON access log, upstream keep-alive, least_conn), 2 workers, in front of an nginx upstream serving a 4,096-byte JSON body; ' +
    'wrk 1 thread, 64 connections, 3 runs of 8 s, median of 17,068 / 18,251 / 18,172; machine idle (load average 2.3)',
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
  GATEWAY_RPS_PER_VCPU,
  USER_SERVICE_RPS_PER_VCPU,
  TRANSACTION_SERVICE_RPS_PER_VCPU,
};
