import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { runBenchmark } from "@/lib/pipeline/benchmark";
import { runMatch } from "@/lib/pipeline/match";
import { openTestDb } from "../support/db";
import { createCanonical, createDealer, createRun, deactivate, putListings, type DealerFixture, type Listing } from "./fixtures";

let db: Db;
let canonical: string;
beforeEach(async () => {
  db = await openTestDb();
  canonical = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 100 });
});
afterEach(async () => {
  await db.close();
});

interface Seller {
  ppr: number;
  listing?: Partial<Listing>;
  dealer?: Parameters<typeof createDealer>[2];
}

let sellerNo = 0;
/** One dealer per seller, one listing each (100 rounds, so price = ppr × 100), matched. */
async function sellers(list: readonly Seller[]): Promise<DealerFixture[]> {
  const dealers: DealerFixture[] = [];
  for (const s of list) {
    const dealer = await createDealer(db, `seller-${++sellerNo}`, s.dealer);
    await putListings(db, dealer, [{ key: "l", grain: 115, rounds: 100, price: Math.round(s.ppr * 10_000) / 100, ...s.listing }]);
    await runMatch(db, { runId: await createRun(db, dealer), dealerId: dealer.dealerId });
    dealers.push(dealer);
  }
  return dealers;
}

async function benchmark(ids: string[] = [canonical]) {
  const dealer = await createDealer(db, `runner-${++sellerNo}`);
  const runId = await createRun(db, dealer);
  const result = await runBenchmark(db, { runId, canonicalSkuIds: ids, dealerId: dealer.dealerId });
  return { result, row: await benchmarkRow(canonical), runId };
}

async function benchmarkRow(id: string) {
  const [row] = await db.sql.query<Record<string, unknown>>(
    `SELECT "minPpr", "medianPpr", "maxPpr", "meanPpr", "sellerCount", "dataPoints", "outliersDropped", confidence::text AS confidence,
            "computedAt", "runId"
     FROM "Benchmark" WHERE "canonicalSkuId" = $1`,
    [id],
  );
  return row;
}

const figures = (min: number, median: number, max: number, mean: number) => ({ minPpr: min, medianPpr: median, maxPpr: max, meanPpr: mean });

describe("figures", () => {
  it("even count with ties: median is the mean of the middle two", async () => {
    await sellers([{ ppr: 0.2 }, { ppr: 0.2 }, { ppr: 0.3 }, { ppr: 0.4 }]);
    // Q1 0.2, Q3 0.325, fences [0.0125, 0.5125]: nothing dropped.
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.2, 0.25, 0.4, 0.275), sellerCount: 4, dataPoints: 4, outliersDropped: 0, confidence: "HIGH" });
  });

  it("odd count; fewer than 4 points are never trimmed, however wild", async () => {
    await sellers([{ ppr: 0.18 }, { ppr: 0.22 }, { ppr: 0.9 }]);
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.18, 0.22, 0.9, 0.4333), sellerCount: 3, dataPoints: 3, outliersDropped: 0, confidence: "HIGH" });
  });

  it("with 4+ points drops what lies outside 1.5 × IQR on both sides, and says how many", async () => {
    await sellers([{ ppr: 0.05 }, { ppr: 0.2 }, { ppr: 0.21 }, { ppr: 0.22 }, { ppr: 0.23 }, { ppr: 0.6 }]);
    // Q1 0.2025, Q3 0.2275, IQR 0.025, fences [0.165, 0.265]: 0.05 and 0.60 go.
    const { row, result } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.2, 0.215, 0.23, 0.215), sellerCount: 4, dataPoints: 4, outliersDropped: 2, confidence: "HIGH" });
    expect(result).toMatchObject({ targets: 1, created: 1, outliersDropped: 2, high: 1 });
  });

  it("keeps points lying exactly on a fence (exact numeric fences, not floating point)", async () => {
    await sellers([{ ppr: 0.1 }, { ppr: 0.2 }, { ppr: 0.2 }, { ppr: 0.3 }]);
    // Q1 0.175, Q3 0.225, IQR 0.05, fences exactly 0.1 and 0.3.
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.1, 0.2, 0.3, 0.2), dataPoints: 4, outliersDropped: 0 });
  });

  it("all equal: IQR 0 drops nothing", async () => {
    await sellers([{ ppr: 0.25 }, { ppr: 0.25 }, { ppr: 0.25 }, { ppr: 0.25 }]);
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.25, 0.25, 0.25, 0.25), sellerCount: 4, dataPoints: 4, outliersDropped: 0, confidence: "HIGH" });
  });

  it("rounds a median between two 4-decimal prices half away from zero", async () => {
    await sellers([{ ppr: 0.2001 }, { ppr: 0.2002 }]);
    const { row } = await benchmark();
    expect(row).toMatchObject({ medianPpr: 0.2002, meanPpr: 0.2002, confidence: "MEDIUM" });
  });
});

describe("confidence", () => {
  it("two sellers: MEDIUM", async () => {
    await sellers([{ ppr: 0.2 }, { ppr: 0.3 }]);
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.2, 0.25, 0.3, 0.25), sellerCount: 2, dataPoints: 2, confidence: "MEDIUM" });
  });

  it("one seller, however many listings: NONE, stored with its counts and no figures", async () => {
    const [dealer] = await sellers([{ ppr: 0.2 }]);
    await putListings(db, dealer!, [
      { key: "l2", grain: 115, rounds: 100, price: 21 },
      { key: "l3", grain: 115, rounds: 100, price: 22 },
    ]);
    await runMatch(db, { runId: await createRun(db, dealer!), dealerId: dealer!.dealerId });
    const { row, result } = await benchmark();
    expect(row).toMatchObject({ minPpr: null, medianPpr: null, maxPpr: null, meanPpr: null, sellerCount: 1, dataPoints: 3, confidence: "NONE" });
    expect(result).toMatchObject({ none: 1, high: 0, medium: 0 });
  });

  it("a SKU with no market at all gets a NONE row with zero counts", async () => {
    const { row } = await benchmark();
    expect(row).toMatchObject({ minPpr: null, medianPpr: null, sellerCount: 0, dataPoints: 0, outliersDropped: 0, confidence: "NONE" });
  });
});

