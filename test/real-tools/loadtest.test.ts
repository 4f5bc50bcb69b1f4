import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { prod } from '../../stacks/environments';
import { deployedNginx } from '../../stacks/deployed-nginx';
import { parseLoadTestArgs } from '../../stacks/loadtest/plan';
import { runCalibration } from '../../stacks/loadtest/run';
import { loadTestTargets, LoadTestTargets } from '../../stacks/loadtest/targets';
import { cacheCounts, measureService, profileRequests, serviceProfiles, serviceRequests, ServiceStack, startServiceStack, warmCache } from '../bench/service-bench';
import { freePort, loopbackConfig, renderNginxConf, requireTools, RunningNginx, startNginx } from '../support/nginx';
import { requireServers, startReferenceGateway } from '../bench/servers';
import { benchRequestMix } from '../bench/workload';
import { tempDir } from '../support/temp';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT_MS = 120_000;
const HOT = 100;
const COLD = 1_000;

/**
 * The reference service against real Redis and PostgreSQL (bench:service's harness, a tiny
 * run), and `npm run loadtest` against real nginx running prod's generated nginx.conf in
 * front of it: the request mix over the services' paths, the SLO report, every rate tier's
 * 429, and the calibration of one pod. Skips loudly without the servers; fails in CI.
 */
