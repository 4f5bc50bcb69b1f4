import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { findTool, freePort, httpGet, sleep } from '../support/nginx';

const run = promisify(execFile);

/**
 * The real servers the benchmarks and their tests drive, from Debian's packages: Redis
 * (`redis-server`, `redis-tools`), PostgreSQL 15 (`postgresql`), PgBouncer (`pgbouncer`).
 * Each is started here, in the foreground, on 127.0.0.1 and a free port, with its own
 * configuration and data in a temporary folder the caller owns, and stopped by its pid.
 * Nothing here touches a packaged daemon.
 */

/** Debian package of each tool (for the "install it" messages). */
const DEBIAN_PACKAGE: Record<string, string> = {
  'redis-server': 'redis-server',
  'redis-benchmark': 'redis-tools',
  'redis-cli': 'redis-tools',
  psql: 'postgresql',
  pg_isready: 'postgresql',
  postgres: 'postgresql',
  initdb: 'postgresql',
  pgbench: 'postgresql',
  pgbouncer: 'pgbouncer',
  openssl: 'openssl',
  taskset: 'util-linux',
  nginx: 'nginx-light',
  wrk: 'wrk',
};

/** PostgreSQL's server binaries are not on PATH on Debian: /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  let majors: string[] = [];
  try {
    majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const newest = majors.sort((a, b) => Number(b) - Number(a)).find((m) => fs.existsSync(path.join(root, m, 'bin', 'postgres')));
  return newest ? path.join(root, newest, 'bin') : undefined;
}

/** Full path of a server tool: on PATH, or PostgreSQL's bin folder. */
export function serverTool(name: string): string | undefined {
  const onPath = findTool(name);
  if (onPath) return onPath;
  const pgBin = postgresBinDir();
  const candidate = pgBin ? path.join(pgBin, name) : undefined;
  return candidate && fs.existsSync(candidate) ? candidate : undefined;
}

/** The tools that are missing, with the Debian packages that provide them. */
export function missingServerTools(tools: readonly string[]): { tools: string[]; packages: string[] } {
  const missing = tools.filter((t) => !serverTool(t));
  return { tools: missing, packages: [...new Set(missing.map((t) => DEBIAN_PACKAGE[t] ?? t))] };
}

/**
 * True when every tool is present. Otherwise prints a loud SKIPPED warning, or throws when
 * `CI` is set (CI installs them: .ci/run), so a missing server is never a silent pass.
 */
export function requireServers(what: string, tools: readonly string[]): boolean {
  const { tools: missing, packages } = missingServerTools(tools);
  if (missing.length === 0) return true;
  const message = `${what} needs ${missing.join(', ')} (Debian: apt-get install ${packages.join(' ')})`;
  if (process.env.CI) throw new Error(`Cannot run in CI: ${message}`);
  console.warn(`\n*** SKIPPED: ${message}. ***\n`);
  return false;
}

/** Exits the benchmark with the install hint when a tool is missing. */
export function exitUnlessServers(what: string, tools: readonly string[]): void {
  const { tools: missing, packages } = missingServerTools(tools);
  if (missing.length) {
    console.error(`${what} needs ${missing.join(', ')} (Debian: apt-get install ${packages.join(' ')})`);
    process.exit(1);
  }
}

// ------------------------------------------------------------------ processes and CPU

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

function statFields(file: string): string[] | undefined {
  try {
    // After the command (in parentheses, may contain spaces): state is field 3 (index 0 here).
    return fs.readFileSync(file, 'utf8').replace(/^.*\) /s, '').split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of a process (all its threads), seconds; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  const f = statFields(`/proc/${pid}/stat`);
  return f ? (Number(f[11]) + Number(f[12])) / USER_HZ : 0;
}

/** utime + stime of one thread (the task whose id is `tid`) of `pid`, seconds. */
export function threadCpuSeconds(pid: number, tid: number): number {
  const f = statFields(`/proc/${pid}/task/${tid}/stat`);
  return f ? (Number(f[11]) + Number(f[12])) / USER_HZ : 0;
}

/**
 * CPU seconds of a process tree whose children come and go (PostgreSQL forks a backend per
 * connection): the process's own time, the time of children it has reaped (cutime,
 * cstime) and the time of its live children. Read before and after a run; the difference
 * is what the server spent, once the run's backends have exited and been reaped.
 */
export function processTreeCpuSeconds(pid: number): number {
  const f = statFields(`/proc/${pid}/stat`);
  if (!f) return 0;
  let ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  let children: number[] = [];
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    children = text ? text.split(/\s+/).map(Number) : [];
  } catch {
    // no children file: count the reaped ones only
  }
  for (const child of children) {
    const c = statFields(`/proc/${child}/stat`);
    if (c) ticks += Number(c[11]) + Number(c[12]);
  }
  return ticks / USER_HZ;
}

