const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An ISO instant `days` days after now (before it when negative), at 09:00 UTC: a due date that
 * stays in the future (or the past) whatever day the tests run, instead of a fixed date that
 * turns them red once it passes.
 */
export function daysFromNow(days: number, now: Date = new Date()): string {
  const day = new Date(now.getTime() + days * DAY_MS);
  day.setUTCHours(9, 0, 0, 0);
  return day.toISOString();
}
