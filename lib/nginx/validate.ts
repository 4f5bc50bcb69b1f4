import { IConstruct } from 'constructs';
import { parseCidr } from '../cidr';
import { invalid } from '../errors';
import { validateRateLimits } from '../rate-limits';
import { checkArray, checkInteger, checkName, checkOneOf } from '../validation';
import { appliesTo } from './render';
import { NginxConfig, RealIpHeader } from './nginx-config';

/** nginx accepts up to this many connections per worker in practice (bounded by the descriptor limit). */
const MAX_WORKER_CONNECTIONS = 1_048_576;
/** The smallest value that still leaves room for a few hundred proxied requests per worker. */
const MIN_WORKER_CONNECTIONS = 256;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const PORT = { min: 1, max: 65_535 };

/**
 * Checks a config before it is rendered, so a bad value fails at synth with a message,
 * not at boot on the instance with `nginx: [emerg]`.
 */
export function validateNginxConfig(scope: IConstruct | string, prop: string, config: NginxConfig): void {
  checkInteger(scope, `${prop}.listenPort`, config.listenPort, PORT);
  checkInteger(scope, `${prop}.statusPort`, config.statusPort, PORT);
  if (config.listenPort === config.statusPort) invalid(scope, `${prop}.statusPort`, config.statusPort, 'is the traffic port', 'give stub_status its own port');
  if (typeof config.healthPath !== 'string' || !/^\/[A-Za-z0-9._~/-]*$/.test(config.healthPath)) {
    invalid(scope, `${prop}.healthPath`, config.healthPath, 'is not a plain URL path', 'use a path such as "/nginx-health"');
  }
  checkInteger(scope, `${prop}.workerConnections`, config.workerConnections, { min: MIN_WORKER_CONNECTIONS, max: MAX_WORKER_CONNECTIONS });
  for (const key of [
    'keepaliveTimeoutSeconds',
    'upstreamKeepaliveTimeoutSeconds',
    'proxyConnectTimeoutSeconds',
    'proxySendTimeoutSeconds',
    'proxyReadTimeoutSeconds',
    'nextUpstreamTimeoutSeconds',
    'upstreamFailTimeoutSeconds',
    'gracefulShutdownSeconds',
  ] as const) {
    checkInteger(scope, `${prop}.${key}`, config[key], { min: 1, max: 3_600 });
  }
  checkInteger(scope, `${prop}.upstreamKeepaliveConnections`, config.upstreamKeepaliveConnections, { min: 1, max: 10_000 });
  checkInteger(scope, `${prop}.nextUpstreamTries`, config.nextUpstreamTries, { min: 1, max: 10 });
  checkInteger(scope, `${prop}.upstreamMaxFails`, config.upstreamMaxFails, { min: 0, max: 100 });
  checkInteger(scope, `${prop}.maxConcurrentRequestsPerClientIp`, config.maxConcurrentRequestsPerClientIp, { min: 1, max: MAX_WORKER_CONNECTIONS });
  checkInteger(scope, `${prop}.globalRequestsPerSecond`, config.globalRequestsPerSecond, { min: 1 });
  checkInteger(scope, `${prop}.clientMaxBodyKiB`, config.clientMaxBodyKiB, { min: 1 });
  if (config.upstreamKeepaliveConnections * config.upstreams.length > config.workerConnections / 2) {
    invalid(
      scope,
      `${prop}.upstreamKeepaliveConnections`,
      config.upstreamKeepaliveConnections,
      `caches ${config.upstreamKeepaliveConnections * config.upstreams.length} idle upstream connections per worker, more than half of workerConnections (${config.workerConnections})`,
      'lower upstreamKeepaliveConnections or raise workerConnections',
    );
  }

  checkOneOf(scope, `${prop}.realIpHeader`, config.realIpHeader, Object.values(RealIpHeader));
  if (config.originVerify !== undefined) {
    const { headerName, acceptedValuesPath } = config.originVerify;
    if (typeof headerName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,63}$/.test(headerName)) {
      invalid(scope, `${prop}.originVerify.headerName`, headerName, 'is not an HTTP header name (letters, digits and hyphens)', 'use e.g. "X-Origin-Verify"');
    }
    if (typeof acceptedValuesPath !== 'string' || !/^\/[A-Za-z0-9._/-]+$/.test(acceptedValuesPath)) {
      invalid(scope, `${prop}.originVerify.acceptedValuesPath`, acceptedValuesPath, 'is not an absolute file path', 'use e.g. "/etc/nginx/origin-verify.map"');
    }
  }
  checkArray(scope, `${prop}.trustedProxyCidrs`, config.trustedProxyCidrs, { minLength: 1, what: 'CIDRs of the load balancers (the VPC CIDR)' });
  config.trustedProxyCidrs.forEach((cidr, i) => {
    if (!parseCidr(cidr)) invalid(scope, `${prop}.trustedProxyCidrs[${i}]`, cidr, 'is not an IPv4 CIDR', 'pass the VPC CIDR, e.g. "10.30.0.0/16"');
  });

  checkArray(scope, `${prop}.upstreams`, config.upstreams, { minLength: 1, what: 'service endpoints' });
  const names = new Set<string>();
  const prefixes = new Set<string>();
  config.upstreams.forEach((upstream, i) => {
    const at = `${prop}.upstreams[${i}]`;
    checkName(scope, `${at}.name`, upstream.name, { maxLength: 63, pattern: /^[a-z][a-z0-9-]*$/, charset: 'lower-case letters, digits and hyphens', what: 'service name' });
    if (names.has(upstream.name)) invalid(scope, `${at}.name`, upstream.name, 'names two upstreams', 'list each service once');
    names.add(upstream.name);
    if (typeof upstream.pathPrefix !== 'string' || !/^\/[A-Za-z0-9._~/-]*$/.test(upstream.pathPrefix)) {
      invalid(scope, `${at}.pathPrefix`, upstream.pathPrefix, 'is not a plain URL path prefix', 'start it with "/", e.g. "/api/users"');
    }
    const normalized = upstream.pathPrefix.replace(/(.)\/+$/, '$1');
    if (prefixes.has(normalized)) invalid(scope, `${at}.pathPrefix`, upstream.pathPrefix, 'is routed to two services', 'give every service its own path prefix');
    prefixes.add(normalized);
    checkInteger(scope, `${at}.port`, upstream.port, PORT);
    checkArray(scope, `${at}.addresses`, upstream.addresses, { minLength: 1, what: 'IPv4 addresses' });
    upstream.addresses.forEach((address, j) => {
      if (!IPV4.test(address)) {
        invalid(
          scope,
          `${at}.addresses[${j}]`,
          address,
          'is not an IPv4 address; open-source nginx resolves upstream host names once, at start, and would keep sending to stale addresses',
          'pass the fixed private addresses of the internal NLB (ServiceEndpoint.addresses)',
        );
      }
    });
  });

  if (config.preferredAddressIndex !== undefined) {
    const fewest = Math.min(...config.upstreams.map((u) => u.addresses.length));
    if (fewest < 2) {
      invalid(scope, `${prop}.preferredAddressIndex`, config.preferredAddressIndex, `is set but an upstream has ${fewest} address: AZ-affine upstreams need one address per AZ, at least two, so another AZ can serve as backup`, 'leave preferredAddressIndex out, or pass the internal NLB\'s address in every AZ');
    }
    checkInteger(scope, `${prop}.preferredAddressIndex`, config.preferredAddressIndex, { min: 0, max: fewest - 1, limit: `an index into every upstream's addresses (0 to ${fewest - 1}: one per AZ)` });
  }
  if (config.upstreamsInclude !== undefined && (typeof config.upstreamsInclude !== 'string' || !/^\/[A-Za-z0-9._/-]+$/.test(config.upstreamsInclude) || config.upstreamsInclude.endsWith('/'))) {
    invalid(scope, `${prop}.upstreamsInclude`, config.upstreamsInclude, 'is not an absolute file path of letters, digits, ".", "_", "-" and "/"', 'pass a path such as "/etc/nginx/upstreams.conf"');
  }

  validateRateLimits(scope, `${prop}.rateLimits`, config.rateLimits);
  config.rateLimits.forEach((tier, i) => {
    if (tier.pathPrefix !== undefined && !config.upstreams.some((u) => appliesTo(tier, u))) {
      invalid(scope, `${prop}.rateLimits[${i}].pathPrefix`, tier.pathPrefix, 'matches no upstream path prefix, so the tier would never apply', `use one of ${config.upstreams.map((u) => JSON.stringify(u.pathPrefix)).join(', ')}`);
    }
  });
}
