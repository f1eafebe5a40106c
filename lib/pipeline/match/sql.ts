/**
 * The SKU Match statements. Each is set-based and atomic on its own; the stage as a whole is idempotent
 * (creation is ON CONFLICT DO NOTHING on the unique keys, then read back), so a retry or replay resumes
 * wherever a failed attempt stopped.
 */
import { withoutRowKeyChecks, type SqlClient } from "@/lib/db";
import { attrKeySql, cleanSql, normSql, productKeySql, type KeyParts } from "./keys";
import type { CreationCandidate, NewCanonical, NewProduct } from "./plan";
import type { ProductState } from "./semantic";

const keyParts: KeyParts = { caliber: "n.cal_key", brand: "n.brand_key", grainWeight: "n.grain", roundCount: "n.rounds", bulletType: "n.bullet_key" };

/**
 * The dealer's active listings created or changed since their last match ($1 = dealer id). Never the whole
 * dealer: rows whose matchedHash equals their contentHash are skipped.
 */
const pendingCte = `pending AS (
  SELECT n.*, ${attrKeySql(keyParts)} AS attr_key, ${productKeySql(keyParts)} AS product_key
  FROM (
    SELECT d.id, d.ctid AS tid, d."contentHash" AS content_hash, d."canonicalSkuId" AS old_cid, nullif(btrim(d.upc), '') AS upc,
           ${cleanSql("d.caliber")} AS caliber, ${cleanSql("d.brand")} AS brand,
           d."grainWeight" AS grain, d."roundCount" AS rounds,
           ${cleanSql('d."bulletType"')} AS bullet_type, ${cleanSql('d."caseType"')} AS case_type,
           ${normSql("d.caliber")} AS cal_key, ${normSql("d.brand")} AS brand_key, ${normSql('d."bulletType"')} AS bullet_key
    FROM "DealerSku" d
    WHERE d."dealerId" = $1 AND d."isActive" AND d."matchedHash" IS DISTINCT FROM d."contentHash"
    OFFSET 0 -- keeps the subquery from being flattened, which would normalise every value once per key again
  ) n
)`;

/** Rule 4's candidates: pending listings with all four attributes that neither UPC nor attributes match. */
export async function selectCreationCandidates(sql: SqlClient, dealerId: string): Promise<CreationCandidate[]> {
  return sql.query<CreationCandidate>(
    `WITH ${pendingCte}
     SELECT p.attr_key AS "attrKey", p.product_key AS "productKey", p.caliber, p.brand,
            p.grain AS "grainWeight", p.rounds AS "roundCount", p.bullet_type AS "bulletType", p.case_type AS "caseType",
            p.upc, count(*)::int AS listings
     FROM pending p
     WHERE p.attr_key IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "CanonicalSku" c WHERE c."attrKey" = p.attr_key)
       AND (p.upc IS NULL OR NOT EXISTS (SELECT 1 FROM "CanonicalSku" c WHERE c.upc = p.upc))
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    [dealerId],
  );
}

/** Inserts the products no one has created yet; returns how many this call created. */
export async function insertProducts(sql: SqlClient, products: readonly NewProduct[], embeddingPriority: number): Promise<number> {
  if (products.length === 0) return 0;
  const rows = await sql.query(
    `INSERT INTO "Product" ("productKey", name, brand, caliber, "grainWeight", "bulletType", "caseType", category,
                            "semanticHash", "embeddingPriority")
     SELECT x.*, $10::int
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]) AS x
     ON CONFLICT ("productKey") DO NOTHING
     RETURNING id`,
    [
      products.map((p) => p.productKey),
      products.map((p) => p.name),
      products.map((p) => p.brand),
      products.map((p) => p.caliber),
      products.map((p) => p.grainWeight),
      products.map((p) => p.bulletType),
      products.map((p) => p.caseType),
      products.map((p) => p.category),
      products.map((p) => p.semanticHash),
      embeddingPriority,
    ],
  );
  return rows.length;
}

/**
 * Inserts the canonical SKUs whose attribute key is still free, linked to their product by key. With
 * `withUpc`, a row whose UPC another canonical SKU took meanwhile is skipped whole (ON CONFLICT covers both
 * unique keys): the caller then inserts the leftovers without a UPC.
 */
export async function insertCanonicals(sql: SqlClient, canonicals: readonly NewCanonical[], withUpc: boolean): Promise<number> {
  if (canonicals.length === 0) return 0;
  const rows = await sql.query(
    `INSERT INTO "CanonicalSku" ("productId", "attrKey", upc, name, caliber, brand, "grainWeight", "roundCount", "bulletType")
     SELECT p.id, x.attr_key, CASE WHEN $10 THEN x.upc END, x.name, x.caliber, x.brand, x.grain, x.rounds, x.bullet_type
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[])
          WITH ORDINALITY AS x(attr_key, product_key, upc, name, caliber, brand, grain, rounds, bullet_type, n)
     JOIN "Product" p ON p."productKey" = x.product_key
     WHERE NOT EXISTS (SELECT 1 FROM "CanonicalSku" c WHERE c."attrKey" = x.attr_key)
     ORDER BY x.n
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      canonicals.map((c) => c.attrKey),
      canonicals.map((c) => c.productKey),
      canonicals.map((c) => c.upc),
      canonicals.map((c) => c.name),
      canonicals.map((c) => c.caliber),
      canonicals.map((c) => c.brand),
      canonicals.map((c) => c.grainWeight),
      canonicals.map((c) => c.roundCount),
      canonicals.map((c) => c.bulletType),
      withUpc,
    ],
  );
  return rows.length;
}

