/**
 * A dealer's first ingest: the parse step COPYs its listings straight into DealerSku (nothing staged,
 * no write batches). Same listings, ids and counts as the staged path; safe to run again.
 */
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { renderFeed } from "@/lib/feeds/generate";
import { identityKey } from "@/lib/feeds/identity";
import { createRuns } from "@/lib/orchestrator/runs";
import { findOrCreateFeed } from "@/lib/pipeline/dealers";
import { fetchAndHash, finalizeIngest, planIngest, stageRecords, storeUpload } from "@/lib/pipeline/ingest";
import { copyNewListings } from "@/lib/pipeline/ingest/listings";
import { listingId } from "@/lib/pipeline/ingest/staged-row";
import { openTestDb } from "../support/db";
import { feed, tableRows, uploadAndIngest, uploadDealer } from "./helpers";

vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const LISTING = `"identityKey", "contentHash", "lastChangeType"::text AS "lastChangeType", sku, upc, title, brand, caliber,
  "grainWeight", "roundCount", "bulletType", "caseType", price, "pricePerRound", "inStock", url, "isActive", "needsReview",
  "lastChangedAt" IS NOT NULL AS "changedAtSet", "firstSeenAt" = "lastSeenAt" AS "seenOnce"`;

async function listings(dealerId: string, feedId: string) {
  return db.sql.query<Record<string, unknown> & { identityKey: string }>(
    `SELECT ${LISTING} FROM "DealerSku" WHERE "dealerId" = $1 AND "feedId" = $2 ORDER BY "identityKey"`,
    [dealerId, feedId],
  );
}

async function ids(dealerId: string): Promise<Array<{ id: string; identityKey: string }>> {
  return db.sql.query(`SELECT id, "identityKey" FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY "identityKey"`, [dealerId]);
}

test("the parse step writes a new dealer's listings: the same rows, ids and counts as the staged path", async () => {
  const v1 = feed(400, "csv", "ammoseek", "first-ingest");
  const fresh = await uploadDealer(db, "first-direct");
  const direct = await uploadAndIngest(db, fresh, v1.text, { batchSize: 100 });
  expect(direct.stage).toMatchObject({ records: 400, staged: 0, written: 400, quarantined: 0 });
  expect(direct.materialization).toMatchObject({ status: "SUCCEEDED", created: 400, updated: 0, unchanged: 0, metadata: { batches: 0 } });
  expect(await tableRows(db, "IngestStagedRecord", `"runId"`)).toEqual([]);

  // A dealer that already has a listing (on another feed) is written like a re-poll: staged, then written by the
  // parse step itself or, beyond the one-step bound, in write batches.
  const withOther = async (slug: string) => {
    const dealer = await uploadDealer(db, slug);
    const other = await findOrCreateFeed(db.sql, { dealerId: dealer.dealerId, location: { fileName: "other.feed" } });
    await uploadAndIngest(db, { dealerId: dealer.dealerId, feedId: other.id }, renderFeed(feed(1, "csv", "ammoseek", "elsewhere").records, "csv", "ammoseek"));
    return dealer;
  };
  const viaTemp = await withOther("first-temp");
  const temp = await uploadAndIngest(db, viaTemp, v1.text);
  expect(temp.stage).toMatchObject({ records: 400, staged: 400, written: 400, writes: { created: 400, reactivated: 0 } });
  expect(temp.materialization).toMatchObject({ status: "SUCCEEDED", created: 400, metadata: { batches: 0 } });
  const staged = await withOther("first-staged");
  const batched = await uploadAndIngest(db, staged, v1.text, { batchSize: 100, oneStepMaxBytes: 0 });
  expect(batched.stage).toMatchObject({ records: 400, staged: 400 });
  expect(batched.stage?.written).toBeUndefined();
  expect(batched.materialization).toMatchObject({ status: "SUCCEEDED", created: 400, metadata: { batches: 4 } });
  expect(await listings(viaTemp.dealerId, viaTemp.feedId)).toEqual(await listings(staged.dealerId, staged.feedId));

  // So does a new dealer's feed over the size the parse step writes itself.
  const large = await uploadDealer(db, "first-large");
  const capped = await uploadAndIngest(db, large, v1.text, { batchSize: 100, oneStepMaxBytes: v1.text.length - 1 });
  expect(capped.stage).toMatchObject({ records: 400, staged: 400 });
  expect(capped.materialization).toMatchObject({ status: "SUCCEEDED", created: 400, metadata: { batches: 4 } });
  expect(await listings(large.dealerId, large.feedId)).toEqual(await listings(fresh.dealerId, fresh.feedId));

  const a = await listings(fresh.dealerId, fresh.feedId);
  expect(a).toHaveLength(400);
  expect(a).toEqual(await listings(staged.dealerId, staged.feedId));
  expect(a.every((l) => l.lastChangeType === "CREATED" && l.changedAtSet && l.seenOnce && l.isActive && !l.needsReview)).toBe(true);
  // Ids from md5(dealer:identity): JavaScript's (COPY) and the database's (INSERT) agree.
  for (const d of [fresh.dealerId, staged.dealerId]) {
    const rows = (await ids(d)).filter((r) => v1.records.some((rec) => identityKey(rec) === r.identityKey));
    expect(rows).toHaveLength(400);
    for (const r of rows) expect(r.id).toBe(listingId(d, r.identityKey));
  }
});

