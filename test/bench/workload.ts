import * as fs from 'fs';
import * as path from 'path';
import { CapacityInputs } from '../../lib/capacity';
import { prod } from '../../stacks/environments';

const prodCapacity = prod.capacity;

/**
 * The benchmarks' workloads, derived from the capacity inputs' request mix (never typed in
 * twice): value and row sizes, the cache's GET/SET ratio, the database's read query and
 * write transaction. Read in one place so the config's shape can change under it.
 */
export type RequestMix = CapacityInputs['requestMix'];

/** The request mix the benchmarks reproduce: prod's (the same object every environment uses). */
export function benchRequestMix(): RequestMix {
  return prodCapacity.requestMix;
}

/**
 * Cache commands per request, in the services' cache-aside pattern: every read looks its
 * record up (GET); a read that misses fills the cache (SET); every write stores the record
 * it wrote (SET). The capacity model counts `cacheOpsPerRequest` of these per request.
 */
export interface CacheCommandMix {
  readonly getShare: number;
  readonly setShare: number;
  readonly valueBytes: number;
}

export function cacheCommandMix(mix: RequestMix): CacheCommandMix {
  const gets = mix.readShare;
  const sets = mix.readShare * (1 - mix.cacheHitRatio) + mix.writeShare;
  return { getShare: gets / (gets + sets), setShare: sets / (gets + sets), valueBytes: mix.averageResponseBytes };
}

/**
 * Operations per CPU-second of a mix, from each command's own rate: the mix's CPU cost per
 * operation is the weighted sum of the commands' costs (a weighted harmonic mean).
 */
export function mixedRate(shares: readonly { share: number; perSecond: number }[]): number {
  const costPerOp = shares.reduce((sum, s) => sum + s.share / s.perSecond, 0);
  return costPerOp > 0 ? 1 / costPerOp : Number.NaN;
}

// ------------------------------------------------------------------ database

/**
 * The services' tables: `users`, read by primary key (a row of the mix's response size, the
 * record a read returns), and `transactions`, one row inserted per write (the mix's request
 * size: the body the client sent). Row contents are not compressible (a 4 KiB row is
 * stored out of line, in TOAST, as a real 4 KiB JSON document would be when it does not
 * compress), built from one filler string so loading stays fast.
 */
export function schemaSql(mix: RequestMix, rows: number): string {
  const fillerChunks = Math.ceil(mix.averageResponseBytes / 32) + 1;
  return [
    'DROP TABLE IF EXISTS users, transactions',
    'CREATE TABLE users (id bigint PRIMARY KEY, body text NOT NULL)',
    `INSERT INTO users SELECT g, left('{"id":' || g || ',"profile":"' || f.filler, ${mix.averageResponseBytes - 2}) || '"}' ` +
      `FROM generate_series(1, ${rows}) g, (SELECT string_agg(md5(i::text), '') AS filler FROM generate_series(1, ${fillerChunks}) i) f`,
    'CREATE TABLE transactions (id bigserial PRIMARY KEY, user_id bigint NOT NULL, amount numeric(18, 2) NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    'CREATE INDEX transactions_user_id ON transactions (user_id)',
    'VACUUM ANALYZE',
    // Flush the load's dirty pages now, so no checkpoint of them is charged to a measured run.
    'CHECKPOINT',
  ].join(';\n');
}

/** A JSON request body of `bytes` characters (what a client posts with a write). */
export function requestBody(bytes: number, fields: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ ...fields, note: '' });
  const pad = Math.max(0, bytes - head.length);
  return `${head.slice(0, -2)}${'n'.repeat(pad)}"}`;
}

/** pgbench script: the services' read, a primary-key lookup of one user row. */
export function readScript(rows: number): string {
  return [`\\set id random(1, ${rows})`, 'SELECT id, body FROM users WHERE id = :id;', ''].join('\n');
}

/** pgbench script: the services' write transaction, one INSERT of a request-sized body, committed. */
export function writeScript(mix: RequestMix, rows: number): string {
  // Single quotes never appear in the body (JSON of letters), so it is a safe SQL literal.
  const body = requestBody(mix.averageRequestBytes);
  return [`\\set uid random(1, ${rows})`, '\\set cents random(100, 10000000)', `INSERT INTO transactions (user_id, amount, body) VALUES (:uid, :cents / 100.0, '${body}');`, ''].join('\n');
}

export function writeScripts(dir: string, mix: RequestMix, rows: number): { read: string; write: string } {
  const read = path.join(dir, 'read.sql');
  const write = path.join(dir, 'write.sql');
  fs.writeFileSync(read, readScript(rows));
  fs.writeFileSync(write, writeScript(mix, rows));
  return { read, write };
}

// ------------------------------------------------------------------ parsing the tools' output

export interface RedisBenchmarkRow {
  readonly test: string;
  readonly requestsPerSecond: number;
  readonly avgMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** `redis-benchmark --csv` (Redis 7): a header line, then one quoted row per test. */
export function parseRedisBenchmarkCsv(text: string): RedisBenchmarkRow[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const header = lines.findIndex((l) => l.startsWith('"test","rps"'));
  if (header < 0) throw new Error(`redis-benchmark output has no CSV header:\n${text.slice(0, 500)}`);
  const columns = lines[header].split(',').map((c) => c.replace(/"/g, ''));
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`redis-benchmark CSV lacks column ${name}: ${lines[header]}`);
    return i;
  };
  return lines.slice(header + 1).map((line) => {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    const num = (name: string) => {
      const v = Number(cells[at(name)]);
      if (!Number.isFinite(v)) throw new Error(`redis-benchmark CSV: ${name} is not a number in ${line}`);
      return v;
    };
    return {
      test: cells[at('test')],
      requestsPerSecond: num('rps'),
      avgMs: num('avg_latency_ms'),
      p50Ms: num('p50_latency_ms'),
      p95Ms: num('p95_latency_ms'),
      p99Ms: num('p99_latency_ms'),
      maxMs: num('max_latency_ms'),
    };
  });
}

export interface PgbenchResult {
  readonly transactions: number;
  readonly failed: number;
  readonly latencyAverageMs: number;
  readonly tps: number;
}

/** pgbench (PostgreSQL 15) summary: processed and failed transactions, average latency, tps. */
export function parsePgbench(text: string): PgbenchResult {
  const match = (re: RegExp, what: string) => {
    const m = re.exec(text);
    if (!m) throw new Error(`pgbench output lacks ${what}:\n${text.slice(0, 1_000)}`);
    return Number(m[1]);
  };
  const transactions = match(/number of transactions actually processed: (\d+)/, 'the processed transactions');
  const failed = /number of failed transactions: (\d+)/.test(text) ? match(/number of failed transactions: (\d+)/, 'failed transactions') : 0;
  // With no transaction at all (a run shorter than its connection set-up), pgbench prints no latency or tps.
  if (transactions === 0) return { transactions, failed, latencyAverageMs: Number.NaN, tps: 0 };
  return {
    transactions,
    failed,
    latencyAverageMs: match(/latency average = ([\d.]+) ms/, 'the average latency'),
    tps: match(/tps = ([\d.]+) \(without initial connection time\)/, 'tps'),
  };
}

// ------------------------------------------------------------------ statistics

export function median(values: readonly number[]): number {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The q-th quantile (0..1) of samples, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** `count / cpuSeconds`, or NaN when the CPU time is below the clock's resolution. */
export function perCpuSecond(count: number, cpuSeconds: number): number {
  return cpuSeconds >= 0.01 ? count / cpuSeconds : Number.NaN;
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}
