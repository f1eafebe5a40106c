/**
 * The Benchmark statement: market price per round of a set of canonical SKUs, computed and upserted in
 * one statement (quartiles, fences, median with percentile_cont; no price ever leaves the database).
 */
import type { SqlClient, SqlParam } from "@/lib/db";
import {
  benchmarkedMatchesSql,
  confidenceSql,
  IQR_FACTOR,
  OUTLIER_MIN_POINTS,
  SEEN_WITHIN_DAYS,
  type BenchmarkConfidence,
} from "./rules";

/** Which canonical SKUs to recompute. */
export type BenchmarkTargets =
  | { kind: "run"; runId: string }
  | { kind: "ids"; ids: readonly string[] }
  | { kind: "dealer"; dealerId: string }
  | { kind: "full" };

/** The targets as a query yielding `cid`, with its one parameter (as $2) if it has one. */
function targetsSql(t: BenchmarkTargets): { text: string; param: SqlParam | undefined } {
  switch (t.kind) {
    case "run":
      return { text: `SELECT "canonicalSkuId" AS cid FROM "RunTouchedCanonical" WHERE "runId" = $2::uuid`, param: t.runId };
    case "ids":
      return { text: `SELECT id AS cid FROM "CanonicalSku" WHERE id = ANY($2::uuid[])`, param: [...t.ids] };
    case "dealer":
      return {
        text: `SELECT DISTINCT "canonicalSkuId" AS cid FROM "DealerSku" WHERE "dealerId" = $2::uuid AND "canonicalSkuId" IS NOT NULL`,
        param: t.dealerId,
      };
    case "full":
      return { text: `SELECT id AS cid FROM "CanonicalSku"`, param: undefined };
  }
}

export interface BenchmarkCounts {
  targets: number;
  created: number;
  updated: number;
  unchanged: number;
  high: number;
  medium: number;
  none: number;
  outliersDropped: number;
}

/**
 * Recomputes every target and upserts its row. Data points: in-stock listings of ACTIVE dealers, active,
 * matched HIGH or MEDIUM, with a price per round, seen within SEEN_WITHIN_DAYS — one point per listing.
 * With OUTLIER_MIN_POINTS or more, points outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR] are dropped first (fences in
 * exact numeric: percentile_cont's float result is rounded back, inputs have 4 decimals). Seller count is
 * distinct dealers among the points kept. Confidence NONE (fewer than 2 sellers, no points at all included)
 * stores the row with its counts and NULL figures: nothing is published, and a benchmark that lost its
 * market is overwritten rather than left stale.
 *
 * A row whose figures did not change is not written at all, so computedAt/runId say when and by which run
 * the figures last changed, and a replay leaves every row as it was.
 */
