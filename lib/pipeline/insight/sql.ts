/**
 * The Insight statement: a dealer's complete insight set (see ./rules.ts), replacing the previous one in one
 * statement — one implicit transaction. Ids are derived from (dealer, type, listing or canonical SKU), so an
 * insight that reads the same is left untouched, a changed one is updated in place and a vanished one is
 * deleted: a replay leaves identical rows, never duplicates. "Has it / carries it" tests are uncorrelated
 * (hashed) subqueries over the dealer's listings: no plan here depends on table statistics, which PGlite
 * never gathers.
 */
import { withHashJoins, withoutRowKeyChecks, type SqlClient } from "@/lib/db";
import { benchmarkedMatchesSql } from "../benchmark/rules";
import { normSql } from "../match/keys";
import { PRICE_HIGH_DELTA_PCT, PRICE_MEDIUM_DELTA_PCT } from "./rules";

export interface InsightCounts {
  total: number;
  overpriced: number;
  underpriced: number;
  stockOpportunity: number;
  attributeGap: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
}

export async function replaceDealerInsights(sql: SqlClient, dealerId: string, runId: string | null): Promise<InsightCounts> {
  // The dealer's thousands of listings join benchmarks and stored insights whole: hash joins.
  return sql.transaction((tx) =>
    withHashJoins(tx, () =>
      // Every key it writes is read in the statement: the dealer's listings, their canonical SKUs, CanonicalSku.
      withoutRowKeyChecks(tx, ["Insight"], () => insightStatement(tx, dealerId, runId)),
    ),
  );
}