/** The machine the figures were measured on, for the printed report. */
export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} vCPUs, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Linux ${os.release()}`;
}

/** Load average now: other work on the machine, printed beside every figure. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Two or more CPUs: servers can be confined to one and the load generator to the other. */
export function canPin(): boolean {
  return os.cpus().length >= 2 && !!findTool('taskset');
}

/**
 * `[command, args]` that run `command` confined to `cpus` (a taskset list such as "0" or
 * "0-1") when the machine can pin, as `user` when given (setpriv: the servers refuse to run
 * as root). Both taskset and setpriv exec the command, so the spawned pid is the server's.
 */
export function confined(command: string, args: string[], options: { cpus?: string; user?: ServiceUser } = {}): [string, string[]] {
  let cmd = command;
  let argv = args;
  if (options.user) {
    argv = [`--reuid=${options.user.uid}`, `--regid=${options.user.gid}`, '--clear-groups', cmd, ...argv];
    cmd = findTool('setpriv') ?? 'setpriv';
  }
  if (options.cpus !== undefined && canPin()) {
    argv = ['-c', options.cpus, cmd, ...argv];
    cmd = findTool('taskset') ?? 'taskset';
  }
  return [cmd, argv];
}

export interface ServiceUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/**
 * PostgreSQL and PgBouncer refuse to run as root. As root, they run as the `postgres`
 * account Debian's postgresql package creates (or `nobody`); otherwise as the caller.
 */
export function serviceUser(): ServiceUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as');
}

/**
 * Makes `dir` (and what is in it) the service user's, so the server can write there. Every
 * folder above it must let that user through (search permission): a private parent (mode
 * 0700, someone else's) is an error naming it, never a server that fails to start.
 */
export function giveTo(dir: string, user: ServiceUser | undefined): void {
  if (!user) return;
  for (let parent = path.dirname(path.resolve(dir)); ; parent = path.dirname(parent)) {
    const st = fs.statSync(parent);
    const searchable = st.uid === user.uid ? (st.mode & 0o100) !== 0 : st.gid === user.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!searchable) {
      throw new Error(`${parent} (mode ${(st.mode & 0o777).toString(8)}) does not let the ${user.name} account through to ${dir}; the server runs as ${user.name} because it refuses root. Fix: chmod o+x ${parent}, or use a temporary folder under one it can reach`);
    }
    if (parent === path.dirname(parent)) break;
  }
  const walk = (p: string) => {
    fs.chownSync(p, user.uid, user.gid);
    if (fs.statSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(dir);
}

export interface RunningServer {
  readonly name: string;
  readonly pid: number;
  readonly port: number;
  readonly process: ChildProcess;
  /** What the server printed (stderr and stdout), for error messages. */
  output(): string;
  /** Stops exactly this process (SIGTERM, or `signal`) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Spawns a server in the foreground and waits until `ready()` resolves true (10 s at most). */
export async function startServer(
  name: string,
  command: [string, string[]],
  port: number,
  ready: () => Promise<boolean>,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stopSignal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const child = spawn(command[0], command[1], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += String(chunk);
    if (output.length > 100_000) output = output.slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let failed: Error | undefined;
  void spawnError.then((e) => (failed = e));
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    if (failed) throw new Error(`${name} did not start (${command[0]}): ${failed.message}`);
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${name} did not become ready on port ${port} within ${(options.timeoutMs ?? 10_000) / 1000} s:\n${output}`);
    }
    await sleep(50);
  }
  return {
    name,
    pid: child.pid!,
    port,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(options.stopSignal ?? 'SIGTERM');
      await exited;
    },
  };
}

