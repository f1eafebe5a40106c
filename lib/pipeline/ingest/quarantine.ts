/** The QuarantinedRecord table as the ingest sees it: each feed's set is replaced by its latest parse. */
import type { SqlClient } from "@/lib/db";
import type { QuarantinedRow } from "@/lib/feeds/types";

/** Run it inside the transaction that also quarantines the run's superseded duplicates. */
export async function replaceQuarantined(
  tx: SqlClient,
  run: { runId: string; dealerId: string; feedId: string },
  rows: readonly QuarantinedRow[],
): Promise<void> {
  // Two statements: a DELETE in a CTE would run after the INSERT and trip (feedId, rowNumber).
  await tx.query(`DELETE FROM "QuarantinedRecord" WHERE "feedId" = $1`, [run.feedId]);
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO "QuarantinedRecord" ("dealerId", "feedId", "runId", "rowNumber", raw, reason)
     SELECT $2, $3, $1, q.row_number, q.raw, q.reason FROM unnest($4::int[], $5::text[], $6::text[]) AS q(row_number, raw, reason)`,
    [run.runId, run.dealerId, run.feedId, rows.map((r) => r.row), rows.map((r) => r.raw), rows.map((r) => r.reason)],
  );
}
