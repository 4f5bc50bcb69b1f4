import { RateLimitTier } from '../rate-limits';
import { ServiceEndpoint } from '../service-endpoints';

/**
 * Everything the generated nginx.conf depends on, typed. The renderer is pure: the same
 * config always renders the same text, and nothing in it reads the machine it runs on.
 */
export interface NginxConfig {
  /** Where the ALB sends traffic. */
  readonly listenPort: number;
  /**
   * Address nginx binds the traffic and status ports to.
   * @default - every address (the loopback test binds 127.0.0.1)
   */
  readonly listenAddress?: string;
  /** nginx's own health location (the ALB target group's health check path); never proxied. */
  readonly healthPath: string;
  /** `stub_status` port for metrics, reachable from `trustedProxyCidrs` and loopback only. */
  readonly statusPort: number;
  /** One upstream per service; `pathPrefix` routes to it. */
  readonly upstreams: readonly ServiceEndpoint[];
  /**
   * Where the load balancers sit (the VPC CIDR). nginx takes the client's address from the
   * X-Forwarded-For entry added by a peer in these ranges (`set_real_ip_from`).
   */
  readonly trustedProxyCidrs: readonly string[];
  /**
   * Where a trusted peer puts the client's address. Behind CloudFront (ApiFront) the ALB's
   * X-Forwarded-For ends with the edge server's address, so nginx reads `CloudFront-Viewer-Address`
   * (`<ipv4>:<port>`, which `real_ip_header` parses; the API distribution is IPv4-only because
   * CloudFront writes IPv6 viewers unbracketed, `<ipv6>:<port>`, which nginx cannot).
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html
   * @default RealIpHeader.X_FORWARDED_FOR
   */
  readonly realIpHeader?: RealIpHeader;
  /**
   * Requests to the services must carry this header with one of the values listed in a file
   * (the API front's secret origin header, refreshed from Secrets Manager on the instance);
   * anything else is answered 403 before it reaches an upstream. The health path stays open
   * for the ALB's health checks.
   * @default - no origin header required (clients reach the ALBs directly)
   */
  readonly originVerify?: NginxOriginVerify;
  /** `worker_connections` per worker (client and upstream connections both count). */
  readonly workerConnections: number;
  /**
   * Client keep-alive, seconds. Must exceed the ALB's idle timeout, so the ALB, never
   * nginx, closes an idle connection (otherwise the ALB can send a request on a connection
   * nginx is closing and answer 502).
   */
  readonly keepaliveTimeoutSeconds: number;
  /** Idle keep-alive connections each worker caches per upstream (`keepalive`). */
  readonly upstreamKeepaliveConnections: number;
  /**
   * How long an idle upstream connection stays cached. Must be below the services'
   * own keep-alive timeout (Node.js closes idle connections after 5 s by default), so
   * nginx never reuses a connection the service is closing.
   */
  readonly upstreamKeepaliveTimeoutSeconds: number;
  readonly proxyConnectTimeoutSeconds: number;
  readonly proxySendTimeoutSeconds: number;
  readonly proxyReadTimeoutSeconds: number;
  /** Attempts per request over the upstream's servers (`proxy_next_upstream_tries`). */
  readonly nextUpstreamTries: number;
  /** Time budget for those attempts (`proxy_next_upstream_timeout`). */
  readonly nextUpstreamTimeoutSeconds: number;
  /** Failed attempts within `upstreamFailTimeoutSeconds` that take a server out for that long. */
  readonly upstreamMaxFails: number;
  readonly upstreamFailTimeoutSeconds: number;
  /** Per-client tiers, enforced per instance with `limit_req` (429 when exceeded). */
  readonly rateLimits: readonly RateLimitTier[];
  /**
   * Requests per second one instance admits over all clients before it sheds load with 429:
   * the instance's planned capacity.
   * @default - no global limit
   */
  readonly globalRequestsPerSecond?: number;
  /** Requests one client IP may have in flight on one instance (`limit_conn`, 429 above). */
  readonly maxConcurrentRequestsPerClientIp: number;
  /**
   * How long a stopping nginx lets in-flight requests finish (`worker_shutdown_timeout`);
   * aligned with the target group's deregistration delay.
   */
  readonly gracefulShutdownSeconds: number;
  /** @default 1 MiB */
  readonly clientMaxBodyKiB?: number;
  /**
   * AZ-affine upstreams: the index, in every upstream's `addresses`, of the internal NLB's
   * address in this instance's own AZ. That server is the only primary; the others are `backup`
   * servers, which nginx uses only while the primary is marked failed (`upstreamMaxFails`
   * failures within `upstreamFailTimeoutSeconds`) or when a request's attempt on it fails
   * (`proxy_next_upstream`). Needs at least two addresses per upstream.
   * @default - every address is a primary server (least_conn over all of them)
   */
  readonly preferredAddressIndex?: number;
  /**
   * Absolute path of a file holding the `upstream` blocks (`renderNginxUpstreams`), included
   * in their place: how an instance picks its own AZ's upstreams at boot while nginx.conf stays
   * one text for the whole fleet.
   * @default - the upstream blocks are written into nginx.conf
   */
  readonly upstreamsInclude?: string;
  /** @default - production paths, see {@link NginxRuntime} */
  readonly runtime?: NginxRuntime;
}

/** The header nginx takes the client's address from. */
export enum RealIpHeader {
  /** The ALB appends its peer (the client) to X-Forwarded-For. */
  X_FORWARDED_FOR = 'X-Forwarded-For',
  /** CloudFront's viewer address (`<ip>:<port>`), when CloudFront is the ALBs' only client. */
  CLOUDFRONT_VIEWER_ADDRESS = 'CloudFront-Viewer-Address',
}

/** The secret origin header nginx requires (ApiFront's `X-Origin-Verify`). */
export interface NginxOriginVerify {
  /** Header name, e.g. `X-Origin-Verify`. */
  readonly headerName: string;
  /** File of `"<value>" 1;` lines (an nginx `map` include) written on the instance, never in nginx.conf. */
  readonly acceptedValuesPath: string;
}

/**
 * Where nginx runs: the instance (the defaults) or a test's temporary prefix. Only paths
 * and the `user` directive; nothing that changes behaviour.
 */
export interface NginxRuntime {
  /** @default 'nginx' - the Amazon Linux package's user; `null` leaves the directive out (run as the invoking user) */
  readonly user?: string | null;
  /** @default '/run/nginx.pid' */
  readonly pidPath?: string;
  /** @default '/var/log/nginx/error.log' */
  readonly errorLogPath?: string;
  /** @default '/var/log/nginx/access.log' */
  readonly accessLogPath?: string;
  /**
   * Directory for request-body and proxy temp files.
   * @default - nginx's compiled-in paths
   */
  readonly tempDir?: string;
}
