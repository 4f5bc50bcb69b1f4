import { NginxConfig, validateNginxConfig } from '../../../lib/nginx';
import { RateLimitKey } from '../../../lib/rate-limits';
import { CONFIG } from './fixtures';

/**
 * Every value nginx would refuse at start (or that would quietly misbehave) fails at synth
 * with a message naming the prop, the value, the limit and the fix. Classes of bad input,
 * each at its boundaries: the last value accepted and the first refused.
 */
const validate = (change: Record<string, unknown>) => () => validateNginxConfig('test', 'nginx', { ...CONFIG, ...change } as NginxConfig);
const upstream = CONFIG.upstreams[1];
const withUpstream = (change: Record<string, unknown>) => validate({ upstreams: [CONFIG.upstreams[0], { ...upstream, ...change }] });

describe('validateNginxConfig: ports and paths', () => {
  test.each([
    ['listenPort', 0, 'test: nginx.listenPort = 0 is out of range. Fix: pass a value from 1 to 65535'],
    ['listenPort', 65_536, 'test: nginx.listenPort = 65536 is out of range. Fix: pass a value from 1 to 65535'],
    ['listenPort', 80.5, 'test: nginx.listenPort = 80.5 is not a whole number. Fix: pass a whole number from 1 to 65535'],
    ['statusPort', 0, 'test: nginx.statusPort = 0 is out of range. Fix: pass a value from 1 to 65535'],
    ['statusPort', 70_000, 'test: nginx.statusPort = 70000 is out of range. Fix: pass a value from 1 to 65535'],
    ['statusPort', 8080, 'test: nginx.statusPort = 8080 is the traffic port. Fix: give stub_status its own port'],
  ])('GIVEN %s = %p THEN it fails', (prop, value, message) => {
    expect(validate({ [prop]: value })).toThrow(message);
  });

  test.each([
    ['listenPort', 1],
    ['listenPort', 65_535],
    ['statusPort', 65_535],
  ])('GIVEN %s = %p THEN it passes', (prop, value) => {
    expect(validate({ [prop]: value })).not.toThrow();
  });

  test.each(['nginx-health', 'health/check', '/nginx health', '/health?x=1', '', 42])('GIVEN healthPath %p THEN it fails: nginx needs a plain path', (healthPath) => {
    expect(validate({ healthPath })).toThrow(`test: nginx.healthPath = ${JSON.stringify(healthPath)} is not a plain URL path. Fix: use a path such as "/nginx-health"`);
  });

  test.each(['/', '/healthz', '/_health/nginx-1.2~x'])('GIVEN healthPath %p THEN it passes', (healthPath) => {
    expect(validate({ healthPath })).not.toThrow();
  });
});

