import type { CompiledFunction } from "./config";
import { concurrencySlots, keyOf, priorityScore, throttleGate } from "./flow-control";
import { newId } from "./ids";
import type { CallItem, ExecutorEvent, JsonError, MemoResult, QueueItem, RunState } from "./types";

/** A new run and its first call, ordered by priority and gated by throttle when picked. */
export function newRun(
  fn: CompiledFunction,
  events: ExecutorEvent[],
  now: number,
  parent?: RunState["parent"],
): { run: RunState; item: CallItem } {
  const [event] = events;
  if (!event) throw new Error("A run needs at least one event");
  const score = priorityScore(fn, event, now);
  const concurrency = concurrencySlots(fn, event);
  const run: RunState = {
    id: newId(),
    functionId: fn.id,
    status: "queued",
    events,
    createdAt: now,
    attempts: 0,
    steps: [],
    memo: {},
    stack: [],
    score,
    concurrency,
    disableImmediate: false,
    ...(fn.singleton ? { singletonKey: keyOf(fn.singleton.key, event) } : {}),
    ...(parent ? { parent } : {}),
  };
  const throttle = throttleGate(fn, event);
  const item: CallItem = {
    kind: "call",
    id: newId(),
    functionId: fn.id,
    runId: run.id,
    stepId: "step",
    attempt: 0,
    availableAt: now,
    score,
    concurrency,
    start: throttle ? { throttle } : {},
  };
  return { run, item };
}

/** A follow-up call for an existing run (discovery, or one planned step). */
export function callFor(run: RunState, stepId: string, availableAt: number): CallItem {
  return {
    kind: "call",
    id: newId(),
    functionId: run.functionId,
    runId: run.id,
    stepId,
    attempt: 0,
    availableAt,
    score: run.score,
    concurrency: run.concurrency,
  };
}

/** A reported op as the queue and the timeline name it. */
export interface NamedOp {
  id: string;
  op: string;
  name: string;
  race?: boolean;
}

export function resolveFor(
  run: RunState,
  op: NamedOp,
  availableAt: number,
  result: MemoResult,
  now: number,
): QueueItem {
  return {
    ...(op.race ? { race: true } : {}),
    kind: "resolve",
    id: newId(),
    functionId: run.functionId,
    runId: run.id,
    opId: op.id,
    op: op.op,
    name: op.name,
    startedAt: now,
    availableAt,
    score: run.score,
    result,
  };
}

export const cancelledError: JsonError = { name: "InngestRunCancelled", message: "The run was cancelled" };
