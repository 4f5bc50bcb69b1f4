import { IConstruct } from 'constructs';
import { invalid } from './errors';

/**
 * Weekly windows in the `ddd:hh24:mi-ddd:hh24:mi` form RDS and ElastiCache use (UTC), and
 * daily windows in the `hh24:mi-hh24:mi` form of backup and snapshot windows.
 * RDS: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Maintenance.html#Concepts.DBMaintenance
 * ElastiCache: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/maintenance-window.html
 */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
/** Both services require a window of at least 30 minutes (and RDS a backup window of at least 30). */
export const MIN_WINDOW_MINUTES = 30;
/** ElastiCache caps the maintenance window at 24 hours. */
export const MAX_MAINTENANCE_WINDOW_MINUTES = MINUTES_PER_DAY;

const WEEKLY = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;
const DAILY = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** A window as minutes from Sunday 00:00 UTC; `end` may pass the end of the week. */
export interface WeeklyWindow {
  readonly start: number;
  readonly end: number;
}

export function parseWeeklyWindow(scope: IConstruct | string, prop: string, value: string): WeeklyWindow {
  const m = WEEKLY.exec(value);
  if (!m) invalid(scope, prop, value, 'is not a weekly window', 'use the form "ddd:hh24:mi-ddd:hh24:mi" in UTC, e.g. "sun:05:00-sun:06:00"');
  const start = DAYS.indexOf(m[1] as (typeof DAYS)[number]) * MINUTES_PER_DAY + Number(m[2]) * 60 + Number(m[3]);
  let end = DAYS.indexOf(m[4] as (typeof DAYS)[number]) * MINUTES_PER_DAY + Number(m[5]) * 60 + Number(m[6]);
  if (end <= start) end += MINUTES_PER_WEEK;
  const length = end - start;
  if (length < MIN_WINDOW_MINUTES || length > MAX_MAINTENANCE_WINDOW_MINUTES) {
    invalid(scope, prop, value, `lasts ${length} minutes; AWS requires ${MIN_WINDOW_MINUTES} minutes to 24 hours`, 'widen or narrow the window');
  }
  return { start, end };
}

/** Daily window as minutes from 00:00 UTC; `end` may pass midnight. */
export function parseDailyWindow(scope: IConstruct | string, prop: string, value: string): { start: number; end: number } {
  const m = DAILY.exec(value);
  if (!m) invalid(scope, prop, value, 'is not a daily window', 'use the form "hh24:mi-hh24:mi" in UTC, e.g. "03:00-04:00"');
  const start = Number(m[1]) * 60 + Number(m[2]);
  let end = Number(m[3]) * 60 + Number(m[4]);
  if (end <= start) end += MINUTES_PER_DAY;
  if (end - start < MIN_WINDOW_MINUTES) invalid(scope, prop, value, `lasts ${end - start} minutes; AWS requires at least ${MIN_WINDOW_MINUTES}`, 'widen the window');
  return { start, end };
}

/** The window moved by `minutes` (wrapping around the week), formatted for AWS. */
export function shiftWeeklyWindow(window: WeeklyWindow, minutes: number): string {
  const start = (window.start + minutes) % MINUTES_PER_WEEK;
  const end = (window.end + minutes) % MINUTES_PER_WEEK;
  return `${formatWeekly(start)}-${formatWeekly(end)}`;
}

function formatWeekly(minuteOfWeek: number): string {
  const day = DAYS[Math.floor(minuteOfWeek / MINUTES_PER_DAY)];
  const minuteOfDay = minuteOfWeek % MINUTES_PER_DAY;
  return `${day}:${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** True when the daily window overlaps the weekly window on any day. */
export function dailyOverlapsWeekly(daily: { start: number; end: number }, weekly: WeeklyWindow): boolean {
  const length = daily.end - daily.start;
  for (let day = -1; day <= 7; day++) {
    const s = day * MINUTES_PER_DAY + daily.start;
    for (const shift of [-MINUTES_PER_WEEK, 0]) {
      if (s < weekly.end + shift && weekly.start + shift < s + length) return true;
    }
  }
  return false;
}
