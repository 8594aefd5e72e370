import * as Expressions from '@odata/parser/lib/expressions.js';
import type { ChangeRange } from '#shared/data/keys';
import { ODataQueryError } from './odata-error';
import type { FeedEntitySet } from './odata-model';

export { ODataQueryError };

/** What an entity set request asks for, once its query options are read. */
export interface FeedQuery {
  select?: string[];
  top?: number;
  skiptoken?: string;
  count: boolean;
  range: ChangeRange;
  status?: string;
  /** `externalUserId eq '<id>'`: the rows about one external user (every set: docs/feed.md). */
  externalUserId?: string;
}

/** What `$filter` asks for. */
type Filter = Pick<FeedQuery, 'range' | 'status' | 'externalUserId'>;

/** An id as the API gives them out (`idSchema`'s shape): anything else names no external user. */
const externalUserIdShape = /^[A-Za-z0-9_-]{1,64}$/;

const options = new Set(['$select', '$top', '$skiptoken', '$count', '$filter', '$format']);

interface Node {
  type: string;
  raw: string;
  value: unknown;
}

const node = (value: unknown) => value as Node;

/** The property a comparison's left side names, if it is a plain property. */
function propertyOf(term: Node): string | undefined {
  return term.type === 'FirstMemberExpression' ? term.raw : undefined;
}

const comparisons: Record<string, keyof ChangeRange | 'eq'> = {
  GreaterOrEqualsExpression: 'from',
  GreaterThanExpression: 'after',
  LesserOrEqualsExpression: 'until',
  LesserThanExpression: 'before',
  EqualsExpression: 'eq',
};

const later = (a: string | undefined, b: string) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a);
const earlier = (a: string | undefined, b: string) => (a === undefined || Date.parse(b) < Date.parse(a) ? b : a);

const stringOf = (literal: Node) => literal.raw.slice(1, -1).replace(/''/g, "'");

/**
 * Reads `$filter` with @odata/parser (OData v4 ABNF) and accepts what the feed answers by key
 * condition or one equality: comparisons of `modifiedAt` with a date-time (`ge`, `gt`, `lt`, `le`),
 * `status eq '<text>'`, `externalUserId eq '<id>'`, joined by `and` (parentheses allowed). Anything
 * else is a 400 naming it.
 */
export function parseFilter(text: string): Filter {
  const raw = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) raw[i] = text.charCodeAt(i);
  const parsed = node(Expressions.boolCommonExpr(raw, 0));
  if (!parsed || (parsed as unknown as { next: number }).next !== text.length) {
    throw new ODataQueryError('$filter is not a valid OData expression', '$filter');
  }
  const range: ChangeRange = {};
  let status: string | undefined;
  let externalUserId: string | undefined;
  const visit = (term: Node): void => {
    if (term.type === 'AndExpression') {
      const { left, right } = term.value as { left: unknown; right: unknown };
      visit(node(left));
      visit(node(right));
      return;
    }
    if (term.type === 'BoolParenExpression' || term.type === 'ParenExpression') {
      visit(node(term.value));
      return;
    }
    const kind = comparisons[term.type];
    const { left, right } = (term.value ?? {}) as { left?: unknown; right?: unknown };
    const property = left ? propertyOf(node(left)) : undefined;
    const literal = right ? node(right) : undefined;
    if (kind && property === 'modifiedAt' && kind !== 'eq' && literal?.value === 'Edm.DateTimeOffset') {
      const at = literal.raw;
      if (Number.isNaN(Date.parse(at))) throw new ODataQueryError(`Not a date-time: ${at}`, '$filter');
      if (kind === 'from' || kind === 'after') range[kind] = later(range[kind], at);
      else range[kind] = earlier(range[kind], at);
      return;
    }
    if (kind === 'eq' && property === 'status' && literal?.value === 'Edm.String' && status === undefined) {
      status = stringOf(literal);
      return;
    }
    if (
      kind === 'eq' &&
      property === 'externalUserId' &&
      literal?.value === 'Edm.String' &&
      externalUserId === undefined
    ) {
      externalUserId = stringOf(literal);
      if (!externalUserIdShape.test(externalUserId)) {
        throw new ODataQueryError(`Not an external user id: ${externalUserId.slice(0, 64)}`, '$filter');
      }
      return;
    }
    throw new ODataQueryError(
      `Unsupported $filter: ${term.raw}; the feed filters on modifiedAt (ge, gt, lt, le a date-time), status eq '…' and externalUserId eq '…', joined by and`,
      '$filter',
    );
  };
  visit(parsed);
  return {
    range,
    ...(status !== undefined ? { status } : {}),
    ...(externalUserId !== undefined ? { externalUserId } : {}),
  };
}

/** Reads an entity set request's query options; a bad or unknown one is a 400 naming it. */
export function feedQueryOf(set: FeedEntitySet, query: Record<string, string | undefined>): FeedQuery {
  for (const name of Object.keys(query)) {
    if (name.startsWith('$') && !options.has(name)) {
      throw new ODataQueryError(`Unsupported query option ${name}`, name);
    }
  }
  const result: FeedQuery = { count: false, range: {} };
  const { $select, $top, $skiptoken, $count, $filter, $format } = query;
  if ($format !== undefined && $format !== 'json') throw new ODataQueryError('Only $format=json is served', '$format');
  if ($select !== undefined && $select !== '*') {
    const names = $select.split(',').map((name) => name.trim());
    const known = new Set(set.properties.map((p) => p.name));
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0 || names.length === 0) {
      throw new ODataQueryError(`Unknown properties in $select: ${unknown.join(', ')}`, '$select');
    }
    result.select = [...new Set(names)];
  }
  if ($top !== undefined) {
    if (!/^\d{1,9}$/.test($top)) throw new ODataQueryError('$top must be a whole number', '$top');
    result.top = Number($top);
  }
  if ($count !== undefined) {
    if ($count !== 'true' && $count !== 'false') throw new ODataQueryError('$count must be true or false', '$count');
    result.count = $count === 'true';
  }
  if ($skiptoken !== undefined) result.skiptoken = $skiptoken;
  if ($filter !== undefined) Object.assign(result, parseFilter($filter));
  if (result.status !== undefined && !set.properties.some((p) => p.name === 'status')) {
    throw new ODataQueryError(`${set.name} has no status to filter on; filter on modifiedAt`, '$filter');
  }
  return result;
}
