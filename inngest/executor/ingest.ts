import { compileCached, evalBool, evalKey } from "./cel";
import type { CompiledFunction } from "./config";
import { finishRun, type Transition } from "./driver";
import { keyOf, slidingWindow } from "./flow-control";
import { newId } from "./ids";
import { newRun } from "./runs";
import type { ExecutorStore, StoreCommit } from "./store";
import type { ExecutorEvent, FlushItem, RunState } from "./types";
import { PARKED } from "./types";

const day = 86_400_000;

interface Buffered {
  events: ExecutorEvent[];
  itemId: string;
  firstAt: number;
}

/** Commits a transition and routes the events it emits. */
export type Apply = (transition: Transition) => Promise<void>;

/**
 * Turns events into runs: resolves waits, cancels runs (cancelOn), then for each
 * triggered function applies idempotency, rate limit, debounce, batching and singleton.
 */
export class Ingestor {
  constructor(
    private readonly functions: readonly CompiledFunction[],
    private readonly store: ExecutorStore,
    private readonly apply: Apply,
  ) {}

  /** `dedupeId`: the caller gave the event an id; Inngest ignores a repeated id for 24h. */
  async ingest(event: ExecutorEvent, dedupeId: boolean, now: number): Promise<void> {
    if (dedupeId) {
      const key = `event:${event.id}`;
      if ((await this.store.getKey(key, now)) !== undefined) return;
      await this.apply({ commit: { setKeys: [{ key, value: true, expiresAt: now + day }] }, events: [] });
    }
    await this.resolveWaiters(event, now);
    await this.cancelRuns(event, now);
    for (const fn of this.functions) {
      const expressions = fn.matchesEvent(event.name);
      if (!expressions) continue;
      if (expressions.length > 0 && !expressions.some((e) => evalBool(e, { event }))) continue;
      await this.trigger(fn, event, now);
    }
  }

  /** Starts a run unless singleton says otherwise. */
  async startRun(fn: CompiledFunction, events: ExecutorEvent[], now: number): Promise<void> {
    const [event] = events;
    if (!event) return;
    if (fn.singleton) {
      const key = keyOf(fn.singleton.key, event);
      const active = (await this.store.listActiveRuns(fn.id)).filter((r) => r.singletonKey === key);
      if (active.length > 0 && fn.singleton.mode === "skip") return;
      for (const run of active) await this.cancel(run, now);
    }
    const { run, item } = newRun(fn, events, now);
    await this.apply({ commit: { createRuns: [run], enqueue: [item] }, events: [] });
  }

  /** A due batch or debounce: its buffered events become one run. */
  async flush(item: FlushItem, now: number): Promise<void> {
    const state = (await this.store.getKey(item.stateKey, now)) as Buffered | undefined;
    await this.apply({ commit: { deleteItems: [item.id], deleteKeys: [item.stateKey] }, events: [] });
    const fn = this.functions.find((f) => f.id === item.functionId);
    if (fn && state && state.itemId === item.id) await this.startRun(fn, state.events, now);
  }

  async cancel(run: RunState, now: number): Promise<void> {
    const outstanding = await this.store.listItems({ runId: run.id });
    await this.apply(finishRun(run, "cancelled", {}, outstanding, now));
  }

  private async trigger(fn: CompiledFunction, event: ExecutorEvent, now: number): Promise<void> {
    const setKeys: NonNullable<StoreCommit["setKeys"]> = [];
    if (fn.idempotency) {
      const value = evalKey(fn.idempotency, { event });
      if (value !== undefined) {
        const key = `idempotency:${fn.id}:${value}`;
        if ((await this.store.getKey(key, now)) !== undefined) return;
        setKeys.push({ key, value: event.id, expiresAt: now + day });
      }
    }
    if (fn.rateLimit) {
      const { limit, periodMs } = fn.rateLimit;
      const key = `rate:${fn.id}:${keyOf(fn.rateLimit.key, event)}`;
      const verdict = slidingWindow((await this.store.getKey(key, now)) as number[] | undefined, now, limit, periodMs);
      if (!verdict.allowed) return;
      setKeys.push({ key, value: verdict.log, expiresAt: now + periodMs });
    }
    if (setKeys.length > 0) await this.apply({ commit: { setKeys }, events: [] });

    if (fn.debounce) return this.debounce(fn, fn.debounce, event, now);
    if (fn.batch && (!fn.batch.if || evalBool(fn.batch.if, { event }))) return this.batch(fn, fn.batch, event, now);
    return this.startRun(fn, [event], now);
  }

