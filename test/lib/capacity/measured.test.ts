import { DERATING, DERATING_POLICY, deratingText, MEASURED_FIGURES, measuredFigure } from '../../../lib/capacity/measured';
import { sourced } from '../../../lib/capacity/sourced';

const INPUT = { unit: 'ops/s per vCPU', measuredHere: 50_000, workload: 'redis-benchmark -P 1, 4 KiB', command: 'npm run bench:cache', date: '2026-12-01', machine: 'AMD EPYC, 2 vCPUs' };

describe('the derating policy', () => {
  test('GIVEN the policy THEN one product of its factors applies to every figure, payload never discounted but required', () => {
    const product = Object.values(DERATING_POLICY).reduce((p, f) => p * f.factor, 1);
    expect(DERATING).toBeCloseTo(product, 6);
    expect(DERATING).toBeGreaterThan(0);
    expect(DERATING).toBeLessThan(1);
    expect(DERATING_POLICY.payload.factor).toBe(1);
    for (const f of Object.values(DERATING_POLICY)) expect(f.reason.length).toBeGreaterThan(40);
    expect(deratingText()).toContain(`x${DERATING}`);
  });

  test('GIVEN a measurement WHEN the figure is made THEN it is floor(measured x derating) and the source says what, how, when and where', () => {
    const f = measuredFigure(INPUT);
    expect(f.derated).toBe(Math.floor((50_000 * DERATING) / 100) * 100);
    expect(f.value).toBe(f.derated);
    expect(f.derating).toBe(DERATING);
    for (const part of ['this repo: npm run bench:cache', '2026-12-01', 'AMD EPYC', 'redis-benchmark -P 1', '50,000', deratingText()]) expect(f.source).toContain(part);
  });

  test('GIVEN a vendor peak WHEN it is below the derated figure THEN it caps the figure; above, it is only cited', () => {
    const capped = measuredFigure({ ...INPUT, vendorUpperBound: sourced(10_000, 'vendor blog') });
    expect(capped.value).toBe(10_000);
    expect(capped.source).toContain('which caps it');
    const above = measuredFigure({ ...INPUT, vendorUpperBound: sourced(1_000_000, 'vendor blog') });
    expect(above.value).toBe(above.derated);
    expect(above.source).toContain('not reached');
  });

  test.each([[0], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('GIVEN a measured figure of %p THEN it is refused', (measuredHere) => {
    expect(() => measuredFigure({ ...INPUT, measuredHere })).toThrow(/must be a positive number/);
  });

  test.each(Object.entries(MEASURED_FIGURES))('GIVEN the exported figure %s THEN it follows the policy, cites its benchmark and respects its vendor bound', (_name, figure) => {
    expect(figure.derating).toBe(DERATING);
    expect(figure.derated).toBeLessThanOrEqual(figure.measuredHere * DERATING);
    expect(figure.value).toBeLessThanOrEqual(figure.derated);
    if (figure.vendorUpperBound) expect(figure.value).toBeLessThanOrEqual(figure.vendorUpperBound.value);
    expect(figure.command).toMatch(/^npm run bench:(cache|postgres|pooler|service|nginx)$/);
    expect(figure.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(figure.source).toContain(`this repo: ${figure.command}`);
    expect(figure.value).toBeGreaterThan(0);
  });
});

describe('the README states the measured figures as exported', () => {
  const readme = require('fs').readFileSync(require('path').join(__dirname, '..', '..', '..', 'README.md'), 'utf8') as string;
  const section = readme.slice(readme.indexOf('### Measured figures'), readme.indexOf('## The tiers'));
  const fmt = (n: number) => n.toLocaleString('en-US');

  test('GIVEN the Measured figures section THEN it states the policy product and every factor', () => {
    expect(section).toContain(`\`DERATING\` = ${DERATING}`);
    for (const [name, f] of Object.entries(DERATING_POLICY)) expect(section).toMatch(new RegExp(`\\| ${name} \\| ${f.factor} \\|`));
  });

  test.each(Object.entries(MEASURED_FIGURES))('GIVEN %s THEN its row shows its benchmark, the figure measured here and the figure used', (_name, figure) => {
    expect(section).toMatch(new RegExp(`\\| \`${figure.command}\` \\|[^\\n]*\\| ${fmt(figure.measuredHere)} \\| ${fmt(figure.value)} \\|`));
  });
});
