/**
 * What a warm function remembers between requests for a short while: each entry is good for
 * `ttlMs` after it was stored, and beyond `maxEntries` the entry stored first goes first (FIFO,
 * so a read never reorders anything). A few lines on a Map rather than `lru-cache`, which would
 * add about 20 kB (minified) to every bundle that uses it.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; storedAt: number }>();

  constructor(private readonly limits: { ttlMs: number; maxEntries: number }) {}

  /** The value stored under `key` less than the TTL before `now`; undefined when none or expired. */
  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && now - entry.storedAt < this.limits.ttlMs ? entry.value : undefined;
  }

  /** Stores `value` under `key` as of `now`, making room by dropping the entry stored first. */
  set(key: string, value: V, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.limits.maxEntries) {
      const first = this.entries.keys().next();
      if (!first.done) this.entries.delete(first.value);
    }
    this.entries.set(key, { value, storedAt: now });
  }
}
