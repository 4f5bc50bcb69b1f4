import { drive, LabelStats } from './drive';
import {
  CalibrationStep,
  calibrationReached,
  fmt,
  judgeTierCheck,
  LoadTestOptions,
  nextCalibrationRate,
  pathReport,
  PathReport,
  perClientRate,
  podRpsAtRequest,
  processCpuSeconds,
  quantile,
  rampStages,
  requestMix,
  syntheticClients,
  tierCheckRequests,
  tierChecks,
  TierVerdict,
} from './plan';
import { LoadTestTargets } from './targets';

/** Connections of a tier check: enough to outrun any tier's refill, few enough for loopback. */
const TIER_CHECK_CONNECTIONS = 10;

export interface LoadTestOutcome {
  readonly ok: boolean;
  readonly paths: readonly PathReport[];
  readonly tiers: readonly TierVerdict[];
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function pathTable(reports: readonly PathReport[], latencyMs: number, budget: number): string[] {
  const rows = reports.map((r) => [
    r.label,
    fmt(r.requests),
    fmt(r.perSecond, 1),
    fmt(r.p50Ms, 1),
    fmt(r.p95Ms, 1),
    fmt(r.p99Ms, 1),
    `${fmt(r.serverErrors)} (${(r.errorRatio * 100).toFixed(3)}%)`,
    fmt(r.rateLimited),
    r.otherStatuses || '-',
    r.ok ? 'OK' : `FAIL${r.meetsLatency ? '' : ` p95>${latencyMs}ms`}${r.meetsErrorBudget ? '' : ` errors>${(budget * 100).toFixed(1)}%`}${r.rateLimited ? ' rate-limited' : ''}${r.otherStatuses ? ' unexpected statuses' : ''}`,
  ]);
  const head = ['path', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', '5xx', '429', 'other', 'SLO'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  '));
}

/**
 * The load test of a deployed environment: the ramp to `options.rate` with the request mix
 * (a report per path of the hold phase, against the SLOs), then one check per rate tier.
 */
