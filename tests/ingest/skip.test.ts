import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db, SqlClient } from "@/lib/db";
import { createRuns, markRunStage, markRunSucceeded } from "@/lib/orchestrator/runs";
import { fetchForRun } from "@/lib/pipeline/ingest";
import { renderFeed } from "@/lib/feeds/generate";
import { openTestDb } from "../support/db";
import { feed, tableRows, uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

/** Every table the ingest may write, in full (the Feed without its poll times, which a skip refreshes). */
async function everything(): Promise<Record<string, unknown>> {
  const feeds = await db.sql.query(
    `SELECT id, "dealerId", source, url, "fileName", format, family, "lastFeedHash", "lastByteSize", status, "lastError", active
     FROM "Feed" ORDER BY id`,
  );
  return {
    feeds,
    dealers: await tableRows(db, "Dealer"),
    uploads: await tableRows(db, "FeedUpload"),
    skus: await tableRows(db, "DealerSku"),
    quarantined: await tableRows(db, "QuarantinedRecord"),
    snapshots: await tableRows(db, "IngestSnapshot", `"runId"`),
    staged: await tableRows(db, "IngestStagedRecord", `"runId", "rowNumber"`),
  };
}

test("the same feed twice: the second ingest is a feed-level skip that writes nothing", async () => {
  const f = await uploadDealer(db, "twice");
  const generated = feed(400, "csv", "ammoseek", "twice");
  const first = await uploadAndIngest(db, f, generated.text);
  expect(first.status).toBe("SUCCEEDED");
  const [feedBefore] = await db.sql.query<{ lastSuccessAt: Date }>(`SELECT "lastSuccessAt" FROM "Feed" WHERE id = $1`, [f.feedId]);

  const before = await everything();
  const second = await uploadAndIngest(db, f, generated.text);
  expect(second.status).toBe("SKIPPED");
  expect(second.materialization).toMatchObject({ status: "SKIPPED", created: 0, updated: 0, unchanged: 400, deactivated: 0 });
  expect(await everything()).toEqual(before);

  // What the skip does write: its materialisation, its run, and the feed's poll times (the listings' "seen").
  const [feedAfter] = await db.sql.query<{ lastSuccessAt: Date; status: string }>(
    `SELECT "lastSuccessAt", status::text AS status FROM "Feed" WHERE id = $1`,
    [f.feedId],
  );
  expect(feedAfter!.lastSuccessAt.getTime()).toBeGreaterThanOrEqual(feedBefore!.lastSuccessAt.getTime());
  const runs = await db.sql.query<{ status: string; skipped: boolean; skuCount: number }>(
    `SELECT status::text AS status, skipped, "skuCount" FROM "Run" WHERE id = $1`,
    [second.runId],
  );
  expect(runs).toEqual([{ status: "SUCCEEDED", skipped: true, skuCount: 400 }]);
});

test("force re-ingests an unchanged feed without rewriting a listing", async () => {
  const f = await uploadDealer(db, "forced");
  const generated = feed(300, "json", "gunengine", "forced");
  await uploadAndIngest(db, f, generated.text);
  const before = await tableRows(db, "DealerSku");

  const forced = await uploadAndIngest(db, f, generated.text, { force: true });
  expect(forced.status).toBe("SUCCEEDED");
  expect(forced.plan).toMatchObject({ created: 0, changed: 0, unchanged: 300, batches: 0 });
  expect(await tableRows(db, "DealerSku")).toEqual(before);
});

test("the same listings in another byte layout: a new feed hash, every listing unchanged, nothing rewritten", async () => {
  const f = await uploadDealer(db, "relayout");
  const generated = feed(500, "csv", "ammoseek", "relayout");
  await uploadAndIngest(db, f, generated.text);
  const before = await tableRows(db, "DealerSku");

  for (const [format, family] of [["json", "generic"], ["xml", "gunengine"]] as const) {
    const result = await uploadAndIngest(db, f, renderFeed(generated.records, format, family));
    expect(result.status).toBe("SUCCEEDED");
    expect(result.materialization).toMatchObject({ created: 0, updated: 0, unchanged: 500, deactivated: 0, quarantined: 0 });
    expect(result.materialization.metadata).toMatchObject({ format, family, batches: 0, writeMs: 0 });
    expect(await tableRows(db, "DealerSku")).toEqual(before);
  }
});

test("a skip is recorded whole or not at all: a failure inside it leaves no trace, and the retry completes it", async () => {
  const f = await uploadDealer(db, "skip-atomic");
  await uploadAndIngest(db, f, feed(120, "csv", "ammoseek", "skip-atomic").text);
  const [{ dealerId }] = (await db.sql.query<{ dealerId: string }>(`SELECT "dealerId" FROM "Feed" WHERE id = $1`, [f.feedId])) as [
    { dealerId: string },
  ];
  const [runId] = (await createRuns(db.sql, [{ dealerId, feedId: f.feedId, trigger: "SCHEDULE", plan: "PRO", priority: 0 }])) as [string];
  expect(await markRunStage(db.sql, runId, "FEED_INGEST")).toBeNull();
  const pollTimes = () => db.sql.query(`SELECT "lastPolledAt", "lastSuccessAt" FROM "Feed" WHERE id = $1`, [f.feedId]);
  const run = () => db.sql.query(`SELECT status::text AS status, skipped, "skuCount" FROM "Run" WHERE id = $1`, [runId]);
  const feedBefore = await pollTimes();
  const succeed = (tx: SqlClient, { records }: { records: number }) => markRunSucceeded(tx, runId, { skipped: true, skuCount: records });

  const failing = async (tx: SqlClient, skipped: { records: number }) => {
    await succeed(tx, skipped);
    throw new Error("the step's host died mid-skip");
  };
  await expect(fetchForRun(db, { runId, feedId: f.feedId }, { onSkip: failing })).rejects.toThrow("the step's host died mid-skip");
  expect(await pollTimes()).toEqual(feedBefore);
  expect(await run()).toEqual([{ status: "RUNNING", skipped: false, skuCount: null }]);
  // Nothing materialised: a retry of the step fetches again rather than finding a skip whose run never ended.
  expect(await markRunStage(db.sql, runId, "FEED_INGEST")).toBeNull();

  const retried = await fetchForRun(db, { runId, feedId: f.feedId }, { onSkip: succeed });
  expect(retried.result).toMatchObject({ skipped: true, records: 120 });
  expect(await run()).toEqual([{ status: "SUCCEEDED", skipped: true, skuCount: 120 }]);
  expect(await markRunStage(db.sql, runId, "FEED_INGEST")).toBe("SKIPPED");
});
