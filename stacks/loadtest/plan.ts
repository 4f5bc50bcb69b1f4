import { burstOf, parseRate, RateLimitKey, RateLimitTier } from '../../lib/rate-limits';
import { PlannedRequest, LabelStats } from './drive';
import { LoadTestTargets, PathTarget } from './targets';

/**
 * The load test's decisions, without I/O: which request comes next, how many synthetic
 * clients the rate needs, the ramp, the rate-tier checks and what they expect, the SLO
 * verdicts, the calibration's steps. stacks/loadtest/run.ts drives them.
 */

export class UsageError extends Error {}

export interface CalibrationOptions {
  /** The service whose pod is driven (its path prefix and CPU request come from the config). */
  readonly service: string;
  /** The pod's Prometheus endpoint (its process_cpu_seconds_total). @default - `<url>/metrics` */
  readonly metricsUrl?: string;
  /** Seconds per calibration step. */
  readonly stepSeconds: number;
  readonly maxSteps: number;
  /** Requests/s of the first step. */
  readonly startRate: number;
}

export interface LoadTestOptions {
  readonly url: string;
  readonly environment: string;
  /** Requests/s the ramp ends at. */
  readonly rate: number;
  readonly rampSeconds: number;
  readonly rampSteps: number;
  /** Seconds at `rate` after the ramp; the per-path report is of this phase. */
  readonly holdSeconds: number;
  readonly connections: number;
  /** Record ids GETs draw from (1..idRange). */
  readonly idRange: number;
  /** Run the rate-tier checks. */
  readonly tiers: boolean;
  /** nginx instances the requests spread over. @default - the plan's maximum */
  readonly edgeInstances?: number;
  readonly calibrate?: CalibrationOptions;
}

export const USAGE = [
  'usage: npm run loadtest -- --url <base URL> [--env <name>] [--rate <req/s>] [--ramp <seconds>] [--steps <n>] [--hold <seconds>]',
  '         [--connections <n>] [--ids <n>] [--no-tiers] [--edge-instances <n>]',
  '       npm run loadtest -- --url <pod URL> --calibrate <service> [--metrics-url <url>] [--env <name>] [--start-rate <req/s>] [--step <seconds>] [--max-steps <n>]',
].join('\n');

