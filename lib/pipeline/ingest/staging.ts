/** The IngestStagedRecord table: a run's new and changed listings, loaded with COPY. */
import type { SqlClient } from "@/lib/db";
import type { Superseded } from "./duplicates";
import { LISTING_COLUMNS, STAGED_COLUMNS } from "./staged-row";

/** Drops what a parse of the run staged: its listings and its vanished identities. */
export async function clearStaged(sql: SqlClient, runId: string): Promise<void> {
  await sql.query(
    `WITH gone AS (DELETE FROM "IngestVanishedListing" WHERE "runId" = $1)
     DELETE FROM "IngestStagedRecord" WHERE "runId" = $1`,
    [runId],
  );
}

/** Loads staged rows encoded as COPY CSV in STAGED_COLUMNS order (stagedRow's values, toCopyCsv). */
export async function copyStagedCsv(sql: SqlClient, csv: string): Promise<void> {
  await sql.copyFrom({ table: "IngestStagedRecord", columns: STAGED_COLUMNS, csv });
}

export async function countStaged(sql: SqlClient, runId: string): Promise<{ staged: number; vanished: number }> {
  const rows = await sql.query<{ staged: number; vanished: number }>(
    `SELECT (SELECT count(*)::int FROM "IngestStagedRecord" WHERE "runId" = $1) AS staged,
       (SELECT count(*)::int FROM "IngestVanishedListing" WHERE "runId" = $1) AS vanished`,
    [runId],
  );
  return rows[0] ?? { staged: 0, vanished: 0 };
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

/**
 * Quarantines superseded duplicates that were never staged because they equal the stored listing:
 * their raw text is that listing, as JSON of the same columns as a staged row's.
 */
export async function quarantineUnchangedSuperseded(
  sql: SqlClient,
  run: { runId: string; dealerId: string; feedId: string },
  superseded: readonly Superseded[],
): Promise<void> {
  if (superseded.length === 0) return;
  const listing = LISTING_COLUMNS.map((c) => `'${c}', d."${c}"`).join(", ");
  await sql.query(
    `INSERT INTO "QuarantinedRecord" ("dealerId", "feedId", "runId", "rowNumber", raw, reason)
     SELECT $2, $3, $1, why.row_number, jsonb_build_object(${listing})::text, why.reason
     FROM unnest($4::int[], $5::text[], $6::text[]) AS why(row_number, identity_key, reason)
     JOIN "DealerSku" d ON d."dealerId" = $2 AND d."identityKey" = why.identity_key`,
    [run.runId, run.dealerId, run.feedId, superseded.map((s) => s.row), superseded.map((s) => s.key), superseded.map((s) => s.reason)],
  );
}
