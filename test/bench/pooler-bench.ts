import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { POOLER_BENCH_COMMAND } from '../../lib/capacity/measured';
import { PGBOUNCER_PATHS, renderPgBouncerConfig } from '../../constructs/read-pooler/pgbouncer-config';
import { ServerTls } from '../../constructs/read-pooler/server-tls';
import { prod } from '../../stacks/environments';
import { EnvironmentConfig, planEnvironment } from '../../lib/config/environment';
import { loadSchema, measurePgbench, PgbenchMeasurement, pgbench } from './postgres-bench';
import { canPin, exitUnlessServers, freePort, loadAverage, machineDescription, processCpuSeconds, removeDir, RunningPostgres, RunningServer, serverTool, startPgBouncer, startPostgres, tempDir } from './servers';
import { benchRequestMix, fmt, median, perCpuSecond, writeScripts } from './workload';

const run = promisify(execFile);

/**
 * `npm run bench:pooler`: the read script of bench:postgres through PgBouncer (Debian's) in
 * transaction pooling, with the pgbouncer.ini the stacks deploy: rendered by
 * constructs/read-pooler/pgbouncer-config.ts with prod's sizing (readPoolerSizing of prod's
 * capacity plan) and the stacks' server TLS mode; only the listen address and the auth
 * file's path are changed for loopback. Queries per CPU-second of the PgBouncer process (one
 * thread: one core), the median of the runs. PgBouncer is confined to CPU 0; PostgreSQL and
 * pgbench share CPU 1, so the pooler is rarely the bottleneck: the figure is its cost per
 * query, which is what sizes its pods.
 */
export interface PoolerBenchOptions {
  readonly rows: number;
  readonly seconds: number;
  readonly clients: number;
  readonly runs: number;
  readonly log?: (line: string) => void;
}

export interface PoolerBenchResult {
  readonly workload: string;
  readonly machine: string;
  readonly config: string;
  readonly runs: readonly PgbenchMeasurement[];
  readonly queriesPerCpuSecond: number;
}

export const POOLER_CPUS = '0';
export const DATABASE_AND_CLIENT_CPUS = '1';

/** The pooler settings the stacks deploy for `config` (the platform stack's ReadPooler props). */
export function deployedPoolerSettings(config: EnvironmentConfig): { maxClientConnections: number; defaultPoolSize: number; serverTlsMode: 'verify-full' | 'require' } {
  const sizing = planEnvironment(config).readPooler;
  if (!sizing) throw new Error(`environment ${config.name} plans no read pooler: no service uses the database`);
  return { maxClientConnections: sizing.maxClientConnections, defaultPoolSize: sizing.defaultPoolSize, serverTlsMode: ServerTls.require().sslMode };
}

/**
 * Settings newer than the PgBouncer Debian ships (bookworm: 1.18; the stacks deploy 1.25),
 * with the version that added them. The benchmark leaves them out on an older PgBouncer:
 * `max_prepared_statements` tracks named protocol-level prepared statements, which the
 * benchmark (unnamed statements, as node-postgres sends) never creates, so leaving it out
 * changes nothing it measures.
 */
export const SETTINGS_SINCE: Readonly<Record<string, readonly [number, number]>> = { max_prepared_statements: [1, 21] };

/** `[major, minor]` of the installed PgBouncer, from `pgbouncer --version`. */
export async function pgBouncerVersion(): Promise<readonly [number, number]> {
  const { stdout } = await run(serverTool('pgbouncer')!, ['--version']);
  const m = /PgBouncer (\d+)\.(\d+)/.exec(stdout);
  if (!m) throw new Error(`cannot read the PgBouncer version from: ${stdout}`);
  return [Number(m[1]), Number(m[2])];
}

/** The settings `version` does not know, which loopbackPgBouncerConfig leaves out. */
export function unsupportedSettings(version: readonly [number, number]): string[] {
  return Object.entries(SETTINGS_SINCE)
    .filter(([, since]) => version[0] < since[0] || (version[0] === since[0] && version[1] < since[1]))
    .map(([name]) => name);
}

/**
 * The deployed pgbouncer.ini pointed at loopback: the rendered text with only `listen_addr`
 * (127.0.0.1 instead of every address) and `auth_file` (a temporary path instead of the
 * pod's in-memory volume) changed, and the settings in `omit` (unknown to the installed
 * PgBouncer) left out.
 */
export function loopbackPgBouncerConfig(options: { port: number; serverPort: number; serverUser: string; databaseName: string; authFilePath: string; omit?: readonly string[]; config?: EnvironmentConfig }): string {
  const settings = deployedPoolerSettings(options.config ?? prod);
  const text = renderPgBouncerConfig({
    listenPort: options.port,
    databaseName: options.databaseName,
    serverHost: '127.0.0.1',
    serverPort: options.serverPort,
    serverUser: options.serverUser,
    ...settings,
  });
  const localized = text.replace(/^listen_addr = .*$/m, 'listen_addr = 127.0.0.1').replace(`auth_file = ${PGBOUNCER_PATHS.authFile}`, `auth_file = ${options.authFilePath}`);
  if (!localized.includes(`auth_file = ${options.authFilePath}`)) throw new Error('the rendered pgbouncer.ini no longer has the auth_file line this benchmark replaces');
  const omit = new Set(options.omit ?? []);
  return localized
    .split('\n')
    .filter((line) => !omit.has(line.split(' = ')[0]))
    .join('\n');
}

