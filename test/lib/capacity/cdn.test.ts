import { CapacityInputs, CDN_DEFAULTS, planCapacity, sourced } from '../../../lib/capacity';
import { EnvironmentConfig, planEnvironment, validateEnvironmentConfig } from '../../../lib/config/environment';
import { compareApiFront, priceEnvironment } from '../../../lib/cost';
import { ValidationError } from '../../../lib/errors';
import { dev, ENVIRONMENTS, prod, staging } from '../../../stacks/environments';
import { planCdn } from '../../../lib/capacity/cdn';
import { handCheckedInputs } from './fixtures';

describe('CDN tier of the capacity plan', () => {
  test('GIVEN the hand-checked inputs with 0.5 static requests per API request and a 0.9 hit ratio THEN the numbers follow by hand', () => {
    // 12,000 API req/s x 0.5 = 6,000 static req/s; 10% miss = 600 req/s to S3; 6,000 x 20,000 B x 8 = 0.96 Gbps.
    const plan = planCapacity({
      ...handCheckedInputs(),
      cdn: { staticRequestsPerApiRequest: sourced(0.5, 'test'), staticCacheHitRatio: sourced(0.9, 'test'), staticResponseBytes: sourced(20_000, 'test') },
    });
    expect(plan.cdn).toMatchObject({ environment: 'hand', azCount: 3, apiFront: false, staticRequestsPerSecond: 6_000, apiRequestsPerSecond: 0 });
    expect(plan.cdn.staticOriginRequestsPerSecond).toBeCloseTo(600, 6);
    expect(plan.cdn.staticGbps).toBeCloseTo(0.96, 9);
    expect(plan.cdn.requestQuotaNeeded).toEqual({ static: 250_000, api: 0 });
    expect(plan.tiers.map((t) => t.name)).toContain('CDN (CloudFront)');
  });

  test('GIVEN prod THEN the static distribution needs the per-distribution request quota raised, and the report says so', () => {
    const plan = planEnvironment(prod);
    const tier = plan.tiers.find((t) => t.name === 'CDN (CloudFront)')!;
    expect(plan.cdn.staticRequestsPerSecond).toBe(1_000_000 * CDN_DEFAULTS.staticRequestsPerApiRequest.value);
    expect(plan.cdn.requestQuotaNeeded.static).toBe(Math.max(250_000, Math.ceil(plan.cdn.staticRequestsPerSecond / prod.capacity.targetUtilization)));
    expect(tier.inputs.find((i) => i[0] === 'requests/s per distribution (quota)')![2]).toMatch(/cloudfront-limits\.html/);
    expect(tier.notes!.join('\n')).toMatch(/README for the priced comparison/);
  });

  test('GIVEN the API front on THEN the ALB sees CloudFront\'s pooled origin connections: fewer new-connection LCUs, same bytes', () => {
    const direct = planEnvironment(staging);
    const front = planEnvironment({ ...staging, cdn: { apiFront: true } });
    expect(front.cdn.apiFront).toBe(true);
    expect(front.cdn.apiRequestsPerSecond).toBe(50_000);
    expect(front.cdn.apiOriginNewConnectionsPerSecond).toBe(50_000 * CDN_DEFAULTS.apiOriginNewConnectionShare.value);
    expect(front.alb.lcuByDimension.newConnections).toBeLessThan(direct.alb.lcuByDimension.newConnections / 10);
    expect(front.alb.lcuByDimension.processedBytes).toBe(direct.alb.lcuByDimension.processedBytes);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('GIVEN %s THEN the API front costs more than the ALBs directly, and the config keeps it off', (_name, config) => {
    const c = compareApiFront(config);
    expect(c.cheaper).toBe('direct');
    expect(c.configured).toBe('direct');
    expect(c.frontExtraMonthly).toBeGreaterThan(0);
    expect(c.differences.map((d) => d.item)).toEqual(expect.arrayContaining([expect.stringMatching(/CloudFront HTTPS requests/), expect.stringMatching(/data transfer out to the internet/)]));
  });

  test('GIVEN prod THEN the request fees of the API front are 1M req/s x 30.4 days at $0.01 per 10,000 HTTPS requests', () => {
    const c = compareApiFront(prod);
    const requests = c.differences.find((d) => /CloudFront HTTPS requests/.test(d.item))!;
    // 1,000,000 x 730 h x 3,600 s / 10,000 x $0.01 = $2,628,000 more than the static requests alone.
    expect(requests.front - requests.direct).toBeCloseTo(2_628_000, 0);
  });

  test('GIVEN the static CDN THEN every environment\'s bill carries CloudFront requests and transfer at catalog prices with sources', () => {
    const report = priceEnvironment(dev);
    const cdn = report.tiers.find((t) => t.name.startsWith('CDN'))!;
    const requests = cdn.lines.find((l) => l.item === 'CloudFront HTTPS requests')!;
    expect(requests).toMatchObject({ unitUsd: 0.01, source: 'https://aws.amazon.com/cloudfront/pricing/', read: '2026-12-01' });
    expect(cdn.lines.find((l) => l.item === 'CloudFront data transfer out')).toMatchObject({ tiered: true, unitUsd: 0.085 });
  });
});

describe('CDN bad input', () => {
  const withCdn = (cdn: unknown) => () => validateEnvironmentConfig({ ...prod, capacity: { ...prod.capacity, cdn } } as unknown as EnvironmentConfig);

  test.each([
    [-0.1, /staticCacheHitRatio.value = -0.1 is out of range \(a hit ratio is between 0 and 1\)/],
    [1.2, /staticCacheHitRatio.value = 1.2 is out of range/],
    [95, /staticCacheHitRatio.value = 95 is out of range.*from 0 to 1/s],
    [Number.NaN, /staticCacheHitRatio.value = NaN is not a finite number/],
  ])('GIVEN a static hit ratio of %p THEN a ValidationError names it and the range', (value, message) => {
    expect(withCdn({ staticCacheHitRatio: sourced(value, 'test') })).toThrow(ValidationError);
    expect(withCdn({ staticCacheHitRatio: sourced(value, 'test') })).toThrow(message);
  });

  test.each([
    ['a bare number', { staticCacheHitRatio: 0.9 }, /staticCacheHitRatio = 0.9 is not a sourced figure/],
    ['no source', { staticResponseBytes: { value: 1000, source: ' ' } }, /staticResponseBytes.source = " " is empty/],
    ['a negative static ratio', { staticRequestsPerApiRequest: sourced(-1, 'test') }, /staticRequestsPerApiRequest.value = -1 is out of range/],
    ['a zero-byte response', { staticResponseBytes: sourced(0, 'test') }, /staticResponseBytes.value = 0 is out of range/],
    ['an origin share above 1', { apiOriginNewConnectionShare: sourced(2, 'test') }, /apiOriginNewConnectionShare.value = 2 is out of range/],
    ['not an object', 'on', /capacity.cdn = "on" is not an object/],
  ])('GIVEN capacity.cdn with %s THEN a ValidationError', (_what, cdn, message) => {
    expect(withCdn(cdn)).toThrow(message);
  });

  test.each([
    ['apiFront as a string', { apiFront: 'yes' }, /config prod: cdn.apiFront = "yes" is not a boolean/],
    ['a subdomain with a dot', { staticSubdomain: 'static.assets' }, /cdn.staticSubdomain = "static.assets" is not a valid DNS label/],
    ['an upper-case subdomain', { staticSubdomain: 'Static' }, /cdn.staticSubdomain = "Static"/],
    ['an empty subdomain', { staticSubdomain: '' }, /cdn.staticSubdomain/],
    ['not an object', true, /cdn = true is not an object/],
    ['a security group id for the prefix list', { apiFront: true, originFacingPrefixListId: 'sg-0123456789abcdef0' }, /cdn.originFacingPrefixListId = "sg-0123456789abcdef0" is not a managed prefix list id/],
    ['a prefix list id too short', { apiFront: true, originFacingPrefixListId: 'pl-123' }, /cdn.originFacingPrefixListId = "pl-123" is not a managed prefix list id/],
    ['a prefix list id as a number', { apiFront: true, originFacingPrefixListId: 3927 }, /cdn.originFacingPrefixListId = 3927 is not a managed prefix list id/],
    ['origin header generation 0', { apiFront: true, originFacingPrefixListId: 'pl-3b927c52', originVerifyGeneration: 0 }, /cdn.originVerifyGeneration = 0/],
    ['origin header generation 1.5', { apiFront: true, originFacingPrefixListId: 'pl-3b927c52', originVerifyGeneration: 1.5 }, /cdn.originVerifyGeneration = 1.5/],
  ])('GIVEN config.cdn with %s THEN a ValidationError', (_what, cdn, message) => {
    expect(() => validateEnvironmentConfig({ ...prod, cdn } as unknown as EnvironmentConfig)).toThrow(message);
  });

  test('GIVEN apiFront stated in capacity.cdn THEN the config says it restates cdn.apiFront', () => {
    expect(withCdn({ apiFront: true })).toThrow(/capacity.cdn.apiFront = true restates what the environment config states \(cdn.apiFront\)/);
  });
});

/**
 * The quota notes at their thresholds (u = 0.5 in the hand-checked inputs, so the load at
 * target is twice the target): CloudFront's 250,000 req/s and 150 Gbps per distribution, S3's
 * 5,500 GET/s per prefix. Each case is exactly at the limit (no note) or just over it (the
 * note with the figure to request). The hit ratios are binary fractions, so no sum rounds.
 */
describe('CDN tier: the quota notes at their thresholds', () => {
  const cdnNotes = (targetRps: number, cdn: CapacityInputs['cdn'], averageResponseBytes = 500) => {
    const hand = handCheckedInputs();
    // The CDN tier alone: the rest of the hand-checked environment is not sized for these loads.
    return planCdn({ ...hand, targetRps, requestMix: { ...hand.requestMix, averageResponseBytes }, cdn }).tier.notes ?? [];
  };
  const staticCdn = (staticResponseBytes: number, staticCacheHitRatio = 0.984375) => ({
    staticRequestsPerApiRequest: sourced(0.5, 'test'),
    staticCacheHitRatio: sourced(staticCacheHitRatio, 'test'),
    staticResponseBytes: sourced(staticResponseBytes, 'test'),
  });
  const about = (notes: readonly string[], pattern: RegExp) => notes.filter((n) => pattern.test(n));

  test('GIVEN 125,000 static req/s at target (250,000 at u = 0.5) THEN no request-quota note; at 125,001 THEN raise it to 250,002', () => {
    expect(about(cdnNotes(250_000, staticCdn(1_000)), /static distribution needs the quota/)).toEqual([]);
    expect(about(cdnNotes(250_002, staticCdn(1_000)), /static distribution needs the quota/)).toEqual([
      'The static distribution needs the quota "Requests per second per distribution" raised from 250,000 to 250,002 before it carries the target.',
    ]);
  });

  test('GIVEN 125,000 static req/s of 75,000 B (150 Gbps at u = 0.5) THEN no bandwidth note; of 75,001 B THEN raise it to 151 Gbps', () => {
    expect(about(cdnNotes(250_000, staticCdn(75_000)), /static distribution needs "Data transfer/)).toEqual([]);
    expect(about(cdnNotes(250_000, staticCdn(75_001)), /static distribution needs "Data transfer/)).toEqual([
      'The static distribution needs "Data transfer rate per distribution" raised from 150 to 151 Gbps.',
    ]);
  });

  test('GIVEN edge misses of exactly 5,500 GET/s at u = 0.5 THEN no S3 note; of 5,501 THEN 2 prefixes', () => {
    // 176,000 x 0.5 static x 1/32 missed = 2,750 req/s, 5,500 at target; 176,032 gives 2,750.5, 5,501.
    expect(about(cdnNotes(176_000, staticCdn(1_000, 0.96875)), /Edge misses reach S3/)).toEqual([]);
    expect(about(cdnNotes(176_032, staticCdn(1_000, 0.96875)), /Edge misses reach S3/)).toEqual([
      'Edge misses reach S3 at 5,501 req/s at the target utilisation, above the 5,500 GET/s S3 serves per prefix: publish assets under at least 2 prefixes (for example the content hash\'s first characters).',
    ]);
  });

  test('GIVEN the API front at 125,000 req/s (250,000 at u = 0.5) THEN no API request note; at 125,001 THEN raise it to 250,002', () => {
    const front = { ...staticCdn(1_000), apiFront: true };
    expect(about(cdnNotes(125_000, front), /API distribution needs "Requests/)).toEqual([]);
    expect(about(cdnNotes(125_001, front), /API distribution needs "Requests/)).toEqual([
      'The API distribution needs "Requests per second per distribution" raised from 250,000 to 250,002.',
    ]);
  });

  test('GIVEN the API front at 125,000 req/s of 75,000 B (150 Gbps at u = 0.5) THEN no API bandwidth note; of 75,001 B THEN 151 Gbps', () => {
    const front = { ...staticCdn(1_000), apiFront: true };
    expect(about(cdnNotes(125_000, front, 75_000), /API distribution needs "Data transfer/)).toEqual([]);
    expect(about(cdnNotes(125_000, front, 75_001), /API distribution needs "Data transfer/)).toEqual([
      'The API distribution needs "Data transfer rate per distribution" raised from 150 to 151 Gbps.',
    ]);
  });

  test('GIVEN no API front THEN no API note at any load, and the report points to the priced comparison', () => {
    const notes = cdnNotes(250_002, staticCdn(75_001));
    expect(about(notes, /API distribution/)).toEqual([]);
    expect(about(notes, /README for the priced comparison/)).toHaveLength(1);
    expect(about(cdnNotes(125_000, { ...staticCdn(1_000), apiFront: true }), /README for the priced comparison/)).toEqual([]);
  });
});