export async function runLoadTest(options: LoadTestOptions, targets: LoadTestTargets, log: (line: string) => void): Promise<LoadTestOutcome> {
  const clients = syntheticClients(targets, options.rate);
  const stages = rampStages(options);
  const latencyMs = targets.latencyP95Seconds * 1000;
  log(`load test of ${targets.environment} at ${options.url}`);
  log(`  request mix: ${targets.paths.map((p) => `${p.pathPrefix} ${(p.share * 100).toFixed(0)}% (${p.service})`).join(', ')}; GET ${(targets.readShare * 100).toFixed(0)}% / POST ${(targets.writeShare * 100).toFixed(0)}% (${targets.requestBytes} B bodies)`);
  log(`  ramp: ${stages.map((s) => `${fmt(s.rate)} req/s for ${s.seconds} s${s.hold ? ' (hold)' : ''}`).join(', ')}; ${options.connections} connections`);
  log(
    `  ${fmt(clients)} synthetic clients (X-Forwarded-For from 198.18.0.0/15, one credential each), at most ${fmt(perClientRate(targets), 1)} req/s each: under half of every rate tier. ` +
      'nginx honours X-Forwarded-For only from its trusted proxies (the ALBs): through the ALB every request counts against this machine\'s address, so drive more than the per-IP tier from many machines.',
  );
  log(`  SLOs: p95 < ${latencyMs} ms, 5xx under ${(targets.errorBudgetRatio * 100).toFixed(1)}% of requests (lib/slo.ts)`);

  const next = requestMix(targets, clients, options.idRange);
  let hold: PathReport[] = [];
  let rampOk = true;
  for (const stage of stages) {
    const result = await drive({ url: options.url, connections: Math.min(options.connections, stage.rate), durationSeconds: stage.seconds, overallRate: stage.rate, next });
    const reports = [...result.byLabel.values()].map((s) => pathReport(s, result.durationSeconds, targets));
    const all = [...result.byLabel.values()].flatMap((s) => s.latenciesMs);
    const errors = reports.reduce((sum, r) => sum + r.serverErrors, 0) + result.errors + result.timeouts;
    log(
      `  ${stage.hold ? 'hold' : 'step'} ${fmt(stage.rate)} req/s: ${fmt(result.requests / Math.max(result.durationSeconds, 0.001), 1)} req/s achieved, p95 ${fmt(quantile(all, 0.95), 1)} ms, ` +
        `${fmt(errors)} errors (${fmt(result.errors)} socket, ${fmt(result.timeouts)} timeouts)`,
    );
    if (result.errors + result.timeouts > targets.errorBudgetRatio * Math.max(1, result.requests)) rampOk = false;
    if (stage.hold) hold = reports.sort((a, b) => a.label.localeCompare(b.label));
  }
  log('');
  log(`per path, hold at ${fmt(options.rate)} req/s:`);
  for (const line of pathTable(hold, latencyMs, targets.errorBudgetRatio)) log(`  ${line}`);
  const holdOk = rampOk && hold.length > 0 && hold.every((r) => r.ok);

  const verdicts: TierVerdict[] = [];
  if (options.tiers) {
    const instances = options.edgeInstances ?? targets.edgeInstances.max;
    log('');
    log(`rate tiers (expects 429 past each; ${instances} nginx instance(s), each with its own buckets):`);
    for (const check of tierChecks(targets, instances, Math.floor(Math.random() * 1_000_000))) {
      const started = process.hrtime.bigint();
      const result = await drive({ url: options.url, connections: Math.min(TIER_CHECK_CONNECTIONS, check.requests), amount: check.requests, next: tierCheckRequests(check, options.idRange) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stats: LabelStats | undefined = result.byLabel.get(`tier ${check.tier.name}`);
      const verdict = judgeTierCheck(check, stats, seconds, TIER_CHECK_CONNECTIONS);
      verdicts.push(verdict);
      log(
        `  ${verdict.ok ? 'OK  ' : 'FAIL'} ${check.tier.name} (${check.tier.rate}, burst ${check.burst}, key ${check.tier.key}) on ${check.pathPrefix}: ` +
          `${fmt(verdict.admitted)} admitted, ${fmt(verdict.limited)} x 429 (${fmt(verdict.limitedWithRetryAfter)} with Retry-After) of ${fmt(check.requests)} in ${seconds.toFixed(1)} s: ${verdict.reason}`,
      );
    }
  }
  const ok = holdOk && verdicts.every((v) => v.ok);
  log('');
  log(ok ? 'load test: PASS' : 'load test: FAIL');
  return { ok, paths: hold, tiers: verdicts };
}

export interface CalibrationOutcome {
  readonly ok: boolean;
  readonly steps: readonly CalibrationStep[];
  /** Requests/s per pod at 100% of its CPU request: the capacity inputs' podRps. */
  readonly podRps: number;
}

async function scrapeCpuSeconds(url: string): Promise<number> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return processCpuSeconds(await response.text());
}

/**
 * Calibration: drives one pod (its URL, e.g. through `kubectl port-forward`) with its
 * service's share of the mix, reads the pod's CPU from its own metrics, and steps the rate
 * until the pod runs at the HPA's CPU target; prints the requests/s per pod at its CPU
 * request, the capacity inputs' `podRps`.
 */
export async function runCalibration(options: LoadTestOptions, targets: LoadTestTargets, log: (line: string) => void, now: () => Date = () => new Date()): Promise<CalibrationOutcome> {
  const calibrate = options.calibrate!;
  const service = targets.services.find((s) => s.name === calibrate.service);
  if (!service) throw new Error(`--calibrate ${calibrate.service}: no such service in ${targets.environment} (use one of ${targets.services.map((s) => s.name).join(', ')})`);
  const metricsUrl = calibrate.metricsUrl ?? `${new URL(options.url).origin}/metrics`;
  const requestCores = service.cpuRequestMillicores / 1000;
  const target = targets.targetCpuUtilization;
  const single: LoadTestTargets = { ...targets, paths: [{ service: service.name, pathPrefix: service.pathPrefix, share: 1 }] };
  const next = requestMix(single, syntheticClients(single, Math.max(calibrate.startRate, 1)), options.idRange);
  log(`calibrating ${service.name} (CPU request ${service.cpuRequestMillicores}m) at ${options.url} to the HPA target of ${(target * 100).toFixed(0)}% CPU; CPU from ${metricsUrl}`);
  const steps: CalibrationStep[] = [];
  let rate = calibrate.startRate;
  for (let i = 0; i < calibrate.maxSteps; i++) {
    const before = await scrapeCpuSeconds(metricsUrl);
    const started = process.hrtime.bigint();
    const result = await drive({ url: options.url, connections: Math.min(options.connections, rate), durationSeconds: calibrate.stepSeconds, overallRate: rate, next });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = (await scrapeCpuSeconds(metricsUrl)) - before;
    const stats = [...result.byLabel.values()];
    const ok2xx = stats.reduce((sum, s) => sum + [...s.statuses].filter(([code]) => code < 300).reduce((a, [, n]) => a + n, 0), 0);
    const step: CalibrationStep = {
      rate,
      seconds,
      achievedRps: ok2xx / seconds,
      cpuCores: cpu / seconds,
      utilization: cpu / seconds / requestCores,
      p95Ms: quantile(stats.flatMap((s) => s.latenciesMs), 0.95),
      serverErrors: stats.reduce((sum, s) => sum + [...s.statuses].filter(([code]) => code >= 500).reduce((a, [, n]) => a + n, 0), 0) + result.errors + result.timeouts,
    };
    steps.push(step);
    log(`  step ${i + 1}: ${fmt(rate)} req/s asked, ${fmt(step.achievedRps, 1)} achieved, ${fmt(step.cpuCores * 1000)}m CPU = ${(step.utilization * 100).toFixed(0)}% of the request, p95 ${fmt(step.p95Ms, 1)} ms, ${step.serverErrors} errors`);
    if (calibrationReached(step, target)) break;
    const nextRate = nextCalibrationRate(step, target);
    if (nextRate === rate) break;
    rate = nextRate;
  }
  const last = steps[steps.length - 1];
  const reached = calibrationReached(last, target);
  const podRps = podRpsAtRequest(last);
  const withinSlo = last.p95Ms <= targets.latencyP95Seconds * 1000 && last.serverErrors <= targets.errorBudgetRatio * last.achievedRps * last.seconds;
  log('');
  if (!reached) log(`calibration: did not reach ${(target * 100).toFixed(0)}% CPU in ${steps.length} steps (last ${(last.utilization * 100).toFixed(0)}%); the figure below is extrapolated from the last step`);
  if (!withinSlo) log(`calibration: the pod missed the SLOs at the calibration point (p95 ${fmt(last.p95Ms, 1)} ms, ${last.serverErrors} errors): its podRps must be lower`);
  log(
    `${service.name}: ${fmt(last.achievedRps, 1)} req/s at ${(last.utilization * 100).toFixed(0)}% of ${service.cpuRequestMillicores}m CPU -> ${fmt(podRps)} req/s per pod at its CPU request ` +
      `(capacity inputs now plan ${fmt(service.plannedPodRps)})`,
  );
  log(
    `  podRps: sourced(${Math.floor(podRps)}, 'this repo: npm run loadtest -- --calibrate ${service.name} (${now().toISOString().slice(0, 10)}): ` +
      `${fmt(last.achievedRps, 0)} req/s at ${(last.utilization * 100).toFixed(0)}% of a ${service.cpuRequestMillicores}m request, p95 ${fmt(last.p95Ms, 1)} ms')`,
  );
  return { ok: reached && withinSlo, steps, podRps };
}
