import { TerraformProvider } from 'cdktf';
import { CdnPlan } from '../../lib/capacity/cdn';
import { Protection } from '../../lib/protection';
import { RateLimitTier } from '../../lib/rate-limits';
import { PriceClass, StaticAssetsZone } from '../static-assets';
import { OriginVerifySecret } from './origin-verify-secret';

/**
 * The ALB tier as CloudFront's origin (AlbNginxTier `apiOrigin`, with `cdnOrigin` set): one name
 * over every ALB and the timeouts CloudFront's origin settings are derived from.
 */
export interface ApiOrigin {
  /** The name CloudFront connects to over HTTPS: weighted alias records over every ALB, on the ALBs' certificate. */
  readonly domainName: string;
  /** The ALBs behind the name: at least one. */
  readonly loadBalancerArns: readonly string[];
  /** The ALBs' idle timeout, seconds: CloudFront's origin keep-alive stays below it. */
  readonly idleTimeoutSeconds: number;
  /** The longest nginx takes to answer one request (upstream connect + read), seconds: CloudFront waits at least this long. */
  readonly responseTimeoutSeconds: number;
}

/**
 * Caching some API responses at the edge. Off by default: `/api/*` is never cached. When on,
 * `Authorization` must be part of the cache key, so one user's response never answers another.
 */
export interface ApiCaching {
  /** Seconds a response without `Cache-Control` stays cached (0: only when the origin asks). */
  readonly defaultTtlSeconds: number;
  /** The most a response is cached, whatever the origin asks. */
  readonly maxTtlSeconds: number;
  /** Request headers in the cache key (and forwarded): must include `Authorization`. */
  readonly cacheKeyHeaders: readonly string[];
}

export interface ApiFrontProps {
  /** Prefix of the policies', web ACL's, key's and logs' names, e.g. the environment's name. */
  readonly name: string;
  /** The public zone: the API's name (`domainName`), its alias records and the certificate's DNS validation. */
  readonly hostedZone: StaticAssetsZone;
  /** The stack's AWS provider in us-east-1: the viewer certificate, the web ACL, the log delivery and the metrics live there. */
  readonly globalProvider: TerraformProvider;
  /**
   * The CDN slice of the capacity plan (`plan.cdn`). Its `apiFront` must be true: the ALBs
   * behind this distribution were sized for CloudFront's pooled origin connections.
   * @default - no plan check
   */
  readonly capacity?: CdnPlan;
  /** The ALB tier as origin (`albNginxTier.apiOrigin`). */
  readonly origin: ApiOrigin;
  /** The secret origin header CloudFront sends and nginx requires (the same object the ALB tier got). */
  readonly originVerify: OriginVerifySecret;
  /** The API's name, inside the zone. @default - the zone apex */
  readonly domainName?: string;
  /**
   * An existing ACM certificate for `domainName`, in us-east-1 (CloudFront reads certificates only there).
   * @default - a new certificate, DNS-validated in the zone, through `globalProvider`
   */
  readonly certificateArn?: string;
  /**
   * Per-client rate tiers, enforced by the web ACL at CloudFront scope (where the viewer's own
   * address is the source IP).
   * @default DESIGN_NOTES_RATE_LIMITS
   */
  readonly rateLimits?: readonly RateLimitTier[];
  /** Path pattern of the API's cache behavior. @default '/api/*' */
  readonly apiPathPattern?: string;
  /** @default - never cached (the AWS managed CachingDisabled policy) */
  readonly apiCaching?: ApiCaching;
  /**
   * CloudFront's origin keep-alive, seconds (1 to 120).
   * @default - the origin's idle timeout less KEEPALIVE_MARGIN_SECONDS, the margin nginx keeps over the ALB
   */
  readonly originKeepaliveSeconds?: number;
  /**
   * CloudFront's origin response (read) timeout, seconds (1 to 120).
   * @default - the origin's `responseTimeoutSeconds` (nginx's upstream connect + read timeouts)
   */
  readonly originReadTimeoutSeconds?: number;
  /** @default PriceClass.ALL */
  readonly priceClass?: PriceClass;
  /** Days the standard logs are kept. @default - the protection's `logRetentionDays` */
  readonly logRetentionDays?: number;
  /** `prevent_destroy` and no `force_destroy` on the log bucket in production, log retention. @default Protection.PRODUCTION */
  readonly protection?: Protection;
}
