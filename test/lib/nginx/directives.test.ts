import { appliesTo, NginxConfig, renderNginxConf, upstreamName, workerRlimitNofile, zoneName } from '../../../lib/nginx';
import { RateLimitKey, RateLimitTier } from '../../../lib/rate-limits';
import { all, args, block, lines, parseNginxConf } from '../../support/nginx-conf';
import { CONFIG } from './fixtures';

/**
 * The generated nginx.conf as nginx reads it: directives and their arguments per context.
 * Every test renders its own config (microseconds), so mutation testing runs only the tests
 * that read a mutated line.
 */
const conf = (config: NginxConfig = CONFIG) => parseNginxConf(renderNginxConf(config));
const http = (config?: NginxConfig) => block(conf(config), 'http');
const servers = (config?: NginxConfig) => all(http(config), 'server').map((s) => [...s.block!]);
const trafficServer = (config?: NginxConfig) => servers(config)[0];
const statusServer = (config?: NginxConfig) => servers(config)[1];
/** The http context without its blocks (upstream, map, server). */
const httpDirectives = (config?: NginxConfig) => http(config).filter((d) => !d.block);
const SECURITY_HEADERS = [
  'add_header Strict-Transport-Security max-age=31536000; includeSubDomains always',
  'add_header X-Content-Type-Options nosniff always',
  'add_header X-Frame-Options DENY always',
  'add_header Referrer-Policy no-referrer always',
  "add_header Content-Security-Policy default-src 'none'; frame-ancestors 'none' always",
];

describe('the main and events contexts', () => {
  test('GIVEN the production config THEN workers are automatic, descriptors twice the connections, and the packaged paths are used', () => {
    expect(lines(conf())).toEqual([
      'user nginx',
      'worker_processes auto',
      'worker_rlimit_nofile 8192',
      'worker_shutdown_timeout 30s',
      'pid /run/nginx.pid',
      'error_log /var/log/nginx/error.log warn',
      'events {',
      'http {',
    ]);
    expect(lines(block(conf(), 'events'))).toEqual(['worker_connections 4096', 'multi_accept on']);
  });

  test('GIVEN runtime paths and no user THEN only the user, pid, log and temp paths change', () => {
    const config = { ...CONFIG, runtime: { user: null, pidPath: '/srv/t/pid', errorLogPath: '/srv/t/error.log', accessLogPath: '/srv/t/access.log', tempDir: '/srv/t' } };
    expect(lines(conf(config)).slice(0, 5)).toEqual(['worker_processes auto', 'worker_rlimit_nofile 8192', 'worker_shutdown_timeout 30s', 'pid /srv/t/pid', 'error_log /srv/t/error.log warn']);
    expect(args(httpDirectives(config), 'access_log')).toEqual([['/srv/t/access.log', 'json', 'buffer=64k', 'flush=5s']]);
    expect(lines(httpDirectives(config)).filter((l) => l.includes('_temp_path'))).toEqual([
      'client_body_temp_path /srv/t/client_body',
      'proxy_temp_path /srv/t/proxy',
      'fastcgi_temp_path /srv/t/fastcgi',
      'uwsgi_temp_path /srv/t/uwsgi',
      'scgi_temp_path /srv/t/scgi',
    ]);
  });

  test('GIVEN another user THEN nginx runs as that user', () => {
    expect(lines(conf({ ...CONFIG, runtime: { user: 'www-data' } }))[0]).toBe('user www-data');
  });

  test.each([
    [1_024, 2_048],
    [4_096, 8_192],
  ])('GIVEN %d worker connections THEN the descriptor limit is %d', (connections, files) => {
    expect(workerRlimitNofile(connections)).toBe(files);
    expect(args(conf({ ...CONFIG, workerConnections: connections }), 'worker_rlimit_nofile')).toEqual([[String(files)]]);
  });
});

