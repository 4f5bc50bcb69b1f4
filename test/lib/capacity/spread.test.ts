import { ceilClean, floorClean, fmt, spreadAcrossAzs } from '../../../lib/capacity/spread';

describe('the capacity model\'s rounding and number format', () => {
  test('GIVEN float noise THEN ceil and floor ignore it', () => {
    expect(ceilClean(0.1 * 3 * 10)).toBe(3); // 3.0000000000000004
    expect(floorClean(99_999.99999999999)).toBe(100_000);
    expect(ceilClean(3.01)).toBe(4);
    expect(floorClean(2.99)).toBe(2);
  });

  test('GIVEN a digit count THEN numbers are grouped in thousands and rounded to it, every time (the formats are cached)', () => {
    expect(fmt(1_234.567)).toBe('1,235');
    expect(fmt(1_234.567, 1)).toBe('1,234.6');
    expect(fmt(0.5, 2)).toBe('0.5');
    // The same digit count again: the cached format.
    expect(fmt(12.5)).toBe('13');
    expect(fmt(0.123_45, 2)).toBe('0.12');
  });

  test('GIVEN 10 units over 3 AZs surviving one loss THEN 5 per AZ (10 / 2), 15 in all, 10 left with one AZ lost', () => {
    expect(spreadAcrossAzs(10, 3, true)).toEqual({ perAz: 5, total: 15, survivingWithOneAzLost: 10 });
    expect(spreadAcrossAzs(10, 3, false)).toEqual({ perAz: 4, total: 12, survivingWithOneAzLost: 8 });
    expect(spreadAcrossAzs(0.5, 3, false, 2)).toEqual({ perAz: 2, total: 6, survivingWithOneAzLost: 4 });
  });
});
