import { evalKey, evalNumber } from "./cel";
import type { CompiledFunction } from "./config";
import type { ConcurrencySlot, ExecutorEvent, ThrottleGate } from "./types";

/** Inngest clamps priority to ±600 s. */
const maxPrioritySeconds = 600;

const vars = (event: ExecutorEvent) => ({ event });

/**
 * Queue score: a run with priority p is ordered as if enqueued p seconds earlier
 * (higher priority runs first; negative priority runs later).
 */
export function priorityScore(fn: CompiledFunction, event: ExecutorEvent, now: number): number {
  if (!fn.priority) return now;
  const seconds = Math.max(-maxPrioritySeconds, Math.min(maxPrioritySeconds, evalNumber(fn.priority, vars(event))));
  return now - seconds * 1000;
}

/**
 * Concurrency counters a run's calls occupy. Function scope counts per function;
 * env/account scope share the counter with every function using the same key value.
 */
export function concurrencySlots(fn: CompiledFunction, event: ExecutorEvent): ConcurrencySlot[] {
  return fn.concurrency.map((c, index) => {
    const value = c.key ? (evalKey(c.key, vars(event)) ?? "") : "";
    const key = c.scope === "fn" ? `fn:${fn.id}:${index}:${value}` : `${c.scope}:${value}`;
    return { key, limit: c.limit };
  });
}

export function throttleGate(fn: CompiledFunction, event: ExecutorEvent): ThrottleGate | undefined {
  if (!fn.throttle) return undefined;
  const { limit, periodMs, burst, key } = fn.throttle;
  const value = key ? (evalKey(key, vars(event)) ?? "") : "";
  return { key: `throttle:${fn.id}:${value}`, limit, periodMs, burst };
}

/**
 * GCRA over run starts: one start per period/limit, with up to limit + burst at once.
 * `tat` is the theoretical arrival time stored per key.
 */
export function gcra(
  tat: number | undefined,
  now: number,
  gate: ThrottleGate,
): { allowed: true; tat: number } | { allowed: false; retryAt: number } {
  const interval = gate.periodMs / gate.limit;
  const tolerance = (gate.limit + gate.burst - 1) * interval;
  const base = Math.max(tat ?? now, now);
  if (base - now <= tolerance) return { allowed: true, tat: base + interval };
  return { allowed: false, retryAt: base - tolerance };
}

/** Sliding-window rate limit: at most `limit` accepted events in any `periodMs`. */
export function slidingWindow(
  log: number[] | undefined,
  now: number,
  limit: number,
  periodMs: number,
): { allowed: boolean; log: number[] } {
  const recent = (log ?? []).filter((t) => t > now - periodMs);
  if (recent.length >= limit) return { allowed: false, log: recent };
  return { allowed: true, log: [...recent, now] };
}

/** A flow-control key value for an event, "" when the expression is absent or fails. */
export function keyOf(expr: Parameters<typeof evalKey>[0] | undefined, event: ExecutorEvent): string {
  return expr ? (evalKey(expr, vars(event)) ?? "") : "";
}
