import { gcra } from "./flow-control";
import type { ExecutorStore, StoreCommit } from "./store";
import type { CallItem, ConcurrencySlot, FlushItem, QueueItem, ResolveItem } from "./types";
import { PARKED } from "./types";

export interface Picks {
  /** Calls to start now; they hold their concurrency slots until `release`. */
  calls: CallItem[];
  /** Timers and flushes that are due; they need no SDK call and no slot. */
  instant: Array<ResolveItem | FlushItem>;
  /** Throttle bookkeeping and run starts to commit before the calls go out. */
  commit: StoreCommit;
  /** The earliest time a throttled call may start. */
  throttledUntil?: number;
}

const byQueueOrder = (a: QueueItem, b: QueueItem) =>
  a.score - b.score || a.availableAt - b.availableAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Picks the next runnable calls, honouring the global cap, concurrency keys and throttles. */
export class Scheduler {
  private readonly inFlight = new Map<string, CallItem>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly store: ExecutorStore,
    private readonly maxParallel: number,
  ) {}

  get running(): ReadonlyMap<string, CallItem> {
    return this.inFlight;
  }

  async pick(items: QueueItem[], now: number): Promise<Picks> {
    const picks: Picks = { calls: [], instant: [], commit: { patchItems: [], setKeys: [], patchRuns: [] } };
    const due = items.filter((i) => i.availableAt <= now && !this.inFlight.has(i.id)).sort(byQueueOrder);
    const tats = new Map<string, number>();
    for (const item of due) {
      if (item.kind !== "call") {
        picks.instant.push(item);
        continue;
      }
      if (this.inFlight.size >= this.maxParallel) continue;
      if (!this.fits(item.concurrency)) continue;
      const gate = item.start?.throttle;
      if (gate) {
        const stored = tats.get(gate.key) ?? ((await this.store.getKey(gate.key, now)) as number | undefined);
        const verdict = gcra(stored, now, gate);
        if (!verdict.allowed) {
          picks.commit.patchItems?.push({ id: item.id, patch: { availableAt: verdict.retryAt } });
          picks.throttledUntil = Math.min(picks.throttledUntil ?? verdict.retryAt, verdict.retryAt);
          continue;
        }
        tats.set(gate.key, verdict.tat);
        picks.commit.setKeys?.push({ key: gate.key, value: verdict.tat, expiresAt: verdict.tat });
      }
      if (item.start) {
        picks.commit.patchItems?.push({ id: item.id, patch: { start: undefined } });
        picks.commit.patchRuns?.push({ id: item.runId, patch: { status: "running", startedAt: now } });
      }
      this.acquire(item);
      picks.calls.push(item);
    }
    return picks;
  }

  release(item: CallItem): void {
    this.inFlight.delete(item.id);
    for (const slot of item.concurrency) this.counts.set(slot.key, (this.counts.get(slot.key) ?? 1) - 1);
  }

  /** When the next item not yet due becomes due (undefined: nothing scheduled). */
  nextWake(items: QueueItem[], now: number): number | undefined {
    let next: number | undefined;
    for (const item of items) {
      if (item.availableAt > now && item.availableAt < PARKED) next = Math.min(next ?? item.availableAt, item.availableAt);
    }
    return next;
  }

  private fits(slots: ConcurrencySlot[]): boolean {
    return slots.every((slot) => (this.counts.get(slot.key) ?? 0) < slot.limit);
  }

  private acquire(item: CallItem): void {
    this.inFlight.set(item.id, item);
    for (const slot of item.concurrency) this.counts.set(slot.key, (this.counts.get(slot.key) ?? 0) + 1);
  }
}