test("duplicates in a first ingest: the last row of an identity is written, the earlier ones are quarantined", async () => {
  const f = await uploadDealer(db, "first-dupes");
  const v1 = feed(20, "csv", "ammoseek", "first-dupes");
  const first = v1.records[3]!;
  const repriced = { ...first, price: first.price + 1 };
  const text = renderFeed([...v1.records, repriced], "csv", "ammoseek");
  const result = await uploadAndIngest(db, f, text);
  expect(result.stage).toMatchObject({ records: 20, written: 20, duplicates: 1, quarantined: 1 });
  expect(result.materialization).toMatchObject({ created: 20, quarantined: 1 });

  const stored = await db.sql.query<{ price: number }>(`SELECT price FROM "DealerSku" WHERE "dealerId" = $1 AND "identityKey" = $2`, [f.dealerId, identityKey(first)]);
  expect(stored).toEqual([{ price: repriced.price }]);
  const quarantined = await db.sql.query<{ rowNumber: number; raw: string; reason: string }>(
    `SELECT "rowNumber", raw, reason FROM "QuarantinedRecord" WHERE "feedId" = $1`,
    [f.feedId],
  );
  expect(quarantined).toHaveLength(1);
  expect(quarantined[0]!.rowNumber).toBe(4);
  expect(quarantined[0]!.reason).toBe(`duplicate identity ${identityKey(first)} (also row 21)`);
  expect(JSON.parse(quarantined[0]!.raw)).toMatchObject({ title: first.title, price: first.price, sku: first.sku });
});

test("the parse step run again after its commit writes nothing more and answers the same", async () => {
  const f = await uploadDealer(db, "first-replay");
  const v1 = feed(150, "json", "generic", "first-replay");
  await storeUpload(db.sql, { feedId: f.feedId, fileName: "v1", content: new TextEncoder().encode(v1.text) });
  const [runId] = await createRuns(db.sql, [{ dealerId: f.dealerId, feedId: f.feedId, trigger: "MANUAL", plan: "PRO", priority: 0 }]);
  const run = { runId: runId! };
  await fetchAndHash(db, { ...run, feedId: f.feedId });

  const staged = await stageRecords(db, run);
  expect(staged).toMatchObject({ records: 150, staged: 0, written: 150 });
  const rows = await tableRows(db, "DealerSku");
  expect(await stageRecords(db, run)).toEqual(staged);
  expect(await tableRows(db, "DealerSku")).toEqual(rows);

  const plan = await planIngest(db, run);
  expect(plan).toMatchObject({ records: 150, created: 150, changed: 0, unchanged: 0, vanished: 0, batches: 0 });
  expect(await finalizeIngest(db, run)).toEqual({ records: 150, created: 150, updated: 0, unchanged: 0, quarantined: 0, deactivated: 0 });
});

test("new listings are written only for their own feed's dealer, checked once per write", async () => {
  const a = await uploadDealer(db, "first-owner-a");
  const b = await uploadDealer(db, "first-owner-b");
  const row = `${listingId(a.dealerId, "sku:x")},${a.dealerId},${b.feedId},sku:x,${"0".repeat(32)},CREATED,x,,Title,,,,,,,1.00,,true,\n`;
  await expect(db.sql.transaction((tx) => copyNewListings(tx, { dealerId: a.dealerId, feedId: b.feedId }, row))).rejects.toThrow(
    /feed .* of dealer .* is gone/,
  );
  expect(await ids(a.dealerId)).toEqual([]);
  // DealerSku has no trigger of its own: the first ingest may skip the per-row key checks it already made.
  expect(await db.sql.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = '"DealerSku"'::regclass AND NOT tgisinternal`)).toEqual([]);
});
