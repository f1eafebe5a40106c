import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { runInsight } from "@/lib/pipeline/insight";
import { runMatch } from "@/lib/pipeline/match";
import { openTestDb } from "../support/db";
import { createCanonical, createDealer, createRun, putListings, type CanonicalFixture, type DealerFixture, type Listing } from "./fixtures";

let db: Db;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

interface BenchmarkFixture {
  confidence: "HIGH" | "MEDIUM" | "NONE";
  sellers: number;
  median?: number;
  min?: number;
  max?: number;
}

/** A canonical SKU with a benchmark as the Benchmark stage would have left it. */
async function market(c: CanonicalFixture, b: BenchmarkFixture): Promise<string> {
  const id = await createCanonical(db, c);
  const published = b.confidence !== "NONE";
  await db.sql.query(
    `INSERT INTO "Benchmark" ("canonicalSkuId", "minPpr", "medianPpr", "maxPpr", "meanPpr", "sellerCount", "dataPoints", confidence)
     VALUES ($1, $2, $3, $4, $3, $5, $5, $6::"BenchmarkConfidence")`,
    [id, published ? (b.min ?? b.median ?? 0.2) : null, published ? (b.median ?? 0.2) : null, published ? (b.max ?? b.median ?? 0.2) : null, b.sellers, b.confidence],
  );
  return id;
}

/** Puts the dealer's listings (100 rounds unless said otherwise), matches them, runs the Insight stage. */
async function insights(dealer: DealerFixture, listings: Listing[], runId?: string) {
  await putListings(db, dealer, listings.map((l) => ({ rounds: 100, ...l })));
  const run = runId ?? (await createRun(db, dealer));
  await runMatch(db, { runId: run, dealerId: dealer.dealerId });
  const result = await runInsight(db, { runId: run, dealerId: dealer.dealerId });
  const rows = await db.sql.query<Record<string, unknown> & { key: string | null }>(
    `SELECT d."identityKey" AS key, i.id, i."dealerSkuId", i."canonicalSkuId", i.type::text AS type, i.severity::text AS severity,
            i."dealerPrice", i."dealerPpr", i."marketMedian", i."marketMin", i."marketMax", i."sellerCount", i."deltaPct",
            i.message, i."runId", i."createdAt"
     FROM "Insight" i LEFT JOIN "DealerSku" d ON d.id = i."dealerSkuId"
     WHERE i."dealerId" = $1 ORDER BY d."identityKey" NULLS LAST, i.type, i.message`,
    [dealer.dealerId],
  );
  return { result, rows, runId: run, byKey: new Map(rows.filter((r) => r.key).map((r) => [`${r.key}:${r.type as string}`, r])) };
}

const federal = (grain: number, rounds = 100): CanonicalFixture => ({ caliber: "9mm", brand: "Federal", grain, rounds });
const listing = (key: string, grain: number, price: number, extra: Partial<Listing> = {}): Listing => ({ key, grain, price, ...extra });

