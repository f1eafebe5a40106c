/** One asset materialisation per (run, asset): the record every stage leaves behind. */
import type { SqlClient } from "../db/sql";

export type AssetKey = "FEED_INGEST" | "SKU_MATCH" | "BENCHMARK" | "INSIGHT" | "EMBEDDINGS";
export type MaterializationStatus = "SUCCEEDED" | "SKIPPED" | "FAILED";

export interface MaterializationCounts {
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deactivated: number;
}

export interface Materialization extends MaterializationCounts {
  runId: string | null;
  asset: AssetKey;
  /** Dealer id, or "all" for fleet-wide work. */
  partition: string;
  status: MaterializationStatus;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  queuedAt?: Date | null;
  metadata: Record<string, unknown>;
  error?: string | null;
}

export const zeroCounts: MaterializationCounts = { created: 0, updated: 0, unchanged: 0, quarantined: 0, deactivated: 0 };

/**
 * Records (or, when the same run materialises the same asset again on a replay, replaces) a materialisation.
 */
export async function recordMaterialization(sql: SqlClient, m: Materialization): Promise<string> {
  const queueWaitMs = m.queuedAt ? Math.max(0, m.startedAt.getTime() - m.queuedAt.getTime()) : null;
  const params = [
    m.runId, m.asset, m.partition, m.status, m.created, m.updated, m.unchanged, m.quarantined, m.deactivated,
    m.queuedAt ?? null, m.startedAt, m.finishedAt, Math.round(m.durationMs), queueWaitMs, JSON.stringify(m.metadata), m.error ?? null,
  ];
  const columns = `"runId", asset, partition, status, created, updated, unchanged, quarantined, deactivated,
    "queuedAt", "startedAt", "finishedAt", "durationMs", "queueWaitMs", metadata, error`;
  const values = `$1::uuid, $2::"AssetKey", $3, $4::"MaterializationStatus", $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16`;
  const rows = m.runId
    ? await sql.query<{ id: string }>(
        `INSERT INTO "AssetMaterialization" (${columns}) VALUES (${values})
         ON CONFLICT ("runId", asset) DO UPDATE SET
           partition = EXCLUDED.partition, status = EXCLUDED.status, created = EXCLUDED.created,
           updated = EXCLUDED.updated, unchanged = EXCLUDED.unchanged, quarantined = EXCLUDED.quarantined,
           deactivated = EXCLUDED.deactivated, "queuedAt" = EXCLUDED."queuedAt", "startedAt" = EXCLUDED."startedAt",
           "finishedAt" = EXCLUDED."finishedAt", "durationMs" = EXCLUDED."durationMs",
           "queueWaitMs" = EXCLUDED."queueWaitMs", metadata = EXCLUDED.metadata, error = EXCLUDED.error
         RETURNING id`,
        params,
      )
    : await sql.query<{ id: string }>(`INSERT INTO "AssetMaterialization" (${columns}) VALUES (${values}) RETURNING id`, params);
  return rows[0]!.id;
}

/** What a stage says about its finished work: the counts it has (the rest are zero) and its metadata. */
export interface WorkSummary {
  counts: Partial<MaterializationCounts>;
  metadata: Record<string, unknown>;
}

/** Times a stage's work, then records its SUCCEEDED materialisation as `describe` summarises the result. */
export async function materialize<T>(
  sql: SqlClient,
  target: { runId: string; asset: AssetKey; partition: string },
  work: () => Promise<T>,
  describe: (result: T) => WorkSummary,
): Promise<T> {
  const { result, startedAt, finishedAt, durationMs } = await timed(work);
  const { counts, metadata } = describe(result);
  await recordMaterialization(sql, { ...target, status: "SUCCEEDED", ...zeroCounts, ...counts, startedAt, finishedAt, durationMs, metadata });
  return result;
}

/** Times fn and returns its result with the start, end and duration. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; startedAt: Date; finishedAt: Date; durationMs: number }> {
  const startedAt = new Date();
  const t0 = performance.now();
  const result = await fn();
  const durationMs = performance.now() - t0;
  return { result, startedAt, finishedAt: new Date(), durationMs };
}

/** The materialisation a run already made of an asset, if it succeeded or was skipped. */
export async function completedMaterialization(
  sql: SqlClient,
  runId: string,
  asset: AssetKey,
): Promise<(MaterializationCounts & { status: MaterializationStatus; metadata: Record<string, unknown> }) | null> {
  const rows = await sql.query<MaterializationCounts & { status: MaterializationStatus; metadata: Record<string, unknown> }>(
    `SELECT status::text AS status, created, updated, unchanged, quarantined, deactivated, metadata
     FROM "AssetMaterialization" WHERE "runId" = $1 AND asset = $2::"AssetKey" AND status <> 'FAILED'`,
    [runId, asset],
  );
  return rows[0] ?? null;
}
