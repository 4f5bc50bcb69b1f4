import { NginxConfig } from '../../../lib/nginx';
import { DESIGN_NOTES_RATE_LIMITS } from '../../../lib/rate-limits';

/** A production-like nginx config (not a *.test.ts file: Jest does not run it). */
export const CONFIG: NginxConfig = {
  listenPort: 8080,
  statusPort: 8081,
  healthPath: '/nginx-health',
  upstreams: [
    { name: 'api-gateway', pathPrefix: '/', port: 8080, addresses: ['10.30.63.240', '10.30.127.240'] },
    { name: 'transaction-service', pathPrefix: '/api/transactions', port: 8082, addresses: ['10.30.63.240', '10.30.127.240'] },
  ],
  trustedProxyCidrs: ['10.30.0.0/16'],
  workerConnections: 4096,
  keepaliveTimeoutSeconds: 75,
  upstreamKeepaliveConnections: 64,
  upstreamKeepaliveTimeoutSeconds: 4,
  proxyConnectTimeoutSeconds: 2,
  proxySendTimeoutSeconds: 10,
  proxyReadTimeoutSeconds: 30,
  nextUpstreamTries: 3,
  nextUpstreamTimeoutSeconds: 10,
  upstreamMaxFails: 3,
  upstreamFailTimeoutSeconds: 30,
  rateLimits: DESIGN_NOTES_RATE_LIMITS,
  globalRequestsPerSecond: 56_667,
  maxConcurrentRequestsPerClientIp: 1_000,
  gracefulShutdownSeconds: 30,
};
