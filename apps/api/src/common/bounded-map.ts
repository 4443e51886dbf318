/**
 * A Map of at most `limit` entries for in-memory caches: setting a key when full drops the oldest entry, and a
 * key set again counts as the newest (a Map iterates in insertion order).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    if (this.size >= this.limit) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}