/** A TCP connect to 127.0.0.1:port succeeds. */
export function tcpOpen(port: number): Promise<boolean> {
  const net = require('net') as typeof import('net');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// ------------------------------------------------------------------ Redis

export interface RedisOptions {
  /** Temporary folder the caller owns (and removes). */
  readonly dir: string;
  /** CPUs to confine the server to (taskset list). @default - not confined */
  readonly cpus?: string;
  /** Redis `io-threads`: 1 is the single engine thread; more adds I/O threads (with reads). @default 1 */
  readonly ioThreads?: number;
}

/** redis-server on 127.0.0.1, no persistence (a cache), its config file in `dir`. */
export async function startRedis(options: RedisOptions): Promise<RunningServer> {
  const port = await freePort();
  const ioThreads = options.ioThreads ?? 1;
  const conf = path.join(options.dir, 'redis.conf');
  fs.writeFileSync(
    conf,
    [
      'bind 127.0.0.1',
      `port ${port}`,
      'protected-mode yes',
      `dir ${options.dir}`,
      'daemonize no',
      'save ""',
      'appendonly no',
      // ElastiCache's default for cache.r7g: evict least-recently-used keys at maxmemory.
      'maxmemory 1gb',
      'maxmemory-policy allkeys-lru',
      `io-threads ${ioThreads}`,
      `io-threads-do-reads ${ioThreads > 1 ? 'yes' : 'no'}`,
      'loglevel warning',
      '',
    ].join('\n'),
  );
  const redisCli = serverTool('redis-cli');
  return startServer('redis-server', confined(serverTool('redis-server') ?? 'redis-server', [conf], { cpus: options.cpus }), port, async () => {
    if (!(await tcpOpen(port))) return false;
    if (!redisCli) return true;
    const { stdout } = await run(redisCli, ['-h', '127.0.0.1', '-p', String(port), 'PING']);
    return stdout.trim() === 'PONG';
  });
}

// ------------------------------------------------------------------ PostgreSQL

export interface PostgresOptions {
  readonly dir: string;
  readonly cpus?: string;
  /** TLS on, with a self-signed certificate made in `dir` (PgBouncer connects with sslmode require, as the stacks deploy it). @default false */
  readonly ssl?: boolean;
  /** @default '256MB' */
  readonly sharedBuffers?: string;
}

export interface RunningPostgres extends RunningServer {
  /** Environment for psql and pgbench: host, port, user and database. */
  readonly env: NodeJS.ProcessEnv;
  readonly user: string;
  readonly database: string;
  /** Runs SQL with psql (ON_ERROR_STOP), returns its output. */
  psql(sql: string): Promise<string>;
  /** CPU seconds the server (postmaster and every backend) has used so far. */
  cpuSeconds(): number;
}

/** The role the benchmarks log in as; trust authentication on loopback only. */
export const BENCH_ROLE = 'bench';
/** The database initdb creates; the benchmark's tables go there. */
export const BENCH_DATABASE = 'postgres';

/**
 * PostgreSQL in `dir`: initdb (trust on loopback only, no fsync during initdb), then the
 * server in the foreground with durable commits (fsync, synchronous_commit on: the
 * production settings), listening on 127.0.0.1 and a Unix socket in `dir`.
 */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const user = serviceUser();
  const data = path.join(options.dir, 'data');
  giveTo(options.dir, user);
  const initdb = confined(serverTool('initdb')!, ['-D', data, '-U', BENCH_ROLE, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C', '--no-instructions'], { user });
  await run(initdb[0], initdb[1], { cwd: options.dir }).catch((e: { stderr?: string; message: string }) => {
    throw new Error(`initdb failed: ${e.stderr || e.message}`);
  });
  // Only loopback TCP and the socket in `dir`: trust is acceptable for a benchmark no other host can reach.
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), ['local all all trust', 'host all all 127.0.0.1/32 trust', 'hostssl all all 127.0.0.1/32 trust', ''].join('\n'));
  if (options.ssl) await selfSignedCertificate(data);
  giveTo(options.dir, user);
  const port = await freePort();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: options.dir,
    shared_buffers: options.sharedBuffers ?? '256MB',
    max_connections: '200',
    ssl: options.ssl ? 'on' : 'off',
    ...(options.ssl ? { ssl_cert_file: path.join(data, 'server.crt'), ssl_key_file: path.join(data, 'server.key') } : {}),
    logging_collector: 'off',
    log_min_messages: 'warning',
  };
  const args = ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: BENCH_ROLE, PGDATABASE: 'postgres', PGSSLMODE: 'disable' };
  const pgIsReady = serverTool('pg_isready');
  const server = await startServer(
    'postgres',
    confined(serverTool('postgres')!, args, { cpus: options.cpus, user }),
    port,
    async () => {
      if (!pgIsReady) return tcpOpen(port);
      try {
        await run(pgIsReady, ['-q'], { env });
        return true;
      } catch {
        return false;
      }
    },
    // SIGQUIT: PostgreSQL's immediate shutdown. The data folder is thrown away, so the
    // shutdown checkpoint a clean stop writes would only cost time.
    { stopSignal: 'SIGQUIT', timeoutMs: 30_000 },
  );
  const psqlPath = serverTool('psql')!;
  let scripts = 0;
  // From a file, not -c: each statement then runs on its own (VACUUM cannot run in a transaction block).
  const psql = async (sql: string, database = BENCH_DATABASE): Promise<string> => {
    const file = path.join(options.dir, `script-${++scripts}.sql`);
    fs.writeFileSync(file, `${sql.trim().replace(/;$/, '')};\n`);
    const { stdout } = await run(psqlPath, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-d', database, '-f', file], { env, maxBuffer: 16 * 1024 * 1024 }).catch(
      (e: { stderr?: string; message: string }) => {
        throw new Error(`psql failed: ${e.stderr || e.message}\nSQL: ${sql.slice(0, 500)}`);
      },
    );
    return stdout;
  };
  return {
    ...server,
    env: { ...env, PGDATABASE: BENCH_DATABASE },
    user: BENCH_ROLE,
    database: BENCH_DATABASE,
    psql: (sql: string) => psql(sql),
    cpuSeconds: () => processTreeCpuSeconds(server.pid),
  };
}

