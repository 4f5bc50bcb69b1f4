import { CDN_DEFAULTS, planCapacity, sourced } from '../../../lib/capacity';
import { EnvironmentConfig, planEnvironment, validateEnvironmentConfig } from '../../../lib/config/environment';
import { compareApiFront, priceEnvironment } from '../../../lib/cost';
import { ValidationError } from '../../../lib/errors';
import { dev, ENVIRONMENTS, prod, staging } from '../../../stacks/environments';
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
