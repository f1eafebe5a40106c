/**
 * DbStore: the same answers as MemoryStore for every read after every commit, atomic commits, one
 * round trip per commit and a bounded number of reads per step; then the whole executor suite again
 * with every executor on a DbStore (EXECUTOR_TEST_STORE=db, a fresh schema per store).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { DbStore } from "@/inngest/executor/db-store";
import { literal } from "@/inngest/executor/db-store-sql";
import { createExecutor } from "@/inngest/executor/executor";
import { MemoryStore } from "@/inngest/executor/memory-store";
import type { ExecutorStore } from "@/inngest/executor/store";
import type { RunState } from "@/inngest/executor/types";
import type { Db, SqlClient } from "@/lib/db";
import { Rng } from "@/lib/feeds/generate/prng";
import { pools, randomCommit } from "./random-commits";
import { createStoreSchema, testStoreDb, useTestStores } from "./stores";

useTestStores();
let db: Db;
beforeAll(async () => {
  db = await testStoreDb();
});

/** Every read the executor makes, over the whole id pools. Reading keys also expires them, in both stores alike. */
async function readAll(store: ExecutorStore, rng: Rng, now: number) {
  const runIds = [rng.pick(pools.runs), rng.pick(pools.runs), rng.pick(pools.runs)];
  const keys: unknown[] = [];
  for (const key of pools.keys) keys.push(await store.getKey(key, now));
  return {
    runs: await Promise.all(pools.runs.map((id) => store.getRun(id))),
    active: await Promise.all(pools.functions.map((fn) => store.listActiveRuns(fn))),
    items: await store.listItems(),
    runItems: await Promise.all(runIds.map((runId) => store.listItems({ runId }))),
    waiters: await Promise.all(pools.events.map((name) => store.listWaiters(name))),
    keys,
  };
}

/** Counts the round trips a store makes: queries (reads) and scripts (commits). */
function counting(sql: SqlClient, counter: { queries: number; scripts: number }): SqlClient {
  return {
    query: (text, params) => {
      counter.queries++;
      return sql.query(text, params);
    },
    exec: (script) => {
      counter.scripts++;
      return sql.exec(script);
    },
    copyFrom: (source) => {
      counter.scripts++;
      return sql.copyFrom(source);
    },
    transaction: (fn) => sql.transaction((tx) => fn(counting(tx, counter))),
  };
}

