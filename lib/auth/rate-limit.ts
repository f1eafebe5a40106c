/** Failed logins per client address: after a few, the login is refused for a while. In memory, per process. */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

export function loginBlockedFor(key: string, now = Date.now()): number {
  const list = recent(key, now);
  return list.length >= MAX_FAILURES ? WINDOW_MS - (now - list[0]!) : 0;
}

export function recordLoginFailure(key: string, now = Date.now()): void {
  failures.set(key, [...recent(key, now), now]);
}

export function clearLoginFailures(key: string): void {
  failures.delete(key);
}
