import { CapacityInputs, CDN_DEFAULTS, planCapacity, sourced } from '../../../lib/capacity';
import { EnvironmentConfig, planEnvironment, validateEnvironmentConfig } from '../../../lib/config/environment';
import { compareApiFront, priceEnvironment } from '../../../lib/cost';
import { ValidationError } from '../../../lib/errors';
import { dev, ENVIRONMENTS, prod, staging } from '../../../stacks/environments';
import { CdnCapacityInput, planCdn, validateCdnInputs } from '../../../lib/capacity/cdn';
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

/**
 * validateCdnInputs on its own: the environment config rejects most of these shapes before the
 * capacity model sees them, but the model's inputs can be built without a config
 * (planCapacity), so its own checks must hold. Each message is asserted whole.
 */
describe('CDN bad input: the capacity model\'s own checks (validateCdnInputs)', () => {
  const WHERE = 'capacity model (hand)';
  /** The ValidationError validateCdnInputs throws for `cdn`, or undefined when it accepts it. */
  const rejection = (cdn: unknown): ValidationError | undefined => {
    try {
      validateCdnInputs(WHERE, cdn as CdnCapacityInput);
    } catch (e) {
      if (e instanceof ValidationError) return e;
      throw e;
    }
    return undefined;
  };
  const OBJECT_FIX = 'pass { apiFront?, staticRequestsPerApiRequest?, staticCacheHitRatio?, ... } or leave it out';
  const SOURCE_FIX = "name a measurement, a document, or 'PLACEHOLDER: ...'";

  test.each([
    ['null', null, 'null'],
    ['an empty list', [], '[]'],
    ['a list of figures', [sourced(0.5, 'test')], '[{"value":0.5,"source":"test"}]'],
    ['a string', 'on', '"on"'],
    ['a number', 42, '42'],
    ['a boolean', true, 'true'],
  ])('GIVEN cdn as %s WHEN validated THEN a ValidationError says cdn is not an object', (_what, cdn, shown) => {
    expect(rejection(cdn)?.message).toBe(`${WHERE}: cdn = ${shown} is not an object. Fix: ${OBJECT_FIX}`);
  });

  test.each([
    ['nothing', undefined],
    ['an empty object', {}],
    ['every default stated', { apiFront: true, ...CDN_DEFAULTS }],
    ['each figure at its lower limit', { apiFront: false, staticRequestsPerApiRequest: sourced(0, 't'), staticCacheHitRatio: sourced(0, 't'), staticResponseBytes: sourced(1, 't'), apiOriginNewConnectionShare: sourced(0, 't'), apiOriginConnectionSeconds: sourced(1, 't') }],
    ['each figure at its upper limit', { staticRequestsPerApiRequest: sourced(100, 't'), staticCacheHitRatio: sourced(1, 't'), staticResponseBytes: sourced(50 * 1024 ** 3, 't'), apiOriginNewConnectionShare: sourced(1, 't'), apiOriginConnectionSeconds: sourced(86_400, 't') }],
  ])('GIVEN cdn with %s WHEN validated THEN it is accepted', (_what, cdn) => {
    expect(rejection(cdn)).toBeUndefined();
  });

  test.each([
    ['a string', 'yes', '"yes"'],
    ['a number', 1, '1'],
    ['null', null, 'null'],
    ['an object', { on: true }, '{"on":true}'],
  ])('GIVEN apiFront as %s WHEN validated THEN a ValidationError says it is not a boolean', (_what, apiFront, shown) => {
    expect(rejection({ apiFront })?.message).toBe(`${WHERE} cdn: apiFront = ${shown} is not a boolean. Fix: pass true or false`);
  });

  test.each([
    ['staticRequestsPerApiRequest', 0.5, '0.5', '0.1'],
    ['staticCacheHitRatio', 'PLACEHOLDER', '"PLACEHOLDER"', '0.95'],
    ['staticResponseBytes', null, 'null', '30000'],
    ['apiOriginNewConnectionShare', { source: 'no value' }, '{"source":"no value"}', '0.001'],
    ['apiOriginConnectionSeconds', [120, 'test'], '[120,"test"]', '120'],
    ['staticCacheHitRatio', true, 'true', '0.95'],
  ])('GIVEN %s as %p WHEN validated THEN a ValidationError says it is not a sourced figure and shows the default as an example', (prop, value, shown, example) => {
    expect(rejection({ [prop]: value })?.message).toBe(
      `${WHERE} cdn: ${prop} = ${shown} is not a sourced figure. Fix: pass { value, source }, e.g. sourced(${example}, 'where the figure comes from')`,
    );
  });

  test.each(['staticRequestsPerApiRequest', 'staticResponseBytes', 'apiOriginConnectionSeconds'])(
    'GIVEN %s with a value key left undefined WHEN validated THEN a ValidationError says the value is missing',
    (prop) => {
      expect(rejection({ [prop]: { value: undefined, source: 'test' } })?.message).toBe(`${WHERE} cdn: ${prop}.value = undefined is missing. Fix: pass a number`);
    },
  );

  test.each([
    ['staticCacheHitRatio', '0.9', '"0.9"', 'from 0 to 1'],
    ['staticResponseBytes', null, 'null', 'from 1 to 53687091200'],
    ['apiOriginConnectionSeconds', Number.POSITIVE_INFINITY, 'Infinity', 'from 1 to 86400'],
  ])('GIVEN %s with the value %p WHEN validated THEN a ValidationError says it is not a finite number', (prop, value, shown, range) => {
    expect(rejection({ [prop]: { value, source: 'test' } })?.message).toBe(`${WHERE} cdn: ${prop}.value = ${shown} is not a finite number. Fix: pass a number ${range}`);
  });

  test.each([
    ['an empty source', 'staticRequestsPerApiRequest', ''],
    ['a blank source', 'staticCacheHitRatio', ' \t'],
    ['no source', 'staticResponseBytes', undefined],
    ['a numeric source', 'apiOriginNewConnectionShare', 42],
    ['a null source', 'apiOriginConnectionSeconds', null],
  ])('GIVEN a figure with %s WHEN validated THEN a ValidationError says every figure names its source', (_what, prop, source) => {
    const shown = typeof source === 'string' ? JSON.stringify(source) : String(source);
    expect(rejection({ [prop]: { value: 1, source } })?.message).toBe(`${WHERE} cdn: ${prop}.source = ${shown} is empty: every figure names its source. Fix: ${SOURCE_FIX}`);
  });

  test.each([
    ['staticRequestsPerApiRequest', -0.001, '0 to 100 static requests per API request', 'from 0 to 100'],
    ['staticRequestsPerApiRequest', 100.001, '0 to 100 static requests per API request', 'from 0 to 100'],
    ['staticCacheHitRatio', -0.001, 'a hit ratio is between 0 and 1', 'from 0 to 1'],
    ['staticCacheHitRatio', 1.001, 'a hit ratio is between 0 and 1', 'from 0 to 1'],
    ['staticResponseBytes', 0.999, 'CloudFront caches responses of up to 50 GB', 'from 1 to 53687091200'],
    ['staticResponseBytes', 50 * 1024 ** 3 + 1, 'CloudFront caches responses of up to 50 GB', 'from 1 to 53687091200'],
    ['apiOriginNewConnectionShare', -0.001, 'a share is between 0 and 1', 'from 0 to 1'],
    ['apiOriginNewConnectionShare', 1.001, 'a share is between 0 and 1', 'from 0 to 1'],
    ['apiOriginConnectionSeconds', 0.999, 'a connection lifetime of 1 s to a day', 'from 1 to 86400'],
    ['apiOriginConnectionSeconds', 86_401, 'a connection lifetime of 1 s to a day', 'from 1 to 86400'],
  ])('GIVEN %s = %p (just past its limit) WHEN validated THEN a ValidationError names the limit and the range', (prop, value, limit, range) => {
    expect(rejection({ [prop]: sourced(value, 'test') })?.message).toBe(`${WHERE} cdn: ${prop}.value = ${value} is out of range (${limit}). Fix: pass a value ${range}`);
  });
});