describe("DbStore", () => {
  it("answers every read exactly as MemoryStore does, after each of 200 random commits; so does a new DbStore loading the tables", { timeout: 240_000 }, async () => {
    const memory = new MemoryStore(4);
    const schema = await createStoreSchema(db);
    const dbStore = new DbStore(db.sql, { schema, keepFinished: 4 });
    const rng = new Rng(20261129);
    let now = 1_764_000_000_000;
    for (let i = 0; i < 200; i++) {
      now += rng.between(0, 400);
      const statuses = new Map((await Promise.all(pools.runs.map((id) => memory.getRun(id)))).flatMap((r) => (r ? [[r.id, r.status]] : [])));
      const commit = randomCommit(rng, now, (id) => statuses.get(id));
      await memory.commit(structuredClone(commit));
      await dbStore.commit(commit);
      const seed = rng.int(0, 2 ** 31);
      const expected = await readAll(memory, new Rng(seed), now);
      const actual = await readAll(dbStore, new Rng(seed), now);
      expect(actual, `after commit ${i}: ${JSON.stringify(commit)}`).toEqual(expected);
      // What the tables hold: a process starting over on them resumes from exactly this state.
      const loaded = await readAll(new DbStore(db.sql, { schema, keepFinished: 4 }), new Rng(seed), now);
      expect(loaded, `loaded after commit ${i}: ${JSON.stringify(commit)}`).toEqual(expected);
    }
  });

  it("applies a commit all or nothing, also when it finishes a run (commit + retention sweep)", async () => {
    const schema = await createStoreSchema(db);
    const store = new DbStore(db.sql, { schema });
    const run: RunState = {
      id: "r1", functionId: "f", status: "queued", events: [], createdAt: 0, attempts: 0, steps: [],
      memo: {}, stack: [], score: 0, concurrency: [], disableImmediate: false,
    };
    await store.commit({ createRuns: [run] });
    // A value PostgreSQL rejects, in a statement after the run's update in the commit's script.
    const poisoned = { kind: "flush", id: "bad", functionId: "f", mode: "batch", stateKey: "k", score: 0, availableAt: "soon" as unknown as number } as const;
    const failing = {
      patchRuns: [{ id: "r1", patch: { status: "completed" as const, output: 1 } }],
      memoise: [{ runId: "r1", stepId: "s", result: { data: 1 } }],
      setKeys: [{ key: "k", value: 1, expiresAt: Number.MAX_SAFE_INTEGER }],
      enqueue: [poisoned],
    };
    await expect(store.commit(failing)).rejects.toThrow();
    for (const answering of [store, new DbStore(db.sql, { schema })]) {
      expect(await answering.getRun("r1")).toEqual(run);
      expect(await answering.getKey("k", 0)).toBeUndefined();
      expect(await answering.listItems()).toEqual([]);
    }
  });

  it("stores any text verbatim (quotes, dollar quotes, backslashes), and U+0000 (which JSONB cannot hold) as U+FFFD", async () => {
    const store = new DbStore(db.sql, { schema: await createStoreSchema(db) });
    const hostile = ["abc$v", "$v$", "$v", "x$v$y$v0$", "'; DROP TABLE \"ExecutorKey\"; --", "\\", "$1", "$$", "ünï ✓"];
    for (const text of hostile) expect((await db.sql.query<{ v: string }>(`SELECT ${literal(text)}::text AS v`))[0]?.v).toBe(text);
    await store.commit({ setKeys: hostile.map((text, i) => ({ key: `${text}-${i}`, value: { text, i }, expiresAt: Number.MAX_SAFE_INTEGER })) });
    for (const [i, text] of hostile.entries()) expect(await store.getKey(`${text}-${i}`, 0)).toEqual({ text, i });
    await store.commit({ deleteKeys: hostile.map((text, i) => `${text}-${i}`) });
    for (const [i, text] of hostile.entries()) expect(await store.getKey(`${text}-${i}`, 0)).toBeUndefined();

    await store.commit({ setKeys: [{ key: "k", value: { text: "a\u0000b", literal: "\\u0000" }, expiresAt: Number.MAX_SAFE_INTEGER }] });
    expect(await store.getKey("k", 0)).toEqual({ text: "a\ufffdb", literal: "\\u0000" });
  });

  it("makes one round trip per commit and a handful of reads per step; per-step cost vs MemoryStore", async () => {
    const steps = 30;
    const fn = inngest.createFunction({ id: "t-db-overhead", triggers: [{ event: "test/db.overhead" }] }, async ({ step }) => {
      let sum = 0;
      for (let i = 0; i < steps; i++) sum += await step.run(`s${i}`, () => i);
      return sum;
    });
    const counter = { queries: 0, scripts: 0 };
    const schema = await createStoreSchema(db);
    const commits = { n: 0 };
    const timed = async (store: ExecutorStore) => {
      const executor = createExecutor({ client: inngest, functions: [fn], store, crons: false, attach: false });
      await executor.start();
      const began = performance.now();
      const cpu = process.cpuUsage();
      await executor.send({ name: "test/db.overhead", data: {} });
      await executor.waitForIdle();
      const used = process.cpuUsage(cpu);
      const result = { wallMs: (performance.now() - began) / steps, cpuMs: (used.user + used.system) / 1000 / steps };
      await executor.stop();
      return result;
    };
    const dbStore = new DbStore(counting(db.sql, counter), { schema });
    const commit = dbStore.commit.bind(dbStore);
    dbStore.commit = async (change) => {
      commits.n++;
      return commit(change);
    };
    const memory = await timed(new MemoryStore());
    const onDb = await timed(dbStore);
    console.info(
      `[db-store] per step over ${steps} steps: MemoryStore ${memory.wallMs.toFixed(1)} ms wall / ${memory.cpuMs.toFixed(1)} ms CPU, ` +
        `DbStore ${onDb.wallMs.toFixed(1)} ms wall / ${onDb.cpuMs.toFixed(1)} ms CPU; per step ${(counter.queries / steps).toFixed(1)} reads, ` +
        `${(counter.scripts / steps).toFixed(1)} commit scripts (${(commits.n / steps).toFixed(1)} commit calls, empty ones send nothing)`,
    );
    // Reads per call: the loop's queue scan, the run (twice) and its other items.
    expect(counter.scripts).toBeLessThanOrEqual(commits.n);
    expect(counter.queries / steps).toBeLessThan(6);
  });
});

describe("the executor suite, every executor on a DbStore", async () => {
  const previous = process.env.EXECUTOR_TEST_STORE;
  process.env.EXECUTOR_TEST_STORE = "db";
  afterAll(() => {
    process.env.EXECUTOR_TEST_STORE = previous;
  });
  await import("./steps.test");
  await import("./flow-control.test");
  await import("./retries.test");
  await import("./resume.test");
  await import("./replay.test");
  await import("./triggers.test");
  await import("./client.test");
  await import("./units.test");
});
