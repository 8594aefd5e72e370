/**
 * The four `@newdash/newdash` functions `@odata/parser` calls (`map` in its utils, `forEach`,
 * `isArray` and `isPlainObject` in its visitor), standing in for the library in the Lambda bundles
 * (see `lambdaBundling` in lib/constructs/fieldpass-function.ts). Each of newdash's modules pulls
 * its shared internals (a 15 kB `GLOBAL`, deep clone and equality): 54 kB in the feed's entity-set
 * function, for what these do in under 1 kB, with lodash's semantics for what the parser passes
 * (arrays, typed arrays and plain objects).
 */

type Collection = ArrayLike<unknown> | Record<string, unknown> | null | undefined;

const isArrayLike = (value: unknown): value is ArrayLike<unknown> =>
  value != null && typeof value !== 'function' && Number.isSafeInteger((value as ArrayLike<unknown>).length);

/** lodash's `map`: the iteratee's results over an array-like's elements or an object's own values. */
export function map<R>(
  collection: Collection,
  iteratee: (value: unknown, key: number | string, collection: Collection) => R,
): R[] {
  if (collection == null) return [];
  if (isArrayLike(collection)) return Array.from(collection, (value, index) => iteratee(value, index, collection));
  return Object.keys(collection).map((key) => iteratee(collection[key], key, collection));
}

/** lodash's `forEach`: calls the iteratee on each element or own value, stopping when it answers `false`. */
export function forEach<C extends Collection>(
  collection: C,
  iteratee: (value: unknown, key: number | string, collection: C) => unknown,
): C {
  if (collection == null) return collection;
  if (isArrayLike(collection)) {
    for (let index = 0; index < collection.length; index++) {
      if (iteratee(collection[index], index, collection) === false) break;
    }
    return collection;
  }
  for (const key of Object.keys(collection)) {
    if (iteratee((collection as Record<string, unknown>)[key], key, collection) === false) break;
  }
  return collection;
}

export const isArray = Array.isArray;

/** lodash's `isPlainObject` for this realm's objects: one made by `{}`, `new Object` or `Object.create(null)`. */
export function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}