describe("OVERPRICED / UNDERPRICED", () => {
  it("at and just under the 15% and 8% thresholds, against HIGH, MEDIUM and NONE benchmarks, with their figures", async () => {
    const high = await market(federal(115), { confidence: "HIGH", sellers: 3, median: 0.2, min: 0.18, max: 0.26 });
    const medium = await market(federal(124), { confidence: "MEDIUM", sellers: 2, median: 0.2, min: 0.19, max: 0.21 });
    await market(federal(147), { confidence: "NONE", sellers: 1 });
    const a = await createDealer(db, "a");
    const { rows, result, runId } = await insights(a, [
      listing("h-o15", 115, 23.0),
      listing("h-o14.95", 115, 22.99),
      listing("h-o8", 115, 21.6),
      listing("h-o7.95", 115, 21.59),
      listing("h-u15", 115, 17.0),
      listing("h-u14.95", 115, 17.01),
      listing("h-u8", 115, 18.4),
      listing("h-u7.95", 115, 18.41),
      listing("m-o15", 124, 23.0),
      listing("m-o7.95", 124, 21.59),
      listing("m-u20", 124, 16.0),
      listing("n-o50", 147, 30.0),
    ]);
    expect(rows.map((r) => [r.key, r.type, r.severity, r.deltaPct])).toEqual([
      ["h-o14.95", "OVERPRICED", "MEDIUM", 14.95],
      ["h-o15", "OVERPRICED", "HIGH", 15],
      ["h-o8", "OVERPRICED", "MEDIUM", 8],
      ["h-u14.95", "UNDERPRICED", "MEDIUM", -14.95],
      ["h-u15", "UNDERPRICED", "HIGH", -15],
      ["h-u8", "UNDERPRICED", "MEDIUM", -8],
      ["m-o15", "OVERPRICED", "MEDIUM", 15],
      ["m-u20", "UNDERPRICED", "MEDIUM", -20],
    ]);
    const [o15] = rows.filter((r) => r.key === "h-o15");
    expect(o15).toMatchObject({
      canonicalSkuId: high,
      dealerPrice: 23,
      dealerPpr: 0.23,
      marketMedian: 0.2,
      marketMin: 0.18,
      marketMax: 0.26,
      sellerCount: 3,
      deltaPct: 15,
      runId,
      message: "15.00% above the market median: $0.2300/rd vs $0.2000/rd (market $0.1800–$0.2600/rd, 3 sellers).",
    });
    expect(rows.find((r) => r.key === "h-u15")!.message).toBe(
      "15.00% below the market median: $0.1700/rd vs $0.2000/rd (market $0.1800–$0.2600/rd, 3 sellers): margin left on the table.",
    );
    expect(rows.find((r) => r.key === "m-o15")).toMatchObject({ canonicalSkuId: medium, marketMin: 0.19, marketMax: 0.21, sellerCount: 2 });
    expect(result).toMatchObject({ total: 8, overpriced: 4, underpriced: 4, stockOpportunity: 0, attributeGap: 0, created: 8 });
  });

  it("ignores LOW matches (this one, at +100%, would otherwise be OVERPRICED HIGH)", async () => {
    await market(federal(115, 50), { confidence: "HIGH", sellers: 3, median: 0.2 });
    const a = await createDealer(db, "a");
    const { rows } = await insights(a, [listing("low", 0, 20, { grain: null, rounds: 50 })]);
    expect(rows.filter((r) => r.type === "OVERPRICED" || r.type === "UNDERPRICED")).toEqual([]);
  });
});

describe("STOCK_OPPORTUNITY", () => {
  it("out of stock where other sellers are in stock (HIGH with 3+, MEDIUM with 2), and SKUs of its calibers it does not carry (LOW, 3+)", async () => {
    const oosHigh = await market(federal(115), { confidence: "HIGH", sellers: 3 });
    await market(federal(124), { confidence: "MEDIUM", sellers: 2 });
    await market(federal(147), { confidence: "NONE", sellers: 1 });
    await market(federal(115, 50), { confidence: "HIGH", sellers: 4 });
    const notCarried = await market(federal(150), { confidence: "HIGH", sellers: 3, median: 0.21, min: 0.2, max: 0.22 });
    await market(federal(165), { confidence: "MEDIUM", sellers: 2 });
    await market({ caliber: ".308 Winchester", brand: "Federal", grain: 150, rounds: 20 }, { confidence: "HIGH", sellers: 5 });

    const a = await createDealer(db, "a");
    const { rows, result } = await insights(a, [
      listing("oos-high", 115, 20, { inStock: false }),
      listing("oos-medium", 124, 20, { inStock: false }),
      listing("oos-none", 147, 20, { inStock: false }),
      listing("oos-but-also-in-stock", 115, 10, { rounds: 50, inStock: false }),
      listing("in-stock-twin", 115, 10, { rounds: 50 }),
    ]);
    expect(rows.map((r) => [r.key, r.type, r.severity])).toEqual([
      ["oos-high", "STOCK_OPPORTUNITY", "HIGH"],
      ["oos-medium", "STOCK_OPPORTUNITY", "MEDIUM"],
      [null, "STOCK_OPPORTUNITY", "LOW"],
    ]);
    expect(rows[0]).toMatchObject({
      canonicalSkuId: oosHigh,
      dealerPrice: 20,
      dealerPpr: 0.2,
      marketMedian: 0.2,
      sellerCount: 3,
      deltaPct: 0,
      message: "Out of stock while 3 other sellers have it in stock (market median $0.2000/rd).",
    });
    expect(rows[2]).toMatchObject({
      dealerSkuId: null,
      canonicalSkuId: notCarried,
      dealerPrice: null,
      dealerPpr: null,
      marketMedian: 0.21,
      marketMin: 0.2,
      marketMax: 0.22,
      sellerCount: 3,
      deltaPct: null,
      message: "Not carried: 3 sellers have Federal 9mm 150gr, 100 rounds in stock (market median $0.2100/rd).",
    });
    expect(result).toMatchObject({ total: 3, stockOpportunity: 3 });
  });
});

