/**
 * `name` as the IANA time zone this runtime knows it by (`europe/london` → `Europe/London`), or
 * undefined when it is none: `Intl.DateTimeFormat` refuses an unknown zone with a RangeError. A
 * bare offset (`+01:00`) is not a zone: its offset would not follow summer time.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
const formatIn = (timeZone: string) => {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, format);
  }
  return format;
};

/**
 * An instant as the wall-clock time of `timeZone`, in ISO 8601 with that zone's offset at that
 * instant (`2026-07-01T09:00:00+01:00` for 08:00 UTC in Europe/London): readable by a person and
 * by a spreadsheet, and still one exact instant.
 */
export function localTime(instant: string, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatIn(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value;
  const zone = parts.timeZoneName ?? 'GMT';
  const offset = zone === 'GMT' ? '+00:00' : zone.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
