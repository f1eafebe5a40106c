/**
 * The assets page: per asset its last materialisation, 24-hour record and freshness; per dealer partition
 * the last status of every asset (the partitions grid). Freshness is classified by lib/metrics/freshness.ts
 * from timestamps the SQL reads.
 */
import type { Db } from "@/lib/db";
import { freshnessOf, worstColour, type Freshness, type FreshnessColour } from "./freshness";
import { assetKeys } from "./runs";
import { dealerAssets, upstreamOf, type AssetKey } from "./lineage";
import { isoSql } from "./sql";

/** Embeddings run when there is work; a backlog older than this is overdue. */
export const EMBEDDINGS_CADENCE_MS = 10 * 60_000;
const DEFAULT_POLL_MINUTES = 5;

export interface LastMaterialization {
  asset: AssetKey;
  partition: string;
  dealerName: string | null;
  status: "SUCCEEDED" | "SKIPPED" | "FAILED";
  finishedAt: string;
  runId: string | null;
  durationMs: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deactivated: number;
  error: string | null;
}

export interface AssetDayStats {
  asset: AssetKey;
  materializations: number;
  failed: number;
  skipped: number;
  p50Ms: number | null;
}

export interface AssetCounts {
  feeds: number;
  feedsFailing: number;
  activeSkus: number;
  matched: number;
  needsReview: number;
  canonicalSkus: number;
  products: number;
  benchmarks: number;
  benchmarksHigh: number;
  insights: number;
  embedded: number;
  embeddingPending: number;
  embeddingFailed: number;
  oldestPendingAt: string | null;
  /** The latest embedding error, if any product has one. */
  embeddingLastError: string | null;
  quarantined: number;
}

export interface PartitionCell {
  status: "SUCCEEDED" | "SKIPPED" | "FAILED" | null;
  finishedAt: string | null;
  runId: string | null;
  error: string | null;
  freshness: Freshness;
}

export interface PartitionRow {
  dealerId: string;
  dealerName: string;
  pollIntervalMinutes: number;
  cells: Record<AssetKey, PartitionCell>;
}

export interface AssetSummary {
  asset: AssetKey;
  last: LastMaterialization | null;
  day: AssetDayStats | null;
  /** Worst freshness over the asset's partitions; partitions per colour. */
  colour: FreshnessColour;
  partitions: Record<FreshnessColour, number>;
  freshnessLabel: string;
}

export interface AssetsPage {
  generatedAt: string;
  counts: AssetCounts;
  assets: AssetSummary[];
  partitions: PartitionRow[];
  totalDealers: number;
}

interface CellRow {
  dealerId: string;
  dealerName: string;
  pollIntervalMinutes: number | null;
  asset: AssetKey;
  status: PartitionCell["status"];
  finishedAt: string | null;
  runId: string | null;
  error: string | null;
  lastSuccessAt: string | null;
  lastChangeAt: string | null;
}

