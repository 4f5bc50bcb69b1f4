import { NginxConfig, RealIpHeader, renderNginxConf, renderNginxUpstreams, validateNginxConfig } from '../../../lib/nginx';
import { parseRate, RateLimitKey } from '../../../lib/rate-limits';
import { CONFIG } from './fixtures';

/** The lines of one block, e.g. `upstream api_gateway`. */
function block(text: string, head: string): string {
  const start = text.indexOf(`${head} {`);
  if (start < 0) throw new Error(`no block ${head}`);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`unterminated block ${head}`);
}

describe('renderNginxConf', () => {
  test('GIVEN path prefixes ending in several slashes THEN each routes as its bare prefix, and a rate tier written with slashes still applies to it', () => {
    const [gateway, tx] = CONFIG.upstreams;
    const text = renderNginxConf({ ...CONFIG, upstreams: [gateway, { ...tx, pathPrefix: '/api/transactions//' }], rateLimits: CONFIG.rateLimits.map((t) => (t.pathPrefix ? { ...t, pathPrefix: `${t.pathPrefix}//` } : t)) });
    expect(text).toContain('location = /api/transactions {');
    expect(text).toContain('location /api/transactions/ {');
    expect(text).not.toContain('/api/transactions//');
    expect(block(text, 'location = /api/transactions')).toContain('limit_req zone=trading');
  });

  describe('GIVEN a production config', () => {
    // Rendered in each test, not once for the describe block: mutation testing then runs only
    // the tests that read a mutated line (`npm run mutate`), and rendering takes microseconds.
    let text = '';
    beforeEach(() => {
      text = renderNginxConf(CONFIG);
    });

    test('THEN workers are automatic and the descriptor limit is sized with worker_connections', () => {
      expect(text).toContain('worker_processes auto;');
      expect(text).toContain('worker_connections 4096;');
      expect(text).toContain('worker_rlimit_nofile 8192;');
    });

    test('THEN every upstream uses least_conn and keep-alive over HTTP/1.1', () => {
      for (const name of ['api_gateway', 'transaction_service']) {
        const upstream = block(text, `upstream ${name}`);
        expect(upstream).toContain('least_conn;');
        expect(upstream).toContain('keepalive 64;');
        expect(upstream).toContain('keepalive_timeout 4s;');
        expect(upstream).toContain('max_fails=3 fail_timeout=30s');
      }
      expect(text).toContain('proxy_http_version 1.1;');
      expect(text).toContain('proxy_set_header Connection "";');
      expect(text).toMatch(/proxy_next_upstream error timeout http_502 http_503 http_504;\s+proxy_next_upstream_tries 3;\s+proxy_next_upstream_timeout 10s;/);
    });

    test('THEN client keep-alive and graceful shutdown come from the config', () => {
      expect(text).toContain('keepalive_timeout 75s;');
      expect(text).toContain('worker_shutdown_timeout 30s;');
    });

    test('THEN the real client IP comes from X-Forwarded-For set by the VPC', () => {
      const server = block(text, 'server');
      expect(server).toContain('set_real_ip_from 10.30.0.0/16;');
      expect(server).toContain('real_ip_header X-Forwarded-For;');
    });

    test('THEN rate tiers are zones answering 429, the trading tier only under /api/transactions', () => {
      expect(text).toContain('limit_req_zone $binary_remote_addr zone=per_ip:32m rate=1000r/m;');
      expect(text).toContain('limit_req_zone $http_authorization zone=per_user:64m rate=2000r/m;');
      expect(text).toContain('limit_req_status 429;');
      expect(text).toContain('limit_conn_status 429;');
      expect(block(text, 'location /api/transactions/')).toContain('limit_req zone=trading burst=60 nodelay;');
      expect(block(text, 'location = /api/transactions')).toContain('limit_req zone=trading');
      expect(block(text, 'location /')).not.toContain('zone=trading');
      expect(block(text, 'location /')).toContain('limit_req zone=global burst=56667 nodelay;');
    });

    test("THEN load shedding is one zone over all clients at the instance's planned requests per second", () => {
      expect(block(text, 'map $server_port $global_limit_key')).toBe('map $server_port $global_limit_key {\n        default global;\n    }');
      expect(text.split('\n').filter((l) => l.includes('zone=global:'))).toEqual(['    limit_req_zone $global_limit_key zone=global:1m rate=56667r/s;']);
    });

    test('THEN the health location answers itself without limits, and stub_status is on its own port', () => {
      const health = block(text, 'location = /nginx-health');
      expect(health).toContain('return 200');
      expect(health).not.toContain('limit_req');
      const status = text.slice(text.lastIndexOf('server {'));
      expect(status).toContain('listen 8081;');
      expect(status).toContain('stub_status;');
      expect(status).toContain('deny all;');
    });

    test('THEN access logs are JSON and security headers are set', () => {
      expect(text).toMatch(/log_format json escape=json '\{"time":"\$time_iso8601"/);
      expect(text).toContain('add_header Strict-Transport-Security');
      expect(text).toContain('add_header X-Content-Type-Options nosniff always;');
    });

    test('THEN it runs as the nginx user with the packaged paths', () => {
      expect(text).toContain('user nginx;');
      expect(text).toContain('pid /run/nginx.pid;');
      expect(text).not.toContain('_temp_path');
    });
  });

  test('GIVEN test runtime paths THEN only user, pid, logs and temp paths change', () => {
    const text = renderNginxConf({ ...CONFIG, runtime: { user: null, pidPath: '/tmp/x/pid', errorLogPath: '/tmp/x/e', accessLogPath: '/tmp/x/a', tempDir: '/tmp/x' } });
    expect(text).not.toMatch(/^user /m);
    expect(text).toContain('pid /tmp/x/pid;');
    expect(text).toContain('proxy_temp_path /tmp/x/proxy;');
  });

  test('GIVEN the same config twice THEN the output is identical', () => {
    expect(renderNginxConf(CONFIG)).toBe(renderNginxConf({ ...CONFIG }));
  });
});

describe('validateNginxConfig', () => {
  const check = (change: Partial<NginxConfig>) => () => validateNginxConfig('test', 'nginx', { ...CONFIG, ...change });

  test('GIVEN the production config THEN it passes', () => {
    expect(check({})).not.toThrow();
  });

  test('GIVEN a rate that does not parse THEN it fails naming the tier and the syntax', () => {
    expect(check({ rateLimits: [{ name: 'per-ip', rate: '1000/minute', key: RateLimitKey.CLIENT_IP }] })).toThrow(
      'test: nginx.rateLimits[0].rate = "1000/minute" does not parse as a rate. Fix: write "<requests>r/s" or "<requests>r/m"',
    );
  });

  test('GIVEN an upstream host name THEN it fails: nginx would never re-resolve it', () => {
    expect(check({ upstreams: [{ name: 'api-gateway', pathPrefix: '/', port: 80, addresses: ['nlb.internal'] }] })).toThrow(/resolves upstream host names once/);
  });

  test('GIVEN a tier path prefix no upstream serves THEN it fails', () => {
    expect(check({ rateLimits: [{ name: 'trading', rate: '600r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/orders' }], upstreams: [CONFIG.upstreams[1]] })).toThrow(/matches no upstream path prefix/);
  });

  test('GIVEN two upstreams with the same name THEN it fails: nginx refuses a duplicate upstream block at start', () => {
    expect(check({ upstreams: [CONFIG.upstreams[0], { ...CONFIG.upstreams[1], name: 'api-gateway' }] })).toThrow(
      'test: nginx.upstreams[1].name = "api-gateway" names two upstreams. Fix: list each service once',
    );
  });

  test('GIVEN two services on one path THEN it fails', () => {
    expect(check({ upstreams: [CONFIG.upstreams[0], { ...CONFIG.upstreams[1], name: 'other', pathPrefix: '/' }] })).toThrow(/is routed to two services/);
  });

  test('GIVEN more cached upstream connections than worker_connections allow THEN it fails', () => {
    expect(check({ workerConnections: 256, upstreamKeepaliveConnections: 200 })).toThrow(/more than half of workerConnections/);
  });
});

describe('parseRate', () => {
  test.each([
    ['1000r/m', 1000],
    ['100r/s', 6000],
  ])('GIVEN %s THEN it is %d per minute', (text, perMinute) => {
    expect(parseRate(text)?.requestsPerMinute).toBe(perMinute);
  });

  test.each(['', '0r/s', '10r/h', '1.5r/s', 'r/s', '10 r/s'])('GIVEN %p THEN it does not parse', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });
});

