import { checkBoolean, checkNumber } from '../validation';
import { invalid } from '../errors';
import { CapacityInputs } from './inputs';
import { PlanIdentity, TierInput, TierReport } from './plan';
import { PLACEHOLDER, Sourced, sourced } from './sourced';
import { fmt } from './spread';

const CLOUDFRONT_QUOTAS_DOC = 'AWS docs, Quotas for Amazon CloudFront, general quotas on distributions (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html)';

/** CloudFront's default per-distribution throughput quotas (both adjustable through Service Quotas). */
export const CLOUDFRONT_QUOTAS = {
  requestsPerSecondPerDistribution: sourced(250_000, `${CLOUDFRONT_QUOTAS_DOC}: Requests per second per distribution, 250,000 (adjustable)`),
  gbpsPerDistribution: sourced(150, `${CLOUDFRONT_QUOTAS_DOC}: Data transfer rate per distribution, 150 Gbps (adjustable)`),
  /** S3 serves at least 5,500 GET/HEAD requests/s per partitioned prefix. */
  s3GetRequestsPerSecondPerPrefix: sourced(5_500, 'AWS docs, Best practices design patterns: optimizing Amazon S3 performance, "at least 3,500 PUT/COPY/POST/DELETE or 5,500 GET/HEAD requests per second per partitioned Amazon S3 prefix" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html)'),
  /** Keep-alive timeout per custom origin: 1 to 120 s (the default quota). */
  originKeepaliveSecondsMax: sourced(120, `${CLOUDFRONT_QUOTAS_DOC}: Keep-alive timeout per origin, 1-120 seconds`),
  /** Response (read) timeout per origin: 1 to 120 s (the default quota). */
  originReadTimeoutSecondsMax: sourced(120, `${CLOUDFRONT_QUOTAS_DOC}: Response timeout per origin, 1-120 seconds`),
} as const;

const plan = (what: string): string => `${PLACEHOLDER}: planning figure for ${what}; replace it with the share measured from the distribution's standard logs`;

/** Planning figures of the CDN tier until a running environment measures them. */
export const CDN_DEFAULTS = {
  /** Static-asset requests (scripts, styles, images, fonts) per API request: a single-page client loads its bundle once per session, then calls the API. */
  staticRequestsPerApiRequest: sourced(0.1, plan('static-asset requests per API request of a single-page client')),
  /** Versioned, immutable assets cached for a year: nearly every request after the first per edge is a hit. */
  staticCacheHitRatio: sourced(0.95, plan('the edge hit ratio of versioned, immutable assets')),
  /** Mean compressed static response. */
  staticResponseBytes: sourced(30_000, plan('a compressed static asset (bundles, styles, images)')),
  /** With the API front: new connections CloudFront opens to the ALBs per request (it pools and keeps origin connections alive). */
  apiOriginNewConnectionShare: sourced(0.001, plan('new origin connections per request through CloudFront (origin keep-alive, pooled per edge location)')),
  /** With the API front: how long an origin connection of CloudFront stays open, seconds. */
  apiOriginConnectionSeconds: sourced(120, plan('the lifetime of a pooled CloudFront origin connection (the keep-alive timeout quota, 120 s)')),
} as const;

/** What the CDN tier is sized from. Every field has a default; see {@link CDN_DEFAULTS}. */
export interface CdnCapacityInput {
  /**
   * CloudFront in front of the API (the ALBs become its origin). The cost model prices both
   * designs (`npm run cost`); the README records the decision.
   * @default false
   */
  readonly apiFront?: boolean;
  /** Static-asset requests per API request (0 to 100). @default CDN_DEFAULTS.staticRequestsPerApiRequest (0.1, PLACEHOLDER) */
  readonly staticRequestsPerApiRequest?: Sourced<number>;
  /** Share of static requests the edge answers from cache (0 to 1). @default CDN_DEFAULTS.staticCacheHitRatio (0.95, PLACEHOLDER) */
  readonly staticCacheHitRatio?: Sourced<number>;
  /** Mean static response, bytes (compressed). @default CDN_DEFAULTS.staticResponseBytes (30,000, PLACEHOLDER) */
  readonly staticResponseBytes?: Sourced<number>;
  /** With `apiFront`: new origin connections per API request (0 to 1). @default CDN_DEFAULTS.apiOriginNewConnectionShare (0.001, PLACEHOLDER) */
  readonly apiOriginNewConnectionShare?: Sourced<number>;
  /** With `apiFront`: lifetime of an origin connection, seconds. @default CDN_DEFAULTS.apiOriginConnectionSeconds (120, PLACEHOLDER) */
  readonly apiOriginConnectionSeconds?: Sourced<number>;
}

