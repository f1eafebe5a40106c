import type { Inngest, InngestFunction } from "inngest";
import { serve } from "inngest/edge";
import { attachExecutor, detachExecutor, type EventSink } from "./attach";
import { systemClock, type Clock } from "./clock";
import { syncFunctions, type CompiledFunction } from "./config";
import { applyCallOutcome, applyResolve, type Transition } from "./driver";
import { newId } from "./ids";
import { Ingestor } from "./ingest";
import { newRun } from "./runs";
import { MemoryStore } from "./memory-store";
import { callRequest, decodeCallResponse, toJsonError, type CallOutcome, type ServeHandler } from "./protocol";
import { Scheduler } from "./scheduler";
import type { ExecutorStore } from "./store";
import type { CallItem, ExecutorEvent, IncomingEvent, RunRecord, RunState, StepRecord } from "./types";
import { PARKED } from "./types";

export interface ExecutorOptions {
  /** Must be in dev mode (`isDev: true`): the serve handler then accepts unsigned requests. */
  client: Inngest.Any;
  functions: ReadonlyArray<InngestFunction.Any>;
  /** The serve handler to drive; defaults to `serve({ client, functions })` from `inngest/edge`. */
  handler?: ServeHandler;
  store?: ExecutorStore;
  clock?: Clock;
  /** Fire cron triggers (default true). */
  crons?: boolean;
  /** Calls in flight at once across all functions (default 8). */
  maxParallel?: number;
  /** Delay before retry `attempt + 1`, in ms of the executor's clock. */
  backoff?: (attempt: number) => number;
  /** Route `inngest.send` / `step.sendEvent` here while started (default true). */
  attach?: boolean;
}

export interface QueueDepth {
  functionId: string;
  name: string;
  /** Due but held back by concurrency, throttle or the global cap. */
  waiting: number;
  /** Calls in flight. */
  running: number;
  /** Scheduled for later: sleeps, retries, throttled starts, waits, batches, debounces. */
  delayed: number;
}

export interface ExecutorListeners {
  run: (run: RunRecord) => void;
  step: (step: StepRecord) => void;
  event: (event: ExecutorEvent) => void;
}

export interface Executor extends EventSink {
  start(): Promise<void>;
  /**
   * Stops taking work and waits for calls in flight to finish and be saved, or for at most
   * `timeoutMs` (real time): a call still running then is saved when it finishes, and
   * another `stop()` waits for it.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
  send(events: IncomingEvent | ReadonlyArray<IncomingEvent>): Promise<string[]>;
  queueDepth(): Promise<QueueDepth[]>;
  /** Resolves once nothing is in flight or scheduled (runs parked on an invoke excepted). */
  waitForIdle(): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /**
   * Runs a finished run's function again with the same events, as a new run (the Inngest dev server's
   * "Replay"): idempotency, rate limit, debounce, batching and singleton do not apply; concurrency,
   * priority and throttle do. Returns the new run's id.
   */
  replay(runId: string): Promise<string>;
  on<K extends keyof ExecutorListeners>(type: K, listener: ExecutorListeners[K]): () => void;
}

/** Inngest-like: 10 s doubling per attempt, at most 1 h, ±20 % jitter. */
export const defaultBackoff = (attempt: number) => Math.min(10_000 * 2 ** attempt, 3_600_000) * (0.8 + Math.random() * 0.4);

export function createExecutor(options: ExecutorOptions): Executor {
  return new EmbeddedExecutor(options);
}

function toRecord(run: RunState): RunRecord {
  const { memo: _memo, stack: _stack, score: _score, concurrency: _c, singletonKey: _s, parent: _p, disableImmediate: _d, ...record } = run;
  return record;
}

class EmbeddedExecutor implements Executor {
  private readonly store: ExecutorStore;
  private readonly clock: Clock;
  private readonly handler: ServeHandler;
  private readonly scheduler: Scheduler;
  private readonly backoff: (attempt: number) => number;
  private synced?: Promise<{ functions: Map<string, CompiledFunction>; ingestor: Ingestor }>;
  private lockTail: Promise<unknown> = Promise.resolve();
  private loop?: Promise<void>;
  private stopping = false;
  private dirty = false;
  private wakeUp?: () => void;
  private readonly calls = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private readonly cronNext = new Map<string, number>();
  private readonly listeners: { [K in keyof ExecutorListeners]: Set<ExecutorListeners[K]> } = {
    run: new Set(),
    step: new Set(),
    event: new Set(),
  };