  /** The latest event wins; the run starts once `period` passes without another (or at `timeout`). */
  private async debounce(fn: CompiledFunction, cfg: NonNullable<CompiledFunction["debounce"]>, event: ExecutorEvent, now: number) {
    const stateKey = `debounce:${fn.id}:${keyOf(cfg.key, event)}`;
    const state = (await this.store.getKey(stateKey, now)) as Buffered | undefined;
    const firstAt = state?.firstAt ?? now;
    const fireAt = Math.min(now + cfg.periodMs, cfg.timeoutMs === undefined ? Infinity : firstAt + cfg.timeoutMs);
    const next: Buffered = { events: [event], itemId: state?.itemId ?? newId(), firstAt };
    const commit: StoreCommit = { setKeys: [{ key: stateKey, value: next, expiresAt: PARKED }] };
    if (state) commit.patchItems = [{ id: state.itemId, patch: { availableAt: fireAt } }];
    else commit.enqueue = [flushItem(fn, next.itemId, stateKey, "debounce", fireAt)];
    await this.apply({ commit, events: [] });
  }

  /** Collects events into one run of up to `maxSize`, started when full or at `timeout`. */
  private async batch(fn: CompiledFunction, cfg: NonNullable<CompiledFunction["batch"]>, event: ExecutorEvent, now: number) {
    const stateKey = `batch:${fn.id}:${keyOf(cfg.key, event)}`;
    const state = (await this.store.getKey(stateKey, now)) as Buffered | undefined;
    const events = [...(state?.events ?? []), event];
    if (events.length >= cfg.maxSize) {
      if (state) await this.apply({ commit: { deleteKeys: [stateKey], deleteItems: [state.itemId] }, events: [] });
      return this.startRun(fn, events, now);
    }
    const next: Buffered = { events, itemId: state?.itemId ?? newId(), firstAt: state?.firstAt ?? now };
    const commit: StoreCommit = { setKeys: [{ key: stateKey, value: next, expiresAt: PARKED }] };
    if (!state) commit.enqueue = [flushItem(fn, next.itemId, stateKey, "batch", now + cfg.timeoutMs)];
    await this.apply({ commit, events: [] });
  }

  private async resolveWaiters(event: ExecutorEvent, now: number): Promise<void> {
    for (const waiter of await this.store.listWaiters(event.name)) {
      const run = await this.store.getRun(waiter.runId);
      if (!run || (run.status !== "queued" && run.status !== "running")) continue;
      if (waiter.if && !evalBool(compileCached(waiter.if), { event: run.events[0], async: event })) continue;
      await this.apply({
        commit: { patchItems: [{ id: waiter.id, patch: { availableAt: now, result: { data: event } } }], deleteWaiters: [waiter.id] },
        events: [],
      });
    }
  }

  private async cancelRuns(event: ExecutorEvent, now: number): Promise<void> {
    for (const fn of this.functions) {
      const rules = fn.cancel.filter((c) => c.event === event.name);
      if (rules.length === 0) continue;
      for (const run of await this.store.listActiveRuns(fn.id)) {
        const hit = rules.some(
          (c) =>
            (c.timeoutMs === undefined || now <= run.createdAt + c.timeoutMs) &&
            (!c.if || evalBool(c.if, { event: run.events[0], async: event })),
        );
        if (hit) await this.cancel(run, now);
      }
    }
  }
}

function flushItem(fn: CompiledFunction, id: string, stateKey: string, mode: FlushItem["mode"], availableAt: number): FlushItem {
  return { kind: "flush", id, functionId: fn.id, mode, stateKey, availableAt, score: availableAt };
}
