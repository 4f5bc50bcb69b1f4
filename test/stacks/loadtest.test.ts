import { DESIGN_NOTES_RATE_LIMITS } from '../../lib/rate-limits';
import { LabelStats } from '../../stacks/loadtest/drive';
import {
  CalibrationStep,
  calibrationReached,
  clientAddress,
  judgeTierCheck,
  nextCalibrationRate,
  parseLoadTestArgs,
  pathReport,
  PathReport,
  perClientRate,
  podRpsAtRequest,
  processCpuSeconds,
  rampStages,
  requestMix,
  syntheticClients,
  tierCheckRequests,
  tierChecks,
  UsageError,
  writeBody,
} from '../../stacks/loadtest/plan';
import { LoadTestTargets } from '../../stacks/loadtest/targets';

const TARGETS: LoadTestTargets = {
  environment: 'prod',
  paths: [
    { service: 'user-service', pathPrefix: '/api/users', share: 0.6 },
    { service: 'transaction-service', pathPrefix: '/api/transactions', share: 0.4 },
  ],
  readShare: 0.95,
  writeShare: 0.05,
  requestBytes: 1_024,
  rateTiers: DESIGN_NOTES_RATE_LIMITS,
  edgeInstances: { min: 21, max: 33 },
  latencyP95Seconds: 0.1,
  errorBudgetRatio: 0.001,
  targetCpuUtilization: 0.6,
  services: [{ name: 'user-service', pathPrefix: '/api/users', cpuRequestMillicores: 1_000, plannedPodRps: 1_000 }],
};

function seeded(seed = 1): () => number {
  let s = seed;
  return () => ((s = (s * 16_807) % 2_147_483_647) - 1) / 2_147_483_646;
}

function stats(label: string, statuses: [number, number][], latencies: number[] = [], retryAfter = 0): LabelStats {
  return { label, requests: statuses.reduce((a, [, n]) => a + n, 0), statuses: new Map(statuses), latenciesMs: latencies, retryAfter, sequence: [] };
}

describe('npm run loadtest: arguments', () => {
  test('GIVEN only a URL WHEN parsed THEN prod, a modest ramp and the tier checks are the defaults', () => {
    const o = parseLoadTestArgs(['--url', 'https://prod.example.com'], ['dev', 'prod']);
    expect(o).toMatchObject({ url: 'https://prod.example.com', environment: 'prod', tiers: true, calibrate: undefined });
    expect(o.rate).toBeGreaterThan(0);
  });

  test('GIVEN --calibrate WHEN parsed THEN the calibration options are set, --key=value works too', () => {
    const o = parseLoadTestArgs(['--url=http://127.0.0.1:8080', '--calibrate', 'user-service', '--start-rate=20', '--step', '2', '--env', 'dev'], ['dev', 'prod']);
    expect(o.environment).toBe('dev');
    expect(o.calibrate).toEqual({ service: 'user-service', metricsUrl: undefined, stepSeconds: 2, maxSteps: 6, startRate: 20 });
  });

  test.each([
    ['no URL', [], /--url is required/],
    ['a URL that does not parse', ['--url', 'prod'], /is not a URL/],
    ['a non-HTTP URL', ['--url', 'ftp://x'], /http or https/],
    ['an unknown environment', ['--url', 'http://x', '--env', 'qa'], /use one of dev, prod/],
    ['a negative rate', ['--url', 'http://x', '--rate', '-5'], /--rate needs a positive whole number/],
    ['a fractional connection count', ['--url', 'http://x', '--connections', '2.5'], /--connections needs a positive whole number/],
    ['a missing value', ['--url', 'http://x', '--hold'], /--hold needs a positive number/],
    ['an unknown flag', ['--url', 'http://x', '--fast'], /unknown option --fast/],
    ['--metrics-url without --calibrate', ['--url', 'http://x', '--metrics-url', 'http://x/metrics'], /only applies with --calibrate/],
  ])('GIVEN %s WHEN parsed THEN a usage error names the flag', (_what, argv, message) => {
    expect(() => parseLoadTestArgs(argv as string[], ['dev', 'prod'])).toThrow(UsageError);
    expect(() => parseLoadTestArgs(argv as string[], ['dev', 'prod'])).toThrow(message as RegExp);
  });
});