export interface RunningPooler {
  readonly pooler: RunningServer;
  readonly config: string;
  /** Deployed settings left out because the installed PgBouncer does not know them. */
  readonly omitted: readonly string[];
  /** Environment for pgbench/psql through the pooler. */
  readonly env: NodeJS.ProcessEnv;
}

/** PgBouncer with the deployed settings in front of `pg`, files in `dir`. */
export async function startPooler(pg: RunningPostgres, dir: string, cpus?: string): Promise<RunningPooler> {
  const port = await freePort();
  const authFilePath = path.join(dir, 'auth', 'userlist.txt');
  const omitted = unsupportedSettings(await pgBouncerVersion());
  const config = loopbackPgBouncerConfig({ port, serverPort: pg.port, serverUser: pg.user, databaseName: pg.database, authFilePath, omit: omitted });
  // The auth file the init container writes: the user and its password (trust on this loopback server: empty).
  const pooler = await startPgBouncer({ dir, cpus, config, port, authFile: `"${pg.user}" ""\n`, authFilePath });
  // No client TLS: the stacks deploy none (the NetworkPolicy admits only the services namespace).
  return { pooler, config, omitted, env: { ...pg.env, PGPORT: String(port), PGSSLMODE: 'disable' } };
}

export async function runPoolerBench(options: PoolerBenchOptions): Promise<PoolerBenchResult> {
  const log = options.log ?? (() => undefined);
  const mix = benchRequestMix();
  const pgDir = tempDir('bench-pooler-pg');
  const poolerDir = tempDir('bench-pooler');
  const pinned = canPin();
  const pg = await startPostgres({ dir: pgDir, cpus: DATABASE_AND_CLIENT_CPUS, ssl: true });
  let running: RunningPooler | undefined;
  try {
    await loadSchema(pg, mix, options.rows);
    const scripts = writeScripts(pgDir, mix, options.rows);
    running = await startPooler(pg, poolerDir, POOLER_CPUS);
    const shape = { clients: options.clients, seconds: options.seconds, cpus: pinned ? DATABASE_AND_CLIENT_CPUS : undefined };
    const pid = running.pooler.pid;
    await pgbench(running.env, scripts.read, { ...shape, seconds: Math.max(1, Math.ceil(options.seconds / 2)), warmUp: true });
    const runs: PgbenchMeasurement[] = [];
    for (let i = 0; i < options.runs; i++) {
      const m = await measurePgbench(() => processCpuSeconds(pid), pid, running.env, scripts.read, shape);
      runs.push({ ...m, perCpuSecond: perCpuSecond(m.result.transactions, m.cpuSeconds) });
      log(
        `run ${i + 1}: ${fmt(m.perCpuSecond)} queries per PgBouncer CPU-second (${fmt(m.result.tps)} q/s wall, ${m.result.latencyAverageMs} ms average, ` +
          `PgBouncer ${m.cpuSeconds.toFixed(2)} CPU-s = ${((m.cpuSeconds / m.wallSeconds) * 100).toFixed(0)}% of a core); load average ${loadAverage()}`,
      );
    }
    const version = (await run(serverTool('pgbouncer')!, ['--version'])).stdout.split('\n')[0].trim();
    const settings = deployedPoolerSettings(prod);
    return {
      workload:
        `${version}, pool_mode transaction, prod's max_client_conn ${settings.maxClientConnections} / default_pool_size ${settings.defaultPoolSize}, server TLS ${settings.serverTlsMode}` +
        `${running.omitted.length ? ` (without ${running.omitted.join(', ')}: newer than this PgBouncer)` : ''}` +
        `${pinned ? `, on CPU ${POOLER_CPUS} (PostgreSQL 15 and pgbench on CPU ${DATABASE_AND_CLIENT_CPUS})` : ''}; ` +
        `bench:postgres's read script (primary-key SELECT of ${mix.averageResponseBytes} B rows), pgbench -M extended -c ${options.clients}, ${options.runs} runs of ${options.seconds} s`,
      machine: machineDescription(),
      config: running.config,
      runs,
      queriesPerCpuSecond: median(runs.map((r) => r.perCpuSecond)),
    };
  } finally {
    await running?.pooler.stop();
    await pg.stop();
    removeDir(poolerDir);
    removeDir(pgDir);
  }
}

async function main(): Promise<void> {
  exitUnlessServers('bench:pooler', ['postgres', 'initdb', 'pgbench', 'psql', 'pgbouncer', 'openssl']);
  const result = await runPoolerBench({
    rows: 50_000,
    seconds: Number(process.env.BENCH_SECONDS ?? 8),
    clients: 16,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    log: (line) => console.log(line),
  });
  console.log(
    [
      '',
      `${POOLER_BENCH_COMMAND}: ${result.workload}`,
      `machine: ${result.machine}; load average ${loadAverage()}`,
      `measured: ${fmt(result.queriesPerCpuSecond)} queries per PgBouncer CPU-second (median): one pod is one PgBouncer process, one core`,
      'per pooler core for the model: lib/capacity/measured.ts applies the derating policy to it (see the README, "Measured figures").',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
