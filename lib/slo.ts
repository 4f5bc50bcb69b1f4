/**
 * Service level objectives shared by the CloudWatch alarms and the Prometheus rules, so
 * both sides page on the same promise.
 */

/** Design notes (001, "Expected Results"): "Response Time: < 100ms (95th percentile)". */
export const LATENCY_P95_OBJECTIVE_SECONDS = 0.1;

/**
 * This repo's tail objective. The design notes set only p95; p99 at 2.5x the p95 objective
 * catches a long tail (slow replicas, GC pauses, cache misses) before it drags p95 over.
 */
export const LATENCY_P99_OBJECTIVE_SECONDS = 0.25;

/** Design notes (001, "Expected Results"): "Availability: 99.9% uptime". */
export const AVAILABILITY_OBJECTIVE = 0.999;

/** The error budget's window: the SRE workbook's (and most SLO tooling's) 30 days. */
export const SLO_WINDOW_DAYS = 30;

/** A burn-rate alert: the error ratio exceeds `rate` x the error budget over both windows. */
export interface BurnRateWindow {
  readonly rate: number;
  readonly longWindow: string;
  readonly shortWindow: string;
  readonly for: string;
}

/**
 * Multiwindow, multi-burn-rate alerts from the Google SRE workbook, "Alerting on SLOs"
 * (https://sre.google/workbook/alerting-on-slos/, table 5-8): burning 14.4x the budget for an
 * hour spends 2% of a 30-day budget and pages; 6x over six hours spends 5% and opens a ticket.
 */
export const FAST_BURN: BurnRateWindow = { rate: 14.4, longWindow: '1h', shortWindow: '5m', for: '2m' };
export const SLOW_BURN: BurnRateWindow = { rate: 6, longWindow: '6h', shortWindow: '30m', for: '15m' };

/** Error ratio above which the budget of `availability` burns at `rate` (14.4 x 0.1% = 1.44%). */
export function burnRateErrorRatio(availability: number, rate: number): number {
  return Number((rate * (1 - availability)).toPrecision(12));
}