/** The CDN tier's report: the API front row, the inputs it adds, and the API part of the formula and result. */
describe('CDN tier report: the API front', () => {
  const tierOf = (cdn: CapacityInputs['cdn'], targetRps = 12_000) => planCdn({ ...handCheckedInputs(), targetRps, cdn }).tier;
  const row = (tier: ReturnType<typeof tierOf>, label: string) => tier.inputs.filter((i) => i[0] === label);
  // 12,000 API req/s x 0.1 = 1,200 static req/s; 1/16 miss = 75 req/s to S3.
  const statics = { staticRequestsPerApiRequest: sourced(0.1, 'test'), staticCacheHitRatio: sourced(0.9375, 'test') };

  test('GIVEN the API front off WHEN planning the CDN THEN the report shows it off, from the environment config, with no origin-connection row and no API part', () => {
    const tier = tierOf({ ...statics, apiOriginNewConnectionShare: sourced(0.002, 'measured: standard logs') });
    expect(row(tier, 'API front')).toEqual([['API front', 'off', 'environment config (cdn.apiFront)']]);
    expect(row(tier, 'new origin connections / request')).toEqual([]);
    expect(tier.formula).not.toMatch(/API:/);
    expect(tier.result).toBe('1 static distribution (1,200 req/s, 75 req/s to S3)');
  });

  test('GIVEN the API front on with a measured origin-connection share WHEN planning the CDN THEN the report shows it on, the share with its source, and the API distribution', () => {
    const tier = tierOf({ ...statics, apiFront: true, apiOriginNewConnectionShare: sourced(0.002, 'measured: standard logs') });
    expect(row(tier, 'API front')).toEqual([['API front', 'on', 'environment config (cdn.apiFront)']]);
    expect(row(tier, 'new origin connections / request')).toEqual([['new origin connections / request', '0.002', 'measured: standard logs']]);
    // 12,000 x 0.002 = 24 new connections/s; ceil(12,000 / 0.5) = 24,000 is under the 250,000 quota.
    expect(tier.formula.endsWith('; API: 12,000 req/s, quota needed 250,000, origin new connections 12,000 x 0.002 = 24/s to the ALBs')).toBe(true);
    expect(tier.result).toBe('1 static distribution (1,200 req/s, 75 req/s to S3), 1 API distribution (12,000 req/s)');
  });

  test('GIVEN the API front on with the default share WHEN planning the CDN THEN its row names the placeholder', () => {
    expect(row(tierOf({ apiFront: true }), 'new origin connections / request')).toEqual([['new origin connections / request', '0.001', 'PLACEHOLDER']]);
  });

  test('GIVEN the API front under and over the per-distribution quota WHEN planning the CDN THEN the API quota needed is the default or the load at target, whichever is larger', () => {
    // u = 0.5: 12,000 req/s needs 24,000 (the default 250,000 stays); 200,000 req/s needs 400,000.
    expect(planCdn({ ...handCheckedInputs(), cdn: { apiFront: true } }).plan.requestQuotaNeeded).toEqual({ static: 250_000, api: 250_000 });
    const high = planCdn({ ...handCheckedInputs(), targetRps: 200_000, cdn: { apiFront: true } });
    expect(high.plan.requestQuotaNeeded).toEqual({ static: 250_000, api: 400_000 });
    expect(high.tier.formula).toMatch(/; API: 200,000 req\/s, quota needed 400,000,/);
    expect(planCdn({ ...handCheckedInputs(), targetRps: 200_000, cdn: { apiFront: false } }).plan.requestQuotaNeeded).toEqual({ static: 250_000, api: 0 });
  });
});