export interface AssignCounts {
  high: number;
  medium: number;
  low: number;
  unmatched: number;
  /** Active listings that were not pending. */
  unchanged: number;
  /** Listings deactivated since their last match. */
  deactivated: number;
  /** Canonical SKUs this call added to the run's touched set. */
  touched: number;
}

/**
 * Rules 1–3 for every pending listing against the canonical SKUs as they are now (rule 4's new ones
 * included), in one statement that also
 * - marks listings deactivated since their last match (matchedHash := NULL, so a reactivated listing is
 *   pending again) and
 * - records the canonical SKUs whose market changed (old and new SKU of each rematched listing, SKU of each
 *   newly deactivated one) in the run's touched set, the Benchmark stage's work list.
 *
 * Rule 3's "best candidate" among the canonical SKUs of the same caliber and brand: nearest grain (when the
 * listing has one), then nearest round count (when it has one), then most active listings, then the smaller
 * grain and round count. Rule 3 applies only when grain or round count is missing; with both known and no
 * exact match, rule 4 created the listing's own canonical SKU.
 */
export async function assignMatches(sql: SqlClient, dealerId: string, runId: string): Promise<AssignCounts> {
  // Every key it writes is read in the statement: canonical SKUs from CanonicalSku or from the listing, the run from Run.
  return sql.transaction((tx) => withoutRowKeyChecks(tx, ["DealerSku", "RunTouchedCanonical"], () => assignStatement(tx, dealerId, runId)));
}

