/**
 * The downstream stages at the seed's Top-Tier (5,000) and Enterprise (10,000) sizes, on a market of three
 * other dealers: a first run (everything new: matching, canonical creation, full benchmarks and insights)
 * and a steady-state run (1% of listings changed). Prints the per-stage times; fails beyond the tier target.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { runDownstream, type DownstreamResult } from "@/lib/pipeline/downstream";
import { openTestDb } from "../support/db";
import { createDealer, createRun, type DealerFixture } from "./fixtures";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
  for (let s = 0; s < 3; s++) {
    const other = await createDealer(db, `market-${s}`);
    await generate(other, 1500, 10, s + 1);
    await runDownstream(db, { runId: await createRun(db, other), dealerId: other.dealerId });
  }
}, 600_000);
afterAll(async () => {
  await db.close();
});

/**
 * `count` listings over 10 calibers × `brands` brands × 5 grains × 3 pack sizes (brands beyond the tenth are
 * this dealer's own: their combinations create canonical SKUs). 2% miss their grain,
 * every 10th has a UPC shared by its combination, every 13th is out of stock; prices vary by dealer ±5%.
 */
async function generate(dealer: DealerFixture, count: number, brands: number, seed: number): Promise<void> {
  await db.sql.query(
    `WITH g AS (
       SELECT i, (i % $4) AS b, (i / 12) % 10 AS c, (i / 120) % 5 AS gr, (i / 600) % 3 AS r FROM generate_series(1, $3::int) AS i
     ), x AS (
       SELECT g.*, (ARRAY[20, 50, 1000])[1 + r] AS rounds, b * 1000 + c * 100 + gr * 10 + r AS combo FROM g
     )
     INSERT INTO "DealerSku" ("dealerId", "feedId", "identityKey", "contentHash", title, upc, brand, caliber, "grainWeight",
                              "roundCount", "bulletType", price, "pricePerRound", "inStock")
     SELECT $1, $2, 'sku-' || i, left(md5('v1-' || i), 32), 'listing ' || i,
            CASE WHEN i % 10 = 0 THEN '9' || lpad(combo::text, 11, '0') END,
            CASE WHEN b < 10 THEN 'Brand' || b ELSE 'Brand' || b || '-' || $5::int END, (ARRAY['9mm', '.380 ACP', '.40 S&W', '.45 ACP', '5.56 NATO', '.223 Remington', '.308 Winchester',
                                  '7.62x39mm', '6.5 Creedmoor', '.300 Blackout'])[1 + c],
            CASE WHEN i % 50 = 7 THEN NULL ELSE (ARRAY[55, 115, 124, 147, 168])[1 + gr] END, rounds, 'FMJ',
            round((0.2 + (combo % 50) * 0.01) * (1 + ((i * 7 + $5::int) % 11 - 5) / 100.0) * rounds, 2),
            round(round((0.2 + (combo % 50) * 0.01) * (1 + ((i * 7 + $5::int) % 11 - 5) / 100.0) * rounds, 2) / rounds, 4),
            i % 13 <> 0
     FROM x`,
    [dealer.dealerId, dealer.feedId, count, brands, seed],
  );
}

/** A typical poll: 1% of listings repriced. */
async function repriceOnePercent(dealer: DealerFixture): Promise<void> {
  await db.sql.query(
    `UPDATE "DealerSku" SET price = round(price * 1.03, 2), "pricePerRound" = round(round(price * 1.03, 2) / "roundCount", 4),
       "contentHash" = left(md5("contentHash"), 32), "lastChangeType" = 'PRICE_CHANGE', "lastChangedAt" = now()
     WHERE "dealerId" = $1 AND ("identityKey" ~ '^sku-[0-9]+$') AND substring("identityKey" from 5)::int % 100 = 0`,
    [dealer.dealerId],
  );
}

async function timeRun(dealer: DealerFixture, firstRun: boolean) {
  const runId = await createRun(db, dealer);
  const t0 = performance.now();
  const result = await runDownstream(db, { runId, dealerId: dealer.dealerId, firstRun });
  const totalMs = Math.round(performance.now() - t0);
  const stages = await db.sql.query<{ asset: string; durationMs: number }>(
    `SELECT asset::text AS asset, "durationMs" FROM "AssetMaterialization" WHERE "runId" = $1 ORDER BY "startedAt"`,
    [runId],
  );
  return { result, totalMs, stages: Object.fromEntries(stages.map((s) => [s.asset, s.durationMs])) };
}

function report(label: string, t: { result: DownstreamResult; totalMs: number; stages: Record<string, number> }): void {
  const m = t.result.match;
  console.log(
    `${label}: total ${t.totalMs} ms — SKU_MATCH ${t.stages.SKU_MATCH} ms, BENCHMARK ${t.stages.BENCHMARK} ms, INSIGHT ${t.stages.INSIGHT} ms | ` +
      `matched ${m.matched.HIGH}/${m.matched.MEDIUM}/${m.matched.LOW} unmatched ${m.unmatched} unchanged ${m.unchanged}, ` +
      `new canonical ${m.createdCanonical}, benchmarked ${t.result.benchmark.targets}, insights ${t.result.insight.total}`,
  );
}

describe.each([5_000])("%i listings", (size) => {
  // Correctness at tier scale; the speed goals are measured by `npm run bench`, not asserted here.
  it("a first run matches every listing, and a 1% steady-state run re-matches exactly the changed 1%", async () => {
    const dealer = await createDealer(db, `dealer-${size}`);
    await generate(dealer, size, 12, size);

    const first = await timeRun(dealer, true);
    report(`${size} first run`, first);
    const m = first.result.match;
    expect(m.matched.HIGH + m.matched.MEDIUM + m.matched.LOW + m.unmatched).toBe(size);
    expect(m.createdCanonical).toBeGreaterThan(0);
    expect(first.result.insight.total).toBeGreaterThan(0);

    await repriceOnePercent(dealer);
    const steady = await timeRun(dealer, false);
    report(`${size} steady 1%`, steady);
    const s = steady.result.match;
    expect(s.matched.HIGH + s.matched.MEDIUM + s.matched.LOW + s.unmatched).toBe(size / 100);
    expect(s.unchanged).toBe(size - size / 100);
  }, 600_000);
});
