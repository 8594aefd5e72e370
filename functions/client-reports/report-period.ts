/*
 * The periods of report e-mails (pure, no I/O): a daily report covers the contact's previous local
 * day and is due from 07:00 local; a weekly one covers the previous local week, Monday to Sunday,
 * and is due from Monday 07:00 local. The hourly run asks, for each contact, which period is the
 * latest one due at its scheduled time; the sent-marker makes a second ask of the same period a no-op.
 */

/** The local hour from which a period's report is due. */
export const sendHour = 7;

export type Frequency = 'daily' | 'weekly';

/** A period of a report: `[from, to)` in UTC, its key (one per contact and period) and its local label. */
export interface ReportPeriod {
  /** `D<first day>` or `W<Monday>`, e.g. `D2027-03-10`, `W2027-03-08`. */
  key: string;
  from: Date;
  to: Date;
  /** The local dates it covers, for the e-mail: `2027-03-10`, or `2027-03-08 – 2027-03-14`. */
  label: string;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** The local date, hour and weekday (Monday 0) of `at` in `timeZone`. */
function localParts(at: Date, timeZone: string): LocalDate & { hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    weekday: 'short',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    year: Number(part('year')),
    month: Number(part('month')),
    day: Number(part('day')),
    hour: Number(part('hour')) % 24,
    weekday: weekdays.indexOf(part('weekday')),
  };
}

/** The calendar date `days` after `date` (negative: before). */
function addDays(date: LocalDate, days: number): LocalDate {
  const at = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

const iso = (date: LocalDate) =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** The UTC instant of local midnight at the start of `date` in `timeZone` (DST-safe to the hour). */
export function localMidnight(date: LocalDate, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  let guess = wall;
  // Two rounds settle the offset, even across a change of it.
  for (let i = 0; i < 2; i++) {
    const local = localParts(new Date(guess), timeZone);
    const minutes = new Intl.DateTimeFormat('en-US', { timeZone, minute: 'numeric' }).format(new Date(guess));
    const seen = Date.UTC(local.year, local.month - 1, local.day, local.hour, Number(minutes));
    guess += wall - seen;
  }
  return new Date(guess);
}

/**
 * The latest period of `frequency` whose report is due at `now` in `timeZone`: yesterday's from
 * 07:00 today (before 07:00, the day before yesterday's); for a week, last week's from Monday
 * 07:00 (before then, the week before's).
 */
export function duePeriod(frequency: Frequency, timeZone: string, now: Date): ReportPeriod {
  const local = localParts(now, timeZone);
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  if (frequency === 'daily') {
    const sendDay = local.hour >= sendHour ? today : addDays(today, -1);
    const first = addDays(sendDay, -1);
    return {
      key: `D${iso(first)}`,
      from: localMidnight(first, timeZone),
      to: localMidnight(sendDay, timeZone),
      label: iso(first),
    };
  }
  let monday = addDays(today, -local.weekday);
  if (local.weekday === 0 && local.hour < sendHour) monday = addDays(monday, -7);
  const first = addDays(monday, -7);
  return {
    key: `W${iso(first)}`,
    from: localMidnight(first, timeZone),
    to: localMidnight(monday, timeZone),
    label: `${iso(first)} – ${iso(addDays(monday, -1))}`,
  };
}
