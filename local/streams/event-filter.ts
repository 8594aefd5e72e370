import type { DynamoDBRecord } from 'aws-lambda';

/** An event filter pattern as Lambda's FilterCriteria takes it (the parsed JSON of one filter). */
export type FilterPattern = Readonly<Record<string, unknown>>;

/**
 * Whether `value` (a part of a record) matches `pattern` as Lambda's event filtering reads it:
 * every key of the pattern must match; a nested object matches the record's object at that key;
 * a list of values matches a record value equal to one of them (a list in the record: any of its
 * elements). Only exact values are supported: a content filter (`prefix`, `exists`,
 * `anything-but` …) throws, so local behaviour never quietly differs from Lambda's.
 */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    for (const allowed of pattern) {
      if (typeof allowed === 'object' && allowed !== null) {
        throw new Error(`Unsupported content filter in a local event filter: ${JSON.stringify(allowed)}`);
      }
    }
    const candidates = Array.isArray(value) ? value : [value];
    return candidates.some((candidate) => pattern.some((allowed) => allowed === candidate));
  }
  if (typeof pattern !== 'object' || pattern === null) {
    throw new Error(`An event filter's values must be lists or objects: ${JSON.stringify(pattern)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(pattern).every(([key, inner]) => matches(inner, (value as Record<string, unknown>)[key]));
}

/**
 * Whether Lambda would hand `record` to the function: no filters let everything through; with
 * filters, a record must match at least one (they are OR-ed). Filtered records are checkpointed
 * without an invocation.
 */
export function passesFilters(filters: readonly FilterPattern[] | undefined, record: DynamoDBRecord): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((filter) => matches(filter, record));
}
