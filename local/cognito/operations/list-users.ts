import { z } from 'zod';
import { attributeList } from '../attributes';
import { requirePool, type ServerContext } from '../context';
import { invalidParameter } from '../errors';
import type { StoredUser } from '../state';
import { type UserView, userView } from '../users';
import { fields, parseInput } from '../validation';

/** A parsed ListUsers filter: `name = "value"` (exact) or `name ^= "value"` (prefix). */
export interface UserFilter {
  attribute: string;
  prefix: boolean;
  value: string;
}

/** The attributes Cognito lets ListUsers filter on (custom attributes are not searchable). */
const SEARCHABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);
const FILTER = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Parses a ListUsers Filter string; an empty one means "all users". Throws
 * InvalidParameterException for anything else, as Cognito does for a malformed filter or an
 * attribute it cannot search.
 */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw invalidParameter('Error while parsing filter.');
  const [, attribute = '', operator, quoted = ''] = match;
  if (!SEARCHABLE.has(attribute)) throw invalidParameter(`Invalid search attribute: ${attribute}`);
  return { attribute, prefix: operator === '^=', value: quoted.replace(/\\(.)/g, '$1') };
}

function searchedValue(user: StoredUser, attribute: string): string | undefined {
  switch (attribute) {
    case 'username':
      return user.username;
    case 'sub':
      return user.sub;
    case 'cognito:user_status':
      return user.status;
    case 'status':
      return user.enabled ? 'Enabled' : 'Disabled';
    default:
      return user.attributes[attribute];
  }
}

/** True when the user matches the filter. Only `status` compares case-insensitively, as in Cognito. */
export function matchesFilter(user: StoredUser, filter: UserFilter | undefined): boolean {
  if (!filter) return true;
  let actual = searchedValue(user, filter.attribute);
  if (actual === undefined) return false;
  let expected = filter.value;
  if (filter.attribute === 'status') {
    actual = actual.toLowerCase();
    expected = expected.toLowerCase();
  }
  return filter.prefix ? actual.startsWith(expected) : actual === expected;
}

type Position = Pick<StoredUser, 'createdAt' | 'username'>;

const compareUsers = (a: Position, b: Position) => a.createdAt - b.createdAt || a.username.localeCompare(b.username);

// The cursor is a position, not an index, so users created or deleted between pages shift nothing.
function encodeCursor(user: Position): string {
  return Buffer.from(JSON.stringify([user.createdAt, user.username])).toString('base64url');
}

function decodeCursor(token: string): Position {
  try {
    const [createdAt, username] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'number' && typeof username === 'string') return { createdAt, username };
  } catch {
    // falls through to the error below
  }
  throw invalidParameter('Invalid pagination token.');
}

const listSchema = z.object({
  UserPoolId: fields.userPoolId,
  AttributesToGet: z.array(z.string()).optional(),
  Filter: z.string().max(256).optional(),
  Limit: z.number().int().min(0).max(60).optional(),
  PaginationToken: z.string().optional(),
});

/**
 * ListUsers: users in creation order, `Limit` (default and maximum 60) per page, with an opaque
 * PaginationToken (the position the next page starts after).
 */
export async function listUsers(
  ctx: ServerContext,
  input: unknown,
): Promise<{ Users: UserView[]; PaginationToken?: string }> {
  const request = parseInput(listSchema, input);
  const pool = requirePool(ctx, request.UserPoolId);
  const filter = parseUserFilter(request.Filter);
  const limit = request.Limit || 60;
  const matching = [...ctx.state.pool(pool.id).users.values()]
    .filter((user) => matchesFilter(user, filter))
    .sort(compareUsers);
  let start = 0;
  if (request.PaginationToken) {
    const after = decodeCursor(request.PaginationToken);
    start = matching.findIndex((user) => compareUsers(user, after) > 0);
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + limit);
  const wanted = request.AttributesToGet && new Set(request.AttributesToGet);
  const Users = page.map((user) =>
    userView(
      user,
      attributeList(user).filter((a) => !wanted || wanted.has(a.Name)),
    ),
  );
  const last = page.at(-1);
  const more = start + limit < matching.length;
  return more && last ? { Users, PaginationToken: encodeCursor(last) } : { Users };
}
