/** An event as the executor stores and routes it (ids and timestamps always set). */
export interface ExecutorEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
}

/** An event as callers hand it in: id and ts are filled in when missing. */
export interface IncomingEvent {
  readonly name: string;
  readonly data?: unknown;
  readonly id?: string;
  readonly ts?: number;
  readonly user?: unknown;
  readonly v?: string;
}

export interface JsonError {
  name: string;
  message: string;
  stack?: string;
}

/** A memoised step result, exactly as it is sent back to the SDK in `steps`. */
export type MemoResult = { data: unknown } | { error: JsonError };

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export interface StepRecord {
  runId: string;
  functionId: string;
  /** The hashed step id the SDK reports. */
  stepId: string;
  name: string;
  /** The SDK's op (StepRun, StepFailed, Sleep, WaitForEvent, InvokeFunction, …); "Error" for a failed call outside any step. */
  op: string;
  attempt: number;
  startedAt: number;
  endedAt: number;
  error?: JsonError;
}

export interface RunRecord {
  id: string;
  functionId: string;
  status: RunStatus;
  events: ExecutorEvent[];
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** Highest attempt any call of this run reached, plus one (1 = nothing was retried). */
  attempts: number;
  output?: unknown;
  error?: JsonError;
  steps: StepRecord[];
}

/** One concurrency limit a run counts against while one of its calls is in flight. */
export interface ConcurrencySlot {
  key: string;
  limit: number;
}

export interface ThrottleGate {
  key: string;
  limit: number;
  periodMs: number;
  burst: number;
}

/** Everything needed to resume a run after a restart. */
export interface RunState extends RunRecord {
  memo: Record<string, MemoResult>;
  /** Hashed step ids in the order they were memoised (`ctx.stack.stack`). */
  stack: string[];
  /** Queue ordering key: lower runs first (enqueue time minus priority). */
  score: number;
  concurrency: ConcurrencySlot[];
  singletonKey?: string;
  /** Set on runs started by `step.invoke`: the parent's parked item to resolve. */
  parent?: { runId: string; itemId: string };
  disableImmediate: boolean;
}

/** Queue items that wait forever until something resolves them (invoke without timeout). */
export const PARKED = Number.MAX_SAFE_INTEGER;

interface ItemBase {
  id: string;
  functionId: string;
  availableAt: number;
  score: number;
}

/** A call request to the SDK for a run (`stepId` = "step" to discover, or a planned step's hash). */
export interface CallItem extends ItemBase {
  kind: "call";
  runId: string;
  stepId: string;
  attempt: number;
  concurrency: ConcurrencySlot[];
  /** Present until the run's first call is picked; throttling limits run starts only. */
  start?: { throttle?: ThrottleGate };
}

/** A step result (sleep over, event matched, timeout, invoke result) to memoise when due. */
export interface ResolveItem extends ItemBase {
  kind: "resolve";
  runId: string;
  opId: string;
  op: string;
  name: string;
  startedAt: number;
  result: MemoResult;
  /** From a `group.parallel` race: the run continues as soon as this resolves. */
  race?: true;
}

/** A batch or debounce whose buffered events become a run when due. */
export interface FlushItem extends ItemBase {
  kind: "flush";
  mode: "batch" | "debounce";
  stateKey: string;
}

export type QueueItem = CallItem | ResolveItem | FlushItem;

/** A `step.waitForEvent` in progress; its id is the id of its timeout ResolveItem. */
export interface Waiter {
  id: string;
  runId: string;
  event: string;
  if?: string;
}
