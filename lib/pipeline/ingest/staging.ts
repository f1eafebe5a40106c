/** The IngestStagedRecord table: a run's parsed listings, loaded with COPY. */
import type { Db, SqlClient } from "@/lib/db";
import type { Superseded } from "./duplicates";
import { STAGED_COLUMNS, type StagedRow } from "./staged-row";

export async function clearStaged(sql: SqlClient, runId: string): Promise<void> {
  await sql.query(`DELETE FROM "IngestStagedRecord" WHERE "runId" = $1`, [runId]);
}

export async function copyStaged(db: Db, rows: readonly StagedRow[]): Promise<void> {
  await db.copyFrom({ table: "IngestStagedRecord", columns: STAGED_COLUMNS, rows: rows.map((r) => r.values) });
}

export async function countStaged(sql: SqlClient, runId: string): Promise<number> {
  const rows = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "IngestStagedRecord" WHERE "runId" = $1`, [runId]);
  return rows[0]?.n ?? 0;
}

/**
 * Moves superseded duplicates from staging into the feed's quarantine, in one statement. Their raw
 * text is the parsed listing as JSON: the parser keeps no raw text for rows it could read.
 */
export async function quarantineSuperseded(
  sql: SqlClient,
  run: { runId: string; dealerId: string; feedId: string },
  superseded: readonly Superseded[],
): Promise<void> {
  if (superseded.length === 0) return;
  await sql.query(
    `WITH gone AS (
       DELETE FROM "IngestStagedRecord" s
       WHERE s."runId" = $1 AND s."rowNumber" = ANY($4::int[])
       RETURNING s."rowNumber", (to_jsonb(s) - 'runId' - 'rowNumber' - 'identityKey' - 'contentHash')::text AS raw
     )
     INSERT INTO "QuarantinedRecord" ("dealerId", "feedId", "runId", "rowNumber", raw, reason)
     SELECT $2, $3, $1, gone."rowNumber", gone.raw, why.reason
     FROM gone JOIN unnest($4::int[], $5::text[]) AS why(row_number, reason) ON why.row_number = gone."rowNumber"`,
    [run.runId, run.dealerId, run.feedId, superseded.map((s) => s.row), superseded.map((s) => s.reason)],
  );
}