async function partitionCells(db: Db, limit: number, search: string | null): Promise<{ rows: CellRow[]; total: number }> {
  const rows = await db.sql.query<CellRow>(
    `WITH dealers AS (
       SELECT d.id, d.name FROM "Dealer" d
       WHERE $2::text IS NULL OR d.name ILIKE '%' || $2 || '%' OR d.slug ILIKE '%' || $2 || '%'
       ORDER BY d.name LIMIT $1
     )
     SELECT d.id AS "dealerId", d.name AS "dealerName", f.poll AS "pollIntervalMinutes", a.asset::text AS asset,
       last.status::text AS status, ${isoSql("last.\"finishedAt\"")} AS "finishedAt", last."runId", last.error,
       ${isoSql("ok.\"finishedAt\"")} AS "lastSuccessAt", ${isoSql("ch.\"finishedAt\"")} AS "lastChangeAt"
     FROM dealers d
     CROSS JOIN unnest($3::text[]) WITH ORDINALITY AS a(asset, ord)
     LEFT JOIN LATERAL (SELECT min("pollIntervalMinutes") AS poll FROM "Feed" WHERE "dealerId" = d.id AND active) f ON true
     LEFT JOIN LATERAL (
       SELECT m.status, m."finishedAt", m."runId", m.error FROM "AssetMaterialization" m
       WHERE m.asset = a.asset::"AssetKey" AND m.partition = d.id::text ORDER BY m."finishedAt" DESC LIMIT 1) last ON true
     LEFT JOIN LATERAL (
       SELECT m."finishedAt" FROM "AssetMaterialization" m
       WHERE m.asset = a.asset::"AssetKey" AND m.partition = d.id::text AND m.status <> 'FAILED' ORDER BY m."finishedAt" DESC LIMIT 1) ok ON true
     LEFT JOIN LATERAL (
       SELECT m."finishedAt" FROM "AssetMaterialization" m
       WHERE m.asset = a.asset::"AssetKey" AND m.partition = d.id::text AND m.status = 'SUCCEEDED'
         AND m.created + m.updated + m.deactivated > 0 ORDER BY m."finishedAt" DESC LIMIT 1) ch ON true
     ORDER BY d.name, d.id, a.ord`,
    [limit, search, dealerAssets as string[]],
  );
  const [count] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Dealer"`);
  return { rows, total: count?.n ?? 0 };
}

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** Groups cell rows into dealer rows and classifies each cell's freshness against its upstream. */
export function buildPartitionRows(rows: readonly CellRow[], now: Date): PartitionRow[] {
  const byDealer = new Map<string, { row: PartitionRow; raw: Map<AssetKey, CellRow> }>();
  for (const r of rows) {
    let entry = byDealer.get(r.dealerId);
    if (!entry) {
      entry = {
        row: { dealerId: r.dealerId, dealerName: r.dealerName, pollIntervalMinutes: r.pollIntervalMinutes ?? DEFAULT_POLL_MINUTES, cells: {} as PartitionRow["cells"] },
        raw: new Map(),
      };
      byDealer.set(r.dealerId, entry);
    }
    entry.raw.set(r.asset, r);
  }
  for (const { row, raw } of byDealer.values()) {
    const cadenceMs = row.pollIntervalMinutes * 60_000;
    for (const asset of dealerAssets) {
      const r = raw.get(asset);
      const upstream = upstreamOf[asset];
      const freshness = freshnessOf({
        kind: upstream ? "derived" : "root",
        lastStatus: r?.status ?? null,
        lastSuccessAt: date(r?.lastSuccessAt ?? null),
        cadenceMs,
        now,
        upstreamChangedAt: upstream ? date(raw.get(upstream)?.lastChangeAt ?? null) : null,
      });
      row.cells[asset] = { status: r?.status ?? null, finishedAt: r?.finishedAt ?? null, runId: r?.runId ?? null, error: r?.error ?? null, freshness };
    }
  }
  return [...byDealer.values()].map((e) => e.row);
}

async function lastMaterializations(db: Db): Promise<LastMaterialization[]> {
  return db.sql.query<LastMaterialization>(
    `SELECT a.asset, m.partition, d.name AS "dealerName", m.status::text AS status, ${isoSql(`m."finishedAt"`)} AS "finishedAt",
       m."runId", m."durationMs", m.created, m.updated, m.unchanged, m.quarantined, m.deactivated, m.error
     FROM unnest($1::text[]) AS a(asset)
     JOIN LATERAL (SELECT * FROM "AssetMaterialization" x WHERE x.asset = a.asset::"AssetKey" ORDER BY x."finishedAt" DESC LIMIT 1) m ON true
     LEFT JOIN "Dealer" d ON d.id::text = m.partition`,
    [assetKeys as unknown as string[]],
  );
}

async function dayStats(db: Db): Promise<AssetDayStats[]> {
  return db.sql.query<AssetDayStats>(
    `SELECT asset::text AS asset, count(*)::int AS materializations,
       count(*) FILTER (WHERE status = 'FAILED')::int AS failed, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationMs") AS "p50Ms"
     FROM "AssetMaterialization" WHERE "finishedAt" >= now() - interval '24 hours' GROUP BY asset`,
  );
}