async function assignStatement(sql: SqlClient, dealerId: string, runId: string): Promise<AssignCounts> {
  const [row] = await sql.query<AssignCounts>(
    `WITH ${pendingCte},
     family AS (
       SELECT p.id, p.tid, p.content_hash, p.old_cid, c.id AS cid, c."grainWeight" AS grain, c."roundCount" AS rounds,
              abs(c."grainWeight" - p.grain) AS grain_gap, abs(c."roundCount" - p.rounds) AS rounds_gap
       FROM pending p
       JOIN "CanonicalSku" c ON ${normSql("c.caliber")} = p.cal_key AND ${normSql("c.brand")} = p.brand_key
       WHERE p.grain IS NULL OR p.rounds IS NULL
     ),
     popularity AS (
       SELECT d."canonicalSkuId" AS cid, count(*) AS listings
       FROM "DealerSku" d
       WHERE d."isActive" AND d."canonicalSkuId" IN (SELECT cid FROM family)
       GROUP BY d."canonicalSkuId"
     ),
     -- Every rule's candidates for every pending listing (4: none, unmatched), then the first by rule and rank. A
     -- union and one sort rather than joins between CTEs: no plan here depends on table statistics.
     candidates AS (
       SELECT p.id, p.tid, p.content_hash, p.old_cid, 1 AS rule, u.cid, NULL::int AS grain_gap, NULL::int AS rounds_gap,
              0::bigint AS listings, NULL::int AS grain, NULL::int AS rounds
       FROM pending p CROSS JOIN LATERAL (SELECT c.id AS cid FROM "CanonicalSku" c WHERE c.upc = p.upc) u
       UNION ALL
       SELECT p.id, p.tid, p.content_hash, p.old_cid, 2, a.cid, NULL, NULL, 0, NULL, NULL
       FROM pending p CROSS JOIN LATERAL (SELECT c.id AS cid FROM "CanonicalSku" c WHERE c."attrKey" = p.attr_key) a
       UNION ALL
       SELECT f.id, f.tid, f.content_hash, f.old_cid, 3, f.cid, f.grain_gap, f.rounds_gap, coalesce(pop.listings, 0), f.grain, f.rounds
       FROM family f LEFT JOIN popularity pop ON pop.cid = f.cid
       UNION ALL
       SELECT p.id, p.tid, p.content_hash, p.old_cid, 4, NULL, NULL, NULL, 0, NULL, NULL
       FROM pending p
     ),
     decided AS (
       SELECT DISTINCT ON (c.id) c.id, c.tid, c.content_hash, c.old_cid, c.cid,
              (ARRAY['HIGH', 'MEDIUM', 'LOW'])[c.rule] AS confidence
       FROM candidates c
       ORDER BY c.id, c.rule, c.grain_gap, c.rounds_gap, c.listings DESC, c.grain, c.rounds
     ),
     matched AS (
       UPDATE "DealerSku" d
       SET "canonicalSkuId" = x.cid, "matchConfidence" = x.confidence::"MatchConfidence",
           "needsReview" = x.confidence IS NULL OR x.confidence = 'LOW',
           -- the hash as read, not as it may be now: a concurrent ingest's change stays pending
           "matchedHash" = x.content_hash, "matchedAt" = now()
       FROM decided x
       -- The row as pending read it in this statement: a TID scan, not a key lookup per listing. A row that a
       -- concurrent ingest rewrote meanwhile fails the TID recheck and is left as it is: it stays pending.
       WHERE d.ctid = x.tid
       RETURNING x.old_cid, x.cid, x.confidence
     ),
     deactivated AS (
       UPDATE "DealerSku" d SET "matchedHash" = NULL
       WHERE d."dealerId" = $1 AND NOT d."isActive" AND d."matchedHash" IS NOT NULL
       RETURNING d."canonicalSkuId" AS cid
     ),
     touched AS (
       SELECT old_cid AS cid FROM matched UNION SELECT cid FROM matched UNION SELECT cid FROM deactivated
     ),
     recorded AS (
       INSERT INTO "RunTouchedCanonical" ("runId", "canonicalSkuId")
       SELECT r.id, t.cid FROM touched t JOIN "Run" r ON r.id = $2::uuid WHERE t.cid IS NOT NULL
       ON CONFLICT DO NOTHING
     )
     SELECT count(*) FILTER (WHERE confidence = 'HIGH')::int AS high,
            count(*) FILTER (WHERE confidence = 'MEDIUM')::int AS medium,
            count(*) FILTER (WHERE confidence = 'LOW')::int AS low,
            count(*) FILTER (WHERE confidence IS NULL)::int AS unmatched,
            ((SELECT count(*) FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive") - count(*))::int AS unchanged,
            (SELECT count(*) FROM deactivated)::int AS deactivated,
            (SELECT count(*) FROM touched WHERE cid IS NOT NULL)::int AS touched
     FROM matched`,
    [dealerId, runId],
  );
  return row!;
}

/** The products of the canonical SKUs in the run's touched set. */
export async function selectTouchedProducts(sql: SqlClient, runId: string): Promise<ProductState[]> {
  return sql.query<ProductState>(
    `SELECT p.id, p.name, p.description, p.brand, p.caliber, p.purpose, p.category, p."bulletType", p."grainWeight",
            p."semanticHash", p."lastEmbeddingHash", p."embeddingPriority"
     FROM "Product" p
     WHERE p.id IN (SELECT c."productId" FROM "RunTouchedCanonical" t JOIN "CanonicalSku" c ON c.id = t."canonicalSkuId"
                    WHERE t."runId" = $1)
     ORDER BY p.id`,
    [runId],
  );
}

/** Writes new semantic hashes and embedding priorities. */
export async function updateProducts(
  sql: SqlClient,
  updates: ReadonlyArray<{ id: string; semanticHash: string; embeddingPriority: number }>,
): Promise<void> {
  if (updates.length === 0) return;
  await sql.query(
    `UPDATE "Product" p SET "semanticHash" = x.hash, "embeddingPriority" = x.priority, "updatedAt" = now()
     FROM unnest($1::uuid[], $2::text[], $3::int[]) AS x(id, hash, priority)
     WHERE p.id = x.id`,
    [updates.map((u) => u.id), updates.map((u) => u.semanticHash), updates.map((u) => u.embeddingPriority)],
  );
}

/** The canonical SKU ids a run's SKU Match touched. */
export async function touchedCanonicalIds(sql: SqlClient, runId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT "canonicalSkuId" AS id FROM "RunTouchedCanonical" WHERE "runId" = $1 ORDER BY 1`,
    [runId],
  );
  return rows.map((r) => r.id);
}
