import type { CompiledFunction } from "./config";
import { parseDuration, wakeTime } from "./duration";
import { newId } from "./ids";
import { toJsonError, type CallOutcome, type Op } from "./protocol";
import { callFor, cancelledError, newRun, resolveFor, type NamedOp } from "./runs";
import type { StoreCommit } from "./store";
import type {
  CallItem,
  ExecutorEvent,
  JsonError,
  MemoResult,
  QueueItem,
  ResolveItem,
  RunState,
  RunStatus,
  StepRecord,
} from "./types";
import { PARKED } from "./types";

/** A state change to commit, plus internal events (function.failed, …) to route afterwards. */
export interface Transition {
  commit: StoreCommit;
  events: Array<Omit<ExecutorEvent, "id" | "ts">>;
}

export interface DriverContext {
  now: number;
  fn(id: string): CompiledFunction | undefined;
  backoff(attempt: number): number;
}

const isActive = (run: RunState) => run.status === "queued" || run.status === "running";

/** Ends a run: drops its queued work, wakes an invoking parent, emits Inngest's lifecycle events. */
export function finishRun(
  run: RunState,
  status: Extract<RunStatus, "completed" | "failed" | "cancelled">,
  outcome: { output?: unknown; error?: JsonError },
  outstanding: QueueItem[],
  now: number,
): Transition {
  const ids = outstanding.map((i) => i.id);
  const commit: StoreCommit = {
    patchRuns: [{ id: run.id, patch: { status, finishedAt: now, ...outcome } }],
    deleteItems: ids,
    deleteWaiters: ids,
  };
  if (run.parent) {
    const result: MemoResult = status === "completed" ? { data: outcome.output ?? null } : { error: outcome.error ?? cancelledError };
    commit.patchItems = [{ id: run.parent.itemId, patch: { availableAt: now, result } }];
  }
  const base = { function_id: run.functionId, run_id: run.id };
  const events: Transition["events"] = [];
  if (status === "failed") {
    events.push({ name: "inngest/function.failed", data: { ...base, error: outcome.error, event: run.events[0] } });
  }
  if (status === "cancelled") events.push({ name: "inngest/function.cancelled", data: base });
  events.push({
    name: "inngest/function.finished",
    data: status === "completed" ? { ...base, result: outcome.output ?? null } : { ...base, error: outcome.error ?? cancelledError },
  });
  return { commit, events };
}

function stepRecord(run: RunState, op: NamedOp, attempt: number, startedAt: number, endedAt: number, error?: JsonError): StepRecord {
  return { runId: run.id, functionId: run.functionId, stepId: op.id, name: op.name, op: op.op, attempt, startedAt, endedAt, ...(error ? { error } : {}) };
}

const opName = (op: Op) => op.displayName ?? op.name ?? op.id;

/**
 * Applies the SDK's answer to one call. `outstanding` is every other queued or
 * in-flight item of the run: parallel steps still running, sleeps, waits, invokes.
 */
