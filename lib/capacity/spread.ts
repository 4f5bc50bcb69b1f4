/**
 * The AZ-loss rule shared by every tier spread across AZs.
 *
 * A tier needs `required` units' worth of capacity (target / utilisation / per-unit
 * capacity). When the environment must survive an AZ loss, the `azCount - 1` surviving
 * AZs must hold it all, so each AZ gets `ceil(required / (azCount - 1))` units. Otherwise
 * each AZ gets `ceil(required / azCount)`. Totals are therefore multiples of azCount.
 */
export interface AzSpread {
  readonly perAz: number;
  readonly total: number;
  /** Units left with one AZ lost. */
  readonly survivingWithOneAzLost: number;
}

export function spreadAcrossAzs(required: number, azCount: number, survivesAzLoss: boolean, minimumPerAz = 1): AzSpread {
  const carryingAzs = survivesAzLoss ? azCount - 1 : azCount;
  const perAz = Math.max(minimumPerAz, Math.ceil(roundDown(required / carryingAzs)));
  return { perAz, total: perAz * azCount, survivingWithOneAzLost: perAz * (azCount - 1) };
}

/** Removes float noise before a ceil so 3.0000000000000004 does not become 4. */
export function roundDown(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

export function ceilClean(x: number): number {
  return Math.ceil(roundDown(x));
}

/** Floor without float noise: 99,999.99999999999 req/s of capacity is 100,000, not 99,999. */
export function floorClean(x: number): number {
  return Math.floor(roundDown(x));
}

/** One formatter per digit count: building an Intl.NumberFormat per call was a measurable part of synth. */
const FORMATS = new Map<number, Intl.NumberFormat>();

export function fmt(n: number, digits = 0): string {
  let format = FORMATS.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    FORMATS.set(digits, format);
  }
  return format.format(n);
}