describe('the http context', () => {
  test('THEN client connections are kept alive past the ALB idle timeout, bodies are capped, and nothing else is served', () => {
    expect(lines(httpDirectives()).slice(0, 9)).toEqual([
      'default_type application/octet-stream',
      'server_tokens off',
      'sendfile on',
      'tcp_nopush on',
      'tcp_nodelay on',
      'keepalive_timeout 75s',
      'keepalive_requests 100000',
      'reset_timedout_connection on',
      'client_max_body_size 1024k',
    ]);
    expect(args(httpDirectives({ ...CONFIG, clientMaxBodyKiB: 64 }), 'client_max_body_size')).toEqual([['64k']]);
    expect(lines(httpDirectives()).filter((l) => l.includes('_temp_path'))).toEqual([]);
  });

  test('THEN every request is logged as one JSON object per line, buffered', () => {
    const [format] = all(httpDirectives(), 'log_format');
    expect(format.args.slice(0, 2)).toEqual(['json', 'escape=json']);
    // What nginx writes: every variable replaced by its value.
    const line = format.args[2].replace(/"\$[a-z_0-9]+"/g, '"value"').replace(/\$[a-z_0-9]+/g, '1');
    expect(Object.keys(JSON.parse(line) as Record<string, unknown>)).toEqual([
      'time',
      'request_id',
      'client',
      'method',
      'uri',
      'status',
      'bytes_sent',
      'request_time',
      'upstream',
      'upstream_status',
      'upstream_connect_time',
      'upstream_response_time',
      'connection',
      'connection_requests',
      'user_agent',
      'x_forwarded_for',
      'trace_id',
    ]);
    expect(format.args[2]).toContain('"trace_id":"$http_x_amzn_trace_id"');
    expect(format.args[2]).toContain('"status":$status,');
    expect(args(httpDirectives(), 'access_log')).toEqual([['/var/log/nginx/access.log', 'json', 'buffer=64k', 'flush=5s']]);
  });

  test('THEN each rate tier is a zone keyed by client address or credential, and load shedding is one more zone over all clients', () => {
    expect(args(httpDirectives(), 'limit_req_zone')).toEqual([
      ['$binary_remote_addr', 'zone=per_ip:32m', 'rate=1000r/m'],
      ['$http_authorization', 'zone=per_user:64m', 'rate=2000r/m'],
      ['$binary_remote_addr', 'zone=trading:32m', 'rate=600r/m'],
      ['$global_limit_key', 'zone=global:1m', 'rate=56667r/s'],
    ]);
    expect(lines(block(http(), 'map', '$server_port', '$global_limit_key'))).toEqual(['default global']);
    expect(lines(httpDirectives()).filter((l) => /^limit_(conn_zone|req_status|conn_status|req_log_level|conn_log_level) /.test(l))).toEqual([
      'limit_conn_zone $binary_remote_addr zone=conn_per_ip:32m',
      'limit_req_status 429',
      'limit_conn_status 429',
      'limit_req_log_level warn',
      'limit_conn_log_level warn',
    ]);
  });

  test('GIVEN no global limit THEN there is no global zone, no map and no global limit_req', () => {
    const text = renderNginxConf({ ...CONFIG, globalRequestsPerSecond: undefined });
    expect(text).not.toContain('global');
    expect(args(httpDirectives({ ...CONFIG, globalRequestsPerSecond: undefined }), 'limit_req_zone').map((a) => a[1])).toEqual(['zone=per_ip:32m', 'zone=per_user:64m', 'zone=trading:32m']);
  });

  test('THEN upstream requests are HTTP/1.1 keep-alive with the client identity passed on and bounded retries', () => {
    expect(lines(httpDirectives()).filter((l) => l.startsWith('proxy_'))).toEqual([
      'proxy_http_version 1.1',
      'proxy_set_header Connection ',
      'proxy_set_header Host $host',
      'proxy_set_header X-Real-IP $remote_addr',
      'proxy_set_header X-Forwarded-For $http_x_forwarded_for',
      'proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto',
      'proxy_set_header X-Request-Id $request_id',
      'proxy_connect_timeout 2s',
      'proxy_send_timeout 10s',
      'proxy_read_timeout 30s',
      'proxy_next_upstream error timeout http_502 http_503 http_504',
      'proxy_next_upstream_tries 3',
      'proxy_next_upstream_timeout 10s',
      'proxy_hide_header X-Powered-By',
    ]);
    expect(args(httpDirectives(), 'proxy_set_header')[0]).toEqual(['Connection', '']);
  });

  test('THEN each service is an upstream balancing by least connections over every NLB address, with cached connections', () => {
    expect(all(http(), 'upstream').map((u) => u.args)).toEqual([['api_gateway'], ['transaction_service']]);
    expect(lines(block(http(), 'upstream', 'transaction_service'))).toEqual([
      'least_conn',
      'server 10.30.63.240:8082 max_fails=3 fail_timeout=30s',
      'server 10.30.127.240:8082 max_fails=3 fail_timeout=30s',
      'keepalive 64',
      'keepalive_requests 1000',
      'keepalive_timeout 4s',
    ]);
    const tuned = { ...CONFIG, upstreamMaxFails: 0, upstreamFailTimeoutSeconds: 5, upstreamKeepaliveConnections: 8, upstreamKeepaliveTimeoutSeconds: 2 };
    expect(lines(block(http(tuned), 'upstream', 'api_gateway'))).toEqual([
      'least_conn',
      'server 10.30.63.240:8080 max_fails=0 fail_timeout=5s',
      'server 10.30.127.240:8080 max_fails=0 fail_timeout=5s',
      'keepalive 8',
      'keepalive_requests 1000',
      'keepalive_timeout 2s',
    ]);
  });
});