export async function assetCounts(db: Db): Promise<AssetCounts> {
  const [row] = await db.sql.query<AssetCounts>(
    `SELECT
       (SELECT count(*) FROM "Feed" WHERE active)::int AS feeds,
       (SELECT count(*) FROM "Feed" WHERE active AND status = 'FAILED')::int AS "feedsFailing",
       s."activeSkus", s.matched, s."needsReview",
       (SELECT count(*) FROM "CanonicalSku")::int AS "canonicalSkus",
       p.products, p.embedded, p."embeddingPending", p."embeddingFailed", ${isoSql(`p."oldestPendingAt"`)} AS "oldestPendingAt",
       (SELECT count(*) FROM "Benchmark" WHERE confidence <> 'NONE')::int AS benchmarks,
       (SELECT count(*) FROM "Benchmark" WHERE confidence = 'HIGH')::int AS "benchmarksHigh",
       (SELECT count(*) FROM "Insight")::int AS insights,
       (SELECT count(*) FROM "QuarantinedRecord")::int AS quarantined,
       (SELECT "embeddingError" FROM "Product" WHERE "embeddingError" IS NOT NULL ORDER BY "updatedAt" DESC LIMIT 1) AS "embeddingLastError"
     FROM (SELECT count(*)::int AS "activeSkus",
             count(*) FILTER (WHERE "canonicalSkuId" IS NOT NULL)::int AS matched,
             count(*) FILTER (WHERE "needsReview")::int AS "needsReview"
           FROM "DealerSku" WHERE "isActive") s,
          (SELECT count(*)::int AS products,
             count(*) FILTER (WHERE embedding IS NOT NULL)::int AS embedded,
             count(*) FILTER (WHERE "lastEmbeddingHash" IS DISTINCT FROM "semanticHash")::int AS "embeddingPending",
             count(*) FILTER (WHERE "embeddingError" IS NOT NULL)::int AS "embeddingFailed",
             min("updatedAt") FILTER (WHERE "lastEmbeddingHash" IS DISTINCT FROM "semanticHash") AS "oldestPendingAt"
           FROM "Product") p`,
  );
  return row!;
}

export async function getAssetsPage(db: Db, opts: { limit?: number; search?: string | null } = {}): Promise<AssetsPage> {
  const now = new Date();
  const cells = await partitionCells(db, opts.limit ?? 200, opts.search?.trim() || null);
  const partitions = buildPartitionRows(cells.rows, now);
  const last = await lastMaterializations(db);
  const day = await dayStats(db);
  const counts = await assetCounts(db);

  const assets: AssetSummary[] = (assetKeys as readonly AssetKey[]).map((asset) => {
    const lastOf = last.find((l) => l.asset === asset) ?? null;
    const tally: Record<FreshnessColour, number> = { green: 0, amber: 0, red: 0, grey: 0 };
    let colour: FreshnessColour;
    let freshnessLabel: string;
    if (asset === "EMBEDDINGS") {
      // Fleet-wide: fresh when every product's embedding matches its semantic hash; the oldest product
      // still waiting says how long the backlog has been there.
      const f = freshnessOf({
        kind: "derived",
        lastStatus: lastOf?.status ?? "SUCCEEDED",
        lastSuccessAt: lastOf && lastOf.status !== "FAILED" ? new Date(lastOf.finishedAt) : new Date(0),
        cadenceMs: EMBEDDINGS_CADENCE_MS,
        now,
        upstreamChangedAt: counts.embeddingPending > 0 && counts.oldestPendingAt ? new Date(counts.oldestPendingAt) : null,
      });
      colour = counts.products === 0 ? "grey" : f.colour;
      tally[colour] = 1;
      freshnessLabel =
        counts.products === 0
          ? "no products yet"
          : counts.embeddingPending > 0
            ? `${counts.embeddingPending} of ${counts.products} products waiting: ${f.label}`
            : f.state === "failed"
              ? f.label
              : `all ${counts.products} products embedded`;
    } else {
      for (const p of partitions) tally[p.cells[asset].freshness.colour]++;
      colour = worstColour(partitions.map((p) => p.cells[asset].freshness.colour));
      freshnessLabel = `${tally.green} fresh, ${tally.amber} late or stale, ${tally.red} failed or overdue`;
    }
    return { asset, last: lastOf, day: day.find((d) => d.asset === asset) ?? null, colour, partitions: tally, freshnessLabel };
  });

  return { generatedAt: now.toISOString(), counts, assets, partitions, totalDealers: cells.total };
}
