/**
 * The reference service: a benchmark fixture shaped like the design notes' services (an
 * HTTP JSON API on Node.js with prom-client metrics, cache-aside reads through Redis with
 * a PostgreSQL read on a miss, writes inserted into PostgreSQL). Not a product: it exists
 * so `npm run bench:service` and `npm run loadtest`'s tests drive something with the real
 * per-request work of a service pod.
 *
 *   GET  <any prefix>/<id>   the record: Redis GET record:<id>; on a miss SELECT by primary
 *                            key, then SET with a TTL (cache-aside)
 *   POST <any prefix>        a transaction ({"userId": n, "amount": x, ...}): INSERT, then
 *                            SET transaction:<id> (write-through); 201
 *   GET  /health/live, /health/ready, /metrics
 *
 * With UPSTREAM_URL set it is the gateway instead (the design notes' api-gateway, role
 * `gateway`): every request other than /health and /metrics is forwarded to UPSTREAM_URL
 * over keep-alive connections and the answer streamed back, with the same metrics; it
 * needs no Redis or PostgreSQL.
 *
 * Run as its own process (`node -r ./stacks/register.js test/bench/reference-service.ts`),
 * configured by environment: PORT, UPSTREAM_URL (gateway mode), REDIS_HOST, REDIS_PORT, PGHOST, PGPORT, PGUSER,
 * PGDATABASE, DB_TLS (`require`: encrypted, certificate not verified: the loopback server's
 * is self-signed), DB_POOL_SIZE, CACHE_TTL_SECONDS. Stops on SIGTERM.
 */
import * as http from 'http';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Request bodies above this are refused (413), like nginx's client_max_body_size (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Above nginx's upstream keepalive_timeout (4 s), so nginx never reuses a connection this closes. */
const KEEP_ALIVE_TIMEOUT_MS = 10_000;
/** The prom-client histogram buckets around the 100 ms p95 objective (lib/slo.ts). */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const READ = /^(\/[a-z0-9-]+(?:\/[a-z0-9-]+)*)\/(\d{1,15})$/;
const WRITE = /^(\/[a-z0-9-]+(?:\/[a-z0-9-]+)*)\/?$/;

export function cacheKey(id: number | string): string {
  return `record:${id}`;
}

function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`reference service: set ${name}`);
  return value;
}

/** Keep-alive connections the gateway holds to its upstream (a gateway pod's HTTP agent). */
const GATEWAY_UPSTREAM_SOCKETS = 64;
/** The route label of a forwarded request: its first two path segments (`/api/users`). */
const ROUTE_PREFIX = /^\/[a-z0-9-]+(?:\/[a-z0-9-]+)?/;

function metricsOf(registry: Registry): { requests: Counter<string>; duration: Histogram<string> } {
  collectDefaultMetrics({ register: registry });
  return {
    requests: new Counter({ name: 'http_requests_total', help: 'HTTP requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    }),
  };
}

/** Answers GET /metrics from `registry`; false for any other request. */
function serveMetrics(registry: Registry, req: http.IncomingMessage, url: string, res: http.ServerResponse): boolean {
  if (req.method !== 'GET' || url !== '/metrics') return false;
  registry.metrics().then((text) => {
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(text);
  });
  return true;
}

/** Gateway mode: forwards every API request to `upstream`, streaming both bodies. */
function gateway(port: number, upstream: URL): void {
  const registry = new Registry();
  const { requests, duration } = metricsOf(registry);
  const agent = new http.Agent({ keepAlive: true, maxSockets: GATEWAY_UPSTREAM_SOCKETS });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, route: string) => {
    const started = process.hrtime.bigint();
    const record = (status: number) => {
      const labels = { method: req.method ?? 'GET', route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    };
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent }, (answer) => {
      const status = answer.statusCode ?? 502;
      res.writeHead(status, answer.headers);
      answer.pipe(res);
      answer.on('end', () => record(status));
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":"bad gateway"}');
      record(502);
    });
    req.pipe(out);
  };
  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (serveMetrics(registry, req, url, res)) return;
    if (req.method === 'GET' && url === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"live"}');
      return;
    }
    forward(req, res, url === '/health/ready' ? url : (ROUTE_PREFIX.exec(url)?.[0] ?? 'unmatched'));
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    agent.destroy();
    process.exit(0);
  });
}

