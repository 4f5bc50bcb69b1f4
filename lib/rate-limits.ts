import { IConstruct } from 'constructs';
import { invalid } from './errors';
import { checkInteger, checkName } from './validation';

/**
 * The request-rate tiers of the edge, written once and enforced twice: fleet-wide by the
 * WAF web ACL on every ALB, and per instance by nginx `limit_req`.
 *
 * Source: the design notes' distributed rate limiter (design-notes/001: ip 1,000/min,
 * user 2,000/min, trading 600/min). The notes' fourth tier, "global 10,000/min", was the
 * whole capacity of a 10,000-user system; here the global tier is the environment's
 * planned capacity, enforced by nginx per instance (see `globalRequestsPerSecond` of the
 * nginx config), not by WAF: a WAF rate rule on a constant key that blocks would block
 * every client at once.
 */
export enum RateLimitKey {
  /** The client's IP: at the ALB the source address, behind it the X-Forwarded-For entry the ALB added. */
  CLIENT_IP = 'client-ip',
  /** The caller's credential (the `Authorization` header); requests without one are not counted by this tier. */
  USER = 'user',
}

export interface RateLimitTier {
  /** Lower-case letters, digits and hyphens; names the WAF rule and the nginx zone. */
  readonly name: string;
  /** Sustained rate in nginx syntax: `<n>r/s` or `<n>r/m`. */
  readonly rate: string;
  readonly key: RateLimitKey;
  /**
   * Only requests under this path prefix count (the trading tier: `/api/transactions`).
   * @default - every request
   */
  readonly pathPrefix?: string;
  /**
   * Requests nginx admits above the rate before it answers 429 (`limit_req burst`,
   * `nodelay`). WAF has no burst: it counts whole windows.
   * @default - a tenth of the per-minute rate (six seconds of traffic at the rate)
   */
  readonly burst?: number;
}

/** A parsed `<n>r/s` or `<n>r/m`. */
export interface ParsedRate {
  readonly requests: number;
  readonly per: 'second' | 'minute';
  readonly requestsPerMinute: number;
}

const RATE = /^([1-9]\d{0,9})r\/([sm])$/;

/** Parses nginx rate syntax; `undefined` when it does not parse. */
export function parseRate(text: unknown): ParsedRate | undefined {
  if (typeof text !== 'string') return undefined;
  const match = RATE.exec(text.trim());
  if (!match) return undefined;
  const requests = Number(match[1]);
  const per = match[2] === 's' ? 'second' : 'minute';
  return { requests, per, requestsPerMinute: per === 'second' ? requests * 60 : requests };
}

/** Share of the per-minute rate admitted as burst when the tier names none. */
const DEFAULT_BURST_SHARE_OF_MINUTE = 0.1;

export function burstOf(tier: RateLimitTier): number {
  return tier.burst ?? Math.max(1, Math.ceil((parseRate(tier.rate)?.requestsPerMinute ?? 0) * DEFAULT_BURST_SHARE_OF_MINUTE));
}

/** The design notes' tiers (design-notes/001, "Distributed rate limiting service"). */
export const DESIGN_NOTES_RATE_LIMITS: readonly RateLimitTier[] = [
  { name: 'per-ip', rate: '1000r/m', key: RateLimitKey.CLIENT_IP },
  { name: 'per-user', rate: '2000r/m', key: RateLimitKey.USER },
  { name: 'trading', rate: '600r/m', key: RateLimitKey.CLIENT_IP, pathPrefix: '/api/transactions' },
];

const TIER_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Checks every tier: names unique, rates parse, bursts whole numbers. */
export function validateRateLimits(scope: IConstruct | string, prop: string, tiers: readonly RateLimitTier[]): void {
  const seen = new Set<string>();
  tiers.forEach((tier, i) => {
    const at = `${prop}[${i}]`;
    checkName(scope, `${at}.name`, tier.name, { maxLength: 31, pattern: TIER_NAME, charset: 'lower-case letters, digits and hyphens, starting with a letter', what: 'rate limit tier name' });
    if (seen.has(tier.name)) invalid(scope, `${at}.name`, tier.name, 'is used by two tiers', 'give every tier its own name');
    seen.add(tier.name);
    if (!parseRate(tier.rate)) {
      invalid(scope, `${at}.rate`, tier.rate, 'does not parse as a rate', 'write "<requests>r/s" or "<requests>r/m" with a whole number of requests, e.g. "1000r/m"');
    }
    if (!Object.values(RateLimitKey).includes(tier.key)) invalid(scope, `${at}.key`, tier.key, 'is not a RateLimitKey', `use one of ${Object.values(RateLimitKey).join(', ')}`);
    checkInteger(scope, `${at}.burst`, tier.burst, { min: 0, max: 1_000_000 });
    if (tier.pathPrefix !== undefined && (typeof tier.pathPrefix !== 'string' || !tier.pathPrefix.startsWith('/'))) {
      invalid(scope, `${at}.pathPrefix`, tier.pathPrefix, 'is not a URL path', 'start it with "/", e.g. "/api/transactions"');
    }
  });
}
