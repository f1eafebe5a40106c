/**
 * Turns one `StoreCommit` into its net effect per row, so the database store can apply it as set-based
 * statements that never touch a row twice: everything a commit does to a run it also creates, or to an
 * item it also enqueues, is folded in here, in the order MemoryStore applies it.
 */
import type { ItemPatch, RunPatch, StoreCommit } from "./store";
import type { MemoResult, QueueItem, RunState, StepRecord, Waiter } from "./types";

export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const;
const isFinished = (status: string | undefined) => (FINISHED_STATUSES as readonly (string | undefined)[]).includes(status);

/** A run to insert (or overwrite). If it also finishes in this commit, `updateRuns` numbers it. */
export interface RunRow {
  id: string;
  functionId: string;
  status: string;
  state: Record<string, unknown>;
  memo: Record<string, MemoResult>;
  stack: string[];
  steps: StepRecord[];
}

/**
 * Changes to a run that already exists. `finishOrder`: position of the first patch that gives it a final
 * status; the database numbers the run's finish with it unless the run was final already (`created`: the
 * run is inserted by this same commit, which checked that itself). `memo`/`stack` hold only new step ids,
 * first result wins; the database skips ids the run has memoised already.
 */
export interface RunUpdate {
  id: string;
  created: boolean;
  status: string | null;
  finishOrder: number | null;
  set: Record<string, unknown> | null;
  unset: string[] | null;
  memo: Record<string, MemoResult> | null;
  stack: string[] | null;
  steps: StepRecord[] | null;
}

export interface ItemRow {
  id: string;
  runId: string | null;
  functionId: string;
  kind: string;
  availableAt: number;
  score: number;
  payload: Record<string, unknown>;
}

export interface ItemUpdate {
  id: string;
  availableAt: number | null;
  set: Record<string, unknown>;
  unset: string[];
}

export interface WaiterRow {
  id: string;
  runId: string;
  eventName: string;
  condition: string | null;
}

/** `boxed` is `{ v: value }`, or `{}` for a key set to undefined (stored as SQL NULL). */
export interface KeyRow {
  key: string;
  boxed: { v?: unknown };
  expiresAt: number;
}

export interface CommitPlan {
  insertRuns: RunRow[];
  updateRuns: RunUpdate[];
  upsertItems: ItemRow[];
  updateItems: ItemUpdate[];
  deleteItems: string[];
  upsertWaiters: WaiterRow[];
  deleteWaiters: string[];
  upsertKeys: KeyRow[];
  deleteKeys: string[];
  /** Some run may have finished: the retention sweep has to run. */
  finishes: boolean;
}

/** Splits a patch into the values to set and the keys it sets to undefined (absent once stored as JSON). */
function splitPatch(patch: Record<string, unknown>): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

function runRow(run: RunState): RunRow {
  const { id, functionId, status, memo, stack, steps, ...state } = run;
  return { id, functionId, status, state, memo, stack, steps };
}

const finishOnly = (id: string, finishOrder: number): RunUpdate => ({
  id, created: true, status: null, finishOrder, set: null, unset: null, memo: null, stack: null, steps: null,
});

export function itemRow(item: QueueItem): ItemRow {
  const { id, functionId, kind, availableAt, score, ...rest } = item;
  const { runId, ...payload } = rest as typeof rest & { runId?: string };
  return { id, runId: runId ?? null, functionId, kind, availableAt, score, payload };
}

interface PendingUpdate {
  patch: RunPatch;
  finishOrder: number | null;
  memo: Record<string, MemoResult>;
  stack: string[];
  steps: StepRecord[];
}

function runUpdate(id: string, u: PendingUpdate): RunUpdate {
  const { status, ...rest } = u.patch;
  const { set, unset } = splitPatch(rest);
  const hasMemo = u.stack.length > 0;
  return {
    id,
    created: false,
    status: status ?? null,
    finishOrder: u.finishOrder,
    set: Object.keys(set).length > 0 ? set : null,
    unset: unset.length > 0 ? unset : null,
    memo: hasMemo ? u.memo : null,
    stack: hasMemo ? u.stack : null,
    steps: u.steps.length > 0 ? u.steps : null,
  };
}

