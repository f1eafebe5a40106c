/**
 * One row per finished run in a window, with what every run metric needs: its duration (trigger to last
 * stage), its size and tier, and the Feed Ingest counts. A run skipped as a whole (feed unchanged) may not
 * know its size: it takes the size of the dealer's previous sized run, so it lands in the right tier and
 * weighs right in the skip ratio.
 */
import { tierCaseSql } from "./tiers";

const skuCount = `COALESCE(r."skuCount", prev."skuCount")`;

/** A CTE named `run_facts` over runs finished within `$<intervalParam>` (an interval string parameter). */
export function runFactsCte(intervalParam: number): string {
  return `run_facts AS (
    SELECT r.id, r."dealerId", r.status::text AS status, r.skipped, r.trigger::text AS trigger, r.plan::text AS plan,
           r."queuedAt", r."finishedAt",
           COALESCE(r."durationMs", (extract(epoch FROM (r."finishedAt" - r."queuedAt")) * 1000)::int)::float8 AS "durationMs",
           ${skuCount} AS "skuCount",
           COALESCE(${tierCaseSql(skuCount)}, r.tier) AS tier,
           COALESCE(fi.created, 0) AS created, COALESCE(fi.updated, 0) AS updated, COALESCE(fi.unchanged, 0) AS unchanged,
           -- SKUs the run did not have to touch: all of them when the whole feed was skipped.
           (CASE WHEN r.skipped THEN COALESCE(${skuCount}, fi.unchanged, 0) ELSE COALESCE(fi.unchanged, 0) END)::float8 AS "skippedSkus",
           (CASE WHEN r.skipped THEN COALESCE(${skuCount}, fi.unchanged, 0)
                 ELSE COALESCE(fi.created + fi.updated + fi.unchanged, ${skuCount}, 0) END)::float8 AS "seenSkus"
    FROM "Run" r
    LEFT JOIN LATERAL (
      SELECT p."skuCount" FROM "Run" p
      WHERE r."skuCount" IS NULL AND p."dealerId" = r."dealerId" AND p."skuCount" IS NOT NULL AND p."queuedAt" <= r."queuedAt"
      ORDER BY p."queuedAt" DESC LIMIT 1
    ) prev ON true
    LEFT JOIN "AssetMaterialization" fi ON fi."runId" = r.id AND fi.asset = 'FEED_INGEST'
    WHERE r."finishedAt" >= now() - $${intervalParam}::interval AND r.status IN ('SUCCEEDED', 'FAILED')
  )`;
}
