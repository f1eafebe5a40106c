import type { SqlClient } from "@/lib/db";
import { planCommit } from "./db-store-plan";
import { storeSql, type StoreSql } from "./db-store-sql";
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
 */
export class DbStore implements ExecutorStore {
  private readonly keepFinished: number;
  private readonly q: StoreSql;
  private keyReads = 0;

  constructor(
    private readonly sql: SqlClient,
    options: DbStoreOptions = {},
  ) {
    this.keepFinished = options.keepFinished ?? 1000;
    this.q = storeSql(options.schema);
  }

  async commit(change: StoreCommit): Promise<void> {
    const script = this.q.commit(planCommit(change), this.keepFinished);
    if (script) await this.sql.exec(script);
  }

  async getRun(id: string): Promise<RunState | undefined> {
    const [row] = await this.sql.query<RunRowOut>(this.q.selectRun, [id]);
    return row && toRun(row);
  }

  async listActiveRuns(functionId: string): Promise<RunState[]> {
    return (await this.sql.query<RunRowOut>(this.q.selectActiveRuns, [functionId])).map(toRun);
  }

  async listItems(filter?: { runId?: string }): Promise<QueueItem[]> {
    const runId = filter?.runId;
    const rows = await (runId === undefined
      ? this.sql.query<ItemRowOut>(this.q.selectItems)
      : this.sql.query<ItemRowOut>(this.q.selectRunItems, [runId]));
    return rows.map(toItem);
  }

  async listWaiters(eventName: string): Promise<Waiter[]> {
    const rows = await this.sql.query<{ id: string; runId: string; condition: string | null }>(this.q.selectWaiters, [eventName]);
    return rows.map((w) => ({ id: w.id, runId: w.runId, event: eventName, ...(w.condition === null ? {} : { if: w.condition }) }));
  }

  async getKey(key: string, now: number): Promise<unknown> {
    // Expired keys are only noticed when read: sweep now and then so unread ones go too.
    if (++this.keyReads % 1000 === 0) await this.sql.query(this.q.sweepExpiredKeys, [now]);
    const [row] = await this.sql.query<{ value: unknown; isUndefined: boolean }>(this.q.selectKey, [key, now]);
    return row && !row.isUndefined ? row.value : undefined;
  }
}
