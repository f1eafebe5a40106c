import type { SqlClient } from "@/lib/db";
import { planCommit } from "./db-store-plan";
import { storeSql, type StoreSql } from "./db-store-sql";
import { MemoryStore } from "./memory-store";
import type { ExecutorStore, StoreCommit } from "./store";
import type { MemoResult, QueueItem, RunState, StepRecord, Waiter } from "./types";

interface RunRowOut {
  id: string;
  functionId: string;
  status: RunState["status"];
  state: Record<string, unknown>;
  memo: Record<string, MemoResult>;
  stack: string[];
  steps: StepRecord[];
}

interface ItemRowOut {
  id: string;
  runId: string | null;
  functionId: string;
  kind: QueueItem["kind"];
  availableAt: number;
  score: number;
  payload: Record<string, unknown>;
}

/** `value` with every U+0000 in its strings (and keys) as U+FFFD, as JSONB stores it; undefined stays undefined. */
function withoutNul<T>(value: T): T {
  if (typeof value === "string") return (value.includes("\u0000") ? value.replaceAll("\u0000", "\ufffd") : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
}

const toRun = ({ id, functionId, status, state, memo, stack, steps }: RunRowOut): RunState =>
  ({ ...state, id, functionId, status, memo, stack, steps }) as RunState;

const toItem = ({ id, runId, functionId, kind, availableAt, score, payload }: ItemRowOut): QueueItem =>
  ({ ...payload, id, ...(runId === null ? {} : { runId }), functionId, kind, availableAt, score }) as QueueItem;

export interface DbStoreOptions {
  /** Finished runs kept for `getRun` (default 1000, as MemoryStore); older ones are swept. */
  keepFinished?: number;
  /** PostgreSQL schema holding the executor tables (default public), e.g. to give each test its own. */
  schema?: string;
}

/**
 * The executor's durable state in the app's database (tables ExecutorRun, ExecutorItem, ExecutorWaiter,
 * ExecutorKey), with MemoryStore's semantics. A commit is one round trip and one transaction: a script of
 * set-based statements (db-store-sql.ts), the retention sweep included when runs may finish.
 *
 * Reads are answered from a copy in memory (a MemoryStore), loaded from the tables on first use and given
 * every commit once the database has taken it: the executor reads its queue and runs several times per step,
 * and those reads were most of its cost on the embedded database. So the store must be its tables' only
 * writer: one executor per set of tables (the embedded database has one process anyway).
 */
export class DbStore implements ExecutorStore {
  private readonly keepFinished: number;
  private readonly q: StoreSql;
  private copy: Promise<MemoryStore> | null = null;
  private keyReads = 0;

  constructor(
    private readonly sql: SqlClient,
    options: DbStoreOptions = {},
  ) {
    this.keepFinished = options.keepFinished ?? 1000;
    this.q = storeSql(options.schema);
  }

  private memory(): Promise<MemoryStore> {
    this.copy ??= this.load().catch((error: unknown) => {
      this.copy = null;
      throw error;
    });
    return this.copy;
  }

  private async load(): Promise<MemoryStore> {
    const runs = await this.sql.query<RunRowOut & { inFinishOrder: boolean }>(this.q.selectRuns);
    const items = await this.sql.query<ItemRowOut>(this.q.selectItems);
    const waiters = await this.sql.query<{ id: string; runId: string; eventName: string; condition: string | null }>(this.q.selectWaiters);
    const keys = await this.sql.query<{ key: string; value: unknown; isUndefined: boolean; expiresAt: number }>(this.q.selectKeys);
    return MemoryStore.restore(
      {
        runs: runs.map(toRun),
        finishOrder: runs.filter((r) => r.inFinishOrder).map((r) => r.id),
        items: items.map(toItem),
        waiters: waiters.map((w) => ({ id: w.id, runId: w.runId, event: w.eventName, ...(w.condition === null ? {} : { if: w.condition }) })),
        keys: keys.map((k) => ({ key: k.key, value: k.isUndefined ? undefined : k.value, expiresAt: Number(k.expiresAt) })),
      },
      this.keepFinished,
    );
  }

  async commit(change: StoreCommit): Promise<void> {
    const memory = await this.memory();
    const script = this.q.commit(planCommit(change), this.keepFinished);
    if (script) await this.sql.exec(script);
    // With U+0000 replaced, as the tables hold it: the copy answers what a process starting over would read.
    await memory.commit(withoutNul(change));
  }

  async getRun(id: string): Promise<RunState | undefined> {
    return (await this.memory()).getRun(id);
  }

  async listActiveRuns(functionId: string): Promise<RunState[]> {
    return (await this.memory()).listActiveRuns(functionId);
  }

  async listItems(filter?: { runId?: string }): Promise<QueueItem[]> {
    return (await this.memory()).listItems(filter);
  }

  async listWaiters(eventName: string): Promise<Waiter[]> {
    return (await this.memory()).listWaiters(eventName);
  }

  async getKey(key: string, now: number): Promise<unknown> {
    // The copy forgets an expired key when it is read; the table drops expired keys now and then.
    if (++this.keyReads % 1000 === 0) await this.sql.query(this.q.sweepExpiredKeys, [now]);
    return (await this.memory()).getKey(key, now);
  }
}
