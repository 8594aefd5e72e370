/**
 * A least-recently-used map of fixed capacity, standing in for `mnemonist/lru-cache` in the
 * Lambda bundles (see `lambdaBundling` in lib/constructs/fieldpass-function.ts). The DynamoDB
 * client builds an endpoint cache with it at construction (endpoint discovery, which FieldPass
 * does not turn on); mnemonist's typed-array implementation and its iterator library add ≈ 7 kB
 * to every bundle, this Map-based one under 1 kB. It offers exactly what the SDK's
 * `EndpointCache` calls: get, set, has, peek and clear.
 */
export default class LRUCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** Whether `key` is held, without refreshing it. */
  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, without refreshing it. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` as the most recently used, evicting the least recently used beyond capacity. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
