/**
 * A pure function of one column value, remembered: a feed repeats the same few brands, calibers, pack
 * sizes and stock words on every row, so each distinct value is normalised once. Bounded: the cache
 * starts over when it is full (a column of unique values gains nothing and holds at most `limit`).
 */
export function memoByValue<V, R>(fn: (value: V) => R, limit = 4_096): (value: V) => R {
  const cache = new Map<V, R>();
  return (value) => {
    if (cache.has(value)) return cache.get(value) as R;
    const result = fn(value);
    if (cache.size >= limit) cache.clear();
    cache.set(value, result);
    return result;
  };
}