export function applyCallOutcome(
  ctx: DriverContext,
  run: RunState,
  item: CallItem,
  outcome: CallOutcome,
  startedAt: number,
  outstanding: QueueItem[],
): Transition {
  const { now } = ctx;
  const fn = ctx.fn(run.functionId);
  if (!isActive(run) || !fn) return { commit: { deleteItems: [item.id] }, events: [] };
  const attempts = Math.max(run.attempts, item.attempt + 1);
  const retry = (error: JsonError, retryAfterMs?: number): Transition | undefined => {
    if (item.attempt + 1 >= fn.maxAttempts) return undefined;
    return {
      commit: {
        patchItems: [{ id: item.id, patch: { attempt: item.attempt + 1, availableAt: now + (retryAfterMs ?? ctx.backoff(item.attempt)) } }],
        patchRuns: [{ id: run.id, patch: { attempts } }],
        recordSteps: [stepRecord(run, { id: item.stepId, op: "Error", name: "function" }, item.attempt, startedAt, now, error)],
      },
      events: [],
    };
  };
  const fail = (error: JsonError): Transition => {
    const t = finishRun(run, "failed", { error }, [item, ...outstanding], now);
    t.commit.patchRuns?.push({ id: run.id, patch: { attempts } });
    t.commit.recordSteps = [stepRecord(run, { id: item.stepId, op: "Error", name: "function" }, item.attempt, startedAt, now, error)];
    return t;
  };

  if (outcome.kind === "completed") {
    const t = finishRun(run, "completed", { output: outcome.output }, [item, ...outstanding], now);
    t.commit.patchRuns?.push({ id: run.id, patch: { attempts } });
    return t;
  }
  if (outcome.kind === "failed") {
    return (outcome.retriable && retry(outcome.error, outcome.retryAfterMs)) || fail(outcome.error);
  }

  const commit: StoreCommit = { patchRuns: [{ id: run.id, patch: { attempts } }], memoise: [], recordSteps: [], enqueue: [], createRuns: [], addWaiters: [] };
  const busy = new Set(outstanding.map((i) => (i.kind === "call" ? i.stepId : i.kind === "resolve" ? i.opId : "")));
  if (outcome.ops.length > 1 && !run.disableImmediate) commit.patchRuns?.push({ id: run.id, patch: { disableImmediate: true } });
  let progressed = false;
  let retrying = false;
  let raced = false;

  for (const op of outcome.ops) {
    if (op.id in run.memo || busy.has(op.id)) continue;
    const race = op.opts?.["parallelMode"] === "race";
    const named: NamedOp = { id: op.id, op: op.op, name: opName(op), race };
    switch (op.op) {
      case "StepRun":
        commit.memoise?.push({ runId: run.id, stepId: op.id, result: { data: op.data ?? null } });
        commit.recordSteps?.push(stepRecord(run, named, item.attempt, startedAt, now));
        progressed = true;
        raced ||= race;
        break;
      case "StepFailed": {
        const error = toJsonError(op.error);
        commit.memoise?.push({ runId: run.id, stepId: op.id, result: { error } });
        commit.recordSteps?.push(stepRecord(run, named, item.attempt, startedAt, now, error));
        progressed = true;
        raced ||= race;
        break;
      }
      case "StepError": {
        const error = toJsonError(op.error);
        const again = retry(error);
        if (!again) return fail(error);
        commit.patchItems = again.commit.patchItems;
        commit.recordSteps?.push(stepRecord(run, named, item.attempt, startedAt, now, error));
        retrying = true;
        break;
      }
      case "StepPlanned":
        commit.enqueue?.push(callFor(run, op.id, now));
        break;
      case "Sleep": {
        const until = String(op.opts?.["duration"] ?? op.name ?? "0s");
        commit.enqueue?.push(resolveFor(run, named, wakeTime(until, now), { data: null }, now));
        break;
      }
      case "WaitForEvent": {
        const timeout = now + parseDuration(String(op.opts?.["timeout"] ?? "0s"));
        const timer = resolveFor(run, named, timeout, { data: null }, now);
        const expression = op.opts?.["if"];
        commit.enqueue?.push(timer);
        commit.addWaiters?.push({
          id: timer.id,
          runId: run.id,
          event: String(op.name ?? op.opts?.["event"]),
          ...(typeof expression === "string" ? { if: expression } : {}),
        });
        break;
      }
      case "InvokeFunction": {
        const t = invoke(ctx, run, op, named);
        commit.enqueue?.push(...(t.commit.enqueue ?? []));
        commit.createRuns?.push(...(t.commit.createRuns ?? []));
        commit.memoise?.push(...(t.commit.memoise ?? []));
        progressed ||= (t.commit.memoise ?? []).length > 0;
        break;
      }
      default:
        return fail({ name: "UnsupportedStep", message: `The embedded executor does not support "${op.op}" steps` });
    }
  }

  if (!retrying) commit.deleteItems = [item.id];
  const pending = outstanding.length + (commit.enqueue?.length ?? 0) + (retrying ? 1 : 0);
  if (pending === 0) {
    if (!progressed) return fail({ name: "NoProgress", message: "The SDK reported no new step to run" });
    commit.enqueue?.push(callFor(run, "step", now));
  } else if (raced && !busy.has("step")) {
    commit.enqueue?.push(callFor(run, "step", now));
  }
  return { commit, events: [] };
}

/** `step.invoke`: a child run whose result (or timeout) resolves a parked item of the parent. */
function invoke(ctx: DriverContext, run: RunState, op: Op, named: NamedOp): Transition {
  const targetId = String(op.opts?.["function_id"] ?? "");
  const target = ctx.fn(targetId);
  if (!target) {
    const error = { name: "InvokeFunctionNotFound", message: `No function "${targetId}" to invoke` };
    return { commit: { memoise: [{ runId: run.id, stepId: op.id, result: { error } }] }, events: [] };
  }
  const timeout = op.opts?.["timeout"];
  const until = typeof timeout === "string" ? ctx.now + parseDuration(timeout) : PARKED;
  const timeoutError = { name: "InngestInvokeTimeoutError", message: `Timed out waiting for ${targetId}` };
  const parked = resolveFor(run, named, until, { error: timeoutError }, ctx.now);
  const payload = (op.opts?.["payload"] ?? {}) as { data?: Record<string, unknown>; v?: string };
  const event: ExecutorEvent = {
    id: newId(),
    name: "inngest/function.invoked",
    data: {
      ...payload.data,
      _inngest: { source_fn_id: run.functionId, source_run_id: run.id, invoke_correlation_id: `${run.id}.${op.id}` },
    },
    ts: ctx.now,
    ...(payload.v ? { v: payload.v } : {}),
  };
  const child = newRun(target, [event], ctx.now, { runId: run.id, itemId: parked.id });
  return { commit: { enqueue: [parked, child.item], createRuns: [child.run] }, events: [] };
}

/**
 * A due timer or resolution: memoise its result, then continue the run once nothing else
 * is pending (or at once, when it won a `group.parallel` race).
 */
export function applyResolve(run: RunState | undefined, item: ResolveItem, outstanding: QueueItem[], now: number): Transition {
  const commit: StoreCommit = { deleteItems: [item.id], deleteWaiters: [item.id] };
  if (!run || !isActive(run)) return { commit, events: [] };
  const error = "error" in item.result ? item.result.error : undefined;
  commit.memoise = [{ runId: run.id, stepId: item.opId, result: item.result }];
  commit.recordSteps = [stepRecord(run, { id: item.opId, op: item.op, name: item.name }, 0, item.startedAt, now, error)];
  const discovering = outstanding.some((i) => i.kind === "call" && i.stepId === "step");
  if (outstanding.length === 0 || (item.race && !discovering)) commit.enqueue = [callFor(run, "step", now)];
  return { commit, events: [] };
}