describe('validateNginxConfig: connections and timeouts', () => {
  test.each([
    [255, 'test: nginx.workerConnections = 255 is out of range. Fix: pass a value from 256 to 1048576'],
    [1_048_577, 'test: nginx.workerConnections = 1048577 is out of range. Fix: pass a value from 256 to 1048576'],
  ])('GIVEN workerConnections %p THEN it fails', (workerConnections, message) => {
    expect(validate({ workerConnections, upstreamKeepaliveConnections: 1 })).toThrow(message);
  });

  test.each([256, 1_048_576])('GIVEN workerConnections %p THEN it passes', (workerConnections) => {
    expect(validate({ workerConnections, upstreamKeepaliveConnections: 1 })).not.toThrow();
  });

  const TIMEOUTS = [
    'keepaliveTimeoutSeconds',
    'upstreamKeepaliveTimeoutSeconds',
    'proxyConnectTimeoutSeconds',
    'proxySendTimeoutSeconds',
    'proxyReadTimeoutSeconds',
    'nextUpstreamTimeoutSeconds',
    'upstreamFailTimeoutSeconds',
    'gracefulShutdownSeconds',
  ];
  test.each(TIMEOUTS)('GIVEN %s outside 1 to 3600 seconds THEN it fails; at the bounds it passes', (key) => {
    expect(validate({ [key]: 0 })).toThrow(`test: nginx.${key} = 0 is out of range. Fix: pass a value from 1 to 3600`);
    expect(validate({ [key]: 3_601 })).toThrow(`test: nginx.${key} = 3601 is out of range. Fix: pass a value from 1 to 3600`);
    expect(validate({ [key]: 1.5 })).toThrow(`test: nginx.${key} = 1.5 is not a whole number`);
    expect(validate({ [key]: 1 })).not.toThrow();
    expect(validate({ [key]: 3_600 })).not.toThrow();
  });

  test.each([
    ['upstreamKeepaliveConnections', 0, 'from 1 to 10000'],
    ['upstreamKeepaliveConnections', 10_001, 'from 1 to 10000'],
    ['nextUpstreamTries', 0, 'from 1 to 10'],
    ['nextUpstreamTries', 11, 'from 1 to 10'],
    ['upstreamMaxFails', -1, 'from 0 to 100'],
    ['upstreamMaxFails', 101, 'from 0 to 100'],
    ['maxConcurrentRequestsPerClientIp', 0, 'from 1 to 1048576'],
    ['maxConcurrentRequestsPerClientIp', 1_048_577, 'from 1 to 1048576'],
    ['globalRequestsPerSecond', 0, 'of at least 1'],
    ['clientMaxBodyKiB', 0, 'of at least 1'],
  ])('GIVEN %s = %p THEN it fails (%s)', (key, value, range) => {
    expect(validate({ [key]: value, workerConnections: 1_048_576 })).toThrow(`test: nginx.${key} = ${value} is out of range. Fix: pass a value ${range}`);
  });

  test.each([
    ['upstreamKeepaliveConnections', 1],
    ['upstreamKeepaliveConnections', 10_000],
    ['nextUpstreamTries', 1],
    ['nextUpstreamTries', 10],
    ['upstreamMaxFails', 0],
    ['upstreamMaxFails', 100],
    ['maxConcurrentRequestsPerClientIp', 1],
    ['maxConcurrentRequestsPerClientIp', 1_048_576],
    ['globalRequestsPerSecond', 1],
    ['globalRequestsPerSecond', undefined],
    ['clientMaxBodyKiB', 1],
  ])('GIVEN %s = %p THEN it passes', (key, value) => {
    expect(validate({ [key]: value, workerConnections: 1_048_576 })).not.toThrow();
  });

  test('GIVEN cached upstream connections of exactly half of worker_connections THEN it passes; one more fails naming both numbers', () => {
    // Two upstreams: 2 x 64 = 128 = 256 / 2.
    expect(validate({ workerConnections: 256, upstreamKeepaliveConnections: 64 })).not.toThrow();
    expect(validate({ workerConnections: 256, upstreamKeepaliveConnections: 65 })).toThrow(
      'test: nginx.upstreamKeepaliveConnections = 65 caches 130 idle upstream connections per worker, more than half of workerConnections (256). Fix: lower upstreamKeepaliveConnections or raise workerConnections',
    );
    expect(validate({ workerConnections: 256, upstreamKeepaliveConnections: 128, upstreams: [CONFIG.upstreams[0]], rateLimits: [] })).not.toThrow();
  });
});

describe('validateNginxConfig: trusted proxies', () => {
  test('GIVEN no trusted proxy THEN it fails: nginx would take the load balancer for the client', () => {
    expect(validate({ trustedProxyCidrs: [] })).toThrow(
      'test: nginx.trustedProxyCidrs = [] has 0 entries; at least 1 is required. Fix: pass one or more CIDRs of the load balancers (the VPC CIDR)',
    );
  });

  test.each(['10.30.0.0', '10.30.0.1/16', '10.300.0.0/16', 'vpc'])('GIVEN %p THEN it fails naming its index', (cidr) => {
    expect(validate({ trustedProxyCidrs: ['10.30.0.0/16', cidr] })).toThrow(
      `test: nginx.trustedProxyCidrs[1] = ${JSON.stringify(cidr)} is not an IPv4 CIDR. Fix: pass the VPC CIDR, e.g. "10.30.0.0/16"`,
    );
  });
});