function positive(flag: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'whole ' : ''}number, not ${JSON.stringify(value)}`);
  }
  return n;
}

/** Parses the CLI's arguments. Throws UsageError naming the bad flag. */
export function parseLoadTestArgs(argv: readonly string[], environments: readonly string[]): LoadTestOptions {
  let url: string | undefined;
  let environment = 'prod';
  let rate = 200;
  let rampSeconds = 10;
  let rampSteps = 5;
  let holdSeconds = 10;
  let connections = 32;
  let idRange = 1_000;
  let tiers = true;
  let edgeInstances: number | undefined;
  let calibrateService: string | undefined;
  let metricsUrl: string | undefined;
  let stepSeconds = 5;
  let maxSteps = 6;
  let startRate = 50;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--url':
        url = value();
        break;
      case '--env':
        environment = value();
        break;
      case '--rate':
        rate = positive(flag, value());
        break;
      case '--ramp':
        rampSeconds = positive(flag, value(), false);
        break;
      case '--steps':
        rampSteps = positive(flag, value());
        break;
      case '--hold':
        holdSeconds = positive(flag, value(), false);
        break;
      case '--connections':
        connections = positive(flag, value());
        break;
      case '--ids':
        idRange = positive(flag, value());
        break;
      case '--no-tiers':
        tiers = false;
        break;
      case '--edge-instances':
        edgeInstances = positive(flag, value());
        break;
      case '--calibrate':
        calibrateService = value();
        break;
      case '--metrics-url':
        metricsUrl = value();
        break;
      case '--step':
        stepSeconds = positive(flag, value(), false);
        break;
      case '--max-steps':
        maxSteps = positive(flag, value());
        break;
      case '--start-rate':
        startRate = positive(flag, value());
        break;
      default:
        throw new UsageError(`unknown option ${argv[i]}`);
    }
  }
  if (!url) throw new UsageError('--url is required: the base URL of the environment (or of one pod, with --calibrate)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL: write e.g. https://prod.million-rps.example.com`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url must be http or https, not ${parsed.protocol}`);
  if (!environments.includes(environment)) throw new UsageError(`--env ${JSON.stringify(environment)} is not an environment: use one of ${environments.join(', ')}`);
  if (calibrateService === undefined && metricsUrl !== undefined) throw new UsageError('--metrics-url only applies with --calibrate <service>');
  return {
    url,
    environment,
    rate,
    rampSeconds,
    rampSteps,
    holdSeconds,
    connections,
    idRange,
    tiers,
    edgeInstances,
    calibrate: calibrateService === undefined ? undefined : { service: calibrateService, metricsUrl, stepSeconds, maxSteps, startRate },
  };
}

// ------------------------------------------------------------------ the request mix

/** Synthetic clients come from 198.18.0.0/15, the range RFC 2544 reserves for benchmarks. */
export function clientAddress(index: number): string {
  const n = index % (2 * 65_536);
  return `198.${18 + Math.floor(n / 65_536)}.${Math.floor((n % 65_536) / 256)}.${n % 256}`;
}

/** Requests/s one client may send to stay under half of every tier that counts its requests. */
export function perClientRate(targets: LoadTestTargets): number {
  let limit = Number.POSITIVE_INFINITY;
  for (const tier of targets.rateTiers) {
    const rate = parseRate(tier.rate);
    if (!rate) continue;
    const covered = targets.paths.filter((p) => tierCovers(tier, p.pathPrefix)).reduce((sum, p) => sum + p.share, 0);
    if (covered > 0) limit = Math.min(limit, rate.requestsPerMinute / 60 / covered);
  }
  return limit / 2;
}

/** Synthetic clients (each its own address and credential) the rate needs so no client trips a tier. */
export function syntheticClients(targets: LoadTestTargets, rate: number): number {
  const perClient = perClientRate(targets);
  return Number.isFinite(perClient) ? Math.max(1, Math.ceil(rate / perClient)) : 1;
}

export function tierCovers(tier: RateLimitTier, pathPrefix: string): boolean {
  if (tier.pathPrefix === undefined) return true;
  const prefix = tier.pathPrefix.replace(/\/+$/, '');
  const route = pathPrefix.replace(/\/+$/, '');
  return route === prefix || route.startsWith(`${prefix}/`);
}

/** A JSON write body of about `bytes` bytes. */
export function writeBody(bytes: number, userId: number, amount: number): string {
  const head = JSON.stringify({ userId, amount, note: '' });
  return `${head.slice(0, -2)}${'n'.repeat(Math.max(0, bytes - head.length))}"}`;
}

function join(prefix: string, rest: string): string {
  return `${prefix.replace(/\/+$/, '')}/${rest}`.replace(/\/+$/, '') || '/';
}

/**
 * The request mix: a path by the services' traffic shares, POST with the write share (a
 * request-sized JSON body) and GET of a record id otherwise, from the next synthetic
 * client in turn (X-Forwarded-For and Authorization: nginx's per-client tiers key on them).
 */
export function requestMix(targets: LoadTestTargets, clients: number, idRange: number, random: () => number = Math.random): () => PlannedRequest {
  const total = targets.paths.reduce((sum, p) => sum + p.share, 0);
  let client = 0;
  return () => {
    let pick = random() * total;
    const target = targets.paths.find((p) => (pick -= p.share) < 0) ?? targets.paths[targets.paths.length - 1];
    const index = client++ % clients;
    const headers = { 'x-forwarded-for': clientAddress(index), authorization: `Bearer loadtest-client-${index}` };
    if (random() < targets.writeShare) {
      const userId = 1 + Math.floor(random() * idRange);
      return { label: target.pathPrefix, method: 'POST', path: join(target.pathPrefix, ''), headers, body: writeBody(targets.requestBytes, userId, Math.round(random() * 100_000) / 100) };
    }
    return { label: target.pathPrefix, method: 'GET', path: join(target.pathPrefix, String(1 + Math.floor(random() * idRange))), headers };
  };
}

export interface Stage {
  readonly rate: number;
  readonly seconds: number;
  readonly hold: boolean;
}

/** `steps` equal steps up to `rate` over `rampSeconds`, then the hold at `rate`. */
export function rampStages(options: Pick<LoadTestOptions, 'rate' | 'rampSeconds' | 'rampSteps' | 'holdSeconds'>): Stage[] {
  const steps = Math.max(1, options.rampSteps);
  const ramp = Array.from({ length: steps }, (_, i) => ({ rate: Math.max(1, Math.round((options.rate * (i + 1)) / (steps + 1))), seconds: options.rampSeconds / steps, hold: false }));
  return [...ramp, { rate: options.rate, seconds: options.holdSeconds, hold: true }];
}

