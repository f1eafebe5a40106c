/** The step functions one by one, as Inngest calls them: each one safe to run again. */
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { createRuns } from "@/lib/orchestrator/runs";
import { fetchAndHash, finalizeIngest, planIngest, stageRecords, storeUpload, writeBatch } from "@/lib/pipeline/ingest";
import { openTestDb } from "../support/db";
import { feed, nextFeed, tableRows, uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

test("every step run twice gives the same result and the same rows", async () => {
  const f = await uploadDealer(db, "stepwise");
  const v1 = feed(300, "csv", "ammoseek", "stepwise");
  await uploadAndIngest(db, f, v1.text);
  const v2 = nextFeed(v1.records, { changeRate: 0.1, vanishRate: 0.05, newRate: 0.05, seed: 5 });
  await storeUpload(db.sql, { feedId: f.feedId, fileName: "v2", content: new TextEncoder().encode(v2.text) });
  const [runId] = await createRuns(db.sql, [{ dealerId: f.dealerId, feedId: f.feedId, trigger: "SCHEDULE", plan: "PRO", priority: 0 }]);
  const run = { runId: runId! };

  const fetched = await fetchAndHash(db, { ...run, feedId: f.feedId });
  expect(fetched).toMatchObject({ skipped: false, source: "UPLOAD" });
  expect(await fetchAndHash(db, { ...run, feedId: f.feedId })).toEqual(fetched);

  // Staged (as a feed beyond the one-step bound is): the write batches below are what is under test.
  const staged = await stageRecords(db, run, { oneStepMaxBytes: 0 });
  const stagedRows = await tableRows(db, "IngestStagedRecord", `"rowNumber"`);
  expect(staged).toMatchObject({ records: 300, quarantined: 0 });
  expect({ ...(await stageRecords(db, run, { oneStepMaxBytes: 0 })), parseMs: 0 }).toEqual({ ...staged, parseMs: 0 });
  expect(await tableRows(db, "IngestStagedRecord", `"rowNumber"`)).toEqual(stagedRows);

  const plan = await planIngest(db, run, { batchSize: 20 });
  expect(plan).toMatchObject({ created: 15, changed: 30, unchanged: 255, vanished: 15, reactivated: 0, batches: 3 });
  expect(await planIngest(db, run, { batchSize: 20 })).toEqual(plan);

  const writes = [];
  for (let batch = 0; batch < plan.batches; batch++) {
    const first = await writeBatch(db, { ...run, batch });
    const afterFirst = await tableRows(db, "DealerSku");
    const again = await writeBatch(db, { ...run, batch });
    expect(again.written).toBe(0);
    expect(await tableRows(db, "DealerSku")).toEqual(afterFirst);
    writes.push(first.written);
  }
  expect(writes).toEqual([20, 20, 5]);
  await expect(writeBatch(db, { ...run, batch: 3 })).rejects.toThrow(/has 3 write batches/);

  const finalized = await finalizeIngest(db, run);
  expect(finalized).toEqual({ records: 300, created: 15, updated: 30, unchanged: 255, quarantined: 0, deactivated: 15 });
  const rows = await tableRows(db, "DealerSku");
  // A replay of the finalize step after its commit answers from the recorded materialisation.
  expect(await finalizeIngest(db, run)).toEqual(finalized);
  expect(await tableRows(db, "DealerSku")).toEqual(rows);
  const records = await db.sql.query(`SELECT status::text AS status FROM "AssetMaterialization" WHERE "runId" = $1`, [runId!]);
  expect(records).toEqual([{ status: "SUCCEEDED" }]);
});

test("a re-poll written by its parse step: the step run again after its commit writes nothing and answers the same", async () => {
  const f = await uploadDealer(db, "one-step-steps");
  const v1 = feed(300, "csv", "ammoseek", "one-step-steps");
  await uploadAndIngest(db, f, v1.text);
  const v2 = nextFeed(v1.records, { changeRate: 0.1, vanishRate: 0.05, newRate: 0.05, seed: 6 });
  await storeUpload(db.sql, { feedId: f.feedId, fileName: "v2", content: new TextEncoder().encode(v2.text) });
  const [runId] = await createRuns(db.sql, [{ dealerId: f.dealerId, feedId: f.feedId, trigger: "SCHEDULE", plan: "PRO", priority: 0 }]);
  const run = { runId: runId! };
  await fetchAndHash(db, { ...run, feedId: f.feedId });

  const staged = await stageRecords(db, run);
  expect(staged).toMatchObject({ records: 300, staged: 45, written: 45, writes: { created: 15, reactivated: 0 } });
  const rows = await tableRows(db, "DealerSku");
  expect({ ...(await stageRecords(db, run)), parseMs: 0 }).toEqual({ ...staged, parseMs: 0 });
  expect(await tableRows(db, "DealerSku")).toEqual(rows);

  const plan = await planIngest(db, run);
  expect(plan).toMatchObject({ created: 15, changed: 30, unchanged: 255, vanished: 15, reactivated: 0, batches: 0 });
  expect(await planIngest(db, run)).toEqual(plan);
  expect(await finalizeIngest(db, run)).toEqual({ records: 300, created: 15, updated: 30, unchanged: 255, quarantined: 0, deactivated: 15 });
});

test("steps out of order fail with a clear message and change nothing", async () => {
  const [runId] = await createRuns(db.sql, [
    { dealerId: (await uploadDealer(db, "out-of-order")).dealerId, feedId: null, trigger: "MANUAL", plan: "NONE", priority: 0 },
  ]);
  await expect(stageRecords(db, { runId: runId! })).rejects.toThrow(/no fetched feed: run its fetch step first/);
  await expect(planIngest(db, { runId: runId! })).rejects.toThrow(/no fetched feed/);
  await expect(writeBatch(db, { runId: runId!, batch: 0 })).rejects.toThrow(/no fetched feed/);
  await expect(finalizeIngest(db, { runId: runId! })).rejects.toThrow(/no fetched feed to finalise/);
});