async function insightStatement(sql: SqlClient, dealerId: string, runId: string | null): Promise<InsightCounts> {
  const [row] = await sql.query<InsightCounts>(
    `WITH listing AS (
       SELECT d.id, d."canonicalSkuId" AS cid, d.price, d."pricePerRound" AS ppr, d."inStock" AS in_stock,
              d."matchConfidence"::text AS match, ${normSql("d.caliber")} AS cal_key, d."grainWeight" AS grain,
              d."roundCount" AS rounds
       FROM "DealerSku" d
       WHERE d."dealerId" = $1::uuid AND d."isActive"
     ),
     market AS (
       SELECT l.*, b."medianPpr" AS median, b."minPpr" AS min, b."maxPpr" AS max, b."sellerCount" AS sellers,
              b.confidence::text AS benchmark, (l.ppr - b."medianPpr") / b."medianPpr" * 100 AS delta
       FROM listing l JOIN "Benchmark" b ON b."canonicalSkuId" = l.cid
       WHERE l.match IN (${benchmarkedMatchesSql}) AND b.confidence <> 'NONE' AND b."medianPpr" > 0
     ),
     price AS (
       SELECT m.*, CASE WHEN m.delta > 0 THEN 'OVERPRICED' ELSE 'UNDERPRICED' END AS type,
              CASE WHEN abs(m.delta) >= $3 AND m.benchmark = 'HIGH' THEN 'HIGH' ELSE 'MEDIUM' END AS severity
       FROM market m
       WHERE abs(m.delta) >= $4
     ),
     desired AS (
       SELECT p.id AS dealer_sku_id, p.cid, p.type, p.severity, p.price, p.ppr, p.median, p.min, p.max, p.sellers,
              round(p.delta, 2) AS delta,
              format('%s%% %s the market median: $%s/rd vs $%s/rd (market $%s–$%s/rd, %s sellers)%s.',
                     abs(round(p.delta, 2)), CASE WHEN p.type = 'OVERPRICED' THEN 'above' ELSE 'below' END,
                     p.ppr, p.median, p.min, p.max, p.sellers,
                     CASE WHEN p.type = 'UNDERPRICED' THEN ': margin left on the table' ELSE '' END) AS message
       FROM price p
       UNION ALL
       SELECT m.id, m.cid, 'STOCK_OPPORTUNITY', CASE WHEN m.benchmark = 'HIGH' THEN 'HIGH' ELSE 'MEDIUM' END,
              m.price, m.ppr, m.median, m.min, m.max, m.sellers, round(m.delta, 2),
              format('Out of stock while %s other sellers have it in stock (market median $%s/rd).', m.sellers, m.median)
       FROM market m
       WHERE NOT m.in_stock AND m.cid NOT IN (SELECT cid FROM listing WHERE in_stock AND cid IS NOT NULL)
       UNION ALL
       SELECT NULL, c.id, 'STOCK_OPPORTUNITY', 'LOW', NULL, NULL, b."medianPpr", b."minPpr", b."maxPpr", b."sellerCount", NULL,
              format('Not carried: %s sellers have %s in stock (market median $%s/rd).', b."sellerCount", c.name, b."medianPpr")
       FROM "Benchmark" b JOIN "CanonicalSku" c ON c.id = b."canonicalSkuId"
       WHERE b.confidence = 'HIGH'
         AND ${normSql("c.caliber")} = ANY (ARRAY(SELECT DISTINCT cal_key FROM listing WHERE cal_key IS NOT NULL))
         AND c.id NOT IN (SELECT cid FROM listing WHERE cid IS NOT NULL)
       UNION ALL
       SELECT l.id, l.cid, 'ATTRIBUTE_GAP', 'LOW', l.price, l.ppr, NULL, NULL, NULL, NULL, NULL,
              format('Missing %s: the listing is left out of market benchmarks and price insights.',
                     array_to_string(ARRAY[CASE WHEN l.cal_key IS NULL THEN 'caliber' END,
                                           CASE WHEN l.grain IS NULL THEN 'grain weight' END,
                                           CASE WHEN l.rounds IS NULL THEN 'round count' END], ', '))
       FROM listing l
       WHERE (l.cal_key IS NULL OR l.grain IS NULL OR l.rounds IS NULL)
         AND NOT (l.cid IS NOT NULL AND l.match IN (${benchmarkedMatchesSql}) AND l.ppr IS NOT NULL)
     ),
     keyed AS (
       SELECT md5($1::uuid::text || ':' || type || ':' || coalesce(dealer_sku_id, cid)::text)::uuid AS id, * FROM desired
     ),
     -- Only what differs from the stored set is written: a hash join here, rather than a speculative
     -- insert and a conflict for every insight that reads the same.
     changed AS (
       SELECT k.* FROM keyed k LEFT JOIN "Insight" i ON i.id = k.id AND i."dealerId" = $1::uuid
       WHERE i.id IS NULL
          OR (i."canonicalSkuId", i.severity::text, i."dealerPrice", i."dealerPpr", i."marketMedian", i."marketMin",
              i."marketMax", i."sellerCount", i."deltaPct", i.message)
             IS DISTINCT FROM
             (k.cid, k.severity, k.price::numeric(12, 2), k.ppr::numeric(12, 4), k.median::numeric(12, 4),
              k.min::numeric(12, 4), k.max::numeric(12, 4), k.sellers, k.delta::numeric(8, 2), k.message)
     ),
     upserted AS (
       INSERT INTO "Insight" AS i (id, "dealerId", "dealerSkuId", "canonicalSkuId", type, severity, "dealerPrice", "dealerPpr",
                                   "marketMedian", "marketMin", "marketMax", "sellerCount", "deltaPct", message, "runId", "createdAt")
       SELECT k.id, $1::uuid, k.dealer_sku_id, k.cid, k.type::"InsightType", k.severity::"InsightSeverity", k.price, k.ppr,
              k.median, k.min, k.max, k.sellers, k.delta, k.message, $2::uuid, now()
       FROM changed k
       ON CONFLICT (id) DO UPDATE SET
         "canonicalSkuId" = EXCLUDED."canonicalSkuId", severity = EXCLUDED.severity, "dealerPrice" = EXCLUDED."dealerPrice",
         "dealerPpr" = EXCLUDED."dealerPpr", "marketMedian" = EXCLUDED."marketMedian", "marketMin" = EXCLUDED."marketMin",
         "marketMax" = EXCLUDED."marketMax", "sellerCount" = EXCLUDED."sellerCount", "deltaPct" = EXCLUDED."deltaPct",
         message = EXCLUDED.message, "runId" = EXCLUDED."runId", "createdAt" = EXCLUDED."createdAt"
       RETURNING (xmax = 0) AS inserted
     ),
     removed AS (
       DELETE FROM "Insight" i WHERE i."dealerId" = $1::uuid AND i.id NOT IN (SELECT id FROM keyed) RETURNING i.id
     )
     SELECT count(*)::int AS total,
            count(*) FILTER (WHERE type = 'OVERPRICED')::int AS overpriced,
            count(*) FILTER (WHERE type = 'UNDERPRICED')::int AS underpriced,
            count(*) FILTER (WHERE type = 'STOCK_OPPORTUNITY')::int AS "stockOpportunity",
            count(*) FILTER (WHERE type = 'ATTRIBUTE_GAP')::int AS "attributeGap",
            (SELECT count(*) FROM upserted WHERE inserted)::int AS created,
            (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS updated,
            (count(*) - (SELECT count(*) FROM upserted))::int AS unchanged,
            (SELECT count(*) FROM removed)::int AS removed
     FROM keyed`,
    [dealerId, runId, PRICE_HIGH_DELTA_PCT, PRICE_MEDIUM_DELTA_PCT],
  );
  return row!;
}