// ------------------------------------------------------------------ SLO verdicts

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface PathReport {
  readonly label: string;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  /** 5xx responses. */
  readonly serverErrors: number;
  readonly errorRatio: number;
  /** 429s: the load test's own clients must never be rate-limited. */
  readonly rateLimited: number;
  readonly otherStatuses: string;
  readonly meetsLatency: boolean;
  readonly meetsErrorBudget: boolean;
  readonly ok: boolean;
}

export function pathReport(stats: LabelStats, seconds: number, targets: Pick<LoadTestTargets, 'latencyP95Seconds' | 'errorBudgetRatio'>): PathReport {
  let serverErrors = 0;
  let rateLimited = 0;
  const other: string[] = [];
  for (const [status, count] of [...stats.statuses].sort((a, b) => a[0] - b[0])) {
    if (status >= 500) serverErrors += count;
    else if (status === 429) rateLimited += count;
    else if (status >= 300) other.push(`${status} x${count}`);
  }
  const p95Ms = quantile(stats.latenciesMs, 0.95);
  const errorRatio = stats.requests > 0 ? serverErrors / stats.requests : 0;
  const meetsLatency = stats.requests > 0 && p95Ms <= targets.latencyP95Seconds * 1000;
  const meetsErrorBudget = errorRatio <= targets.errorBudgetRatio;
  return {
    label: stats.label,
    requests: stats.requests,
    perSecond: seconds > 0 ? stats.requests / seconds : 0,
    p50Ms: quantile(stats.latenciesMs, 0.5),
    p95Ms,
    p99Ms: quantile(stats.latenciesMs, 0.99),
    serverErrors,
    errorRatio,
    rateLimited,
    otherStatuses: other.join(', '),
    meetsLatency,
    meetsErrorBudget,
    ok: meetsLatency && meetsErrorBudget && rateLimited === 0 && other.length === 0,
  };
}

// ------------------------------------------------------------------ rate tiers

export interface TierCheck {
  readonly tier: RateLimitTier;
  /** Where the check sends its requests (a path the tier covers). */
  readonly pathPrefix: string;
  readonly requests: number;
  /** Admitted before 429 at least: the burst and the first request (nginx `nodelay`). */
  readonly minAdmitted: number;
  /** Per instance: burst + 1, plus what the rate refills while the check runs. */
  readonly burst: number;
  readonly ratePerSecond: number;
  readonly instances: number;
  /** The check's one credential (user tiers) or one address (client-IP tiers). */
  readonly key: string;
}

/**
 * One check per tier: a single client (one address for client-IP tiers; one credential
 * from fresh addresses for user tiers) sends well past the tier's burst on every instance
 * to a path the tier covers (and no tighter tier does), and expects 429 with Retry-After.
 */
export function tierChecks(targets: LoadTestTargets, instances: number, seed: number): TierCheck[] {
  return targets.rateTiers.flatMap((tier, i) => {
    const rate = parseRate(tier.rate);
    if (!rate) return [];
    const limitPerMinute = (t: RateLimitTier) => parseRate(t.rate)?.requestsPerMinute ?? Number.POSITIVE_INFINITY;
    // A path this tier covers where no other tier of the same key is stricter.
    const path = targets.paths.find(
      (p) => tierCovers(tier, p.pathPrefix) && !targets.rateTiers.some((o) => o !== tier && o.key === tier.key && tierCovers(o, p.pathPrefix) && (limitPerMinute(o) < rate.requestsPerMinute || burstOf(o) < burstOf(tier))),
    );
    if (!path) return [];
    const burst = burstOf(tier);
    const requests = Math.ceil((burst + 1) * instances * 1.5) + 20;
    return [
      {
        tier,
        pathPrefix: path.pathPrefix,
        requests,
        minAdmitted: burst + 1,
        burst,
        ratePerSecond: rate.requestsPerMinute / 60,
        instances,
        // Per run (seed): a rerun within the tier's window must not find the bucket it emptied.
        key: tier.key === RateLimitKey.USER ? `Bearer loadtest-tier-${tier.name}-${seed}` : `198.19.${250 + (Math.floor((seed + i) / 254) % 6)}.${((seed + i) % 254) + 1}`,
      },
    ];
  });
}

