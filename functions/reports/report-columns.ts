import { ValidationError } from '#shared/errors';
import { localTime } from '#shared/local-time';
import { defaultColumns } from './report.contract';
import type { Cell } from './report-csv';

/** The columns asked for (`a,b,c`), each known (400 naming the unknown ones), or the default set. */
export function columnsOf(text: string | undefined, all: readonly string[]): string[] {
  if (text === undefined) return defaultColumns(all);
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ValidationError(`Unknown report columns: ${unknown.join(', ')}`, [
      { path: 'query.columns', code: 'unknown_column', message: `unknown: ${unknown.join(', ')}` },
    ]);
  }
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    throw new ValidationError(`Repeated report columns: ${repeated.join(', ')}`, [
      { path: 'query.columns', code: 'repeated_column', message: `repeated: ${repeated.join(', ')}` },
    ]);
  }
  return names;
}

/** A date cell in the account's time zone (ISO 8601 with its offset); empty without a zone or a date. */
export const localCell = (utcCell: Cell, timeZone: string | undefined): Cell =>
  typeof utcCell === 'string' && timeZone !== undefined ? localTime(utcCell, timeZone) : null;
