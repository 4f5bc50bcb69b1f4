import { ENVIRONMENTS, prod } from '../../stacks/environments';
import * as fs from 'fs';
import * as path from 'path';
import { deployedNginx } from '../../stacks/deployed-nginx';
import { DEV_WITH_API_FRONT } from '../support/api-front-variant';
import { freePort, httpGet, loopbackConfig, nginxPrefix, nginxTest, renderNginxConf, renderNginxUpstreams, requireTools, runWrk, RunningNginx, startNginx, StubUpstream, writeWrkScript } from '../support/nginx';

/**
 * Verification ladder, step 5: the generated nginx.conf under real nginx (Debian's
 * nginx-light 1.22) and real load (wrk), on loopback only. Skips loudly without the
 * tools; fails in CI where they must exist.
 */
const TIMEOUT_MS = 120_000;

describe('generated nginx.conf under real nginx', () => {
  describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN the %s environment', (_name, env) => {
    test('WHEN nginx -t checks the deployed config THEN it is accepted', async () => {
      if (!requireTools('nginx -t', ['nginx'])) return;
      const { config, text } = deployedNginx(env);
      const { dir, runtime } = nginxPrefix();
      // Only where nginx runs changes (user, pid, logs, temp paths: a test cannot use the
      // instance's); every other line is the deployed text.
      const checked = renderNginxConf({ ...config, runtime });
      const withoutRuntime = (conf: string) => conf.replace(/\n\s*(user|pid|error_log|access_log|\w+_temp_path) [^\n]*/g, '');
      expect(withoutRuntime(checked)).toBe(withoutRuntime(text));
      await expect(nginxTest(checked, dir)).resolves.toBeDefined();
    });
  });

  describe('GIVEN the prod config on loopback in front of stub upstreams', () => {
    const stubs: StubUpstream[] = [];
    let nginx: RunningNginx | undefined;
    let base = '';
    let status = '';
    let script = '';
    let skip = false;
    let gatewayPool: StubUpstream[] = [];
    let userStub: StubUpstream;
    let tradingStub: StubUpstream;

    beforeAll(async () => {
      if (!requireTools('the loopback load test', ['nginx', 'wrk'])) {
        skip = true;
        return;
      }
      const { config } = deployedNginx(prod);
      const gatewayPort = await freePort();
      const otherPort = await freePort();
      // api-gateway: three servers, the third ten times slower, to tell least_conn from round robin.
      gatewayPool = [new StubUpstream('127.0.0.11', gatewayPort, 2), new StubUpstream('127.0.0.12', gatewayPort, 2), new StubUpstream('127.0.0.13', gatewayPort, 20)];
      userStub = new StubUpstream('127.0.0.21', otherPort);
      tradingStub = new StubUpstream('127.0.0.22', otherPort);
      stubs.push(...gatewayPool, userStub, tradingStub);
      await Promise.all(stubs.map((s) => s.listen()));
      const { dir, runtime } = nginxPrefix();
      const listenPort = await freePort();
      const statusPort = await freePort();
      const loopback = loopbackConfig(config, {
        listenPort,
        statusPort,
        runtime,
        upstreams: [
          { name: 'api-gateway', pathPrefix: '/', port: gatewayPort, addresses: gatewayPool.map((s) => s.address) },
          { name: 'user-service', pathPrefix: '/api/users', port: otherPort, addresses: [userStub.address] },
          { name: 'transaction-service', pathPrefix: '/api/transactions', port: otherPort, addresses: [tradingStub.address] },
        ],
      });
      base = `http://127.0.0.1:${listenPort}`;
      status = `http://127.0.0.1:${statusPort}`;
      nginx = await startNginx(renderNginxConf(loopback), dir, `${base}${config.healthPath}`);
      script = writeWrkScript(dir, '/items/');
    }, TIMEOUT_MS);

    afterAll(async () => {
      await nginx?.stop();
      await Promise.all(stubs.map((s) => s.close()));
    });

    const reset = () => stubs.forEach((s) => ((s.requests = 0), (s.connections = 0)));

    test('WHEN requests arrive THEN each path prefix reaches its own service', async () => {
      if (skip) return;
      const users = await httpGet(`${base}/api/users/42`, { 'X-Forwarded-For': '192.0.2.1' });
      const trades = await httpGet(`${base}/api/transactions`, { 'X-Forwarded-For': '192.0.2.1' });
      const home = await httpGet(`${base}/api/usersettings`, { 'X-Forwarded-For': '192.0.2.1' });
      expect([users.status, trades.status, home.status]).toEqual([200, 200, 200]);
      expect(JSON.parse(users.body).upstream).toBe('127.0.0.21');
      expect(JSON.parse(trades.body).upstream).toBe('127.0.0.22');
      expect(gatewayPool.map((s) => s.address)).toContain(JSON.parse(home.body).upstream);
      expect(users.headers['strict-transport-security']).toContain('max-age=');
      expect(users.headers['x-content-type-options']).toBe('nosniff');
    });

    test('WHEN wrk loads the gateway THEN least_conn spreads requests, favouring the fast servers, over reused upstream connections', async () => {
      if (skip) return;
      reset();
      const result = await runWrk(`${base}/`, { seconds: 4, connections: 32, threads: 1, script });
      const counts = gatewayPool.map((s) => s.requests);
      const total = counts.reduce((a, b) => a + b, 0);
      const connections = gatewayPool.reduce((a, s) => a + s.connections, 0);
      console.log(`least_conn: ${counts.join(' / ')} requests (slow server last), ${connections} upstream connections for ${total} requests; wrk ${result.requestsPerSecond} req/s`);
      expect(result.non2xx + result.socketErrors).toBe(0);
      expect(total).toBeGreaterThan(1_000);
      // Every server takes a share ...
      counts.forEach((c) => expect(c).toBeGreaterThan(0.02 * total));
      // ... but the slow one far less than round robin's third: least_conn is in effect.
      expect(counts[2]).toBeLessThan(0.2 * total);
      // Upstream keep-alive: connections are reused, not opened per request.
      expect(total / connections).toBeGreaterThan(20);
    }, TIMEOUT_MS);

    test('WHEN one client exceeds its per-IP rate THEN it gets 429 while another client passes', async () => {
      if (skip) return;
      const flood = await Promise.all(Array.from({ length: 300 }, () => httpGet(`${base}/flood`, { 'X-Forwarded-For': '203.0.113.7' })));
      const other = await Promise.all(Array.from({ length: 20 }, () => httpGet(`${base}/calm`, { 'X-Forwarded-For': '203.0.113.8' })));
      const limited = flood.filter((r) => r.status === 429);
      console.log(`rate limit: ${limited.length} of 300 flood requests answered 429; other client ${other.filter((r) => r.status === 200).length}/20 OK`);
      // 1000r/m with burst 100: about 100 pass at once, the rest are refused.
      expect(limited.length).toBeGreaterThan(150);
      expect(flood.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
      expect(limited[0].headers['retry-after']).toBe('60');
      expect(JSON.parse(limited[0].body)).toEqual({ error: 'too_many_requests' });
      expect(other.map((r) => r.status)).toEqual(Array(20).fill(200));
    });

    test('WHEN one upstream server is killed during load THEN no client request fails', async () => {
      if (skip) return;
      reset();
      const load = runWrk(`${base}/`, { seconds: 5, connections: 32, threads: 1, script });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      gatewayPool[0].kill();
      const result = await load;
      console.log(`failover: ${result.requests} requests, ${result.non2xx} non-2xx, ${result.socketErrors} socket errors; killed server took ${gatewayPool[0].requests}`);
      expect(gatewayPool[0].requests).toBeGreaterThan(0);
      expect(result.requests).toBeGreaterThan(1_000);
      expect(result.non2xx).toBe(0);
      expect(result.socketErrors).toBe(0);
    }, TIMEOUT_MS);

    test('WHEN the metrics agent asks THEN stub_status answers on the private port', async () => {
      if (skip) return;
      const metrics = await httpGet(`${status}/stub_status`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(/^Active connections: \d+/);
      expect((await httpGet(`${base}/stub_status`, { 'X-Forwarded-For': '192.0.2.9' })).body).not.toMatch(/Active connections/);
    });
  });

  describe('GIVEN dev with the API front (behind CloudFront) on loopback', () => {
    const VALUE = 'AQICAHhTestOnlyOriginVerifyValue0123456789+/==';
    let nginx: RunningNginx | undefined;
    let stub: StubUpstream | undefined;
    let base = '';
    let skip = false;

    beforeAll(async () => {
      if (!requireTools('the API-front nginx check', ['nginx'])) {
        skip = true;
        return;
      }
      const { config } = deployedNginx(DEV_WITH_API_FRONT);
      const port = await freePort();
      stub = new StubUpstream('127.0.0.31', port);
      await stub.listen();
      const { dir, runtime } = nginxPrefix();
      // What the instance's refresher writes from Secrets Manager (nginx-user-data.ts).
      const values = path.join(dir, 'origin-verify.map');
      fs.writeFileSync(values, `"${VALUE}" 1;\n`);
      const listenPort = await freePort();
      const loopback = loopbackConfig(config, { listenPort, statusPort: await freePort(), runtime, upstreams: config.upstreams.map((u) => ({ ...u, port, addresses: [stub!.address] })) });
      base = `http://127.0.0.1:${listenPort}`;
      nginx = await startNginx(renderNginxConf({ ...loopback, originVerify: { ...config.originVerify!, acceptedValuesPath: values } }), dir, `${base}${config.healthPath}`);
    }, TIMEOUT_MS);

    afterAll(async () => {
      await nginx?.stop();
      await stub?.close();
    });

    test('WHEN a request lacks the origin header or carries a wrong one THEN nginx answers 403 and the service never sees it; the health check stays open', async () => {
      if (skip) return;
      const before = stub!.requests;
      const missing = await httpGet(`${base}/api/users/1`, { 'CloudFront-Viewer-Address': '198.51.100.7:46532' });
      const wrong = await httpGet(`${base}/api/users/1`, { 'X-Origin-Verify': 'guess', 'CloudFront-Viewer-Address': '198.51.100.7:46532' });
      expect([missing.status, wrong.status]).toEqual([403, 403]);
      expect(stub!.requests).toBe(before);
      const ok = await httpGet(`${base}/api/users/1`, { 'X-Origin-Verify': VALUE, 'CloudFront-Viewer-Address': '198.51.100.7:46532' });
      expect(ok.status).toBe(200);
    });

    test('WHEN one viewer floods THEN the per-IP limit keys on CloudFront-Viewer-Address: it gets 429 while another viewer through the same peer passes', async () => {
      if (skip) return;
      const headers = (viewer: string) => ({ 'X-Origin-Verify': VALUE, 'CloudFront-Viewer-Address': `${viewer}:${40_000 + Math.floor(Math.random() * 20_000)}` });
      const flood = await Promise.all(Array.from({ length: 300 }, () => httpGet(`${base}/flood`, headers('203.0.113.70'))));
      const other = await Promise.all(Array.from({ length: 20 }, () => httpGet(`${base}/calm`, headers('203.0.113.80'))));
      expect(flood.filter((r) => r.status === 429).length).toBeGreaterThan(150);
      expect(other.map((r) => r.status)).toEqual(Array(20).fill(200));
    });
  });

  describe('GIVEN AZ-affine upstreams (this AZ primary, two backup AZs) on loopback', () => {
    // One stub per AZ's NLB address; the instance is in the second AZ.
    const azs: StubUpstream[] = [];
    let nginx: RunningNginx | undefined;
    let base = '';
    let skip = false;

    beforeAll(async () => {
      if (!requireTools('the AZ-affine failover test', ['nginx'])) {
        skip = true;
        return;
      }
      const { config } = deployedNginx(prod);
      const port = await freePort();
      azs.push(new StubUpstream('127.0.0.31', port), new StubUpstream('127.0.0.32', port), new StubUpstream('127.0.0.33', port));
      await Promise.all(azs.map((s) => s.listen()));
      const { dir, runtime } = nginxPrefix();
      const listenPort = await freePort();
      const loopback = loopbackConfig(config, {
        listenPort,
        statusPort: await freePort(),
        runtime,
        upstreams: [{ name: 'api-gateway', pathPrefix: '/', port, addresses: azs.map((s) => s.address) }],
      });
      const include = path.join(dir, 'upstreams.conf');
      fs.writeFileSync(include, renderNginxUpstreams({ ...loopback, preferredAddressIndex: 1 }));
      base = `http://127.0.0.1:${listenPort}`;
      nginx = await startNginx(renderNginxConf({ ...loopback, upstreamsInclude: include }), dir, `${base}${config.healthPath}`);
    }, TIMEOUT_MS);

    afterAll(async () => {
      await nginx?.stop();
      await Promise.all(azs.map((s) => s.close()));
    });

    test('WHEN requests arrive THEN every one stays in the own AZ; WHEN that AZ\'s address dies THEN every request still succeeds on the backup AZs', async () => {
      if (skip) return;
      const send = (n: number, from: number) => Promise.all(Array.from({ length: n }, (_, i) => httpGet(`${base}/items/${i}`, { 'X-Forwarded-For': `198.51.100.${(from + i) % 250}` })));
      const first = await send(60, 0);
      expect(first.map((r) => r.status)).toEqual(Array(60).fill(200));
      expect(azs.map((s) => s.requests)).toEqual([0, 60, 0]);
      azs[1].kill();
      const after = await send(60, 100);
      expect(after.map((r) => r.status)).toEqual(Array(60).fill(200));
      expect(azs[0].requests + azs[2].requests).toBe(60);
      // least_conn over the backups: both other AZs take part.
      expect(azs[0].requests).toBeGreaterThan(0);
      expect(azs[2].requests).toBeGreaterThan(0);
    }, TIMEOUT_MS);
  });
});
