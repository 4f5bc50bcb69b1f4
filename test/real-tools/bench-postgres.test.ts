import * as fs from 'fs';
import { PGBOUNCER_PATHS, renderPgBouncerConfig } from '../../constructs/read-pooler/pgbouncer-config';
import { prod } from '../../stacks/environments';
import { deployedPoolerSettings, loopbackPgBouncerConfig, pgBouncerVersion, RunningPooler, startPooler, unsupportedSettings } from '../bench/pooler-bench';
import { loadSchema, measurePgbench } from '../bench/postgres-bench';
import { processCpuSeconds, requireServers, RunningPostgres, startPostgres } from '../bench/servers';
import { benchRequestMix, writeScripts } from '../bench/workload';
import { tempDir } from '../support/temp';

/**
 * bench:postgres's and bench:pooler's harness with tiny runs against Debian's PostgreSQL 15
 * and PgBouncer, one PostgreSQL for both: setup (initdb in a temporary folder, TLS, a free
 * port, stopped by pid), the workload (the services' tables and the two pgbench scripts),
 * pgbench's output parsed, the CPU charged to the right process, and PgBouncer running the
 * pgbouncer.ini the stacks render. Skips loudly without the tools; fails in CI.
 */
const ROWS = 300;
const TIMEOUT_MS = 90_000;

describe('bench:postgres and bench:pooler harness against real PostgreSQL and PgBouncer', () => {
  const mix = benchRequestMix();
  let skip = false;
  let pg: RunningPostgres | undefined;
  let pooler: RunningPooler | undefined;
  let scripts: { read: string; write: string };
  let pgDir = '';
  let poolerDir = '';

  beforeAll(async () => {
    if (!requireServers('the bench:postgres and bench:pooler harness test', ['postgres', 'initdb', 'pgbench', 'psql', 'pg_isready', 'pgbouncer', 'openssl'])) {
      skip = true;
      return;
    }
    pgDir = tempDir('bench-postgres-test-');
    poolerDir = tempDir('bench-pooler-test-');
    pg = await startPostgres({ dir: pgDir, ssl: true });
    await loadSchema(pg, mix, ROWS);
    scripts = writeScripts(pgDir, mix, ROWS);
    pooler = await startPooler(pg, poolerDir);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await pooler?.pooler.stop();
    await pg?.stop();
    for (const dir of [pgDir, poolerDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  test('WHEN the services tables are loaded THEN every user row is the request mix response size, stored over TLS-only connections', async () => {
    if (skip) return;
    expect((await pg!.psql('SELECT count(*), min(length(body)), max(length(body)) FROM users')).trim()).toBe(`${ROWS}|${mix.averageResponseBytes}|${mix.averageResponseBytes}`);
    expect((await pg!.psql('SHOW ssl')).trim()).toBe('on');
  });

  test('WHEN pgbench runs the read and the write script THEN its output is parsed and the server is charged the CPU of its backends', async () => {
    if (skip) return;
    const env = { ...pg!.env, PGSSLMODE: 'require' };
    const read = await measurePgbench(pg!.cpuSeconds, pg!.pid, env, scripts.read, { clients: 2, seconds: 1 });
    const write = await measurePgbench(pg!.cpuSeconds, pg!.pid, env, scripts.write, { clients: 2, seconds: 1 });
    for (const m of [read, write]) {
      expect(m.result.transactions).toBeGreaterThan(10);
      expect(m.result.failed).toBe(0);
      expect(m.result.tps).toBeGreaterThan(0);
      expect(m.result.latencyAverageMs).toBeGreaterThan(0);
      expect(m.cpuSeconds).toBeGreaterThan(0);
      expect(m.perCpuSecond).toBeCloseTo(m.result.transactions / m.cpuSeconds, 6);
    }
    // Each write transaction inserted one request-sized body.
    const [count, length] = (await pg!.psql('SELECT count(*), min(length(body)) FROM transactions')).trim().split('|').map(Number);
    expect(count).toBe(write.result.transactions);
    expect(length).toBe(mix.averageRequestBytes);
  }, TIMEOUT_MS);

  test('WHEN PgBouncer runs the deployed pgbouncer.ini THEN only the listen address, the auth file and settings newer than it differ', async () => {
    if (skip) return;
    const settings = deployedPoolerSettings(prod);
    const port = Number(/^listen_port = (\d+)$/m.exec(pooler!.config)![1]);
    const deployed = renderPgBouncerConfig({ listenPort: port, databaseName: pg!.database, serverHost: '127.0.0.1', serverPort: pg!.port, serverUser: pg!.user, ...settings });
    const differing = (text: string) => text.split('\n').filter((l) => /^(listen_addr|auth_file|max_prepared_statements) = /.test(l));
    const strip = (text: string) => text.split('\n').filter((l) => !differing(l).length).join('\n');
    expect(strip(pooler!.config)).toBe(strip(deployed));
    expect(pooler!.config).toMatch(/^pool_mode = transaction$/m);
    expect(pooler!.config).toMatch(new RegExp(`^default_pool_size = ${settings.defaultPoolSize}$`, 'm'));
    expect(pooler!.config).toMatch(/^server_tls_sslmode = require$/m);
    expect(pooler!.config).not.toContain(PGBOUNCER_PATHS.authFile);
    expect(pooler!.omitted).toEqual(unsupportedSettings(await pgBouncerVersion()));
    expect(loopbackPgBouncerConfig({ port, serverPort: 1, serverUser: 'u', databaseName: 'd', authFilePath: '/x', omit: ['max_prepared_statements'] })).not.toMatch(/max_prepared_statements/);
  });

  test('WHEN the read script runs through PgBouncer THEN the queries are charged to the PgBouncer process', async () => {
    if (skip) return;
    const pid = pooler!.pooler.pid;
    const through = await measurePgbench(() => processCpuSeconds(pid), pid, pooler!.env, scripts.read, { clients: 4, seconds: 1 });
    expect(through.result.transactions).toBeGreaterThan(10);
    expect(through.result.failed).toBe(0);
    expect(through.cpuSeconds).toBeGreaterThan(0);
    // pgbench has disconnected; PgBouncer keeps its server connections (no more than the clients it served) for the next client.
    const backends = Number((await pg!.psql("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name <> 'psql'")).trim());
    expect(backends).toBeGreaterThanOrEqual(1);
    expect(backends).toBeLessThanOrEqual(4);
  }, TIMEOUT_MS);
});