describe("ATTRIBUTE_GAP", () => {
  it("for a missing caliber, grain or round count that keeps the listing out of benchmarks — and only then", async () => {
    await createCanonical(db, { ...federal(115, 50), upc: "000000000115" });
    const a = await createDealer(db, "a");
    const { rows, result } = await insights(a, [
      listing("grain-unmatched", 0, 20, { grain: null, brand: "Nobody" }),
      listing("grain-low", 0, 20, { grain: null, rounds: 50 }),
      listing("rounds-upc", 115, 20, { upc: "000000000115", rounds: null }),
      listing("caliber", 115, 20, { caliber: null }),
      listing("grain-and-rounds", 0, 20, { grain: null, rounds: null, brand: "Nobody" }),
      listing("no-gap-upc", 0, 20, { upc: "000000000115", grain: null, rounds: 50 }),
      listing("no-gap-brand", 115, 20, { brand: null }),
    ]);
    expect(rows.map((r) => [r.key, r.type, r.severity, r.message])).toEqual([
      ["caliber", "ATTRIBUTE_GAP", "LOW", "Missing caliber: the listing is left out of market benchmarks and price insights."],
      ["grain-and-rounds", "ATTRIBUTE_GAP", "LOW", "Missing grain weight, round count: the listing is left out of market benchmarks and price insights."],
      ["grain-low", "ATTRIBUTE_GAP", "LOW", "Missing grain weight: the listing is left out of market benchmarks and price insights."],
      ["grain-unmatched", "ATTRIBUTE_GAP", "LOW", "Missing grain weight: the listing is left out of market benchmarks and price insights."],
      ["rounds-upc", "ATTRIBUTE_GAP", "LOW", "Missing round count: the listing is left out of market benchmarks and price insights."],
    ]);
    expect(rows.find((r) => r.key === "grain-low")).toMatchObject({ dealerPrice: 20, dealerPpr: 0.4, marketMedian: null, sellerCount: null, deltaPct: null });
    expect(rows.find((r) => r.key === "rounds-upc")).toMatchObject({ dealerPrice: 20, dealerPpr: null });
    expect(result).toMatchObject({ total: 5, attributeGap: 5 });
  });
});

describe("replacement", () => {
  it("a replay leaves identical rows; a change updates in place, a resolved insight goes, other dealers keep theirs", async () => {
    await market(federal(115), { confidence: "HIGH", sellers: 3, median: 0.2, min: 0.18, max: 0.26 });
    const a = await createDealer(db, "a");
    const b = await createDealer(db, "b");
    const other = await insights(b, [listing("b-o15", 115, 23.0)]);
    const first = await insights(a, [listing("o15", 115, 23.0), listing("u15", 115, 17.0), listing("gap", 115, 20, { caliber: null })]);
    expect(first.rows).toHaveLength(3);

    const replay = await runInsight(db, { runId: first.runId, dealerId: a.dealerId });
    expect(replay).toMatchObject({ total: 3, created: 0, updated: 0, unchanged: 3, removed: 0 });
    const afterReplay = await insights(a, [], first.runId);
    expect(afterReplay.rows).toEqual(first.rows);

    const next = await insights(a, [listing("o15", 115, 22.99), listing("u15", 115, 20.0)]);
    expect(next.result).toMatchObject({ total: 2, created: 0, updated: 1, unchanged: 1, removed: 1 });
    const o15Before = first.byKey.get("o15:OVERPRICED")!;
    const o15After = next.byKey.get("o15:OVERPRICED")!;
    expect(o15After).toMatchObject({ id: o15Before.id, severity: "MEDIUM", deltaPct: 14.95, runId: next.runId });
    expect(next.byKey.has("u15:UNDERPRICED")).toBe(false);
    expect(next.byKey.get("gap:ATTRIBUTE_GAP")).toEqual(first.byKey.get("gap:ATTRIBUTE_GAP"));

    const [bRow] = await db.sql.query(`SELECT * FROM "Insight" WHERE "dealerId" = $1`, [b.dealerId]);
    expect(bRow).toMatchObject({ id: other.rows[0]!.id, runId: other.runId });
  });

  it("records its materialisation", async () => {
    await market(federal(115), { confidence: "HIGH", sellers: 3 });
    const a = await createDealer(db, "a");
    const { runId } = await insights(a, [listing("o15", 115, 23.0), listing("gap", 115, 20, { caliber: null })]);
    const [m] = await db.sql.query<Record<string, unknown>>(
      `SELECT * FROM "AssetMaterialization" WHERE "runId" = $1 AND asset = 'INSIGHT'`,
      [runId],
    );
    expect(m).toMatchObject({ partition: a.dealerId, status: "SUCCEEDED", created: 2, updated: 0, unchanged: 0 });
    expect(m!.metadata).toEqual({ total: 2, removed: 0, byType: { OVERPRICED: 1, UNDERPRICED: 0, STOCK_OPPORTUNITY: 0, ATTRIBUTE_GAP: 1 } });
  });
});