/** The CDN tier (StaticAssets `capacity`): the static distribution's load and, with the API front, the API distribution's. */
export interface CdnPlan extends PlanIdentity {
  /** Whether CloudFront fronts the API (`capacity.cdn.apiFront`). */
  readonly apiFront: boolean;
  /** Static-asset requests/s at target load. */
  readonly staticRequestsPerSecond: number;
  /** Static requests/s that miss the edge and reach the S3 origin. */
  readonly staticOriginRequestsPerSecond: number;
  /** Static bytes to viewers, Gbps at target load. */
  readonly staticGbps: number;
  readonly staticCacheHitRatio: number;
  readonly staticResponseBytes: number;
  /** API requests/s through CloudFront (0 without the API front). */
  readonly apiRequestsPerSecond: number;
  /** New connections/s CloudFront opens to the ALBs (0 without the API front). */
  readonly apiOriginNewConnectionsPerSecond: number;
  /** The per-distribution requests/s quota each distribution needs (at the target utilisation); above the default it is a quota increase. */
  readonly requestQuotaNeeded: { readonly static: number; readonly api: number };
}

/** Resolved CDN inputs (defaults applied). */
export interface ResolvedCdnInputs {
  readonly apiFront: boolean;
  readonly staticRequestsPerApiRequest: Sourced<number>;
  readonly staticCacheHitRatio: Sourced<number>;
  readonly staticResponseBytes: Sourced<number>;
  readonly apiOriginNewConnectionShare: Sourced<number>;
  readonly apiOriginConnectionSeconds: Sourced<number>;
}

export function resolveCdnInputs(input: CdnCapacityInput | undefined): ResolvedCdnInputs {
  return {
    apiFront: input?.apiFront ?? false,
    staticRequestsPerApiRequest: input?.staticRequestsPerApiRequest ?? CDN_DEFAULTS.staticRequestsPerApiRequest,
    staticCacheHitRatio: input?.staticCacheHitRatio ?? CDN_DEFAULTS.staticCacheHitRatio,
    staticResponseBytes: input?.staticResponseBytes ?? CDN_DEFAULTS.staticResponseBytes,
    apiOriginNewConnectionShare: input?.apiOriginNewConnectionShare ?? CDN_DEFAULTS.apiOriginNewConnectionShare,
    apiOriginConnectionSeconds: input?.apiOriginConnectionSeconds ?? CDN_DEFAULTS.apiOriginConnectionSeconds,
  };
}

const MAX_STATIC_PER_API = 100;
const MAX_RESPONSE_BYTES = 50 * 1024 ** 3;

/** Checks `capacity.cdn`: each figure a sourced number in its range, `apiFront` a boolean. */
export function validateCdnInputs(where: string, input: CdnCapacityInput | undefined): void {
  if (input === undefined) return;
  const c = `${where} cdn`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) invalid(where, 'cdn', input, 'is not an object', 'pass { apiFront?, staticRequestsPerApiRequest?, staticCacheHitRatio?, ... } or leave it out');
  checkBoolean(c, 'apiFront', input.apiFront);
  const figure = (prop: keyof CdnCapacityInput, value: unknown, rule: { min: number; max: number; limit: string }) => {
    if (value === undefined) return;
    const f = value as Sourced<number>;
    if (typeof f !== 'object' || f === null || !('value' in f)) invalid(c, prop, value, 'is not a sourced figure', `pass { value, source }, e.g. sourced(${String((CDN_DEFAULTS as Record<string, Sourced<number>>)[prop]?.value)}, 'where the figure comes from')`);
    if (f.value === undefined) invalid(c, `${prop}.value`, f.value, 'is missing', 'pass a number');
    checkNumber(c, `${prop}.value`, f.value, rule);
    if (typeof f.source !== 'string' || f.source.trim().length === 0) invalid(c, `${prop}.source`, f.source, 'is empty: every figure names its source', "name a measurement, a document, or 'PLACEHOLDER: ...'");
  };
  figure('staticRequestsPerApiRequest', input.staticRequestsPerApiRequest, { min: 0, max: MAX_STATIC_PER_API, limit: `0 to ${MAX_STATIC_PER_API} static requests per API request` });
  figure('staticCacheHitRatio', input.staticCacheHitRatio, { min: 0, max: 1, limit: 'a hit ratio is between 0 and 1' });
  figure('staticResponseBytes', input.staticResponseBytes, { min: 1, max: MAX_RESPONSE_BYTES, limit: 'CloudFront caches responses of up to 50 GB' });
  figure('apiOriginNewConnectionShare', input.apiOriginNewConnectionShare, { min: 0, max: 1, limit: 'a share is between 0 and 1' });
  figure('apiOriginConnectionSeconds', input.apiOriginConnectionSeconds, { min: 1, max: 86_400, limit: 'a connection lifetime of 1 s to a day' });
}

