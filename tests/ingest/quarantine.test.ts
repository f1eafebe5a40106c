import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { openTestDb } from "../support/db";
import { uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const HEADER = "sku,title,price,in_stock,brand,caliber,grain,rounds\n";
const messy =
  HEADER +
  "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,18.99,yes,Federal,9mm,115,50\n" + // row 1: superseded by row 6
  "A2,,12.00,yes,Federal,9mm,115,50\n" + // row 2: no title
  "A3,Winchester White Box 9mm 124gr FMJ 50 Rounds,abc,yes,Winchester,9mm,124,50\n" + // row 3: no price
  "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,19.49,yes,Federal,9mm,115,50\n" + // row 4: superseded by row 6
  "A4,CCI Blazer Brass 9mm 115gr FMJ 50 Rounds,16.99,no,CCI,9mm,115,50\n" + // row 5
  "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,19.99,yes,Federal,9mm,115,50\n"; // row 6: wins

type Q = { rowNumber: number; reason: string; raw: string; runId: string };
const quarantined = (feedId: string) =>
  db.sql.query<Q>(`SELECT "rowNumber", reason, raw, "runId" FROM "QuarantinedRecord" WHERE "feedId" = $1 ORDER BY "rowNumber"`, [feedId]);

test("bad rows and superseded duplicates are quarantined with their reasons; the rest goes on", async () => {
  const f = await uploadDealer(db, "messy");
  const result = await uploadAndIngest(db, f, messy);

  expect(result.status).toBe("SUCCEEDED");
  expect(result.stage).toMatchObject({ records: 2, quarantined: 4, duplicates: 2 });
  expect(result.materialization).toMatchObject({ created: 2, quarantined: 4 });

  const rows = await quarantined(f.feedId);
  expect(rows.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4]);
  expect(rows[0]!.reason).toBe("duplicate identity sku:A1 (also row 6)");
  expect(rows[3]!.reason).toBe("duplicate identity sku:A1 (also row 6)");
  expect(rows[1]!.reason).toMatch(/title/i);
  expect(rows[2]!.reason).toMatch(/price/i);
  expect(JSON.parse(rows[0]!.raw)).toMatchObject({ sku: "A1", price: 18.99 });
  expect(JSON.parse(rows[3]!.raw)).toMatchObject({ sku: "A1", price: 19.49 });
  expect(rows[2]!.raw).toContain("abc");
  expect(new Set(rows.map((r) => r.runId))).toEqual(new Set([result.runId]));

  const listings = await db.sql.query(
    `SELECT "identityKey", price FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY "identityKey"`,
    [f.dealerId],
  );
  expect(listings).toEqual([
    { identityKey: "sku:A1", price: 19.99 },
    { identityKey: "sku:A4", price: 16.99 },
  ]);
});

test("the next successful parse replaces the feed's quarantined set", async () => {
  const f = await uploadDealer(db, "cleaned-up");
  await uploadAndIngest(db, f, messy);
  expect(await quarantined(f.feedId)).toHaveLength(4);

  const clean = HEADER + "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,19.99,yes,Federal,9mm,115,50\nA5,Blazer 9mm 115gr 50 Rounds,15.00,yes,CCI,9mm,115,50\n";
  const result = await uploadAndIngest(db, f, clean);
  expect(result.materialization).toMatchObject({ created: 1, unchanged: 1, deactivated: 1, quarantined: 0 });
  expect(await quarantined(f.feedId)).toEqual([]);
});

test("duplicates of a listing that has not changed are quarantined too, with the stored listing as their raw text", async () => {
  const f = await uploadDealer(db, "unchanged-duplicates");
  await uploadAndIngest(db, f, messy);
  const listing = (key: string) =>
    db.sql.query<{ price: number; updatedAt: Date }>(`SELECT price, "updatedAt" FROM "DealerSku" WHERE "dealerId" = $1 AND "identityKey" = $2`, [f.dealerId, key]);
  const a4 = await listing("sku:A4");

  // Row 1: A4 as stored, superseded by row 3 (a new price). Row 2: A1 as stored, superseded by row 4, also as stored.
  const next =
    HEADER +
    "A4,CCI Blazer Brass 9mm 115gr FMJ 50 Rounds,16.99,no,CCI,9mm,115,50\n" +
    "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,19.99,yes,Federal,9mm,115,50\n" +
    "A4,CCI Blazer Brass 9mm 115gr FMJ 50 Rounds,15.49,no,CCI,9mm,115,50\n" +
    "A1,Federal American Eagle 9mm 115gr FMJ 50 Rounds,19.99,yes,Federal,9mm,115,50\n";
  const result = await uploadAndIngest(db, f, next);
  expect(result.status).toBe("SUCCEEDED");
  expect(result.stage).toMatchObject({ records: 2, staged: 1, written: 1, vanished: 0, duplicates: 2, quarantined: 2 });
  expect(result.materialization).toMatchObject({ created: 0, updated: 1, unchanged: 1, quarantined: 2, deactivated: 0 });

  const rows = await quarantined(f.feedId);
  expect(rows.map((r) => [r.rowNumber, r.reason])).toEqual([
    [1, "duplicate identity sku:A4 (also row 3)"],
    [2, "duplicate identity sku:A1 (also row 4)"],
  ]);
  expect(JSON.parse(rows[0]!.raw)).toMatchObject({ sku: "A4", title: "CCI Blazer Brass 9mm 115gr FMJ 50 Rounds", price: 16.99, inStock: false });
  expect(JSON.parse(rows[1]!.raw)).toMatchObject({ sku: "A1", price: 19.99, inStock: true });
  // The same keys a staged duplicate's raw text has.
  expect(Object.keys(JSON.parse(rows[0]!.raw)).sort()).toEqual(
    ["sku", "upc", "title", "brand", "caliber", "grainWeight", "roundCount", "bulletType", "caseType", "price", "pricePerRound", "inStock", "url"].sort(),
  );

  expect((await listing("sku:A4"))[0]!.price).toBe(15.49);
  expect((await listing("sku:A4"))[0]!.updatedAt.getTime()).toBeGreaterThan(a4[0]!.updatedAt.getTime());
  expect(await listing("sku:A1")).toHaveLength(1);
});
