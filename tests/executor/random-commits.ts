/**
 * Random store commits for comparing DbStore with MemoryStore: small id pools so commits collide (patches
 * of runs and items created in the same commit, a step memoised twice, an item enqueued and deleted at
 * once, a key set twice), awkward JSON (unicode, quotes, fractions, nesting) and expiring keys. They stay
 * within what the executor does: a finished run is never re-created, and no status patch follows a
 * finishing one in the same commit.
 */
import { Rng } from "@/lib/feeds/generate/prng";
import type { ItemPatch, RunPatch, StoreCommit } from "@/inngest/executor/store";
import type { MemoResult, QueueItem, RunState, RunStatus, StepRecord, Waiter } from "@/inngest/executor/types";
import { PARKED } from "@/inngest/executor/types";

export const pools = {
  runs: Array.from({ length: 8 }, (_, i) => `run-${i}`),
  functions: ["fn-a", "fn-b"],
  items: Array.from({ length: 16 }, (_, i) => `item-${i}`),
  steps: Array.from({ length: 6 }, (_, i) => `step-${i}`),
  events: ["ev/a", "ev/b"],
  keys: Array.from({ length: 5 }, (_, i) => `key-${i}`),
};

const finalStatuses: RunStatus[] = ["completed", "failed", "cancelled"];

export function randomJson(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 2 ? 4 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, 1, -7, 2 ** 40, 0.1 + 0.2, -1.5e-7, 123456.789, Number.MAX_SAFE_INTEGER]);
    case 3:
      return rng.pick(["", "plain", 'quote " and \\ backslash', "ünïcødé ✓ 🎯", "line\nbreak\ttab", "{\"not\":\"json\"}"]);
    case 4:
      return `s${rng.int(0, 999)}`;
    case 5:
      return Array.from({ length: rng.int(0, 3) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(0, 3) }, (_, i) => [`k${i}${rng.pick(["", "-x", " y"])}`, randomJson(rng, depth + 1)]));
  }
}

const result = (rng: Rng): MemoResult =>
  rng.chance(0.8) ? { data: randomJson(rng) } : { error: { name: "Error", message: String(randomJson(rng)) } };

function newRun(rng: Rng, id: string, now: number): RunState {
  return {
    id,
    functionId: rng.pick(pools.functions),
    status: rng.pick<RunStatus>(["queued", "queued", "running"]),
    events: [{ id: `e-${rng.int(0, 99)}`, name: rng.pick(pools.events), data: { n: randomJson(rng) }, ts: now }],
    createdAt: now,
    attempts: 0,
    steps: [],
    memo: rng.chance(0.2) ? { "pre-0": { data: 1 } } : {},
    stack: [],
    score: rng.between(-600_000, 1_000_000),
    concurrency: rng.chance(0.5) ? [{ key: `k-${rng.int(0, 3)}`, limit: rng.int(1, 3) }] : [],
    disableImmediate: rng.chance(0.2),
    ...(rng.chance(0.3) ? { singletonKey: "s" } : {}),
    ...(rng.chance(0.2) ? { parent: { runId: rng.pick(pools.runs), itemId: rng.pick(pools.items) } } : {}),
  };
}

function newItem(rng: Rng, id: string, now: number): QueueItem {
  const base = { id, functionId: rng.pick(pools.functions), availableAt: rng.chance(0.1) ? PARKED : now + rng.between(-5, 5000), score: rng.between(-1e6, 1e6) };
  const runId = rng.pick(pools.runs);
  switch (rng.int(0, 2)) {
    case 0:
      return {
        ...base,
        kind: "call",
        runId,
        stepId: rng.pick(["step", ...pools.steps]),
        attempt: rng.int(0, 3),
        concurrency: [{ key: "k", limit: 2 }],
        ...(rng.chance(0.5) ? { start: rng.chance(0.5) ? { throttle: { key: "t", limit: 2, periodMs: 1000, burst: 1 } } : {} } : {}),
      };
    case 1:
      return {
        ...base,
        kind: "resolve",
        runId,
        opId: rng.pick(pools.steps),
        op: "Sleep",
        name: "nap",
        startedAt: now,
        result: result(rng),
        ...(rng.chance(0.3) ? { race: true as const } : {}),
      };
    default:
      return { ...base, kind: "flush", mode: rng.pick(["batch", "debounce"] as const), stateKey: rng.pick(pools.keys) };
  }
}

