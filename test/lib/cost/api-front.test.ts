import { compareApiFront, renderApiFrontComparison } from '../../../lib/cost';
import type { ApiFrontComparison } from '../../../lib/cost/api-front';
import { staging } from '../../../stacks/environments';

const COMPARISON: ApiFrontComparison = {
  environment: 'staging',
  targetRps: 50_000,
  directMonthly: 10_000.4,
  frontMonthly: 12_500.6,
  frontExtraMonthly: 2_500.2,
  cheaper: 'direct',
  configured: 'direct',
  differences: [
    { item: 'CDN: CloudFront HTTPS requests', direct: 100, front: 1_500 },
    { item: 'Edge: ALB LCU-hours', direct: 900, front: 800 },
  ],
};

describe('the API-front comparison', () => {
  test('GIVEN staging with the front on THEN it is priced both ways; the front costs more, the config says front, and only lines that differ by 50 cents or more are listed', () => {
    const on = compareApiFront({ ...staging, cdn: { ...staging.cdn, apiFront: true } });
    const off = compareApiFront(staging);
    expect(on).toMatchObject({ environment: 'staging', targetRps: 50_000, cheaper: 'direct', configured: 'front' });
    expect(off.configured).toBe('direct');
    // The same two designs priced whichever one the config runs.
    expect(on.directMonthly).toBeCloseTo(off.directMonthly, 6);
    expect(on.frontMonthly).toBeCloseTo(off.frontMonthly, 6);
    expect(on.frontExtraMonthly).toBeCloseTo(on.frontMonthly - on.directMonthly, 6);
    for (const d of on.differences) expect(Math.abs(d.front - d.direct)).toBeGreaterThanOrEqual(0.5);
    expect(on.differences.length).toBeGreaterThan(1);
    expect(new Set(on.differences.map((d) => d.item)).size).toBe(on.differences.length);
    // Each line is named by its tier: "<tier>: <item>".
    for (const d of on.differences) expect(d.item).toMatch(/^[^:]+: .+/);
  });

  test('GIVEN CloudFront priced at 0 (a private rate card) THEN the front is the cheaper design', () => {
    const free = { usd: 0, source: 'https://example.com/cdn-rate-card', read: '2026-12-01' };
    const c = compareApiFront(staging, { overrides: { 'cloudfront.requests.https.10k': free, 'cloudfront.transfer-out.gb': free } });
    expect(c.frontExtraMonthly).toBeLessThan(0);
    expect(c.cheaper).toBe('front');
  });

  test('GIVEN a comparison THEN the table lists each differing line, the totals and the verdict, in whole dollars, a saving as -$', () => {
    expect(renderApiFrontComparison(COMPARISON, 'table')).toBe(
      [
        'line (target load)              API at the ALBs  CloudFront in front  difference',
        'CDN: CloudFront HTTPS requests  $100             $1,500               $1,400',
        'Edge: ALB LCU-hours             $900             $800                 -$100',
        'total (priced lines)            $10,000          $12,501              $2,500',
        '',
        'Cheaper at 50,000 req/s: the ALBs directly (by $2,500 a month); configured: ALBs directly.',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN the front cheaper and configured THEN the markdown says so', () => {
    const front: ApiFrontComparison = { ...COMPARISON, frontMonthly: 9_000, frontExtraMonthly: -1_000.4, cheaper: 'front', configured: 'front', differences: [] };
    expect(renderApiFrontComparison(front, 'markdown')).toBe(
      [
        '| line (target load) | API at the ALBs | CloudFront in front | difference |',
        '|---|---|---|---|',
        '| total (priced lines) | $10,000 | $9,000 | -$1,000 |',
        '',
        'Cheaper at 50,000 req/s: CloudFront in front (by $1,000 a month); configured: CloudFront in front.',
        '',
      ].join('\n'),
    );
  });
});
