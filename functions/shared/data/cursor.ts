import { ValidationError } from '../errors';
import type { QueryTarget } from './keys';

type Key = Record<string, string>;

/** Turns DynamoDB's LastEvaluatedKey into an opaque, URL-safe cursor. */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastKey) return undefined;
  return Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
}

/**
 * Reads a cursor back into an ExclusiveStartKey, refusing one that was tampered with or that
 * belongs to another partition (another account, another list): a cursor can only continue the
 * query it came from.
 */
export function decodeCursor(cursor: string | undefined, target: QueryTarget): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError('The cursor is not valid for this list', undefined, 'INVALID_CURSOR');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  if (entries.length > 6 || entries.some(([, v]) => typeof v !== 'string')) throw invalid();
  const startKey = key as Key;
  if (startKey[target.partition.name] !== target.partition.value) throw invalid();
  const prefix = target.sortKeyPrefix;
  if (prefix && !startKey[prefix.name]?.startsWith(prefix.value)) throw invalid();
  // DynamoDB refuses a start key outside the key condition: that would be our 500, not a 400.
  const range = target.sortKeyRange;
  const sortValue = range ? startKey[range.name] : undefined;
  if (
    range &&
    (sortValue === undefined ||
      (range.from !== undefined && sortValue < range.from) ||
      (range.to !== undefined && sortValue > range.to))
  ) {
    throw invalid();
  }
  return startKey;
}
