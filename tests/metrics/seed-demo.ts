/**
 * Fills a PGlite directory with six hours of plausible dashboard history (dealers of every tier, polls every
 * few minutes, skips, failures, listings, insights, quarantined rows), for looking at the dashboard without
 * the pipeline running:  PIPELINE_DATA_DIR=/tmp/dp-demo npx tsx tests/metrics/seed-demo.ts
 */
import { closeDb, getDb, type Db } from "@/lib/db";

const dealers: Array<[name: string, plan: string, skus: number, poll: number]> = [
  ["Ammo Depot", "FOUNDING", 4_800, 5],
  ["Big Bore Supply", "PRO", 9_200, 5],
  ["Lucky Gunner Outlet", "PRO", 2_600, 5],
  ["Brass & Lead Co.", "STANDARD", 640, 10],
  ["Prairie Rounds", "STANDARD", 120, 15],
  ["Freedom Munitions Direct", "FOUNDING", 3_100, 5],
  ["Tactical Shelf", "NONE", 95, 30],
  ["Range Day Ammo", "STANDARD", 780, 10],
  ["Northwoods Outfitters", "NONE", 140, 15],
  ["<b>Sale</b> Ammo & Co", "STANDARD", 300, 10],
];

function rand(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

async function main(): Promise<void> {
  const db: Db = await getDb();
  const r = rand(42);
  const [existing] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Dealer"`);
  if ((existing?.n ?? 0) > 0) throw new Error("the directory already has dealers: use an empty PIPELINE_DATA_DIR");

  for (const [name, plan, skus, poll] of dealers) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const [d] = await db.sql.query<{ id: string }>(`INSERT INTO "Dealer" (slug, name, plan, "firstRunAt") VALUES ($1, $2, $3::"Plan", now()) RETURNING id`, [slug, name, plan]);
    const dealerId = d!.id;
    const [f] = await db.sql.query<{ id: string }>(
      `INSERT INTO "Feed" ("dealerId", source, url, format, "pollIntervalMinutes", status, "lastPolledAt", "lastSuccessAt", family, "lastByteSize")
       VALUES ($1, 'URL', $2, 'AUTO', $3, 'OK', now() - interval '2 minutes', now() - interval '2 minutes', 'ammoseek', $4) RETURNING id`,
      [dealerId, `https://feeds.${slug}.com/products.csv`, poll, skus * 210],
    );
    const feedId = f!.id;
    const target = skus <= 150 ? 5_000 : skus <= 800 ? 10_000 : skus <= 3_000 ? 20_000 : skus <= 5_000 ? 30_000 : 45_000;
    const slow = name === "Big Bore Supply" ? 1.7 : 1;
    for (let minutesAgo = 360; minutesAgo > 0; minutesAgo -= poll) {
      const skipped = r() < 0.55;
      const failed = !skipped && r() < 0.04;
      const duration = Math.round(skipped ? 200 + r() * 400 : target * (0.25 + r() * 0.45) * slow * (skus > 5000 && r() < 0.2 ? 1.6 : 1));
      const changed = skipped ? 0 : Math.max(1, Math.round(skus * (0.005 + r() * 0.02)));
      const created = skipped ? 0 : Math.round(changed * 0.2);
      const [run] = await db.sql.query<{ id: string }>(
        `INSERT INTO "Run" ("dealerId", "feedId", trigger, plan, priority, status, "skuCount", tier, skipped, "queuedAt", "startedAt",
           "finishedAt", "durationMs", "queueWaitMs", error, "errorStack", "currentStage")
         VALUES ($1, $2, 'SCHEDULE', $3::"Plan", 120, $4::"RunStatus", $5, NULL, $6,
           now() - make_interval(mins => $7) - make_interval(secs => $8::float8 / 1000.0),
           now() - make_interval(mins => $7) - make_interval(secs => $8::float8 / 1000.0) + make_interval(secs => $9::float8 / 1000.0),
           now() - make_interval(mins => $7), $8, $9, $10, $11, $12::"AssetKey") RETURNING id`,
        [
          dealerId, feedId, plan, failed ? "FAILED" : "SUCCEEDED", skipped ? null : skus, skipped, minutesAgo, duration,
          Math.round(50 + r() * 300),
          failed ? "SKU match failed: deadlock detected while updating DealerSku" : null,
          failed ? "Error: deadlock detected\n    at matchListings (lib/pipeline/match/index.ts:88:11)\n    at step (inngest/functions/sku-match.ts:31:7)" : null,
          failed ? "SKU_MATCH" : null,
        ],
      );
      const runId = run!.id;
      const stages = skipped ? ["FEED_INGEST"] : failed ? ["FEED_INGEST", "SKU_MATCH"] : ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT"];
      const share = [0.45, 0.25, 0.15, 0.15];
      let offset = 0;
      for (const [i, asset] of stages.entries()) {
        const ms = Math.round(duration * share[i]! * 0.92);
        const wait = Math.round(20 + r() * 80);
        const isFailed = failed && asset === "SKU_MATCH";
        await db.sql.query(
          `INSERT INTO "AssetMaterialization" ("runId", asset, partition, status, created, updated, unchanged, quarantined, deactivated,
             "queuedAt", "startedAt", "finishedAt", "durationMs", "queueWaitMs", error)
           SELECT $1, $2::"AssetKey", $3, $4::"MaterializationStatus", $5, $6, $7, $8, $9,
             r."queuedAt" + make_interval(secs => $10::float8 / 1000.0), r."queuedAt" + make_interval(secs => ($10::float8 + $11::float8) / 1000.0),
             r."queuedAt" + make_interval(secs => ($10::float8 + $11::float8 + $12::float8) / 1000.0), $12::int, $11::int, $13
           FROM "Run" r WHERE r.id = $1`,
          [
            runId, asset, dealerId, skipped ? "SKIPPED" : isFailed ? "FAILED" : "SUCCEEDED",
            asset === "FEED_INGEST" ? created : 0, asset === "FEED_INGEST" ? changed - created : Math.round(changed * 0.8),
            asset === "FEED_INGEST" ? (skipped ? skus : skus - changed) : 0, asset === "FEED_INGEST" && !skipped ? Math.round(r() * 3) : 0,
            asset === "FEED_INGEST" && !skipped && r() < 0.3 ? 2 : 0, offset, wait, ms, isFailed ? "deadlock detected" : null,
          ],
        );
        await db.sql.query(
          `INSERT INTO "RunStep" ("runId", "functionId", "stepId", name, attempt, "startedAt", "finishedAt", error)
           SELECT $1, $2, $3, $3, 0, r."queuedAt" + make_interval(secs => ($4::float8 + $5::float8) / 1000.0), r."queuedAt" + make_interval(secs => ($4::float8 + $5::float8 + $6::float8) / 1000.0), $7
           FROM "Run" r WHERE r.id = $1`,
          [runId, asset.toLowerCase().replace("_", "-"), asset === "FEED_INGEST" ? "fetch-and-parse" : "materialize", offset, wait, ms, isFailed ? "deadlock detected" : null],
        );
        offset += wait + ms;
      }
    }
    const n = Math.min(skus, 400);
    await db.sql.query(
      `INSERT INTO "DealerSku" ("dealerId", "feedId", "identityKey", "contentHash", title, brand, caliber, "grainWeight", "roundCount", price, "pricePerRound", "inStock", "lastChangeType", "lastChangedAt")
       SELECT $1, $2, 'sku-' || i, md5(i::text)::varchar(32),
         (ARRAY['Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds', 'Winchester USA 5.56 NATO 55gr FMJ 20rd', 'Hornady Critical Defense .380 ACP 90gr FTX - 25 Rounds', 'PMC Bronze .223 Rem 55 Grain FMJ-BT <i>Box of 20</i>', 'CCI Blazer Brass .45 Auto 230gr FMJ 50rd'])[1 + i % 5],
         (ARRAY['Federal', 'Winchester', 'Hornady', 'PMC', 'CCI'])[1 + i % 5], (ARRAY['9mm', '5.56 NATO', '.380 ACP', '.223 Remington', '.45 ACP'])[1 + i % 5],
         (ARRAY[115, 55, 90, 55, 230])[1 + i % 5], (ARRAY[50, 20, 25, 20, 50])[1 + i % 5], 12 + (i % 17), (12 + (i % 17)) / 40.0, i % 9 <> 0,
         (ARRAY['CREATED', 'PRICE_CHANGE', 'PRICE_CHANGE', 'STOCK_CHANGE', 'ATTRIBUTE_CHANGE'])[1 + i % 5]::"ChangeType", now() - make_interval(mins => i * 7)
       FROM generate_series(1, $3) AS i`,
      [dealerId, feedId, n],
    );
    await db.sql.query(
      `INSERT INTO "Insight" ("dealerId", "dealerSkuId", type, severity, "dealerPrice", "dealerPpr", "marketMedian", "marketMin", "marketMax", "sellerCount", "deltaPct", message)
       SELECT s."dealerId", s.id, t::"InsightType", (CASE WHEN i % 3 = 0 THEN 'HIGH' ELSE 'MEDIUM' END)::"InsightSeverity", s.price, s."pricePerRound",
         s."pricePerRound" * 0.84, s."pricePerRound" * 0.7, s."pricePerRound" * 1.1, 3 + i % 5, CASE WHEN t = 'UNDERPRICED' THEN -11.5 ELSE 19.0 END,
         CASE WHEN t = 'UNDERPRICED' THEN 'Priced 11.5% below the market median: room to raise' ELSE 'Priced 19% above the market median of 5 sellers' END
       FROM (SELECT *, row_number() OVER () AS i FROM "DealerSku" WHERE "dealerId" = $1 LIMIT 12) s,
         LATERAL (SELECT CASE WHEN s.i % 4 = 0 THEN 'UNDERPRICED' ELSE 'OVERPRICED' END AS t) x`,
      [dealerId],
    );
    await db.sql.query(
      `INSERT INTO "QuarantinedRecord" ("dealerId", "feedId", "rowNumber", raw, reason)
       VALUES ($1, $2, 17, 'SKU-17,,=HYPERLINK("http://evil.example","click"),$—,yes', 'price missing or unreadable: "$—"'),
              ($1, $2, 233, '<script>alert(1)</script>,9mm,115gr,,', 'title has no product words after removing markup')`,
      [dealerId, feedId],
    );
  }
  // One run stuck in flight.
  await db.sql.query(
    `INSERT INTO "Run" ("dealerId", trigger, plan, status, "skuCount", "queuedAt", "startedAt", "currentStage", priority)
     SELECT id, 'SCHEDULE', plan, 'RUNNING', 9200, now() - interval '95 seconds', now() - interval '93 seconds', 'SKU_MATCH', 300 FROM "Dealer" WHERE slug = 'big-bore-supply'`,
  );
  await closeDb();
  console.log("seeded", dealers.length, "dealers");
}

await main();
