import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { generateFeed, renderFeed } from "@/lib/feeds/generate";
import { classifyChange, identityKey } from "@/lib/feeds/identity";
import type { FeedRecord } from "@/lib/feeds/types";
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

type Row = { identityKey: string; lastChangeType: string; updatedAt: Date; isActive: boolean; deactivatedAt: Date | null };

async function listings(dealerId: string): Promise<Map<string, Row>> {
  const rows = await db.sql.query<Row>(
    `SELECT "identityKey", "lastChangeType"::text AS "lastChangeType", "updatedAt", "isActive", "deactivatedAt"
     FROM "DealerSku" WHERE "dealerId" = $1`,
    [dealerId],
  );
  return new Map(rows.map((r) => [r.identityKey, r]));
}

test.each([
  ["by the parse step in one transaction", "mutating", {}, 0],
  ["in write batches", "mutating-batched", { batchSize: 4, oneStepMaxBytes: 0 }, 3],
] as const)("a 1%% mutation changes exactly those listings, with their change types, written %s", async (_how, slug, opts, batches) => {
  const f = await uploadDealer(db, slug);
  const v1 = feed(1000, "csv", "ammoseek", "mutating");
  await uploadAndIngest(db, f, v1.text);
  const before = await listings(f.dealerId);

  const v2 = generateFeed({ format: "csv", family: "ammoseek", mutateFrom: v1.records, changeRate: 0.01, seed: "mutating-2" });
  expect(v2.changes).toHaveLength(10);
  const result = await uploadAndIngest(db, f, v2.text, opts);

  const expectedTypes = new Map(v2.changes.map((c) => [c.identity, c.kind]));
  const counts = { PRICE_CHANGE: 0, STOCK_CHANGE: 0, ATTRIBUTE_CHANGE: 0 } as Record<string, number>;
  for (const kind of expectedTypes.values()) counts[kind] = (counts[kind] ?? 0) + 1;
  expect(result.materialization).toMatchObject({ created: 0, updated: 10, unchanged: 990, deactivated: 0 });
  expect(result.materialization.metadata.changeTypes).toEqual({ CREATED: 0, ...counts });
  expect(result.plan).toMatchObject({ batches });

  // The SQL classification agrees with classifyChange on every changed listing.
  const previous = new Map(v1.records.map((r) => [identityKey(r), r]));
  for (const record of v2.records) {
    const key = identityKey(record);
    if (expectedTypes.has(key)) expect(classifyChange(previous.get(key)!, record)).toBe(expectedTypes.get(key));
  }

  const after = await listings(f.dealerId);
  const rewritten = [...after.values()].filter((r) => r.updatedAt.getTime() !== before.get(r.identityKey)!.updatedAt.getTime());
  expect(new Set(rewritten.map((r) => r.identityKey))).toEqual(new Set(expectedTypes.keys()));
  for (const row of rewritten) expect(row.lastChangeType).toBe(expectedTypes.get(row.identityKey));
});

test("vanished listings are deactivated, then reactivated when they come back", async () => {
  const f = await uploadDealer(db, "vanishing");
  const v1 = feed(200, "json", "generic", "vanishing");
  await uploadAndIngest(db, f, v1.text);
  const original = await listings(f.dealerId);

  const gone = v1.records.slice(0, 15);
  const kept = v1.records.slice(15);
  const shrunk = await uploadAndIngest(db, f, renderFeed(kept, "json", "generic"));
  expect(shrunk.materialization).toMatchObject({ created: 0, updated: 0, unchanged: 185, deactivated: 15 });
  expect(shrunk.plan).toMatchObject({ vanished: 15, batches: 0 });

  const afterShrink = await listings(f.dealerId);
  for (const record of gone) {
    const row = afterShrink.get(identityKey(record))!;
    expect(row.isActive).toBe(false);
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    expect(row.lastChangeType).toBe("CREATED");
  }
  for (const record of kept) expect(afterShrink.get(identityKey(record))).toEqual(original.get(identityKey(record)));

  // Back: 10 exactly as they were, 5 with a new price.
  const repriced = gone.slice(10).map((r): FeedRecord => ({ ...r, price: r.price + 1, pricePerRound: r.roundCount ? Math.round(((r.price + 1) / r.roundCount) * 1e4) / 1e4 : null }));
  const back = await uploadAndIngest(db, f, renderFeed([...kept, ...gone.slice(0, 10), ...repriced], "json", "generic"));
  expect(back.materialization).toMatchObject({ created: 0, updated: 15, unchanged: 185, deactivated: 0 });
  expect(back.materialization.metadata).toMatchObject({ reactivated: 15, changeTypes: { CREATED: 0, PRICE_CHANGE: 5, STOCK_CHANGE: 10, ATTRIBUTE_CHANGE: 0 } });

  const afterBack = await listings(f.dealerId);
  gone.forEach((record, i) => {
    const row = afterBack.get(identityKey(record))!;
    expect(row).toMatchObject({ isActive: true, deactivatedAt: null, lastChangeType: i < 10 ? "STOCK_CHANGE" : "PRICE_CHANGE" });
  });
  expect(await db.sql.query(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = $1`, [f.dealerId])).toEqual([{ n: 200 }]);
});

test("a listing's identity survives a price change: it is updated, not duplicated", async () => {
  const f = await uploadDealer(db, "repricing");
  const v1 = feed(50, "xml", "ammoseek", "repricing");
  await uploadAndIngest(db, f, v1.text);
  const first = v1.records[0]!;
  const v2 = [{ ...first, price: first.price * 2, pricePerRound: null }, ...v1.records.slice(1)];
  const result = await uploadAndIngest(db, f, renderFeed(v2, "xml", "ammoseek"));
  expect(result.materialization).toMatchObject({ created: 0, updated: 1, unchanged: 49 });
  const rows = await tableRows(db, "DealerSku", `"identityKey"`);
  expect(rows.filter((r) => r.dealerId === f.dealerId)).toHaveLength(50);
});