describe("which listings count", () => {
  it("excludes stale, suspended-dealer, out-of-stock, deactivated and LOW-matched listings; 'seen' is the later of lastSeenAt and the feed's last success", async () => {
    await sellers([
      { ppr: 0.2 },
      { ppr: 0.21 },
      { ppr: 0.22, listing: { seenDaysAgo: 10 } }, // ingest no longer rewrites lastSeenAt; the feed succeeded today
      { ppr: 0.23, dealer: { feedSuccessDaysAgo: 10 } }, // listing seen today
      { ppr: 0.99, listing: { seenDaysAgo: 8 }, dealer: { feedSuccessDaysAgo: 8 } },
      { ppr: 0.99, listing: { inStock: false } },
      { ppr: 0.99, listing: { grain: null } }, // LOW match: needs review, not benchmarked
    ]);
    const [suspended, vanished] = await sellers([{ ppr: 0.99 }, { ppr: 0.99 }]);
    await db.sql.query(`UPDATE "Dealer" SET status = 'SUSPENDED' WHERE id = $1`, [suspended!.dealerId]);
    await deactivate(db, vanished!, ["l"]);
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.2, 0.215, 0.23, 0.215), sellerCount: 4, dataPoints: 4, outliersDropped: 0, confidence: "HIGH" });
  });

  it("counts one data point per listing and one seller per dealer", async () => {
    const [a] = await sellers([{ ppr: 0.2 }, { ppr: 0.3 }]);
    await putListings(db, a!, [{ key: "l2", grain: 115, rounds: 100, price: 20 }]);
    await runMatch(db, { runId: await createRun(db, a!), dealerId: a!.dealerId });
    const { row } = await benchmark();
    expect(row).toMatchObject({ ...figures(0.2, 0.2, 0.3, 0.2333), sellerCount: 2, dataPoints: 3, confidence: "MEDIUM" });
  });
});

describe("what is recomputed", () => {
  it("by default exactly the canonical SKUs the run's SKU Match touched; full: every one", async () => {
    const other = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 100 });
    const b = await createDealer(db, "b");
    await putListings(db, b, [{ key: "o", grain: 124, rounds: 100, price: 30 }]);
    await runMatch(db, { runId: await createRun(db, b), dealerId: b.dealerId });

    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "l", grain: 115, rounds: 100, price: 20 }]);
    const runId = await createRun(db, a);
    await runMatch(db, { runId, dealerId: a.dealerId });
    const result = await runBenchmark(db, { runId, dealerId: a.dealerId });
    expect(result).toMatchObject({ targetKind: "run", targets: 1, created: 1 });
    expect(await benchmarkRow(canonical)).toMatchObject({ sellerCount: 1, confidence: "NONE" });
    expect(await benchmarkRow(other)).toBeUndefined();

    const full = await runBenchmark(db, { runId: await createRun(db, a), full: true });
    expect(full).toMatchObject({ targetKind: "full", targets: 2, created: 1, updated: 0, unchanged: 1 });
    expect(await benchmarkRow(other)).toMatchObject({ sellerCount: 1, dataPoints: 1 });
  });

  it("writes a row only when its figures change: a recompute leaves computedAt and runId; a lost market is overwritten with NONE", async () => {
    const [, second, third] = await sellers([{ ppr: 0.2 }, { ppr: 0.3 }, { ppr: 0.4 }]);
    const first = await benchmark();
    expect(first.row).toMatchObject({ ...figures(0.2, 0.3, 0.4, 0.3), confidence: "HIGH", runId: first.runId });

    const again = await benchmark();
    expect(again.result).toMatchObject({ targets: 1, created: 0, updated: 0, unchanged: 1 });
    expect(again.row).toEqual(first.row);

    await deactivate(db, second!, ["l"]);
    await deactivate(db, third!, ["l"]);
    const lost = await benchmark();
    expect(lost.result).toMatchObject({ updated: 1, none: 1 });
    expect(lost.row).toMatchObject({ minPpr: null, medianPpr: null, maxPpr: null, meanPpr: null, sellerCount: 1, dataPoints: 1, confidence: "NONE", runId: lost.runId });
  });

  it("records its materialisation (partition: the dealer, or 'all' for a full refresh)", async () => {
    await sellers([{ ppr: 0.2 }, { ppr: 0.3 }]);
    const { runId } = await benchmark();
    const [m] = await db.sql.query<Record<string, unknown>>(`SELECT * FROM "AssetMaterialization" WHERE "runId" = $1`, [runId]);
    expect(m).toMatchObject({ asset: "BENCHMARK", status: "SUCCEEDED", created: 1, updated: 0, unchanged: 0 });
    expect(m!.partition).not.toBe("all");
    expect(m!.metadata).toEqual({ targets: 1, targetKind: "ids", confidence: { HIGH: 0, MEDIUM: 1, NONE: 0 }, outliersDropped: 0 });

    const a = await createDealer(db, "full");
    const fullRun = await createRun(db, a);
    await runBenchmark(db, { runId: fullRun, dealerId: a.dealerId, full: true });
    const [f] = await db.sql.query<Record<string, unknown>>(`SELECT partition FROM "AssetMaterialization" WHERE "runId" = $1`, [fullRun]);
    expect(f!.partition).toBe("all");
  });
});
