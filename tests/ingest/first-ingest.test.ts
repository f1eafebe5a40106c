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

/** A run of the dealer's feed, uploaded as `text`, through its fetch step: ready for stageRecords. */
async function fetchedRun(f: { dealerId: string; feedId: string }, text: string): Promise<{ runId: string }> {
  await storeUpload(db.sql, { feedId: f.feedId, fileName: "v1", content: new TextEncoder().encode(text) });
  const [runId] = await createRuns(db.sql, [{ dealerId: f.dealerId, feedId: f.feedId, trigger: "MANUAL", plan: "PRO", priority: 0 }]);
  await fetchAndHash(db, { runId: runId!, feedId: f.feedId });
  return { runId: runId! };
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

// One chunk for the whole feed, and chunks of 5 rows: a repeat inside the open chunk replaces its row there, a
// repeat of a row already COPYed replaces the written listing. Both write the same listings.
test.each([
  { chunks: "one chunk", copyRows: undefined },
  { chunks: "chunks of 5 rows", copyRows: 5 },
])("duplicates in a first ingest ($chunks): the last row of an identity is written, the earlier ones are quarantined", async ({ copyRows }) => {
  const f = await uploadDealer(db, `first-dupes-${copyRows ?? "all"}`);
  const v1 = feed(20, "csv", "ammoseek", "first-dupes");
  const [r0, r1, ...rest] = v1.records;
  const r3 = v1.records[3]!;
  const r1b = { ...r1!, price: r1!.price + 2 };
  const r3b = { ...r3, price: r3.price + 1 };
  // Rows 1–3 are r0, r1, r1b (row 3 repeats row 2 in the open chunk); row 22 repeats row 5 (r3), long sent in chunks of 5.
  const text = renderFeed([r0!, r1!, r1b, ...rest, r3b], "csv", "ammoseek");
  const result = await uploadAndIngest(db, f, text, { copyRows });
  expect(result.stage).toMatchObject({ records: 20, written: 20, duplicates: 2, quarantined: 2 });
  expect(result.materialization).toMatchObject({ created: 20, quarantined: 2 });

  const price = async (record: typeof r3) =>
    db.sql.query<{ price: number }>(`SELECT price FROM "DealerSku" WHERE "dealerId" = $1 AND "identityKey" = $2`, [f.dealerId, identityKey(record)]);
  expect(await price(r1!)).toEqual([{ price: r1b.price }]);
  expect(await price(r3)).toEqual([{ price: r3b.price }]);
  expect(await listings(f.dealerId, f.feedId)).toHaveLength(20);
  for (const r of await ids(f.dealerId)) expect(r.id).toBe(listingId(f.dealerId, r.identityKey));
  const quarantined = await db.sql.query<{ rowNumber: number; raw: string; reason: string }>(
    `SELECT "rowNumber", raw, reason FROM "QuarantinedRecord" WHERE "feedId" = $1 ORDER BY "rowNumber"`,
    [f.feedId],
  );
  expect(quarantined.map((q) => [q.rowNumber, q.reason])).toEqual([
    [2, `duplicate identity ${identityKey(r1!)} (also row 3)`],
    [5, `duplicate identity ${identityKey(r3)} (also row 22)`],
  ]);
  expect(JSON.parse(quarantined[0]!.raw)).toMatchObject({ title: r1!.title, price: r1!.price, sku: r1!.sku });
  expect(JSON.parse(quarantined[1]!.raw)).toMatchObject({ title: r3.title, price: r3.price, sku: r3.sku });
});

test("a first ingest in chunks writes the same listings as in one chunk", async () => {
  const v1 = feed(300, "csv", "ammoseek", "first-chunks");
  const one = await uploadDealer(db, "first-chunks-one");
  const many = await uploadDealer(db, "first-chunks-many");
  for (const [dealer, copyRows] of [[one, undefined], [many, 7]] as const) {
    const result = await uploadAndIngest(db, dealer, v1.text, { copyRows });
    expect(result.stage).toMatchObject({ records: 300, staged: 0, written: 300 });
    expect(result.materialization).toMatchObject({ status: "SUCCEEDED", created: 300 });
  }
  const written = await listings(many.dealerId, many.feedId);
  expect(written).toHaveLength(300);
  expect(written).toEqual(await listings(one.dealerId, one.feedId));
});

test("a first ingest refused in a later chunk writes nothing; run again, it writes every listing", async () => {
  const f = await uploadDealer(db, "first-refused");
  const v1 = feed(40, "csv", "ammoseek", "first-refused");
  const run = await fetchedRun(f, v1.text);
  // Chunks of 10 rows: the refused listing is in the fourth, after three COPYs went through.
  const refused = identityKey(v1.records[35]!).replace(/'/g, "''");
  await db.sql.exec(`
    CREATE FUNCTION refuse_first_ingest() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."identityKey" = '${refused}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_first_ingest BEFORE INSERT ON "DealerSku" FOR EACH ROW EXECUTE FUNCTION refuse_first_ingest();`);
  try {
    await expect(stageRecords(db, run, { copyRows: 10 })).rejects.toThrow(/refused by the test/);
  } finally {
    await db.sql.exec(`DROP TRIGGER refuse_first_ingest ON "DealerSku"; DROP FUNCTION refuse_first_ingest();`);
  }
  expect(await ids(f.dealerId)).toEqual([]);
  expect(await db.sql.query(`SELECT 1 FROM "QuarantinedRecord" WHERE "feedId" = $1`, [f.feedId])).toEqual([]);

  expect(await stageRecords(db, run, { copyRows: 10 })).toMatchObject({ records: 40, staged: 0, written: 40 });
  expect(await ids(f.dealerId)).toHaveLength(40);
});

test("the parse step run again after its commit writes nothing more and answers the same", async () => {
  const f = await uploadDealer(db, "first-replay");
  const v1 = feed(150, "json", "generic", "first-replay");
  const run = await fetchedRun(f, v1.text);

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