function main(): void {
  const port = Number(env('PORT'));
  if (process.env.UPSTREAM_URL) return gateway(port, new URL(process.env.UPSTREAM_URL));
  const ttl = Number(env('CACHE_TTL_SECONDS', '300'));
  const registry = new Registry();
  const { requests, duration } = metricsOf(registry);
  const cacheRequests = new Counter({ name: 'cache_requests_total', help: 'Cache lookups by result (hit, miss, error).', labelNames: ['result'], registers: [registry] });
  const dbQueries = new Counter({ name: 'db_queries_total', help: 'Database queries by kind (read, write).', labelNames: ['kind'], registers: [registry] });

  const redis = new Redis({ host: env('REDIS_HOST', '127.0.0.1'), port: Number(env('REDIS_PORT')), maxRetriesPerRequest: 1, enableAutoPipelining: false });
  const pool = new Pool({
    max: Number(env('DB_POOL_SIZE', '4')),
    ssl: process.env.DB_TLS === 'require' ? { rejectUnauthorized: false } : false,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2_000,
  });

  const send = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  async function read(id: string): Promise<[number, string]> {
    let cached: string | null = null;
    try {
      cached = await redis.get(cacheKey(id));
      cacheRequests.inc({ result: cached === null ? 'miss' : 'hit' });
    } catch {
      // The cache is an optimisation: a failing cache degrades to database reads.
      cacheRequests.inc({ result: 'error' });
    }
    if (cached !== null) return [200, cached];
    dbQueries.inc({ kind: 'read' });
    const result = await pool.query<{ body: string }>('SELECT body FROM users WHERE id = $1', [id]);
    if (result.rowCount === 0) return [404, '{"error":"not_found"}'];
    const body = result.rows[0].body;
    await redis.set(cacheKey(id), body, 'EX', ttl).catch(() => cacheRequests.inc({ result: 'error' }));
    return [200, body];
  }

  async function write(text: string): Promise<[number, string]> {
    let input: { userId?: unknown; amount?: unknown };
    try {
      input = JSON.parse(text);
    } catch {
      return [400, '{"error":"body is not JSON"}'];
    }
    if (!Number.isSafeInteger(input.userId) || (input.userId as number) < 1 || typeof input.amount !== 'number' || !Number.isFinite(input.amount)) {
      return [422, '{"error":"userId (a positive integer) and amount (a number) are required"}'];
    }
    dbQueries.inc({ kind: 'write' });
    const result = await pool.query<{ id: string; created_at: Date }>('INSERT INTO transactions (user_id, amount, body) VALUES ($1, $2, $3) RETURNING id, created_at', [input.userId, input.amount, text]);
    const record = JSON.stringify({ id: Number(result.rows[0].id), userId: input.userId, amount: input.amount, createdAt: result.rows[0].created_at });
    await redis.set(`transaction:${result.rows[0].id}`, record, 'EX', ttl).catch(() => cacheRequests.inc({ result: 'error' }));
    return [201, record];
  }

  async function handle(req: http.IncomingMessage, body: string): Promise<[number, string, string]> {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && url === '/health/live') return [200, '{"status":"live"}', url];
    if (req.method === 'GET' && url === '/health/ready') {
      const ready = redis.status === 'ready' && (await pool.query('SELECT 1').then(() => true, () => false));
      return [ready ? 200 : 503, `{"status":"${ready ? 'ready' : 'not ready'}"}`, url];
    }
    const readMatch = req.method === 'GET' ? READ.exec(url) : null;
    if (readMatch) return [...(await read(readMatch[2])), `${readMatch[1]}/:id`];
    const writeMatch = req.method === 'POST' ? WRITE.exec(url) : null;
    if (writeMatch) return [...(await write(body)), writeMatch[1]];
    return [404, '{"error":"not_found"}', 'unmatched'];
  }

  const server = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (serveMetrics(registry, req, url, res)) return;
    const started = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const finish = (status: number, text: string, route: string) => {
        send(res, status, text);
        const labels = { method: req.method ?? 'GET', route, status: String(status) };
        requests.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      };
      if (size > MAX_BODY_BYTES) return finish(413, '{"error":"body too large"}', 'unmatched');
      handle(req, Buffer.concat(chunks).toString('utf8')).then(
        ([status, text, route]) => finish(status, text, route),
        () => finish(503, '{"error":"unavailable"}', 'error'),
      );
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.listen(port, '127.0.0.1');

  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    Promise.allSettled([redis.quit(), pool.end()]).then(() => process.exit(0));
  });
}

if (require.main === module) main();