function runPatch(rng: Rng, finishing: boolean): RunPatch {
  const patch: RunPatch = {};
  if (finishing) patch.status = rng.pick(finalStatuses);
  else if (rng.chance(0.3)) patch.status = "running";
  if (rng.chance(0.3)) patch.startedAt = rng.int(0, 1e12);
  if (rng.chance(0.3)) patch.attempts = rng.int(0, 4);
  if (rng.chance(0.3)) patch.output = rng.chance(0.2) ? undefined : randomJson(rng);
  if (rng.chance(0.2)) patch.error = rng.chance(0.3) ? undefined : { name: "E", message: "boom" };
  if (rng.chance(0.2)) patch.disableImmediate = rng.chance(0.5);
  if (finishing) patch.finishedAt = rng.int(0, 1e12);
  return patch;
}

function itemPatch(rng: Rng, now: number): ItemPatch {
  const patch: ItemPatch = {};
  if (rng.chance(0.6)) patch.availableAt = now + rng.between(0, 100);
  if (rng.chance(0.3)) patch.attempt = rng.int(1, 4);
  if (rng.chance(0.3)) patch.result = result(rng);
  if (rng.chance(0.3)) patch.start = undefined;
  return patch;
}

/** One random commit; `statusOf` tells a run's current status (undefined: no such run). */
export function randomCommit(rng: Rng, now: number, statusOf: (id: string) => RunStatus | undefined): StoreCommit {
  const isFinal = (id: string) => finalStatuses.includes(statusOf(id) as RunStatus);
  const commit: StoreCommit = {};
  const created = new Set<string>();
  if (rng.chance(0.4)) {
    commit.createRuns = Array.from({ length: rng.int(1, 2) }, () => rng.pick(pools.runs))
      .filter((id) => !isFinal(id))
      .map((id) => {
        created.add(id);
        return newRun(rng, id, now);
      });
  }
  if (rng.chance(0.6)) {
    const finishedHere = new Set<string>();
    commit.patchRuns = [];
    for (let i = rng.int(1, 3); i > 0; i--) {
      const id = rng.pick(pools.runs);
      const active = !isFinal(id) && !finishedHere.has(id);
      const finishing = active && rng.chance(0.35);
      if (finishing) finishedHere.add(id);
      const patch = runPatch(rng, finishing);
      if (!active) delete patch.status;
      commit.patchRuns.push({ id, patch });
    }
  }
  if (rng.chance(0.6)) {
    commit.memoise = Array.from({ length: rng.int(1, 3) }, () => ({ runId: rng.pick(pools.runs), stepId: rng.pick(pools.steps), result: result(rng) }));
  }
  if (rng.chance(0.5)) {
    commit.recordSteps = Array.from({ length: rng.int(1, 2) }, (): StepRecord => ({
      runId: rng.pick(pools.runs),
      functionId: rng.pick(pools.functions),
      stepId: rng.pick(pools.steps),
      name: rng.pick(["fetch", "write-batch-0", "ünïcødé"]),
      op: "StepRun",
      attempt: rng.int(0, 2),
      startedAt: now,
      endedAt: now + rng.between(0, 50),
      ...(rng.chance(0.2) ? { error: { name: "Error", message: "x" } } : {}),
    }));
  }
  if (rng.chance(0.6)) commit.enqueue = Array.from({ length: rng.int(1, 3) }, () => newItem(rng, rng.pick(pools.items), now));
  if (rng.chance(0.5)) commit.patchItems = Array.from({ length: rng.int(1, 3) }, () => ({ id: rng.pick(pools.items), patch: itemPatch(rng, now) }));
  if (rng.chance(0.4)) commit.deleteItems = Array.from({ length: rng.int(1, 3) }, () => rng.pick(pools.items));
  if (rng.chance(0.3)) {
    commit.addWaiters = Array.from({ length: rng.int(1, 2) }, (): Waiter => ({
      id: rng.pick(pools.items),
      runId: rng.pick(pools.runs),
      event: rng.pick(pools.events),
      ...(rng.chance(0.5) ? { if: "async.data.n == event.data.n" } : {}),
    }));
  }
  if (rng.chance(0.3)) commit.deleteWaiters = [rng.pick(pools.items)];
  if (rng.chance(0.5)) {
    commit.setKeys = Array.from({ length: rng.int(1, 3) }, () => ({
      key: rng.pick(pools.keys),
      value: rng.chance(0.1) ? undefined : randomJson(rng),
      expiresAt: now + rng.between(-100, 3000),
    }));
  }
  if (rng.chance(0.2)) commit.deleteKeys = [rng.pick(pools.keys)];
  return commit;
}
