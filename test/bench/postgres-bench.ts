import { execFile } from 'child_process';
import * as fs from 'fs';
import { promisify } from 'util';
import { POSTGRES_BENCH_COMMAND } from '../../lib/capacity/measured';
import { canPin, confined, exitUnlessServers, loadAverage, machineDescription, removeDir, RunningPostgres, serverTool, sleep, startPostgres, tempDir } from './servers';
import { benchRequestMix, fmt, median, parsePgbench, PgbenchResult, perCpuSecond, RequestMix, schemaSql, writeScripts } from './workload';

const run = promisify(execFile);

/**
 * `npm run bench:postgres`: PostgreSQL 15 (Debian's) confined to one CPU (taskset), under
 * pgbench on the other CPU with the services' two queries: the read (a primary-key lookup
 * of a user row the request mix's response size, what a read replica serves) and the write
 * transaction (one INSERT of a request-sized body, committed durably: fsync and
 * synchronous_commit on, what the primary serves). Clients connect over TLS (RDS for
 * PostgreSQL 15 forces SSL by default) with the extended protocol and unnamed statements,
 * as node-postgres sends parameterised queries. Reads and writes run separately because
 * they land on different instances. Throughput per CPU-second the server used (postmaster
 * and backends), the median of the runs.
 */
export interface PostgresBenchOptions {
  readonly rows: number;
  readonly seconds: number;
  readonly clients: number;
  readonly runs: number;
  readonly log?: (line: string) => void;
}

export interface PgbenchMeasurement {
  readonly result: PgbenchResult;
  readonly cpuSeconds: number;
  readonly perCpuSecond: number;
  readonly wallSeconds: number;
}

export interface PostgresBenchResult {
  readonly workload: string;
  readonly machine: string;
  readonly reads: readonly PgbenchMeasurement[];
  readonly writes: readonly PgbenchMeasurement[];
  readonly readsPerCpuSecond: number;
  readonly writesPerCpuSecond: number;
}

/** Where each process runs: the server on CPU 0 when the machine can pin, pgbench on CPU 1. */
export const SERVER_CPUS = '0';
export const CLIENT_CPUS = '1';

/** Loads the services' tables (schemaSql) into `pg`. */
export async function loadSchema(pg: RunningPostgres, mix: RequestMix, rows: number): Promise<void> {
  await pg.psql(schemaSql(mix, rows));
}

/** pgbench with one script, the extended protocol, `clients` connections on one thread, for `seconds`. */
export async function pgbench(env: NodeJS.ProcessEnv, script: string, options: { clients: number; seconds: number; cpus?: string; warmUp?: boolean }): Promise<{ result: PgbenchResult; output: string }> {
  const [cmd, argv] = confined(serverTool('pgbench')!, ['-n', '-M', 'extended', '-c', String(options.clients), '-j', '1', '-T', String(options.seconds), '-f', script], { cpus: options.cpus });
  const { stdout, stderr } = await run(cmd, argv, { env, timeout: (options.seconds + 60) * 1000, maxBuffer: 4 * 1024 * 1024 }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`pgbench failed: ${e.stderr || e.message}\n${e.stdout ?? ''}`);
  });
  const output = `${stdout}\n${stderr}`;
  const result = parsePgbench(output);
  if (result.failed > 0) throw new Error(`pgbench: ${result.failed} transactions failed:\n${output}`);
  if (result.transactions === 0 && !options.warmUp) throw new Error(`pgbench completed no transaction in ${options.seconds} s:\n${output}`);
  return { result, output };
}

/** Children (backends) of a process, by pid. */
function childCount(pid: number): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).length : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs pgbench and charges the server the CPU it used: measured once the run's backends
 * have exited and the postmaster has reaped them (so their time is in its cutime/cstime).
 */
