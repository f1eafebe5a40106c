/** The dealers list and one dealer's page: feeds, runs, change history, insights, quarantined rows. */
import type { Db } from "@/lib/db";
import { isoSql, msBetweenSql } from "./sql";
import { tierCaseSql, tiersValuesSql, type TierName } from "./tiers";

export interface DealerRow {
  id: string;
  name: string;
  slug: string;
  plan: string;
  status: string;
  createdAt: string;
  /** Active listings on record. */
  skuCount: number;
  /** From the feed's size as last read (else the listings on record). */
  tier: TierName | null;
  insights: number;
  quarantined: number;
  feeds: number;
  feedsFailing: number;
  lastRunId: string | null;
  lastRunStatus: string | null;
  lastRunAt: string | null;
  lastRunDurationMs: number | null;
  targetMs: number | null;
}

export async function listDealers(db: Db, opts: { search?: string | null; limit?: number; id?: string } = {}): Promise<DealerRow[]> {
  return db.sql.query<DealerRow>(
    `SELECT d.id, d.name, d.slug, d.plan::text AS plan, d.status::text AS status, ${isoSql(`d."createdAt"`)} AS "createdAt",
       s.n AS "skuCount", ${tierCaseSql(`COALESCE(sized."skuCount", NULLIF(s.n, 0))`)} AS tier, t."targetMs",
       i.n AS insights, q.n AS quarantined, f.feeds, f.failing AS "feedsFailing",
       lr.id AS "lastRunId", lr.status AS "lastRunStatus", ${isoSql(`COALESCE(lr."finishedAt", lr."queuedAt")`)} AS "lastRunAt",
       lr."durationMs" AS "lastRunDurationMs"
     FROM "Dealer" d
     LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = d.id AND "isActive") s ON true
     -- The tier is the size of the feed as last read (a run that skipped an unchanged feed did not count it);
     -- before any run has read it, the listings on record.
     LEFT JOIN LATERAL (SELECT r."skuCount" FROM "Run" r WHERE r."dealerId" = d.id AND r."skuCount" IS NOT NULL
                        ORDER BY r."queuedAt" DESC LIMIT 1) sized ON true
     LEFT JOIN ${tiersValuesSql()} ON t.name = ${tierCaseSql(`COALESCE(sized."skuCount", NULLIF(s.n, 0))`)}
     LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM "Insight" WHERE "dealerId" = d.id) i ON true
     LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM "QuarantinedRecord" WHERE "dealerId" = d.id) q ON true
     LEFT JOIN LATERAL (SELECT count(*)::int AS feeds, count(*) FILTER (WHERE status = 'FAILED')::int AS failing
                        FROM "Feed" WHERE "dealerId" = d.id AND active) f ON true
     LEFT JOIN LATERAL (SELECT r.id, r.status::text AS status, r."finishedAt", r."queuedAt",
                          COALESCE(r."durationMs"::float8, ${msBetweenSql(`r."queuedAt"`, `r."finishedAt"`)}) AS "durationMs"
                        FROM "Run" r WHERE r."dealerId" = d.id ORDER BY r."queuedAt" DESC LIMIT 1) lr ON true
     WHERE ($1::text IS NULL OR d.name ILIKE '%' || $1 || '%' OR d.slug ILIKE '%' || $1 || '%')
       AND ($3::uuid IS NULL OR d.id = $3::uuid)
     ORDER BY d.name LIMIT $2`,
    [opts.search?.trim() || null, opts.limit ?? 500, opts.id ?? null],
  );
}

export interface FeedRow {
  id: string;
  source: "URL" | "UPLOAD";
  url: string | null;
  fileName: string | null;
  format: string;
  family: string | null;
  pollIntervalMinutes: number;
  status: string;
  lastError: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastByteSize: number | null;
  active: boolean;
  uploads: number;
}

export interface DealerRunRow {
  id: string;
  status: string;
  trigger: string;
  queuedAt: string;
  durationMs: number | null;
  skuCount: number | null;
  skipped: boolean;
  currentStage: string | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  deactivated: number | null;
  quarantined: number | null;
  error: string | null;
}

export interface ChangeRow {
  id: string;
  title: string;
  changeType: string;
  changedAt: string;
  price: number;
  pricePerRound: number | null;
  inStock: boolean;
  isActive: boolean;
  caliber: string | null;
}

export interface InsightRow {
  id: string;
  type: string;
  severity: string;
  title: string | null;
  dealerPrice: number | null;
  dealerPpr: number | null;
  marketMedian: number | null;
  marketMin: number | null;
  marketMax: number | null;
  sellerCount: number | null;
  deltaPct: number | null;
  message: string;
  createdAt: string;
}

export interface QuarantineRow {
  id: string;
  rowNumber: number;
  reason: string;
  raw: string;
  createdAt: string;
  runId: string | null;
}

export interface DealerDetail {
  dealer: DealerRow;
  feeds: FeedRow[];
  runs: DealerRunRow[];
  changeCounts: Array<{ changeType: string; last24h: number; last7d: number }>;
  deactivated: { last24h: number; last7d: number };
  changes: ChangeRow[];
  insightCounts: Array<{ type: string; severity: string; n: number }>;
  insights: InsightRow[];
  quarantined: QuarantineRow[];
  quarantinedTotal: number;
}