describe('validateNginxConfig: upstreams', () => {
  test('GIVEN no upstream THEN it fails', () => {
    expect(validate({ upstreams: [] })).toThrow('test: nginx.upstreams = [] has 0 entries; at least 1 is required. Fix: pass one or more service endpoints');
  });

  test.each(['Api', 'api_gateway', '1api', '', 'a'.repeat(64)])('GIVEN the upstream name %p THEN it fails', (name) => {
    expect(withUpstream({ name })).toThrow(/^test: nginx\.upstreams\[1\]\.name = /);
  });

  test('GIVEN an upstream name nginx cannot use THEN the error says what a service name is made of and how long it may be', () => {
    expect(withUpstream({ name: 'api_gateway' })).toThrow(
      'test: nginx.upstreams[1].name = "api_gateway" is not a valid service name. Fix: use lower-case letters, digits and hyphens',
    );
    expect(withUpstream({ name: 'a'.repeat(64) })).toThrow(/is 64 characters long; a service name is limited to 63\. Fix: shorten it to 63 characters or fewer$/);
  });

  test('GIVEN a 63-character name THEN it passes', () => {
    expect(withUpstream({ name: `a${'b'.repeat(62)}` })).not.toThrow();
  });

  test.each(['api/transactions', '/api transactions', '/api/*', ''])('GIVEN the path prefix %p THEN it fails', (pathPrefix) => {
    expect(withUpstream({ pathPrefix })).toThrow(
      `test: nginx.upstreams[1].pathPrefix = ${JSON.stringify(pathPrefix)} is not a plain URL path prefix. Fix: start it with "/", e.g. "/api/users"`,
    );
  });

  test.each([
    ['/', '/'],
    ['/api', '/api/'],
    ['/api/', '/api'],
    ['/api//', '/api'],
    ['/api/users', '/api/users/'],
    ['/api/users//', '/api/users'],
  ])('GIVEN the prefixes %p and %p THEN they are one route, routed to two services', (first, second) => {
    expect(validate({ upstreams: [{ ...upstream, name: 'one', pathPrefix: first }, { ...upstream, name: 'two', pathPrefix: second }] })).toThrow(
      `test: nginx.upstreams[1].pathPrefix = ${JSON.stringify(second)} is routed to two services. Fix: give every service its own path prefix`,
    );
  });

  test('GIVEN a prefix and a longer one under it THEN both route', () => {
    expect(validate({ upstreams: [{ ...upstream, name: 'one', pathPrefix: '/api' }, { ...upstream, name: 'two', pathPrefix: '/api/v2' }], rateLimits: [] })).not.toThrow();
  });

  test.each([0, 65_536])('GIVEN port %p THEN it fails', (port) => {
    expect(withUpstream({ port })).toThrow(`test: nginx.upstreams[1].port = ${port} is out of range. Fix: pass a value from 1 to 65535`);
  });

  test('GIVEN no address THEN it fails', () => {
    expect(withUpstream({ addresses: [] })).toThrow('test: nginx.upstreams[1].addresses = [] has 0 entries; at least 1 is required. Fix: pass one or more IPv4 addresses');
  });

  test.each(['nlb.internal', '256.0.0.1', '10.0.0.300', '10.0.0', '10.0.0.1.2', '10.0.0.1:80', ' 10.0.0.1'])('GIVEN the address %p THEN it fails: nginx resolves names once and takes no ports here', (address) => {
    expect(withUpstream({ addresses: ['10.30.63.240', address] })).toThrow(
      `test: nginx.upstreams[1].addresses[1] = ${JSON.stringify(address)} is not an IPv4 address; open-source nginx resolves upstream host names once, at start, and would keep sending to stale addresses. Fix: pass the fixed private addresses of the internal NLB (ServiceEndpoint.addresses)`,
    );
  });

  test.each(['0.0.0.0', '255.255.255.255', '10.0.0.9', '10.0.0.99', '10.0.0.199', '10.0.0.200', '10.0.0.249', '10.0.0.250', '192.168.1.1', '249.0.0.1', '230.1.2.3', '9.0.0.1'])('GIVEN the address %p THEN it passes', (address) => {
    expect(withUpstream({ addresses: [address] })).not.toThrow();
  });
});