  constructor(private readonly options: ExecutorOptions) {
    if (options.client.mode !== "dev") {
      throw new Error("The embedded executor needs a client in dev mode (isDev: true): it sends unsigned requests");
    }
    this.store = options.store ?? new MemoryStore();
    this.clock = options.clock ?? systemClock;
    this.handler = options.handler ?? serve({ client: options.client, functions: options.functions });
    this.scheduler = new Scheduler(this.store, options.maxParallel ?? 8);
    this.backoff = options.backoff ?? defaultBackoff;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    const { functions } = await this.sync();
    this.stopping = false;
    if (this.options.crons !== false) {
      const now = this.clock.now();
      for (const fn of functions.values()) {
        fn.crons.forEach((c, i) => {
          const next = c.cron.nextRun(new Date(now));
          if (next) this.cronNext.set(`${fn.id}#${i}`, next.getTime());
        });
      }
    }
    if (this.options.attach !== false) attachExecutor(this);
    this.loop = this.runLoop();
  }

  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.loop) {
      this.stopping = true;
      this.wake();
      await this.loop;
      this.loop = undefined;
      detachExecutor(this);
    }
    const drained = (async () => {
      while (this.calls.size > 0) await Promise.all(this.calls);
      await this.lockTail;
    })();
    const { timeoutMs } = options;
    await (timeoutMs === undefined
      ? drained
      : Promise.race([drained, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]));
  }

  async send(input: IncomingEvent | ReadonlyArray<IncomingEvent>): Promise<string[]> {
    const list: ReadonlyArray<IncomingEvent> = Array.isArray(input) ? input : [input as IncomingEvent];
    const now = this.clock.now();
    const events = list.map((e) => ({
      event: {
        id: e.id ?? newId(),
        name: e.name,
        data: (e.data ?? {}) as Record<string, unknown>,
        ts: e.ts ?? now,
        ...(e.user ? { user: e.user as Record<string, unknown> } : {}),
        ...(e.v ? { v: e.v } : {}),
      },
      dedupe: e.id !== undefined,
    }));
    const { ingestor } = await this.sync();
    await this.withLock(async () => {
      for (const { event, dedupe } of events) {
        this.emit("event", event);
        await ingestor.ingest(event, dedupe, this.clock.now());
      }
    });
    this.wake();
    return events.map((e) => e.event.id);
  }

  async queueDepth(): Promise<QueueDepth[]> {
    const { functions } = await this.sync();
    const items = await this.store.listItems();
    const now = this.clock.now();
    const depth = new Map([...functions.values()].map((fn) => [fn.id, { functionId: fn.id, name: fn.name, waiting: 0, running: 0, delayed: 0 }]));
    for (const item of items) {
      const entry = depth.get(item.functionId);
      if (!entry) continue;
      if (this.scheduler.running.has(item.id)) entry.running++;
      else if (item.availableAt > now) entry.delayed++;
      else entry.waiting++;
    }
    return [...depth.values()];
  }

  waitForIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  async getRun(id: string): Promise<RunRecord | undefined> {
    const run = await this.store.getRun(id);
    return run && toRecord(run);
  }

  async replay(runId: string): Promise<string> {
    const { functions } = await this.sync();
    const id = await this.withLock(async () => {
      const run = await this.store.getRun(runId);
      if (!run) throw new Error(`No run ${runId} to replay (unknown, or beyond the store's retention)`);
      if (run.status === "queued" || run.status === "running") throw new Error(`Run ${runId} has not finished`);
      const fn = functions.get(run.functionId);
      if (!fn) throw new Error(`Run ${runId} belongs to ${run.functionId}, which this executor does not serve`);
      const replay = newRun(fn, run.events, this.clock.now());
      await this.apply({ commit: { createRuns: [replay.run], enqueue: [replay.item] }, events: [] });
      return replay.run.id;
    });
    this.wake();
    return id;
  }

  on<K extends keyof ExecutorListeners>(type: K, listener: ExecutorListeners[K]): () => void {
    const set = this.listeners[type] as Set<ExecutorListeners[K]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private sync() {
    this.synced ??= syncFunctions(this.handler).then(({ functions }) => {
      const byId = new Map(functions.map((fn) => [fn.id, fn]));
      return { functions: byId, ingestor: new Ingestor(functions, this.store, (t) => this.apply(t)) };
    });
    return this.synced;
  }

  /** Serialises every state change: picks, commits and event routing never interleave. */
  private withLock<T>(work: () => Promise<T>): Promise<T> {
    const result = this.lockTail.then(work);
    this.lockTail = result.catch(() => undefined);
    return result;
  }

  private wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  private async runLoop(): Promise<void> {
    while (!this.stopping) {
      this.dirty = false;
      let next: number | undefined;
      try {
        next = await this.withLock(() => this.tick());
      } catch (error) {
        console.error("[executor] scheduling failed", error);
        next = this.clock.now() + 1000;
      }
      if (this.stopping) break;
      if (!this.dirty) await this.sleepUntil(next);
    }
  }

  private sleepUntil(at: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const cancel = at === undefined ? undefined : this.clock.setTimer(at - this.clock.now(), () => this.wakeUp?.());
      this.wakeUp = () => {
        cancel?.();
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  /** One scheduling pass; returns when to look again (undefined: only when woken). */
  private async tick(): Promise<number | undefined> {
    const { ingestor } = await this.sync();
    const now = this.clock.now();
    const nextCron = await this.fireCrons(now);
    const items = await this.store.listItems();
    const picks = await this.scheduler.pick(items, now);
    await this.apply({ commit: picks.commit, events: [] });
    for (const item of picks.instant) {
      if (item.kind === "flush") await ingestor.flush(item, now);
      else {
        const outstanding = (await this.store.listItems({ runId: item.runId })).filter((i) => i.id !== item.id);
        await this.apply(applyResolve(await this.store.getRun(item.runId), item, outstanding, now));
      }
    }
    for (const call of picks.calls) this.launch(call);
    if (picks.instant.length > 0) this.dirty = true;
    else if (this.scheduler.running.size === 0 && items.every((i) => i.availableAt >= PARKED)) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    const wakes = [this.scheduler.nextWake(items, now), nextCron, picks.throttledUntil].filter((t): t is number => t !== undefined);
    return wakes.length > 0 ? Math.min(...wakes) : undefined;
  }

  private async fireCrons(now: number): Promise<number | undefined> {
    const { functions, ingestor } = await this.sync();
    let next: number | undefined;
    for (const [key, at] of this.cronNext) {
      const [fnId, index] = key.split("#");
      const fn = functions.get(fnId ?? "");
      const cron = fn?.crons[Number(index)];
      if (!fn || !cron) continue;
      let due = at;
      if (due <= now) {
        const event = { id: newId(), name: "inngest/scheduled.timer", data: { cron: cron.schedule }, ts: now };
        await ingestor.startRun(fn, [event], now);
        due = cron.cron.nextRun(new Date(now))?.getTime() ?? PARKED;
        this.cronNext.set(key, due);
      }
      next = Math.min(next ?? due, due);
    }
    return next;
  }

  private launch(call: CallItem): void {
    const done = this.runCall(call)
      .catch((error) => console.error("[executor] call failed", error))
      .finally(() => {
        this.scheduler.release(call);
        this.calls.delete(done);
        this.wake();
      });
    this.calls.add(done);
  }

  private async runCall(call: CallItem): Promise<void> {
    const { functions } = await this.sync();
    const run = await this.store.getRun(call.runId);
    const fn = functions.get(call.functionId);
    const startedAt = this.clock.now();
    let outcome: CallOutcome;
    if (!run || !fn) {
      outcome = { kind: "failed", error: { name: "Error", message: "Unknown run or function" }, retriable: false };
    } else {
      try {
        const response = await this.handler(
          callRequest({
            functionId: fn.id,
            stepId: call.stepId,
            runId: run.id,
            events: run.events,
            memo: run.memo,
            stack: run.stack,
            attempt: call.attempt,
            maxAttempts: fn.maxAttempts,
            disableImmediate: run.disableImmediate,
          }),
        );
        outcome = await decodeCallResponse(response, this.clock.now());
      } catch (error) {
        outcome = { kind: "failed", error: toJsonError(error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error), retriable: true };
      }
    }
    await this.withLock(async () => {
      const fresh = await this.store.getRun(call.runId);
      if (!fresh) return this.apply({ commit: { deleteItems: [call.id] }, events: [] });
      const outstanding = (await this.store.listItems({ runId: call.runId })).filter((i) => i.id !== call.id);
      const ctx = { now: this.clock.now(), fn: (id: string) => functions.get(id), backoff: this.backoff };
      await this.apply(applyCallOutcome(ctx, fresh, call, outcome, startedAt, outstanding));
    });
  }

  /** Commits a transition, tells listeners, then routes the internal events it produced. */
  private async apply(transition: Transition): Promise<void> {
    const { commit, events } = transition;
    await this.store.commit(commit);
    for (const step of commit.recordSteps ?? []) this.emit("step", step);
    if (this.listeners.run.size > 0) {
      const ids = new Set([...(commit.createRuns ?? []).map((r) => r.id), ...(commit.patchRuns ?? []).map((p) => p.id)]);
      for (const id of ids) {
        const run = await this.store.getRun(id);
        if (run) this.emit("run", toRecord(run));
      }
    }
    if (events.length === 0) return;
    const { ingestor } = await this.sync();
    for (const event of events) {
      const now = this.clock.now();
      const full: ExecutorEvent = { ...event, id: newId(), ts: now };
      this.emit("event", full);
      await ingestor.ingest(full, false, now);
    }
  }

  private emit<K extends keyof ExecutorListeners>(type: K, payload: Parameters<ExecutorListeners[K]>[0]): void {
    for (const listener of this.listeners[type]) {
      try {
        (listener as (p: typeof payload) => void)(payload);
      } catch (error) {
        console.error(`[executor] ${type} listener failed`, error);
      }
    }
  }
}
