import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { runDownstream } from "@/lib/pipeline/downstream";
import { openTestDb } from "../support/db";
import { createCanonical, createDealer, createRun, putListings, type DealerFixture, type Listing } from "./fixtures";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const ASSET_TABLES: Record<string, string> = {
  DealerSku: "id",
  CanonicalSku: "id",
  Product: "id",
  Benchmark: `"canonicalSkuId"`,
  Insight: "id",
  RunTouchedCanonical: `"runId", "canonicalSkuId"`,
};

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(ASSET_TABLES)) {
    out[table] = await db.sql.query(`SELECT * FROM "${table}" ORDER BY ${order}`);
  }
  return out;
}

const market: Listing[] = [
  { key: "fed-115", grain: 115, price: 14 },
  { key: "fed-124", grain: 124, price: 16 },
  { key: "hornady-135", brand: "Hornady", grain: 135, rounds: 25, bulletType: "JHP", price: 30, upc: "090255000001" },
  { key: "no-grain", grain: null, price: 15 },
];

describe("replay", () => {
  it("running the same run's downstream stages twice — or replaying it as a new run — leaves identical rows in every asset", async () => {
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const others: DealerFixture[] = [];
    for (const [i, factor] of [1, 1.05, 0.95].entries()) {
      const d = await createDealer(db, `other-${i}`);
      await putListings(db, d, market.map((l) => ({ ...l, price: Math.round(l.price * factor * 100) / 100 })));
      await runDownstream(db, { runId: await createRun(db, d), dealerId: d.dealerId, firstRun: true });
      others.push(d);
    }
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "a-115", grain: 115, price: 17 }, // 0.34/rd against a 0.28 median: OVERPRICED
      { key: "a-124", grain: 124, price: 16, inStock: false }, // STOCK_OPPORTUNITY
      { key: "a-gap", caliber: null, price: 10 }, // ATTRIBUTE_GAP
    ]);
    const runId = await createRun(db, a);
    const first = await runDownstream(db, { runId, dealerId: a.dealerId, firstRun: true });
    expect(first.match).toMatchObject({ matched: { HIGH: 0, MEDIUM: 2, LOW: 0 }, unmatched: 1 });
    expect(first.benchmark.targets).toBe(2);
    expect(first.insight).toMatchObject({ overpriced: 1, stockOpportunity: 2, attributeGap: 1 });
    const before = await snapshot();
    expect((before.Benchmark as unknown[]).length).toBeGreaterThan(0);

    const again = await runDownstream(db, { runId, dealerId: a.dealerId, firstRun: true });
    expect(again.match).toMatchObject({ matched: { HIGH: 0, MEDIUM: 0, LOW: 0 }, unmatched: 0, unchanged: 3 });
    expect(again.benchmark).toMatchObject({ targets: 2, created: 0, updated: 0, unchanged: 2 });
    expect(again.insight).toMatchObject({ total: first.insight.total, created: 0, updated: 0, removed: 0 });
    expect(await snapshot()).toEqual(before);

    await runDownstream(db, { runId: await createRun(db, a), dealerId: a.dealerId });
    expect(await snapshot()).toEqual(before);
  });
});