export function planCommit(change: StoreCommit): CommitPlan {
  // Patches, results and steps of runs this commit creates are applied here: one insert per run.
  const created = new Map<string, { run: RunState; finishOrder: number | null }>();
  for (const run of change.createRuns ?? []) created.set(run.id, { run: structuredClone(run), finishOrder: null });
  const updates = new Map<string, PendingUpdate>();
  const updateOf = (id: string) => {
    let update = updates.get(id);
    if (!update) updates.set(id, (update = { patch: {}, finishOrder: null, memo: {}, stack: [], steps: [] }));
    return update;
  };
  let finishes = false;

  (change.patchRuns ?? []).forEach(({ id, patch }, order) => {
    const entry = created.get(id);
    if (entry) {
      const wasFinished = isFinished(entry.run.status);
      Object.assign(entry.run, structuredClone(patch));
      if (!wasFinished && isFinished(entry.run.status) && entry.finishOrder === null) entry.finishOrder = order + 1;
    } else {
      const update = updateOf(id);
      Object.assign(update.patch, structuredClone(patch));
      if (isFinished(patch.status) && update.finishOrder === null) update.finishOrder = order + 1;
    }
    if (isFinished(patch.status)) finishes = true;
  });
  for (const { runId, stepId, result } of change.memoise ?? []) {
    const run = created.get(runId)?.run;
    const target = run ?? updateOf(runId);
    if (stepId in target.memo) continue;
    target.memo[stepId] = structuredClone(result);
    target.stack.push(stepId);
  }
  for (const record of change.recordSteps ?? []) {
    (created.get(record.runId)?.run ?? updateOf(record.runId)).steps.push(structuredClone(record));
  }

  const items = new Map<string, QueueItem>();
  for (const item of change.enqueue ?? []) items.set(item.id, structuredClone(item));
  const itemPatches = new Map<string, ItemPatch>();
  for (const { id, patch } of change.patchItems ?? []) {
    const item = items.get(id);
    if (item) Object.assign(item, structuredClone(patch));
    else itemPatches.set(id, Object.assign(itemPatches.get(id) ?? {}, structuredClone(patch)));
  }
  const deleteItems = [...new Set(change.deleteItems ?? [])];
  for (const id of deleteItems) {
    items.delete(id);
    itemPatches.delete(id);
  }

  const waiters = new Map<string, Waiter>();
  for (const waiter of change.addWaiters ?? []) waiters.set(waiter.id, waiter);
  const deleteWaiters = [...new Set(change.deleteWaiters ?? [])];
  for (const id of deleteWaiters) waiters.delete(id);

  const keys = new Map<string, KeyRow>();
  for (const { key, value, expiresAt } of change.setKeys ?? []) {
    keys.set(key, { key, boxed: value === undefined ? {} : { v: value }, expiresAt });
  }
  const deleteKeys = [...new Set(change.deleteKeys ?? [])];
  for (const key of deleteKeys) keys.delete(key);

  return {
    insertRuns: [...created.values()].map(({ run }) => runRow(run)),
    updateRuns: [
      ...[...created.values()].flatMap(({ run, finishOrder }) => (finishOrder === null ? [] : [finishOnly(run.id, finishOrder)])),
      ...[...updates].map(([id, update]) => runUpdate(id, update)),
    ],
    upsertItems: [...items.values()].map(itemRow),
    updateItems: [...itemPatches].map(([id, patch]) => {
      const { availableAt, ...rest } = patch;
      return { id, availableAt: availableAt ?? null, ...splitPatch(rest) };
    }),
    deleteItems,
    upsertWaiters: [...waiters.values()].map((w) => ({ id: w.id, runId: w.runId, eventName: w.event, condition: w.if ?? null })),
    deleteWaiters,
    upsertKeys: [...keys.values()],
    deleteKeys,
    finishes,
  };
}