describe('AZ-affine upstreams (preferredAddressIndex, upstreamsInclude)', () => {
  const THREE_AZS: NginxConfig = {
    ...CONFIG,
    upstreams: CONFIG.upstreams.map((u) => ({ ...u, addresses: ['10.30.63.240', '10.30.127.240', '10.30.191.240'] })),
  };

  test.each([
    [0, ['server 10.30.63.240:8080 max_fails=3 fail_timeout=30s;', 'server 10.30.127.240:8080 max_fails=3 fail_timeout=30s backup;', 'server 10.30.191.240:8080 max_fails=3 fail_timeout=30s backup;']],
    [1, ['server 10.30.63.240:8080 max_fails=3 fail_timeout=30s backup;', 'server 10.30.127.240:8080 max_fails=3 fail_timeout=30s;', 'server 10.30.191.240:8080 max_fails=3 fail_timeout=30s backup;']],
    [2, ['server 10.30.63.240:8080 max_fails=3 fail_timeout=30s backup;', 'server 10.30.127.240:8080 max_fails=3 fail_timeout=30s backup;', 'server 10.30.191.240:8080 max_fails=3 fail_timeout=30s;']],
  ])('GIVEN preferredAddressIndex %p THEN that AZ\'s address is the only primary and the others are backup, in AZ order', (index, servers) => {
    const upstream = block(renderNginxConf({ ...THREE_AZS, preferredAddressIndex: index }), 'upstream api_gateway');
    expect(upstream.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('server '))).toEqual(servers);
    // least_conn accepts backup servers (hash, ip_hash and random do not).
    expect(upstream).toContain('least_conn;');
  });

  test('GIVEN no preferredAddressIndex THEN no server is a backup (the default is unchanged)', () => {
    expect(renderNginxConf(THREE_AZS)).not.toContain('backup');
  });

  test('GIVEN upstreamsInclude THEN nginx.conf includes the file in place of the blocks, and renderNginxUpstreams renders exactly those blocks', () => {
    const text = renderNginxConf({ ...THREE_AZS, upstreamsInclude: '/etc/nginx/upstreams.conf' });
    expect(text).not.toContain('upstream api_gateway');
    expect(text).toContain('    include /etc/nginx/upstreams.conf;');
    expect(text.indexOf('include /etc/nginx/upstreams.conf;')).toBeLessThan(text.indexOf('server {'));
    const blocks = renderNginxUpstreams({ ...THREE_AZS, preferredAddressIndex: 1 });
    const inline = renderNginxConf({ ...THREE_AZS, preferredAddressIndex: 1 });
    for (const name of ['api_gateway', 'transaction_service']) {
      expect(blocks).toContain(block(inline, `upstream ${name}`).replace(/\n {4}/g, '\n'));
    }
    expect(blocks.startsWith('# Generated by lib/nginx/render.ts')).toBe(true);
    expect(blocks.endsWith('}\n')).toBe(true);
  });
});

