import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { identityKey } from "@/lib/feeds/identity";
import { openTestDb } from "../support/db";
import { feed, nextFeed, uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const keysOf = async (dealerId: string, active = true) =>
  new Set(
    (await db.sql.query<{ identityKey: string }>(`SELECT "identityKey" FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive" = $2`, [dealerId, active])).map(
      (r) => r.identityKey,
    ),
  );

test("two dealers ingesting at once do not interfere", async () => {
  const [a, b] = await Promise.all([uploadDealer(db, "at-once-a"), uploadDealer(db, "at-once-b")]);
  // Overlapping identities: both dealers sell listings with the same SKU ids and UPCs.
  const feedA = feed(800, "csv", "ammoseek", "shared-seed");
  const feedB = feed(600, "xml", "generic", "shared-seed");

  const [ra, rb] = await Promise.all([
    uploadAndIngest(db, a!, feedA.text, { batchSize: 150, copyRows: 100 }),
    uploadAndIngest(db, b!, feedB.text, { batchSize: 100, copyRows: 100 }),
  ]);
  expect(ra.materialization).toMatchObject({ status: "SUCCEEDED", created: 800 });
  expect(rb.materialization).toMatchObject({ status: "SUCCEEDED", created: 600 });
  expect(await keysOf(a!.dealerId)).toEqual(new Set(feedA.records.map(identityKey)));
  expect(await keysOf(b!.dealerId)).toEqual(new Set(feedB.records.map(identityKey)));

  // Again, with changes and vanished listings on both sides.
  const nextA = nextFeed(feedA.records, { changeRate: 0.05, vanishRate: 0.1, seed: 3 });
  const nextB = nextFeed(feedB.records, { changeRate: 0.05, vanishRate: 0.05, newRate: 0.1, seed: 4, format: "xml" });
  const [ra2, rb2] = await Promise.all([
    uploadAndIngest(db, a!, nextA.text, { batchSize: 7 }),
    uploadAndIngest(db, b!, nextB.text, { batchSize: 9 }),
  ]);
  expect(ra2.materialization).toMatchObject({ updated: 40, deactivated: 80, created: 0 });
  expect(rb2.materialization).toMatchObject({ updated: 30, deactivated: 30, created: 60 });
  expect(await keysOf(a!.dealerId)).toEqual(new Set(nextA.records.map(identityKey)));
  expect(await keysOf(b!.dealerId)).toEqual(new Set(nextB.records.map(identityKey)));
  expect((await keysOf(a!.dealerId, false)).size).toBe(80);
  expect((await keysOf(b!.dealerId, false)).size).toBe(30);
});
