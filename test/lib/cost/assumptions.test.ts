import { DEFAULT_COST_ASSUMPTIONS, validateAssumptions } from '../../../lib/cost';
import type { CostAssumptions } from '../../../lib/cost';

const withFigure = (key: keyof CostAssumptions, figure: unknown): CostAssumptions => ({ ...DEFAULT_COST_ASSUMPTIONS, [key]: figure as never });

describe('cost assumptions', () => {
  test('GIVEN the defaults THEN every figure is valid and sourced; the unmeasured ones say PLACEHOLDER', () => {
    expect(() => validateAssumptions(DEFAULT_COST_ASSUMPTIONS)).not.toThrow();
    expect(DEFAULT_COST_ASSUMPTIONS.hoursPerMonth.value).toBe(730);
    expect(DEFAULT_COST_ASSUMPTIONS.hoursPerMonth.source).toMatch(/730 hours/);
    expect(DEFAULT_COST_ASSUMPTIONS.cacheBytesPerOp.source).toMatch(/^PLACEHOLDER: planning figure for .*; replace with a measurement from the running environment$/);
  });

  test.each([
    ['a figure that is not an object', 'cacheBytesPerOp', 1_100, /^cost assumptions: cacheBytesPerOp = 1100 is not a sourced figure\. Fix: pass \{ value, source \}/],
    ['a missing figure', 'dbBytesPerQuery', undefined, /dbBytesPerQuery = undefined is not a sourced figure/],
    ['a figure without a value', 'dbBytesPerQuery', { source: 'x' }, /dbBytesPerQuery\.value = undefined is missing\. Fix: pass a number/],
    ['a value that is a string', 'ecrGBPerRepository', { value: '30', source: 'x' }, /ecrGBPerRepository\.value = "30"/],
    ['a negative value', 'natGBPerInstanceMonth', { value: -1, source: 'x' }, /natGBPerInstanceMonth\.value = -1 is out of range/],
    ['a blocked share above 1', 'wafBlockedShare', { value: 1.5, source: 'x' }, /wafBlockedShare\.value = 1\.5 is out of range/],
    ['a compression ratio above 1', 'albAccessLogCompression', { value: 2, source: 'x' }, /albAccessLogCompression\.value = 2 is out of range/],
    ['a byte count above 1e12', 'flowLogBytesPerRecord', { value: 2e12, source: 'x' }, /flowLogBytesPerRecord\.value = 2000000000000 is out of range/],
    ['an empty source', 'wafLogBytesPerRecord', { value: 1, source: '' }, /wafLogBytesPerRecord\.source = "" is empty: every figure names its source\. Fix: name a document, a measurement, or 'PLACEHOLDER: \.\.\.'$/],
    ['a blank source', 'kmsRequestsPerKeyMonth', { value: 1, source: '   ' }, /kmsRequestsPerKeyMonth\.source = " {3}" is empty/],
    ['a source that is not a string', 'secretsApiCallsPerMonth', { value: 1, source: 42 }, /secretsApiCallsPerMonth\.source = 42 is empty/],
    ['a month of 0.5 hours', 'hoursPerMonth', { value: 0.5, source: 'x' }, /hoursPerMonth\.value = 0\.5 is not an hour count of a month\. Fix: use 730/],
    ['a month of 745 hours', 'hoursPerMonth', { value: 745, source: 'x' }, /hoursPerMonth\.value = 745 is not an hour count of a month/],
  ] as [string, keyof CostAssumptions, unknown, RegExp][])('GIVEN %s THEN it is rejected naming the figure', (_label, key, figure, message) => {
    expect(() => validateAssumptions(withFigure(key, figure))).toThrow(message);
  });

  test.each([
    ['a share of exactly 1', 'wafBlockedShare', 1],
    ['no blocked requests', 'wafBlockedShare', 0],
    ['a large byte count (shares only are capped at 1)', 'cacheBytesPerOp', 5_000],
    ['the longest month, 744 hours', 'hoursPerMonth', 744],
    ['a one-hour month', 'hoursPerMonth', 1],
  ] as [string, keyof CostAssumptions, number][])('GIVEN %s THEN it is accepted', (_label, key, value) => {
    expect(() => validateAssumptions(withFigure(key, { value, source: 'measured' }))).not.toThrow();
  });

  test('GIVEN where THEN errors name the caller', () => {
    expect(() => validateAssumptions(withFigure('hoursPerMonth', { value: 0, source: 'x' }), 'cost model (prod)')).toThrow(/^cost model \(prod\): hoursPerMonth\.value = 0/);
  });
});
