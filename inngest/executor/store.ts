import type { MemoResult, QueueItem, RunState, StepRecord, Waiter } from "./types";

export type RunPatch = Partial<
  Pick<RunState, "status" | "startedAt" | "finishedAt" | "attempts" | "output" | "error" | "disableImmediate">
>;
export type ItemPatch = { availableAt?: number; attempt?: number; result?: MemoResult; start?: undefined };

/**
 * One state transition of the executor. A store applies it atomically (a database
 * store in one transaction), so a crash never leaves a step memoised without its
 * follow-up call queued, or a call deleted without its result saved.
 */
export interface StoreCommit {
  createRuns?: RunState[];
  patchRuns?: Array<{ id: string; patch: RunPatch }>;
  /** Appends to the run's memo and to its `stack`, in this order. */
  memoise?: Array<{ runId: string; stepId: string; result: MemoResult }>;
  recordSteps?: StepRecord[];
  enqueue?: QueueItem[];
  patchItems?: Array<{ id: string; patch: ItemPatch }>;
  deleteItems?: string[];
  addWaiters?: Waiter[];
  deleteWaiters?: string[];
  /** Flow-control state (idempotency keys, rate-limit windows, throttle TATs, batch buffers). */
  setKeys?: Array<{ key: string; value: unknown; expiresAt: number }>;
  deleteKeys?: string[];
}

/**
 * Where the executor keeps all durable state. Every change goes through `commit`;
 * a new executor over the same store resumes every unfinished run from it.
 */
export interface ExecutorStore {
  commit(change: StoreCommit): Promise<void>;
  getRun(id: string): Promise<RunState | undefined>;
  /** Runs of a function that are queued or running. */
  listActiveRuns(functionId: string): Promise<RunState[]>;
  /** Every queued item, or only a run's items. */
  listItems(filter?: { runId?: string }): Promise<QueueItem[]>;
  listWaiters(eventName: string): Promise<Waiter[]>;
  /** A flow-control value, or undefined once it expired. */
  getKey(key: string, now: number): Promise<unknown>;
}
