/**
 * The IngestSnapshot table: what one ingest run carries from step to step. Each step reads what it
 * needs here and adds what it found, so a step that runs again (retry, replay) works from the
 * database, never from another step's output.
 */
import { bytesColumn, bytesParam, type SqlClient } from "@/lib/db";
import type { StoredValidators } from "./feed-state";
import type { PlanResult, StageResult } from "./types";

export interface RunProgress {
  /** When the fetch step began: the materialisation's start. */
  startedAt?: string;
  /** The fetch's time: reading the feed and hashing it. */
  fetchMs?: number;
  /** The fetched response's HTTP validators, stored with the feed's hash when the run is finalised. */
  validators?: StoredValidators | null;
  stage?: StageResult & { stageMs: number };
  /** The plan, with the first row number of each write batch. */
  plan?: PlanResult & { batchStarts: number[] };
  /** Time spent in committed write batches. */
  writeMs?: number;
}

export interface RunState {
  runId: string;
  dealerId: string;
  feedId: string;
  /** An uploaded feed's bytes stay in FeedUpload; a fetched feed's are in the snapshot itself. */
  uploadId: string | null;
  sha256: string;
  byteSize: number;
  progress: RunProgress;
}

export interface NewRunState extends Omit<RunState, "progress"> {
  content: Uint8Array | null;
  startedAt: Date;
  fetchMs: number;
  validators: StoredValidators | null;
}

export async function saveRunState(sql: SqlClient, s: NewRunState): Promise<void> {
  await sql.query(
    `INSERT INTO "IngestSnapshot" ("runId", "dealerId", "feedId", "uploadId", content, sha256, "byteSize", progress)
     VALUES ($1, $2, $3, $4, decode($5::text, 'base64'), $6, $7, $8::jsonb)
     ON CONFLICT ("runId") DO UPDATE SET "dealerId" = EXCLUDED."dealerId", "feedId" = EXCLUDED."feedId",
       "uploadId" = EXCLUDED."uploadId", content = EXCLUDED.content, sha256 = EXCLUDED.sha256,
       "byteSize" = EXCLUDED."byteSize", progress = EXCLUDED.progress`,
    [s.runId, s.dealerId, s.feedId, s.uploadId, s.content && bytesParam(s.content), s.sha256, s.byteSize, JSON.stringify({ startedAt: s.startedAt.toISOString(), fetchMs: s.fetchMs, validators: s.validators })],
  );
}

export async function findRunState(sql: SqlClient, runId: string): Promise<RunState | null> {
  const rows = await sql.query<RunState>(
    `SELECT "runId", "dealerId", "feedId", "uploadId", sha256, "byteSize", progress FROM "IngestSnapshot" WHERE "runId" = $1`,
    [runId],
  );
  return rows[0] ?? null;
}

export async function loadRunState(sql: SqlClient, runId: string): Promise<RunState> {
  const state = await findRunState(sql, runId);
  if (!state) throw new Error(`ingest run ${runId} has no fetched feed: run its fetch step first`);
  return state;
}

/** The feed's bytes as the fetch step kept them. */
export async function loadRunBytes(sql: SqlClient, runId: string): Promise<Uint8Array> {
  const rows = await sql.query<{ content: string | null }>(
    `SELECT encode(COALESCE(s.content, u.content), 'base64') AS content
     FROM "IngestSnapshot" s LEFT JOIN "FeedUpload" u ON u.id = s."uploadId"
     WHERE s."runId" = $1`,
    [runId],
  );
  const content = rows[0]?.content;
  if (content === null || content === undefined) throw new Error(`ingest run ${runId}: the fetched feed's bytes are gone (upload deleted?)`);
  return bytesColumn(content);
}

export async function mergeRunProgress(sql: SqlClient, runId: string, patch: RunProgress): Promise<void> {
  await sql.query(`UPDATE "IngestSnapshot" SET progress = progress || $2::jsonb WHERE "runId" = $1`, [runId, JSON.stringify(patch)]);
}

export async function addRunWriteTime(sql: SqlClient, runId: string, ms: number): Promise<void> {
  await sql.query(
    `UPDATE "IngestSnapshot"
     SET progress = jsonb_set(progress, '{writeMs}', to_jsonb(COALESCE((progress->>'writeMs')::float8, 0) + $2::float8))
     WHERE "runId" = $1`,
    [runId, ms],
  );
}

/** Drops a run's snapshot, staged records and vanished identities. */
export async function dropRunState(sql: SqlClient, runId: string): Promise<void> {
  await sql.query(
    `WITH gone AS (DELETE FROM "IngestSnapshot" WHERE "runId" = $1),
       vanished AS (DELETE FROM "IngestVanishedListing" WHERE "runId" = $1)
     DELETE FROM "IngestStagedRecord" WHERE "runId" = $1`,
    [runId],
  );
}

/**
 * Drops what earlier runs of the feed left behind (a process that died mid-run never finalised):
 * a feed is ingested by one run at a time, so any other run's state is abandoned.
 */
export async function dropAbandonedRunState(sql: SqlClient, feedId: string, currentRunId: string): Promise<void> {
  await sql.query(
    `WITH gone AS (DELETE FROM "IngestSnapshot" WHERE "feedId" = $1 AND "runId" <> $2 RETURNING "runId"),
       vanished AS (DELETE FROM "IngestVanishedListing" WHERE "runId" IN (SELECT "runId" FROM gone))
     DELETE FROM "IngestStagedRecord" WHERE "runId" IN (SELECT "runId" FROM gone)`,
    [feedId, currentRunId],
  );
}