describe('bench:service and npm run loadtest against real nginx, Redis and PostgreSQL', () => {
  let skip = false;
  let stack: ServiceStack | undefined;
  let nginx: RunningNginx | undefined;
  let nginxDir = '';
  let edge = '';
  let targets: LoadTestTargets;

  beforeAll(async () => {
    if (!requireServers('the bench:service and loadtest test', ['redis-server', 'redis-cli', 'postgres', 'initdb', 'psql', 'pg_isready', 'openssl']) || !requireTools('the loadtest test', ['nginx'])) {
      skip = true;
      return;
    }
    stack = await startServiceStack(HOT + COLD, false);
    const { config } = deployedNginx(prod);
    targets = loadTestTargets(prod, config);
    nginxDir = tempDir('loadtest-nginx-');
    const listenPort = await freePort();
    const loopback = loopbackConfig(config, {
      listenPort,
      statusPort: await freePort(),
      runtime: { user: process.getuid?.() === 0 ? 'root' : null, pidPath: path.join(nginxDir, 'nginx.pid'), errorLogPath: path.join(nginxDir, 'error.log'), accessLogPath: path.join(nginxDir, 'access.log'), tempDir: nginxDir },
      // Every service is the reference service here.
      upstreams: config.upstreams.map((u) => ({ ...u, port: stack!.service.port, addresses: ['127.0.0.1'] })),
    });
    edge = `http://127.0.0.1:${listenPort}`;
    nginx = await startNginx(renderNginxConf(loopback), nginxDir, `${edge}${config.healthPath}`);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await nginx?.stop();
    await stack?.stop();
    if (nginxDir) fs.rmSync(nginxDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  test('WHEN autocannon drives the reference service with the mix THEN reads hit the cache at the mix ratio and the CPU is charged to the service', async () => {
    if (skip) return;
    const mix = benchRequestMix();
    await warmCache(stack!.url, HOT);
    expect(await cacheCounts(stack!.url)).toEqual({ hit: 0, miss: HOT });
    const point = await measureService(stack!, serviceRequests(mix, HOT, COLD), 4, 1);
    expect(point.ok).toBeGreaterThan(20);
    expect(point.errors).toBe(0);
    expect(point.cpuSeconds).toBeGreaterThan(0);
    expect(point.perCpuSecond).toBeCloseTo(point.ok / point.cpuSeconds, 6);
    // 95% hits by construction; a short run's sample wanders a little.
    expect(point.hitRatio).toBeGreaterThan(0.85);
    expect(point.hitRatio).toBeLessThan(1);
  }, TIMEOUT_MS);

  test('WHEN the api-gateway profile drives the gateway in front of the reference service THEN every request is forwarded, answered, and charged to the gateway', async () => {
    if (skip) return;
    const gateway = await startReferenceGateway({ upstreamUrl: stack!.url });
    try {
      const profile = serviceProfiles(benchRequestMix()).find((p) => p.gateway)!;
      const served = (await cacheCounts(stack!.url)).hit + (await cacheCounts(stack!.url)).miss;
      const point = await measureService({ ...stack!, gateway }, profileRequests(benchRequestMix(), profile, HOT, COLD), 4, 1);
      expect(point.ok).toBeGreaterThan(20);
      expect(point.errors).toBe(0);
      // Charged to the gateway process, not to the service behind it.
      expect(point.perCpuSecond).toBeCloseTo(point.ok / point.cpuSeconds, 6);
      // The service behind it did the reads: its cache saw them.
      const after = await cacheCounts(stack!.url);
      expect(after.hit + after.miss - served).toBeGreaterThan(point.ok * 0.8);
    } finally {
      await gateway.stop();
    }
  }, TIMEOUT_MS);

  test('WHEN npm run loadtest ramps prod\'s request mix through nginx and checks every tier THEN it reports every path against the SLOs and every tier answers 429', async () => {
    if (skip) return;
    const args = ['run', '--silent', 'loadtest', '--', '--url', edge, '--env', 'prod', '--rate', '60', '--ramp', '1', '--steps', '1', '--hold', '2', '--ids', String(HOT + COLD), '--edge-instances', '1'];
    const { stdout, code } = await run('npm', args, { cwd: ROOT, timeout: 90_000, maxBuffer: 4 * 1024 * 1024 }).then(
      (r) => ({ stdout: r.stdout, code: 0 }),
      (e: { stdout?: string; stderr?: string; code?: number; message: string }) => ({ stdout: `${e.stdout ?? ''}\n${e.stderr ?? ''}`, code: e.code ?? -1 }),
    );
    console.log(stdout);
    // Every path of the mix has its row; its verdict follows its own p95 and 5xx (the machine's speed decides which).
    for (const p of targets.paths) {
      const row = new RegExp(`^\\s+${p.pathPrefix}\\s+(\\d+)\\s+[\\d.,]+\\s+[\\d.,]+\\s+([\\d.,]+)\\s+[\\d.,]+\\s+(\\d+) \\([\\d.]+%\\)\\s+(\\d+)\\s+(\\S+)\\s+(OK|FAIL.*)$`, 'm').exec(stdout);
      expect(row).not.toBeNull();
      const [, requests, p95, serverErrors, limited, other, verdict] = row!;
      expect(Number(requests)).toBeGreaterThan(20);
      expect([serverErrors, limited, other]).toEqual(['0', '0', '-']);
      expect(verdict.trim()).toBe(Number(p95.replace(/,/g, '')) <= 100 ? 'OK' : 'FAIL p95>100ms');
    }
    // The tiers are the machine-independent part: each limits exactly past its burst on the one nginx.
    for (const tier of targets.rateTiers) expect(stdout).toMatch(new RegExp(`^\\s+OK\\s+${tier.name} \\(.*limited past the burst, as configured$`, 'm'));
    const passed = /^load test: PASS$/m.test(stdout);
    expect(passed || /^load test: FAIL$/m.test(stdout)).toBe(true);
    expect(code).toBe(passed ? 0 : 1);
  }, TIMEOUT_MS);

  test('WHEN the calibration drives one pod THEN it steps toward the HPA CPU target and prints the pod figure it measured', async () => {
    if (skip) return;
    const options = parseLoadTestArgs(['--url', stack!.url, '--calibrate', 'user-service', '--start-rate', '40', '--step', '1', '--max-steps', '2', '--ids', String(HOT + COLD)], ['prod']);
    const lines: string[] = [];
    const outcome = await runCalibration(options, targets, (l) => lines.push(l), () => new Date('2026-01-02T00:00:00Z'));
    console.log(lines.join('\n'));
    expect(outcome.steps.length).toBeGreaterThanOrEqual(1);
    const first = outcome.steps[0];
    expect(first.rate).toBe(40);
    expect(first.cpuCores).toBeGreaterThan(0);
    const requestCores = targets.services.find((t) => t.name === 'user-service')!.cpuRequestMillicores / 1000;
    expect(first.utilization).toBeCloseTo(first.cpuCores / requestCores, 6);
    expect(outcome.podRps).toBeCloseTo(outcome.steps[outcome.steps.length - 1].achievedRps / outcome.steps[outcome.steps.length - 1].utilization, 6);
    expect(lines.join('\n')).toMatch(/podRps: sourced\(\d+, 'this repo: npm run loadtest -- --calibrate user-service \(2026-01-02\)/);
  }, TIMEOUT_MS);
});