describe('validateNginxConfig: rate tiers', () => {
  test('GIVEN a tier name used twice THEN it fails (the rate-limit checks run on the nginx prop)', () => {
    const tier = { name: 'per-ip', rate: '10r/s', key: RateLimitKey.CLIENT_IP };
    expect(validate({ rateLimits: [tier, tier] })).toThrow('test: nginx.rateLimits[1].name = "per-ip" is used by two tiers. Fix: give every tier its own name');
  });

  test('GIVEN a tier under a prefix no service has THEN it fails listing the prefixes there are', () => {
    expect(validate({ rateLimits: [{ name: 'orders', rate: '600r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/orders' }] })).toThrow(
      'test: nginx.rateLimits[0].pathPrefix = "/api/orders" matches no upstream path prefix, so the tier would never apply. Fix: use one of "/", "/api/transactions"',
    );
  });

  test('GIVEN a tier under a service prefix, or under none THEN it passes', () => {
    expect(validate({ rateLimits: [{ name: 'trading', rate: '600r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/transactions' }] })).not.toThrow();
    expect(validate({ rateLimits: [{ name: 'per-ip', rate: '600r/m', key: RateLimitKey.CLIENT_IP }] })).not.toThrow();
  });
});

describe('validateNginxConfig: behind CloudFront (ApiFront)', () => {
  const verify = (originVerify: Record<string, unknown>) => validate({ realIpHeader: 'CloudFront-Viewer-Address', originVerify });

  test.each([
    ['X-Origin Verify', 'headerName'],
    ['X_Origin_Verify', 'headerName'],
    ['', 'headerName'],
  ])('GIVEN the origin header name %p THEN it fails', (headerName) => {
    expect(verify({ headerName, acceptedValuesPath: '/etc/nginx/origin-verify.map' })).toThrow(/nginx\.originVerify\.headerName = .* is not an HTTP header name/);
  });

  test.each(['origin-verify.map', 'etc/nginx/origin-verify.map', '/etc/nginx/origin verify.map', '/etc/nginx/$(id).map'])('GIVEN the values file %p THEN it fails: an absolute plain path', (acceptedValuesPath) => {
    expect(verify({ headerName: 'X-Origin-Verify', acceptedValuesPath })).toThrow(/nginx\.originVerify\.acceptedValuesPath = .* is not an absolute file path/);
  });

  test.each(['X-Real-IP', 'True-Client-IP', 'forwarded'])('GIVEN realIpHeader %p THEN it fails: only X-Forwarded-For or CloudFront-Viewer-Address', (realIpHeader) => {
    expect(validate({ realIpHeader })).toThrow(/nginx\.realIpHeader/);
  });

  test('GIVEN a bad origin header or values file THEN the error names the fix with an example', () => {
    expect(verify({ headerName: 'X Origin', acceptedValuesPath: '/etc/nginx/origin-verify.map' })).toThrow(
      'test: nginx.originVerify.headerName = "X Origin" is not an HTTP header name (letters, digits and hyphens). Fix: use e.g. "X-Origin-Verify"',
    );
    expect(verify({ headerName: 'X-Origin-Verify', acceptedValuesPath: 'origin-verify.map' })).toThrow(
      'test: nginx.originVerify.acceptedValuesPath = "origin-verify.map" is not an absolute file path. Fix: use e.g. "/etc/nginx/origin-verify.map"',
    );
  });

  test('GIVEN CloudFront-Viewer-Address and an origin header THEN it passes', () => {
    expect(verify({ headerName: 'X-Origin-Verify', acceptedValuesPath: '/etc/nginx/origin-verify.map' })).not.toThrow();
  });
});