const BITS_PER_BYTE = 8;
const BITS_PER_GBIT = 1e9;

/**
 * The CDN tier: the static distribution's requests, origin fetches and bandwidth, and (with the
 * API front) the API distribution's requests and the new connections it opens to the ALBs. One
 * distribution each: when the load at the target utilisation exceeds CloudFront's default
 * quota of 250,000 requests/s or 150 Gbps per distribution, the report names the increase to
 * request (CloudFront has no per-distribution LCU-style reservation; the quota is the limit).
 */
export function planCdn(inputs: CapacityInputs): { plan: CdnPlan; tier: TierReport; resolved: ResolvedCdnInputs } {
  const r = resolveCdnInputs(inputs.cdn);
  const { targetRps: rps, targetUtilization: u } = inputs;
  const staticRps = rps * r.staticRequestsPerApiRequest.value;
  const hit = r.staticCacheHitRatio.value;
  const staticOriginRps = staticRps * (1 - hit);
  const staticGbps = (staticRps * r.staticResponseBytes.value * BITS_PER_BYTE) / BITS_PER_GBIT;
  const apiRps = r.apiFront ? rps : 0;
  const originNew = r.apiFront ? rps * r.apiOriginNewConnectionShare.value : 0;
  const quota = CLOUDFRONT_QUOTAS.requestsPerSecondPerDistribution.value;
  const gbpsQuota = CLOUDFRONT_QUOTAS.gbpsPerDistribution.value;
  const needed = (x: number) => Math.ceil(x / u);
  const requestQuotaNeeded = { static: Math.max(quota, needed(staticRps)), api: r.apiFront ? Math.max(quota, needed(apiRps)) : 0 };
  const apiGbps = (apiRps * inputs.requestMix.averageResponseBytes * BITS_PER_BYTE) / BITS_PER_GBIT;

  const notes: string[] = [];
  if (needed(staticRps) > quota) notes.push(`The static distribution needs the quota "Requests per second per distribution" raised from ${fmt(quota)} to ${fmt(needed(staticRps))} before it carries the target.`);
  if (staticGbps / u > gbpsQuota) notes.push(`The static distribution needs "Data transfer rate per distribution" raised from ${gbpsQuota} to ${fmt(Math.ceil(staticGbps / u))} Gbps.`);
  if (r.apiFront && needed(apiRps) > quota) notes.push(`The API distribution needs "Requests per second per distribution" raised from ${fmt(quota)} to ${fmt(needed(apiRps))}.`);
  if (r.apiFront && apiGbps / u > gbpsQuota) notes.push(`The API distribution needs "Data transfer rate per distribution" raised from ${gbpsQuota} to ${fmt(Math.ceil(apiGbps / u))} Gbps.`);
  const s3PerPrefix = CLOUDFRONT_QUOTAS.s3GetRequestsPerSecondPerPrefix.value;
  if (staticOriginRps / u > s3PerPrefix) notes.push(`Edge misses reach S3 at ${fmt(Math.ceil(staticOriginRps / u))} req/s at the target utilisation, above the ${fmt(s3PerPrefix)} GET/s S3 serves per prefix: publish assets under at least ${Math.ceil(staticOriginRps / u / s3PerPrefix)} prefixes (for example the content hash's first characters).`);
  if (!r.apiFront) notes.push('The API is reached at the ALBs directly (capacity.cdn.apiFront false): see the README for the priced comparison.');

  const src = (f: Sourced<number>) => (f.source.startsWith(PLACEHOLDER) ? PLACEHOLDER : f.source);
  const inputsRows: TierInput[] = [
    ['API target', `${fmt(rps)} req/s`, 'environment config'],
    ['static requests / API request', fmt(r.staticRequestsPerApiRequest.value, 3), src(r.staticRequestsPerApiRequest)],
    ['static edge hit ratio', fmt(hit, 3), src(r.staticCacheHitRatio)],
    ['static response', `${fmt(r.staticResponseBytes.value)} B`, src(r.staticResponseBytes)],
    ['requests/s per distribution (quota)', fmt(quota), CLOUDFRONT_QUOTAS.requestsPerSecondPerDistribution.source],
    ['Gbps per distribution (quota)', fmt(gbpsQuota), CLOUDFRONT_QUOTAS.gbpsPerDistribution.source],
    ['API front', r.apiFront ? 'on' : 'off', 'environment config (cdn.apiFront)'],
  ];
  if (r.apiFront) inputsRows.push(['new origin connections / request', fmt(r.apiOriginNewConnectionShare.value, 4), src(r.apiOriginNewConnectionShare)]);
  const tier: TierReport = {
    name: 'CDN (CloudFront)',
    inputs: inputsRows,
    formula:
      `static = ${fmt(rps)} x ${fmt(r.staticRequestsPerApiRequest.value, 3)} = ${fmt(staticRps)} req/s; ` +
      `origin (S3) = ${fmt(staticRps)} x (1 - ${fmt(hit, 3)}) = ${fmt(staticOriginRps)} req/s; ` +
      `bandwidth = ${fmt(staticRps)} x ${fmt(r.staticResponseBytes.value)} B x 8 = ${fmt(staticGbps, 2)} Gbps; ` +
      `quota needed = max(${fmt(quota)}, ceil(${fmt(staticRps)} / ${u})) = ${fmt(requestQuotaNeeded.static)}` +
      (r.apiFront ? `; API: ${fmt(apiRps)} req/s, quota needed ${fmt(requestQuotaNeeded.api)}, origin new connections ${fmt(rps)} x ${fmt(r.apiOriginNewConnectionShare.value, 4)} = ${fmt(originNew)}/s to the ALBs` : ''),
    result: `1 static distribution (${fmt(staticRps)} req/s, ${fmt(staticOriginRps)} req/s to S3)${r.apiFront ? `, 1 API distribution (${fmt(apiRps)} req/s)` : ''}`,
    // CloudFront scales itself up to the per-distribution quota, which the notes size; no AZ of the environment carries it.
    capacityRps: Number.POSITIVE_INFINITY,
    capacityRpsWithOneAzLost: Number.POSITIVE_INFINITY,
    notes,
  };
  return {
    plan: {
      environment: inputs.environment,
      azCount: inputs.azCount,
      apiFront: r.apiFront,
      staticRequestsPerSecond: staticRps,
      staticOriginRequestsPerSecond: staticOriginRps,
      staticGbps,
      staticCacheHitRatio: hit,
      staticResponseBytes: r.staticResponseBytes.value,
      apiRequestsPerSecond: apiRps,
      apiOriginNewConnectionsPerSecond: originNew,
      requestQuotaNeeded,
    },
    tier,
    resolved: r,
  };
}

/**
 * The request mix the ALBs see: with the API front, CloudFront's pooled origin connections
 * replace the clients' (fewer new connections, longer-lived), and the bytes stay the same.
 */
export function albRequestMix(inputs: CapacityInputs): CapacityInputs {
  const r = resolveCdnInputs(inputs.cdn);
  if (!r.apiFront) return inputs;
  return { ...inputs, requestMix: { ...inputs.requestMix, newConnectionShare: r.apiOriginNewConnectionShare.value, averageConnectionSeconds: r.apiOriginConnectionSeconds.value } };
}