export async function measurePgbench(cpuSeconds: () => number, serverPid: number, env: NodeJS.ProcessEnv, script: string, options: { clients: number; seconds: number; cpus?: string }): Promise<PgbenchMeasurement> {
  const baseline = childCount(serverPid);
  const before = cpuSeconds();
  const started = process.hrtime.bigint();
  const { result } = await pgbench(env, script, options);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (let i = 0; i < 40 && childCount(serverPid) > baseline; i++) await sleep(50);
  const used = cpuSeconds() - before;
  return { result, cpuSeconds: used, perCpuSecond: perCpuSecond(result.transactions, used), wallSeconds };
}

export async function runPostgresBench(options: PostgresBenchOptions): Promise<PostgresBenchResult> {
  const log = options.log ?? (() => undefined);
  const mix = benchRequestMix();
  const dir = tempDir('bench-postgres');
  const pg = await startPostgres({ dir, cpus: SERVER_CPUS, ssl: true });
  try {
    await loadSchema(pg, mix, options.rows);
    const scripts = writeScripts(dir, mix, options.rows);
    const env = { ...pg.env, PGSSLMODE: 'require' };
    const clientCpus = canPin() ? CLIENT_CPUS : undefined;
    const shape = { clients: options.clients, seconds: options.seconds, cpus: clientCpus };
    // Warm the buffer cache with one short read run (not counted).
    await pgbench(env, scripts.read, { ...shape, seconds: Math.max(1, Math.ceil(options.seconds / 2)), warmUp: true });
    const reads: PgbenchMeasurement[] = [];
    const writes: PgbenchMeasurement[] = [];
    for (let i = 0; i < options.runs; i++) {
      const read = await measurePgbench(pg.cpuSeconds, pg.pid, env, scripts.read, shape);
      const write = await measurePgbench(pg.cpuSeconds, pg.pid, env, scripts.write, shape);
      reads.push(read);
      writes.push(write);
      log(
        `run ${i + 1}: reads ${fmt(read.perCpuSecond)} per server CPU-second (${fmt(read.result.tps)} tps wall, ${read.result.latencyAverageMs} ms average, ${read.cpuSeconds.toFixed(2)} CPU-s); ` +
          `writes ${fmt(write.perCpuSecond)} per server CPU-second (${fmt(write.result.tps)} tps wall, ${write.result.latencyAverageMs} ms average, ${write.cpuSeconds.toFixed(2)} CPU-s); load average ${loadAverage()}`,
      );
    }
    const version = (await run(serverTool('postgres')!, ['--version'])).stdout.trim();
    return {
      workload:
        `${version}, server on ${canPin() ? `CPU ${SERVER_CPUS} (taskset)` : 'an unconfined CPU'}, TLS, shared_buffers 256MB, fsync and synchronous_commit on; ` +
        `pgbench -M extended -c ${options.clients} -j 1${canPin() ? ` on CPU ${CLIENT_CPUS}` : ''}, ${options.runs} runs of ${options.seconds} s per script; ` +
        `read: SELECT by primary key of ${fmt(options.rows)} rows of ${mix.averageResponseBytes} B; write: one INSERT of a ${mix.averageRequestBytes} B body per transaction`,
      machine: machineDescription(),
      reads,
      writes,
      readsPerCpuSecond: median(reads.map((r) => r.perCpuSecond)),
      writesPerCpuSecond: median(writes.map((w) => w.perCpuSecond)),
    };
  } finally {
    await pg.stop();
    removeDir(dir);
  }
}

async function main(): Promise<void> {
  exitUnlessServers('bench:postgres', ['postgres', 'initdb', 'pgbench', 'psql', 'openssl']);
  const result = await runPostgresBench({
    rows: 50_000,
    seconds: Number(process.env.BENCH_SECONDS ?? 8),
    clients: 16,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    log: (line) => console.log(line),
  });
  console.log(
    [
      '',
      `${POSTGRES_BENCH_COMMAND}: ${result.workload}`,
      `machine: ${result.machine}; load average ${loadAverage()}`,
      `measured: ${fmt(result.readsPerCpuSecond)} primary-key reads per server CPU-second (median)`,
      `measured: ${fmt(result.writesPerCpuSecond)} write transactions per server CPU-second (median)`,
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