/**
 * A self-signed certificate for 127.0.0.1 / localhost (server.crt, server.key 0600) in `dir`.
 * P-256 rather than RDS's RSA 2048: making the key takes milliseconds instead of seconds, and
 * the key type only changes the handshake, which pooled connections do once.
 */
export async function selfSignedCertificate(dir: string): Promise<void> {
  const openssl = findTool('openssl');
  if (!openssl) throw new Error('openssl is needed for the TLS certificate (Debian: apt-get install openssl)');
  const key = path.join(dir, 'server.key');
  await run(openssl, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', path.join(dir, 'server.crt'),
  ]);
  fs.chmodSync(key, 0o600);
}

// ------------------------------------------------------------------ PgBouncer

export interface PgBouncerOptions {
  readonly dir: string;
  readonly cpus?: string;
  /** The pgbouncer.ini text (its `listen_port` must be `port`). */
  readonly config: string;
  readonly port: number;
  /** The auth file's content (`"user" "password"` lines). */
  readonly authFile: string;
  readonly authFilePath: string;
}

/** PgBouncer in the foreground on a rendered config; as the service user when root. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<RunningServer> {
  const conf = path.join(options.dir, 'pgbouncer.ini');
  fs.writeFileSync(conf, options.config);
  fs.mkdirSync(path.dirname(options.authFilePath), { recursive: true });
  fs.writeFileSync(options.authFilePath, options.authFile, { mode: 0o600 });
  const user = serviceUser();
  giveTo(options.dir, user);
  return startServer('pgbouncer', confined(serverTool('pgbouncer')!, [conf], { cpus: options.cpus, user }), options.port, () => tcpOpen(options.port), { stopSignal: 'SIGINT' });
}

/** A temporary folder for one server or run: the caller removes it (`removeDir`). */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export { findTool, freePort, httpGet, sleep };

// ------------------------------------------------------------------ the reference service

export interface ReferenceServiceOptions {
  readonly redisPort: number;
  readonly postgres: RunningPostgres;
  readonly cpus?: string;
  /** node-postgres pool size. @default 4 */
  readonly dbPoolSize?: number;
}

/** The reference service in gateway mode (UPSTREAM_URL), forwarding to `upstreamUrl`, ready when its upstream is. */
export async function startReferenceGateway(options: { readonly upstreamUrl: string; readonly cpus?: string }): Promise<RunningServer> {
  const root = path.resolve(__dirname, '..', '..');
  const port = await freePort();
  const script = path.join(root, 'test', 'bench', 'reference-service.ts');
  return startServer('reference gateway', confined(process.execPath, ['-r', path.join(root, 'stacks', 'register.js'), script], { cpus: options.cpus }), port, async () => (await httpGet(`http://127.0.0.1:${port}/health/ready`)).status === 200, {
    cwd: root,
    env: { ...process.env, PORT: String(port), UPSTREAM_URL: options.upstreamUrl },
    timeoutMs: 20_000,
  });
}

/** test/bench/reference-service.ts in its own Node.js process, ready when /health/ready answers 200. */
export async function startReferenceService(options: ReferenceServiceOptions): Promise<RunningServer> {
  const root = path.resolve(__dirname, '..', '..');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.postgres.env,
    PORT: String(port),
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(options.redisPort),
    DB_TLS: 'require',
    DB_POOL_SIZE: String(options.dbPoolSize ?? 4),
    PGSSLMODE: 'require',
  };
  const script = path.join(root, 'test', 'bench', 'reference-service.ts');
  return startServer('reference service', confined(process.execPath, ['-r', path.join(root, 'stacks', 'register.js'), script], { cpus: options.cpus }), port, async () => (await httpGet(`http://127.0.0.1:${port}/health/ready`)).status === 200, {
    cwd: root,
    env,
    timeoutMs: 20_000,
  });
}
