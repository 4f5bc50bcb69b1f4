import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { promisify } from 'util';
import { NginxConfig, renderNginxConf, renderNginxUpstreams } from '../../lib/nginx';
import { tempDir } from './temp';

const run = promisify(execFile);

/**
 * Real-tool helpers: nginx and wrk from the distribution (Debian: `nginx-light`, `wrk`;
 * .ci/run installs them). Everything binds to loopback (127.0.0.0/8) only.
 */

/** The path of a tool on PATH, or undefined. */
export function findTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/usr/bin'])) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * True when every tool is present. Otherwise prints a loud SKIPPED warning (and throws in
 * CI, where the tools must exist) so a missing tool is never a silent pass.
 */
export function requireTools(what: string, tools: string[]): boolean {
  const missing = tools.filter((t) => !findTool(t));
  if (missing.length === 0) return true;
  const message = `${what} needs ${missing.join(' and ')} (Debian: apt-get install ${missing.map((m) => (m === 'nginx' ? 'nginx-light' : m)).join(' ')})`;
  if (process.env.CI) throw new Error(`Cannot run in CI: ${message}`);
  console.warn(`\n*** SKIPPED: ${message}. The generated nginx.conf is NOT verified by real nginx. ***\n`);
  return false;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A temporary nginx prefix: paths for pid, logs and temp files the config is pointed at. */
export function nginxPrefix(): { dir: string; runtime: NonNullable<NginxConfig['runtime']> } {
  const dir = tempDir('nginx-test-');
  // As root, workers would fall back to `nobody`; keep them as the invoking user.
  const user = typeof process.getuid === 'function' && process.getuid() === 0 ? 'root' : null;
  return { dir, runtime: { user, pidPath: path.join(dir, 'nginx.pid'), errorLogPath: path.join(dir, 'error.log'), accessLogPath: path.join(dir, 'access.log'), tempDir: dir } };
}

/** `nginx -t` on a rendered config; resolves with nginx's output, rejects with it on failure. */
export async function nginxTest(text: string, dir: string): Promise<string> {
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, text);
  try {
    const { stderr } = await run('nginx', ['-t', '-q', '-p', dir, '-c', file]);
    return stderr;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`nginx -t rejected the config:\n${e.stderr || e.message}`);
  }
}

export interface RunningNginx {
  readonly process: ChildProcess;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground on a rendered config and waits until `healthUrl` answers 200. */
export async function startNginx(text: string, dir: string, healthUrl: string): Promise<RunningNginx> {
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, text);
  const child = spawn('nginx', ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}${readIfExists(path.join(dir, 'error.log'))}`);
    if ((await httpGet(healthUrl).catch(() => undefined))?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer ${healthUrl}: ${stderr}`);
    await sleep(50);
  }
  return {
    process: child,
    dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface HttpResult {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

/** A stub upstream on one loopback address: counts requests and TCP connections, answers after `delayMs`. */
export class StubUpstream {
  public requests = 0;
  public connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: http.Server;

  constructor(public readonly address: string, public readonly port: number, private readonly delayMs = 0) {
    this.server = http.createServer((req, res) => {
      this.requests++;
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': `${address}:${port}` });
        res.end(`{"upstream":"${address}","path":${JSON.stringify(req.url)}}`);
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
    // Above nginx's upstream keepalive_timeout (4 s), as a real service must be.
    this.server.keepAliveTimeout = 10_000;
    this.server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.address, () => resolve());
    });
  }

  /** Dies like a crashed process: stops listening and resets every open connection. */
  kill(): void {
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    this.kill();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface WrkResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly output: string;
}

/**
 * Lua for wrk: every request comes from a different client address (X-Forwarded-For, as
 * the ALB adds it), so per-client limits behave as with many real clients.
 */
export function writeWrkScript(dir: string, pathPrefix = '/'): string {
  const file = path.join(dir, 'clients.lua');
  fs.writeFileSync(
    file,
    [
      'local counter = 0',
      'request = function()',
      '  counter = counter + 1',
      '  local ip = string.format("198.%d.%d.%d", 18 + (counter % 2), math.random(0, 255), math.random(1, 254))',
      `  return wrk.format("GET", "${pathPrefix}" .. counter, { ["X-Forwarded-For"] = ip })`,
      'end',
      '',
    ].join('\n'),
  );
  return file;
}

/** Runs wrk (duration at most 10 s) and parses its summary. */
export async function runWrk(url: string, options: { seconds: number; connections: number; threads: number; script?: string }): Promise<WrkResult> {
  const seconds = Math.min(10, options.seconds);
  const args = ['-t', String(options.threads), '-c', String(options.connections), '-d', `${seconds}s`, '--latency'];
  if (options.script) args.push('-s', options.script);
  args.push(url);
  const { stdout } = await run('wrk', args, { timeout: (seconds + 20) * 1000 });
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  const requestsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = socket ? socket.slice(1, 5).map(Number).reduce((a, b) => a + b, 0) : 0;
  return { requests, requestsPerSecond, non2xx, socketErrors, output: stdout };
}

/** The nginx config of an environment pointed at loopback stubs: only addresses, ports and paths change. */
export function loopbackConfig(base: NginxConfig, overrides: Pick<NginxConfig, 'upstreams' | 'listenPort' | 'statusPort' | 'runtime'>): NginxConfig {
  return { ...base, ...overrides, listenAddress: '127.0.0.1', trustedProxyCidrs: ['127.0.0.0/8'] };
}

export { renderNginxConf, renderNginxUpstreams };