describe('npm run loadtest: the request mix', () => {
  test('GIVEN the services traffic shares WHEN many requests are drawn THEN paths, methods and bodies follow the config', () => {
    const next = requestMix(TARGETS, 10, 100, seeded(7));
    const drawn = Array.from({ length: 20_000 }, next);
    const share = (f: (r: (typeof drawn)[number]) => boolean) => drawn.filter(f).length / drawn.length;
    expect(share((r) => r.label === '/api/users')).toBeCloseTo(0.6, 1);
    expect(share((r) => r.method === 'POST')).toBeCloseTo(0.05, 2);
    const post = drawn.find((r) => r.method === 'POST')!;
    expect(post.body).toHaveLength(1_024);
    expect(JSON.parse(post.body!).userId).toBeGreaterThan(0);
    expect(drawn.find((r) => r.method === 'GET')!.path).toMatch(/^\/api\/(users|transactions)\/\d+$/);
    // Round robin over the synthetic clients: ten addresses, ten credentials.
    expect(new Set(drawn.map((r) => r.headers['x-forwarded-for'])).size).toBe(10);
    expect(new Set(drawn.map((r) => r.headers.authorization)).size).toBe(10);
  });

  test('GIVEN the rate tiers WHEN the clients are counted THEN each stays under half of every tier that counts it', () => {
    // per-ip 1000/min over every path = 16.7/s; trading 600/min over 40% of requests = 25/s: per-ip binds.
    expect(perClientRate(TARGETS)).toBeCloseTo(1000 / 60 / 2, 9);
    expect(syntheticClients(TARGETS, 1_000)).toBe(Math.ceil(1_000 / (1000 / 60 / 2)));
    expect(syntheticClients({ ...TARGETS, rateTiers: [] }, 1_000)).toBe(1);
    expect(clientAddress(0)).toBe('198.18.0.0');
    expect(clientAddress(65_536 + 257)).toBe('198.19.1.1');
    expect(writeBody(300, 1, 2)).toHaveLength(300);
  });

  test('WHEN the ramp is planned THEN equal steps lead up to the rate and the hold runs at it', () => {
    expect(rampStages({ rate: 600, rampSeconds: 10, rampSteps: 2, holdSeconds: 30 })).toEqual([
      { rate: 200, seconds: 5, hold: false },
      { rate: 400, seconds: 5, hold: false },
      { rate: 600, seconds: 30, hold: true },
    ]);
  });
});

describe('npm run loadtest: SLO verdicts', () => {
  test('GIVEN fast, clean responses THEN the path meets the SLOs', () => {
    const r = pathReport(stats('/api/users', [[200, 1000]], Array.from({ length: 1000 }, (_, i) => i / 20)), 10, TARGETS);
    expect(r).toMatchObject({ requests: 1000, perSecond: 100, serverErrors: 0, rateLimited: 0, meetsLatency: true, meetsErrorBudget: true, ok: true });
    expect(r.p95Ms).toBe(47.45);
  });

  test.each([
    ['a p95 over 100 ms', stats('/a', [[200, 100]], Array.from({ length: 100 }, (_, i) => i * 2)), (r: PathReport) => !r.meetsLatency && r.meetsErrorBudget],
    ['5xx over the 0.1% budget', stats('/a', [[200, 998], [503, 2]], Array(1000).fill(5)), (r: PathReport) => r.meetsLatency && !r.meetsErrorBudget && r.serverErrors === 2],
    ['its own clients rate-limited', stats('/a', [[200, 99], [429, 1]], Array(100).fill(5)), (r: PathReport) => r.rateLimited === 1 && r.meetsErrorBudget],
    ['unexpected statuses', stats('/a', [[200, 99], [404, 1]], Array(100).fill(5)), (r: PathReport) => r.otherStatuses === '404 x1'],
  ])('GIVEN %s THEN the path fails, and for that reason', (_what, s, why) => {
    const r = pathReport(s, 1, TARGETS);
    expect(r.ok).toBe(false);
    expect(why(r)).toBe(true);
  });
});

