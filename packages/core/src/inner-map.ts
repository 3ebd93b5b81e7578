/** The `get`/`set` of a `Map` or a `WeakMap`. */
export interface MapLike<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The map stored under `key` in `outer`, made empty and stored on first use: the per-resource and
 * per-service name tables of the label caches.
 */
export function innerMap<K, V>(outer: MapLike<K, Map<string, V>>, key: K): Map<string, V> {
  let inner = outer.get(key);
  if (inner === undefined) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}