describe('validateNginxConfig: AZ-affine upstreams', () => {
  const check = (change: Partial<NginxConfig>) => () => validateNginxConfig('test', 'nginx', { ...CONFIG, ...change });
  test.each([
    [-1, /nginx.preferredAddressIndex = -1 is out of range \(an index into every upstream's addresses \(0 to 1: one per AZ\)\)/],
    [2, /nginx.preferredAddressIndex = 2 is out of range/],
    [0.5, /nginx.preferredAddressIndex = 0.5 is not a whole number/],
  ])('GIVEN preferredAddressIndex %p with two addresses THEN it fails naming the range', (index, message) => {
    expect(check({ preferredAddressIndex: index })).toThrow(message);
  });

  test('GIVEN an upstream with one address THEN an affine config fails: no AZ is left as backup', () => {
    const upstreams = [CONFIG.upstreams[0], { ...CONFIG.upstreams[1], addresses: ['10.30.63.240'] }];
    expect(check({ upstreams, preferredAddressIndex: 0 })).toThrow(/nginx.preferredAddressIndex = 0 is set but an upstream has 1 address: AZ-affine upstreams need one address per AZ, at least two.*Fix: leave preferredAddressIndex out/);
  });

  test.each(['etc/nginx/upstreams.conf', '/etc/nginx/', '/etc/nginx/up streams.conf', '/etc/nginx/a;b.conf', ''])('GIVEN upstreamsInclude %p THEN it fails: not an absolute file path', (path) => {
    expect(check({ upstreamsInclude: path })).toThrow(/nginx.upstreamsInclude = .* is not an absolute file path.*Fix: pass a path such as "\/etc\/nginx\/upstreams.conf"/);
  });

  test('GIVEN the bounds THEN they pass', () => {
    expect(check({ preferredAddressIndex: 0 })).not.toThrow();
    expect(check({ preferredAddressIndex: 1, upstreamsInclude: '/etc/nginx/upstreams.conf' })).not.toThrow();
  });
});

describe('behind the API front (originVerify, realIpHeader CloudFront-Viewer-Address)', () => {
  const FRONTED: NginxConfig = {
    ...CONFIG,
    realIpHeader: RealIpHeader.CLOUDFRONT_VIEWER_ADDRESS,
    originVerify: { headerName: 'X-Origin-Verify', acceptedValuesPath: '/etc/nginx/origin-verify.map' },
  };

  test('GIVEN an origin header THEN a map turns the header into $origin_verified from the values file, unknown values 0', () => {
    expect(block(renderNginxConf(FRONTED), 'map $http_x_origin_verify $origin_verified')).toBe(
      'map $http_x_origin_verify $origin_verified {\n        default 0;\n        include /etc/nginx/origin-verify.map;\n    }',
    );
  });

  test('GIVEN an origin header THEN every proxied location answers 403 to a request without a valid value, and the health path stays open', () => {
    const text = renderNginxConf(FRONTED);
    for (const head of ['location /', 'location = /api/transactions', 'location /api/transactions/']) {
      expect(block(text, head)).toMatch(/^location [^{]+\{\n\s+if \(\$origin_verified = 0\) \{\n\s+return 403;\n\s+\}/);
    }
    expect(block(text, `location = ${CONFIG.healthPath}`)).not.toContain('origin_verified');
  });

  test('GIVEN no origin header THEN there is no map and no 403', () => {
    const text = renderNginxConf(CONFIG);
    expect(text).not.toContain('origin_verified');
    expect(text).not.toContain('return 403;');
  });

  test('GIVEN CloudFront-Viewer-Address THEN the client address comes from that header, only from the trusted load balancers, without recursion', () => {
    const server = renderNginxConf(FRONTED);
    for (const cidr of CONFIG.trustedProxyCidrs) expect(server).toContain(`set_real_ip_from ${cidr};`);
    expect(server).toContain('real_ip_header CloudFront-Viewer-Address;');
    expect(server).not.toContain('real_ip_header X-Forwarded-For;');
    expect(server).not.toContain('real_ip_recursive');
  });
});
