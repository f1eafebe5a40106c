import type { ExecutorStore, StoreCommit } from "./store";
import type { QueueItem, RunState, Waiter } from "./types";

const finished = new Set(["completed", "failed", "cancelled"]);

/**
 * Keeps state in process memory; hands out copies, as a database would. Finished
 * runs beyond `keepFinished` are forgotten, oldest first, so a long-lived server
 * does not grow without bound (run timelines belong in the app's own records).
 */
export class MemoryStore implements ExecutorStore {
  private readonly runs = new Map<string, RunState>();
  private readonly items = new Map<string, QueueItem>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly keys = new Map<string, { value: unknown; expiresAt: number }>();
  private readonly finishedOrder: string[] = [];
  private keyReads = 0;

  constructor(private readonly keepFinished = 1000) {}

  /** A store holding exactly this state: `finishOrder` lists the finished runs subject to retention, oldest first. */
  static restore(
    state: {
      runs: RunState[];
      finishOrder: string[];
      items: QueueItem[];
      waiters: Waiter[];
      keys: Array<{ key: string; value: unknown; expiresAt: number }>;
    },
    keepFinished?: number,
  ): MemoryStore {
    const store = new MemoryStore(keepFinished);
    for (const run of state.runs) store.runs.set(run.id, run);
    store.finishedOrder.push(...state.finishOrder);
    for (const item of state.items) store.items.set(item.id, item);
    for (const waiter of state.waiters) store.waiters.set(waiter.id, waiter);
    for (const { key, value, expiresAt } of state.keys) store.keys.set(key, { value, expiresAt });
    return store;
  }

  async commit(change: StoreCommit): Promise<void> {
    for (const run of change.createRuns ?? []) this.runs.set(run.id, structuredClone(run));
    for (const { id, patch } of change.patchRuns ?? []) {
      const run = this.runs.get(id);
      if (!run) continue;
      const wasFinished = finished.has(run.status);
      Object.assign(run, structuredClone(patch));
      if (!wasFinished && finished.has(run.status)) this.finishedOrder.push(id);
    }
    for (const { runId, stepId, result } of change.memoise ?? []) {
      const run = this.runs.get(runId);
      if (!run || stepId in run.memo) continue;
      run.memo[stepId] = structuredClone(result);
      run.stack.push(stepId);
    }
    for (const record of change.recordSteps ?? []) this.runs.get(record.runId)?.steps.push(structuredClone(record));
    for (const item of change.enqueue ?? []) this.items.set(item.id, structuredClone(item));
    for (const { id, patch } of change.patchItems ?? []) {
      const item = this.items.get(id);
      if (item) Object.assign(item, structuredClone(patch));
    }
    for (const id of change.deleteItems ?? []) this.items.delete(id);
    for (const waiter of change.addWaiters ?? []) this.waiters.set(waiter.id, structuredClone(waiter));
    for (const id of change.deleteWaiters ?? []) this.waiters.delete(id);
    for (const { key, value, expiresAt } of change.setKeys ?? []) {
      this.keys.set(key, { value: structuredClone(value), expiresAt });
    }
    for (const key of change.deleteKeys ?? []) this.keys.delete(key);
    while (this.finishedOrder.length > this.keepFinished) this.runs.delete(this.finishedOrder.shift() ?? "");
  }

  async getRun(id: string): Promise<RunState | undefined> {
    const run = this.runs.get(id);
    return run && structuredClone(run);
  }

  async listActiveRuns(functionId: string): Promise<RunState[]> {
    return [...this.runs.values()]
      .filter((r) => r.functionId === functionId && (r.status === "queued" || r.status === "running"))
      .map((r) => structuredClone(r));
  }

  async listItems(filter?: { runId?: string }): Promise<QueueItem[]> {
    const items = [...this.items.values()];
    const runId = filter?.runId;
    return (runId === undefined ? items : items.filter((i) => "runId" in i && i.runId === runId)).map((i) =>
      structuredClone(i),
    );
  }

  async listWaiters(eventName: string): Promise<Waiter[]> {
    return [...this.waiters.values()].filter((w) => w.event === eventName).map((w) => ({ ...w }));
  }

  async getKey(key: string, now: number): Promise<unknown> {
    // Expired keys are only noticed when read: sweep now and then so unread ones go too.
    if (++this.keyReads % 1000 === 0) {
      for (const [k, e] of this.keys) if (e.expiresAt <= now) this.keys.delete(k);
    }
    const entry = this.keys.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.keys.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }
}