describe('the traffic server', () => {
  test('THEN it listens on the traffic port for every address, trusting the load balancers for the client address', () => {
    const server = trafficServer();
    expect(lines(server).slice(0, 5)).toEqual(['listen 8080 default_server reuseport backlog=65535', 'server_name _', 'set_real_ip_from 10.30.0.0/16', 'real_ip_header X-Forwarded-For', 'real_ip_recursive on']);
    expect(lines(server).filter((l) => l.startsWith('add_header'))).toEqual(SECURITY_HEADERS);
    expect(args(server, 'error_page')).toEqual([['429', '@rate_limited']]);
  });

  test('GIVEN a listen address and two trusted ranges THEN it binds that address and trusts both', () => {
    const server = trafficServer({ ...CONFIG, listenAddress: '127.0.0.1', trustedProxyCidrs: ['10.30.0.0/16', '10.31.0.0/16'] });
    expect(args(server, 'listen')).toEqual([['127.0.0.1:8080', 'default_server', 'reuseport', 'backlog=65535']]);
    expect(args(server, 'set_real_ip_from')).toEqual([['10.30.0.0/16'], ['10.31.0.0/16']]);
  });

  test('THEN the health location answers 200 itself, unlogged, and rate-limited requests get JSON with Retry-After', () => {
    expect(lines(block(trafficServer(), 'location', '=', '/nginx-health'))).toEqual(['access_log off', 'default_type text/plain', 'return 200 ok\n']);
    expect(lines(block(trafficServer(), 'location', '@rate_limited'))).toEqual([
      ...SECURITY_HEADERS,
      'add_header Retry-After 60 always',
      'default_type application/json',
      'return 429 {"error":"too_many_requests"}\n',
    ]);
  });

  test('THEN a service prefix routes the path itself and everything below it, longest prefix first', () => {
    const config = {
      ...CONFIG,
      upstreams: [
        { name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240'] },
        { name: 'users', pathPrefix: '/api/users/', port: 8083, addresses: ['10.30.63.240'] },
        { name: 'orders-b', pathPrefix: '/api/b', port: 8085, addresses: ['10.30.63.240'] },
        { name: 'orders-a', pathPrefix: '/api/a', port: 8084, addresses: ['10.30.63.240'] },
      ],
      rateLimits: [],
    };
    const locations = all(trafficServer(config), 'location').map((l) => l.args.join(' '));
    expect(locations).toEqual(['= /nginx-health', '@rate_limited', '= /api/users', '/api/users/', '= /api/a', '/api/a/', '= /api/b', '/api/b/', '/']);
    expect(args(block(trafficServer(config), 'location', '=', '/api/users'), 'proxy_pass')).toEqual([['http://users']]);
    expect(args(block(trafficServer(config), 'location', '/api/users/'), 'proxy_pass')).toEqual([['http://users']]);
    expect(args(block(trafficServer(config), 'location', '/'), 'proxy_pass')).toEqual([['http://api_gateway']]);
  });

  test('THEN each route sheds load first, then applies the tiers under its prefix, then the per-client connection limit', () => {
    expect(lines(block(trafficServer(), 'location', '/'))).toEqual([
      'limit_req zone=global burst=56667 nodelay',
      'limit_req zone=per_ip burst=100 nodelay',
      'limit_req zone=per_user burst=200 nodelay',
      'limit_conn conn_per_ip 1000',
      'proxy_pass http://api_gateway',
    ]);
    const transactions = [
      'limit_req zone=global burst=56667 nodelay',
      'limit_req zone=per_ip burst=100 nodelay',
      'limit_req zone=per_user burst=200 nodelay',
      'limit_req zone=trading burst=60 nodelay',
      'limit_conn conn_per_ip 1000',
      'proxy_pass http://transaction_service',
    ];
    expect(lines(block(trafficServer(), 'location', '=', '/api/transactions'))).toEqual(transactions);
    expect(lines(block(trafficServer(), 'location', '/api/transactions/'))).toEqual(transactions);
  });

  test('GIVEN no global limit and a tier with its own burst THEN routes carry only the tiers, with that burst', () => {
    const tiers: RateLimitTier[] = [{ name: 'per-ip', rate: '10r/s', key: RateLimitKey.CLIENT_IP, burst: 7 }];
    expect(lines(block(trafficServer({ ...CONFIG, globalRequestsPerSecond: undefined, rateLimits: tiers, maxConcurrentRequestsPerClientIp: 20 }), 'location', '/'))).toEqual([
      'limit_req zone=per_ip burst=7 nodelay',
      'limit_conn conn_per_ip 20',
      'proxy_pass http://api_gateway',
    ]);
  });
});

describe('the status server', () => {
  test('THEN stub_status answers on its own port, to loopback and the load balancers only, and nothing else', () => {
    expect(lines(statusServer())).toEqual(['listen 8081', 'access_log off', 'allow 127.0.0.0/8', 'allow 10.30.0.0/16', 'deny all', 'location = /stub_status {', 'location / {']);
    expect(lines(block(statusServer(), 'location', '=', '/stub_status'))).toEqual(['stub_status']);
    expect(lines(block(statusServer(), 'location', '/'))).toEqual(['return 404']);
  });

  test('GIVEN a listen address and loopback among the trusted ranges THEN it binds that address and allows loopback once', () => {
    const server = statusServer({ ...CONFIG, listenAddress: '127.0.0.1', trustedProxyCidrs: ['127.0.0.0/8', '10.30.0.0/16'] });
    expect(args(server, 'listen')).toEqual([['127.0.0.1:8081']]);
    expect(args(server, 'allow')).toEqual([['127.0.0.0/8'], ['10.30.0.0/16']]);
  });
});

describe('names and prefixes', () => {
  test.each([
    [undefined, '/', true],
    [undefined, '/api/anything', true],
    ['/api/transactions', '/api/transactions', true],
    ['/api/transactions', '/api/transactions/', true],
    ['/api/transactions/', '/api/transactions', true],
    ['/api/transactions', '/api/transactions/refunds', true],
    ['/api/transactions', '/api/transactionsx', false],
    ['/api/transactions', '/api', false],
    ['/api/transactions', '/', false],
  ])('GIVEN a tier under %p THEN it applies to the route %p: %p', (pathPrefix, route, applies) => {
    const tier: RateLimitTier = { name: 'trading', rate: '600r/m', key: RateLimitKey.CLIENT_IP, pathPrefix };
    expect(appliesTo(tier, { name: 's', pathPrefix: route, port: 80, addresses: ['10.0.0.1'] })).toBe(applies);
  });

  test('THEN zone and upstream names replace every hyphen (nginx names may not contain one)', () => {
    expect(zoneName({ name: 'per-ip-v-2', rate: '1r/s', key: RateLimitKey.CLIENT_IP })).toBe('per_ip_v_2');
    expect(upstreamName({ name: 'a-b-c', pathPrefix: '/', port: 80, addresses: [] })).toBe('a_b_c');
  });
});

describe('the text', () => {
  const text = () => renderNginxConf(CONFIG);

  test('THEN it says it is generated and how to change it', () => {
    expect(text().split('\n').slice(0, 2)).toEqual([
      '# Generated by lib/nginx/render.ts from typed config. Do not edit on the instance:',
      '# change the config and roll the Auto Scaling group (instance refresh).',
    ]);
  });

  test('THEN blocks are indented four spaces per level, with no blank line doubled or before a closing brace, and one final newline', () => {
    const all = text().split('\n');
    expect(all[all.length - 1]).toBe('');
    expect(all[all.length - 2]).toBe('}');
    let depth = 0;
    all.forEach((line, i) => {
      if (line.trim() === '}') depth--;
      if (line !== '') expect({ i, indent: line.length - line.trimStart().length }).toEqual({ i, indent: 4 * depth });
      if (line.trimEnd().endsWith('{')) depth++;
      if (line === '' && i < all.length - 1) {
        expect({ i, next: all[i + 1] === '' || all[i + 1].trim() === '}' }).toEqual({ i, next: false });
      }
    });
    expect(depth).toBe(0);
    expect(text()).toContain('\n\n    upstream api_gateway {');
  });
});