/** The requests of one tier check. */
export function tierCheckRequests(check: TierCheck, idRange: number): () => PlannedRequest {
  let sent = 0;
  return () => {
    const n = sent++;
    const headers: Record<string, string> =
      check.tier.key === RateLimitKey.USER
        ? // A fresh address per request: only the credential repeats, so only the user tier counts.
          { authorization: check.key, 'x-forwarded-for': `198.19.${Math.floor(n / 250) % 250}.${(n % 250) + 1}` }
        : { 'x-forwarded-for': check.key };
    return { label: `tier ${check.tier.name}`, method: 'GET', path: join(check.pathPrefix, String(1 + (n % idRange))), headers };
  };
}

export interface TierVerdict {
  readonly check: TierCheck;
  readonly admitted: number;
  readonly limited: number;
  readonly limitedWithRetryAfter: number;
  readonly maxAdmitted: number;
  readonly other: number;
  readonly ok: boolean;
  readonly reason: string;
}

export function judgeTierCheck(check: TierCheck, stats: LabelStats | undefined, seconds: number, connections: number): TierVerdict {
  const admitted = stats ? [...stats.statuses].filter(([s]) => s >= 200 && s < 300).reduce((sum, [, n]) => sum + n, 0) : 0;
  const limited = stats?.statuses.get(429) ?? 0;
  const other = (stats?.requests ?? 0) - admitted - limited;
  const maxAdmitted = Math.ceil(check.instances * (check.burst + 1 + check.ratePerSecond * seconds)) + connections;
  const problems: string[] = [];
  if (limited === 0) problems.push('no 429: the tier did not limit');
  if (admitted < check.minAdmitted) problems.push(`only ${admitted} admitted before 429, below the burst + 1 = ${check.minAdmitted}: a tighter limit is in effect`);
  if (admitted > maxAdmitted) problems.push(`${admitted} admitted, above ${maxAdmitted} (${check.instances} instance(s) x (burst ${check.burst} + 1 + ${check.ratePerSecond.toFixed(1)}/s x ${seconds.toFixed(1)} s) + ${connections} in flight)`);
  if (limited > 0 && stats!.retryAfter < limited) problems.push(`${limited - stats!.retryAfter} of ${limited} 429s without Retry-After`);
  if (other > 0) problems.push(`${other} responses neither 2xx nor 429`);
  return { check, admitted, limited, limitedWithRetryAfter: stats?.retryAfter ?? 0, maxAdmitted, other, ok: problems.length === 0, reason: problems.join('; ') || 'limited past the burst, as configured' };
}

// ------------------------------------------------------------------ calibration

export interface CalibrationStep {
  readonly rate: number;
  readonly seconds: number;
  readonly achievedRps: number;
  /** Cores the pod used (its process_cpu_seconds_total over the step). */
  readonly cpuCores: number;
  /** cpuCores / CPU request. */
  readonly utilization: number;
  readonly p95Ms: number;
  readonly serverErrors: number;
}

/** Within 10% of the HPA target: the step is the calibration point. */
export const CALIBRATION_TOLERANCE = 0.1;
/** A step never more than quadruples the rate: CPU per request is not constant far from the probe. */
const MAX_STEP_GROWTH = 4;

export function calibrationReached(step: CalibrationStep, targetUtilization: number): boolean {
  return Math.abs(step.utilization - targetUtilization) <= CALIBRATION_TOLERANCE * targetUtilization;
}

/** The next step's rate: the rate that would put the pod at the target utilisation at this step's CPU per request. */
export function nextCalibrationRate(step: CalibrationStep, targetUtilization: number): number {
  if (step.utilization <= 0 || step.achievedRps <= 0) return Math.ceil(step.rate * MAX_STEP_GROWTH);
  const predicted = (step.achievedRps * targetUtilization) / step.utilization;
  return Math.max(1, Math.ceil(Math.min(predicted, step.rate * MAX_STEP_GROWTH)));
}

/** Requests/s per pod at 100% of its CPU request (the capacity inputs' podRps), from a step near the target. */
export function podRpsAtRequest(step: CalibrationStep): number {
  return step.utilization > 0 ? step.achievedRps / step.utilization : Number.NaN;
}

/** `process_cpu_seconds_total` from a Prometheus text exposition. */
export function processCpuSeconds(metrics: string): number {
  const m = /^process_cpu_seconds_total(?:\{[^}]*\})? ([0-9.eE+-]+)$/m.exec(metrics);
  if (!m) throw new Error('the metrics endpoint has no process_cpu_seconds_total (prom-client collectDefaultMetrics exports it)');
  return Number(m[1]);
}

export function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

export type { PathTarget };