describe('npm run loadtest: rate tiers', () => {
  const checks = tierChecks(TARGETS, 1, 42);

  test('GIVEN the design notes tiers WHEN checks are planned THEN each targets a path it covers where no tighter tier of its key does', () => {
    expect(checks.map((c) => [c.tier.name, c.pathPrefix, c.minAdmitted])).toEqual([
      ['per-ip', '/api/users', 101],
      ['per-user', '/api/users', 201],
      ['trading', '/api/transactions', 61],
    ]);
    expect(tierChecks(TARGETS, 33, 42)[0].requests).toBe(Math.ceil(101 * 33 * 1.5) + 20);
  });

  test('WHEN a tier check sends THEN client-IP checks repeat one address, user checks one credential from fresh addresses', () => {
    const ip = tierCheckRequests(checks[0], 10);
    const a = [ip(), ip()];
    expect(a[0].headers['x-forwarded-for']).toBe(a[1].headers['x-forwarded-for']);
    expect(a[0].headers.authorization).toBeUndefined();
    const user = tierCheckRequests(checks[1], 10);
    const b = [user(), user()];
    expect(b[0].headers.authorization).toBe(b[1].headers.authorization);
    expect(b[0].headers['x-forwarded-for']).not.toBe(b[1].headers['x-forwarded-for']);
  });

  test('GIVEN responses past the burst with Retry-After THEN the check passes', () => {
    expect(judgeTierCheck(checks[0], stats('tier per-ip', [[200, 101], [429, 70]], [], 70), 0.5, 10)).toMatchObject({ ok: true, admitted: 101, limited: 70 });
  });

  test.each([
    ['no 429 at all', stats('t', [[200, 171]]), /no 429/],
    ['fewer admitted than the burst', stats('t', [[200, 50], [429, 121]], [], 121), /below the burst/],
    ['far more admitted than the burst allows', stats('t', [[200, 160], [429, 11]], [], 11), /above/],
    ['429 without Retry-After', stats('t', [[200, 101], [429, 70]], [], 0), /without Retry-After/],
    ['other statuses', stats('t', [[200, 101], [429, 60], [502, 10]], [], 60), /neither 2xx nor 429/],
  ])('GIVEN %s THEN the check fails and says why', (_what, s, reason) => {
    const v = judgeTierCheck(checks[0], s, 0.5, 10);
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(reason);
  });
});

describe('npm run loadtest --calibrate', () => {
  const step = (rate: number, achievedRps: number, utilization: number): CalibrationStep => ({ rate, seconds: 5, achievedRps, cpuCores: utilization, utilization, p95Ms: 10, serverErrors: 0 });

  test('GIVEN a step below the target WHEN the next rate is chosen THEN it aims at the target, but at most quadruples', () => {
    expect(nextCalibrationRate(step(100, 100, 0.3), 0.6)).toBe(200);
    expect(nextCalibrationRate(step(100, 100, 0.01), 0.6)).toBe(400);
    expect(nextCalibrationRate(step(100, 100, 0.9), 0.6)).toBe(67);
    expect(nextCalibrationRate(step(100, 0, 0), 0.6)).toBe(400);
  });

  test('GIVEN a step within 10% of the target THEN it is the calibration point and podRps is its rate at the full CPU request', () => {
    expect(calibrationReached(step(1, 1, 0.57), 0.6)).toBe(true);
    expect(calibrationReached(step(1, 1, 0.5), 0.6)).toBe(false);
    expect(podRpsAtRequest(step(600, 600, 0.6))).toBeCloseTo(1_000, 9);
  });

  test('GIVEN a Prometheus exposition THEN process_cpu_seconds_total is read, and its absence is an error', () => {
    expect(processCpuSeconds('# HELP x\nprocess_cpu_seconds_total 12.5\nprocess_cpu_user_seconds_total 9\n')).toBe(12.5);
    expect(processCpuSeconds('process_cpu_seconds_total{pod="a"} 3e-1\n')).toBe(0.3);
    expect(() => processCpuSeconds('up 1\n')).toThrow(/process_cpu_seconds_total/);
  });
});