export async function getDealerDetail(db: Db, dealerId: string): Promise<DealerDetail | null> {
  const [dealer] = await listDealers(db, { id: dealerId, limit: 1 });
  if (!dealer) return null;

  const feeds = await db.sql.query<FeedRow>(
    `SELECT f.id, f.source::text AS source, f.url, f."fileName", f.format::text AS format, f.family, f."pollIntervalMinutes",
       f.status::text AS status, f."lastError", ${isoSql(`f."lastPolledAt"`)} AS "lastPolledAt",
       ${isoSql(`f."lastSuccessAt"`)} AS "lastSuccessAt", f."lastByteSize", f.active,
       (SELECT count(*)::int FROM "FeedUpload" u WHERE u."feedId" = f.id) AS uploads
     FROM "Feed" f WHERE f."dealerId" = $1::uuid ORDER BY f."createdAt"`,
    [dealerId],
  );
  const runs = await db.sql.query<DealerRunRow>(
    `SELECT r.id, r.status::text AS status, r.trigger::text AS trigger, ${isoSql(`r."queuedAt"`)} AS "queuedAt",
       COALESCE(r."durationMs"::float8, ${msBetweenSql(`r."queuedAt"`, `r."finishedAt"`)}) AS "durationMs",
       r."skuCount", r.skipped, r."currentStage"::text AS "currentStage",
       fi.created, fi.updated, fi.unchanged, fi.deactivated,
       (SELECT sum(m.quarantined)::int FROM "AssetMaterialization" m WHERE m."runId" = r.id) AS quarantined, r.error
     FROM "Run" r LEFT JOIN "AssetMaterialization" fi ON fi."runId" = r.id AND fi.asset = 'FEED_INGEST'
     WHERE r."dealerId" = $1::uuid ORDER BY r."queuedAt" DESC LIMIT 20`,
    [dealerId],
  );
  const changeCounts = await db.sql.query<DealerDetail["changeCounts"][number]>(
    `SELECT c.t AS "changeType",
       count(s.id) FILTER (WHERE s."lastChangedAt" >= now() - interval '24 hours')::int AS last24h,
       count(s.id) FILTER (WHERE s."lastChangedAt" >= now() - interval '7 days')::int AS last7d
     FROM unnest(ARRAY['CREATED','PRICE_CHANGE','STOCK_CHANGE','ATTRIBUTE_CHANGE']) WITH ORDINALITY AS c(t, ord)
     LEFT JOIN "DealerSku" s ON s."dealerId" = $1::uuid AND s."lastChangeType"::text = c.t AND s."lastChangedAt" >= now() - interval '7 days'
     GROUP BY c.t, c.ord ORDER BY c.ord`,
    [dealerId],
  );
  const [deactivated] = await db.sql.query<DealerDetail["deactivated"]>(
    `SELECT count(*) FILTER (WHERE "deactivatedAt" >= now() - interval '24 hours')::int AS last24h,
       count(*) FILTER (WHERE "deactivatedAt" >= now() - interval '7 days')::int AS last7d
     FROM "DealerSku" WHERE "dealerId" = $1::uuid AND NOT "isActive"`,
    [dealerId],
  );
  const changes = await db.sql.query<ChangeRow>(
    `SELECT id, title, "lastChangeType"::text AS "changeType", ${isoSql(`"lastChangedAt"`)} AS "changedAt", price,
       "pricePerRound", "inStock", "isActive", caliber
     FROM "DealerSku" WHERE "dealerId" = $1::uuid AND "lastChangedAt" IS NOT NULL
     ORDER BY "lastChangedAt" DESC, id LIMIT 50`,
    [dealerId],
  );
  const insightCounts = await db.sql.query<DealerDetail["insightCounts"][number]>(
    `SELECT type::text AS type, severity::text AS severity, count(*)::int AS n FROM "Insight" WHERE "dealerId" = $1::uuid
     GROUP BY type, severity ORDER BY type, severity`,
    [dealerId],
  );
  const insights = await db.sql.query<InsightRow>(
    `SELECT i.id, i.type::text AS type, i.severity::text AS severity, COALESCE(s.title, c.name) AS title,
       i."dealerPrice", i."dealerPpr", i."marketMedian", i."marketMin", i."marketMax", i."sellerCount", i."deltaPct",
       i.message, ${isoSql(`i."createdAt"`)} AS "createdAt"
     FROM "Insight" i
     LEFT JOIN "DealerSku" s ON s.id = i."dealerSkuId"
     LEFT JOIN "CanonicalSku" c ON c.id = i."canonicalSkuId"
     WHERE i."dealerId" = $1::uuid
     ORDER BY array_position(ARRAY['HIGH','MEDIUM','LOW'], i.severity::text), abs(COALESCE(i."deltaPct", 0)) DESC, i.id
     LIMIT 100`,
    [dealerId],
  );
  const quarantined = await db.sql.query<QuarantineRow>(
    `SELECT id, "rowNumber", reason, left(raw, 500) AS raw, ${isoSql(`"createdAt"`)} AS "createdAt", "runId"
     FROM "QuarantinedRecord" WHERE "dealerId" = $1::uuid ORDER BY "createdAt" DESC, "rowNumber" LIMIT 100`,
    [dealerId],
  );
  return {
    dealer,
    feeds,
    runs,
    changeCounts,
    deactivated: deactivated ?? { last24h: 0, last7d: 0 },
    changes,
    insightCounts,
    insights,
    quarantined,
    quarantinedTotal: dealer.quarantined,
  };
}
