/**
 * Identical dashboard reads share one computation: every open dashboard polls the same few URLs every 2–3 s,
 * and on the embedded database (one query at a time) N pollers would otherwise queue N copies of the same
 * queries behind each other and behind the pipeline's writes. A read already in flight is joined; a result
 * serves for `ttlMs` after it settled; a failure is never kept. Keys are bounded (query strings are the
 * caller's), so memory stays small whatever is asked.
 */
interface Entry {
  value: Promise<unknown>;
  /** When it settled; null while in flight. */
  settledAt: number | null;
}

const MAX_KEYS = 256;
const SLOT = Symbol.for("dealer-pipeline.api.coalesce");

function entries(): Map<string, Entry> {
  const g = globalThis as typeof globalThis & { [SLOT]?: Map<string, Entry> };
  return (g[SLOT] ??= new Map());
}

export function coalesce<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
  const map = entries();
  const now = Date.now();
  const hit = map.get(key);
  if (hit && (hit.settledAt === null || now - hit.settledAt < ttlMs)) return hit.value as Promise<T>;

  for (const [k, e] of map) if (e.settledAt !== null && now - e.settledAt >= ttlMs) map.delete(k);
  const value = compute();
  if (map.size >= MAX_KEYS) return value;
  const entry: Entry = { value, settledAt: null };
  map.set(key, entry);
  value.then(
    () => {
      entry.settledAt = Date.now();
    },
    () => {
      if (map.get(key) === entry) map.delete(key);
    },
  );
  return value;
}
