import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow, shiftWeeklyWindow } from '../../lib/maintenance-window';

describe('maintenance windows', () => {
  test('GIVEN a weekly window THEN shifting it keeps its length and wraps around the week', () => {
    const window = parseWeeklyWindow('test', 'maintenanceWindow', 'sat:23:30-sun:00:00');
    expect(window.end - window.start).toBe(30);
    expect(shiftWeeklyWindow(window, 60)).toBe('sun:00:30-sun:01:00');
    expect(shiftWeeklyWindow(parseWeeklyWindow('test', 'w', 'sun:05:00-sun:05:30'), 3 * 60)).toBe('sun:08:00-sun:08:30');
  });

  test('GIVEN a backup window THEN overlap with the weekly window is found on any day, across midnight', () => {
    const weekly = parseWeeklyWindow('test', 'w', 'tue:23:30-wed:00:30');
    expect(dailyOverlapsWeekly(parseDailyWindow('test', 'b', '00:00-01:00'), weekly)).toBe(true);
    expect(dailyOverlapsWeekly(parseDailyWindow('test', 'b', '23:45-00:15'), weekly)).toBe(true);
    expect(dailyOverlapsWeekly(parseDailyWindow('test', 'b', '03:00-04:00'), weekly)).toBe(false);
    expect(dailyOverlapsWeekly(parseDailyWindow('test', 'b', '03:00-04:00'), parseWeeklyWindow('test', 'w', 'sat:23:00-sun:03:30'))).toBe(true);
  });

  test.each([
    ['sun:05:00-sun:05:10', /lasts 10 minutes; AWS requires 30 minutes to 24 hours/],
    ['sunday', /is not a weekly window\. Fix: use the form "ddd:hh24:mi-ddd:hh24:mi"/],
    ['sun:25:00-sun:26:00', /is not a weekly window/],
  ])('GIVEN the weekly window %s THEN it is rejected', (value, message) => {
    expect(() => parseWeeklyWindow('test', 'maintenanceWindow', value)).toThrow(message);
  });

  test('GIVEN a daily window shorter than 30 minutes THEN it is rejected', () => {
    expect(() => parseDailyWindow('test', 'backupWindow', '03:00-03:15')).toThrow(/backupWindow = "03:00-03:15" lasts 15 minutes; AWS requires at least 30/);
  });
});