export async function upsertBenchmarks(sql: SqlClient, runId: string | null, targets: BenchmarkTargets): Promise<BenchmarkCounts> {
  const t = targetsSql(targets);
  const params: SqlParam[] = t.param === undefined ? [runId] : [runId, t.param];
  const [row] = await sql.query<BenchmarkCounts>(
    `WITH targets AS (SELECT DISTINCT cid FROM (${t.text}) AS t),
     points AS (
       SELECT d."canonicalSkuId" AS cid, d."dealerId" AS dealer_id, d."pricePerRound" AS ppr
       FROM "DealerSku" d
       JOIN "Dealer" dl ON dl.id = d."dealerId"
       JOIN "Feed" f ON f.id = d."feedId"
       WHERE d."canonicalSkuId" IN (SELECT cid FROM targets)
         AND d."isActive" AND d."inStock" AND dl.status = 'ACTIVE'
         AND d."matchConfidence" IN (${benchmarkedMatchesSql})
         AND d."pricePerRound" > 0
         AND greatest(d."lastSeenAt", f."lastSuccessAt") >= now() - make_interval(days => ${SEEN_WITHIN_DAYS})
     ),
     fences AS (
       SELECT cid, count(*)::int AS n,
              round(percentile_cont(0.25) WITHIN GROUP (ORDER BY ppr::float8)::numeric, 8) AS q1,
              round(percentile_cont(0.75) WITHIN GROUP (ORDER BY ppr::float8)::numeric, 8) AS q3
       FROM points GROUP BY cid
     ),
     kept AS (
       SELECT p.* FROM points p JOIN fences f ON f.cid = p.cid
       WHERE f.n < ${OUTLIER_MIN_POINTS}
          OR p.ppr BETWEEN f.q1 - ${IQR_FACTOR} * (f.q3 - f.q1) AND f.q3 + ${IQR_FACTOR} * (f.q3 - f.q1)
     ),
     stats AS (
       SELECT cid, min(ppr) AS min_ppr, max(ppr) AS max_ppr, round(avg(ppr), 4) AS mean_ppr,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ppr::float8)::numeric, 4) AS median_ppr,
              count(DISTINCT dealer_id)::int AS sellers, count(*)::int AS points
       FROM kept GROUP BY cid
     ),
     computed AS (
       SELECT t.cid, s.min_ppr, s.median_ppr, s.max_ppr, s.mean_ppr,
              coalesce(s.sellers, 0) AS sellers, coalesce(s.points, 0) AS points,
              coalesce(f.n, 0) - coalesce(s.points, 0) AS dropped,
              ${confidenceSql("coalesce(s.sellers, 0)")} AS confidence
       FROM targets t LEFT JOIN fences f ON f.cid = t.cid LEFT JOIN stats s ON s.cid = t.cid
     ),
     upserted AS (
       INSERT INTO "Benchmark" AS b ("canonicalSkuId", "minPpr", "medianPpr", "maxPpr", "meanPpr", "sellerCount",
                                     "dataPoints", "outliersDropped", confidence, "computedAt", "runId")
       SELECT c.cid,
              CASE WHEN c.confidence <> 'NONE' THEN c.min_ppr END,
              CASE WHEN c.confidence <> 'NONE' THEN c.median_ppr END,
              CASE WHEN c.confidence <> 'NONE' THEN c.max_ppr END,
              CASE WHEN c.confidence <> 'NONE' THEN c.mean_ppr END,
              c.sellers, c.points, c.dropped, c.confidence::"BenchmarkConfidence", now(), $1::uuid
       FROM computed c
       ON CONFLICT ("canonicalSkuId") DO UPDATE SET
         "minPpr" = EXCLUDED."minPpr", "medianPpr" = EXCLUDED."medianPpr", "maxPpr" = EXCLUDED."maxPpr",
         "meanPpr" = EXCLUDED."meanPpr", "sellerCount" = EXCLUDED."sellerCount", "dataPoints" = EXCLUDED."dataPoints",
         "outliersDropped" = EXCLUDED."outliersDropped", confidence = EXCLUDED.confidence,
         "computedAt" = EXCLUDED."computedAt", "runId" = EXCLUDED."runId"
       WHERE (b."minPpr", b."medianPpr", b."maxPpr", b."meanPpr", b."sellerCount", b."dataPoints", b."outliersDropped", b.confidence)
             IS DISTINCT FROM
             (EXCLUDED."minPpr", EXCLUDED."medianPpr", EXCLUDED."maxPpr", EXCLUDED."meanPpr", EXCLUDED."sellerCount",
              EXCLUDED."dataPoints", EXCLUDED."outliersDropped", EXCLUDED.confidence)
       RETURNING (xmax = 0) AS inserted
     )
     SELECT count(*)::int AS targets,
            (SELECT count(*) FROM upserted WHERE inserted)::int AS created,
            (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS updated,
            (count(*) - (SELECT count(*) FROM upserted))::int AS unchanged,
            count(*) FILTER (WHERE confidence = 'HIGH')::int AS high,
            count(*) FILTER (WHERE confidence = 'MEDIUM')::int AS medium,
            count(*) FILTER (WHERE confidence = 'NONE')::int AS none,
            coalesce(sum(dropped), 0)::int AS "outliersDropped"
     FROM computed`,
    params,
  );
  return row!;
}

export type { BenchmarkConfidence };
