import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../functions/shared/ttl-cache';

describe('the TTL cache', () => {
  it('gives a value back until its TTL has passed since it was stored', () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, maxEntries: 10 });
    cache.set('a', 'Ada', 5000);

    expect([cache.get('a', 5000), cache.get('a', 5999), cache.get('a', 6000)]).toEqual(['Ada', 'Ada', undefined]);
  });

  it('makes room by dropping the entry stored first, whatever was read since', () => {
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.get('a', 0);

    cache.set('c', 3, 0);

    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)]).toEqual([undefined, 2, 3]);
  });

  it('counts a value stored again from the time it was stored again', () => {
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('a', 10, 900);

    cache.set('c', 3, 900);

    expect([cache.get('a', 1800), cache.get('b', 900), cache.get('c', 900)]).toEqual([10, undefined, 3]);
  });
});
