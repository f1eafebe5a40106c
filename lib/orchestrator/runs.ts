/**
 * The Run table: one row per pipeline run of one dealer. Every statement is replay-safe: a step that runs
 * again (retry, replay of the same event) keeps the first timings and never moves a finished run back.
 */
import type { SqlClient } from "@/lib/db";
import type { PlanName, RunTriggerName } from "@/inngest/events";
import type { AssetKey, MaterializationStatus } from "@/lib/pipeline/materializations";
import { tierFor } from "@/lib/metrics/tiers";

export interface NewRun {
  dealerId: string;
  feedId: string | null;
  trigger: RunTriggerName;
  plan: PlanName;
  priority: number;
  replayOfId?: string | null;
}

export interface RunRef {
  id: string;
  dealerId: string;
  feedId: string | null;
  plan: PlanName;
  trigger: RunTriggerName;
  status: string;
  firstRun: boolean;
}

export async function createRuns(sql: SqlClient, runs: NewRun[]): Promise<string[]> {
  if (runs.length === 0) return [];
  const rows = await sql.query<{ id: string }>(
    `INSERT INTO "Run" ("dealerId", "feedId", trigger, plan, priority, "replayOfId", status, "queuedAt")
     SELECT d, f, t::"RunTrigger", p::"Plan", pr, r, 'QUEUED', now()
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::uuid[]) WITH ORDINALITY AS x(d, f, t, p, pr, r, n)
     ORDER BY n
     RETURNING id`,
    [
      runs.map((r) => r.dealerId),
      runs.map((r) => r.feedId),
      runs.map((r) => r.trigger),
      runs.map((r) => r.plan),
      runs.map((r) => r.priority),
      runs.map((r) => r.replayOfId ?? null),
    ],
  );
  return rows.map((r) => r.id);
}

export async function getRunRef(sql: SqlClient, runId: string): Promise<RunRef | null> {
  const rows = await sql.query<RunRef>(
    `SELECT r.id, r."dealerId", r."feedId", r.plan::text AS plan, r.trigger::text AS trigger, r.status::text AS status,
            d."firstRunAt" IS NULL AS "firstRun"
     FROM "Run" r JOIN "Dealer" d ON d.id = r."dealerId" WHERE r.id = $1`,
    [runId],
  );
  return rows[0] ?? null;
}

/**
 * Marks the run started at `stage` (timings from the first call only), and the dealer as having had its
 * first run. Every stage calls it, so a run that starts at a later stage (re-materialisation) starts too.
 * Returns, from the same statement, the status of this run's materialisation of the stage when one is already
 * recorded and did not fail: a replay or retry that finds it skips the stage's work.
 */
export async function markRunStage(sql: SqlClient, runId: string, stage: AssetKey): Promise<MaterializationStatus | null> {
  const rows = await sql.query<{ status: MaterializationStatus }>(
    `WITH r AS (
       UPDATE "Run" SET status = 'RUNNING', "startedAt" = COALESCE("startedAt", now()),
         "queueWaitMs" = COALESCE("queueWaitMs", (extract(epoch FROM (now() - "queuedAt")) * 1000)::int),
         "currentStage" = $2::"AssetKey"
       WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')
       RETURNING "dealerId"),
     first_run AS (
       UPDATE "Dealer" SET "firstRunAt" = now() WHERE id IN (SELECT "dealerId" FROM r) AND "firstRunAt" IS NULL)
     SELECT status::text AS status FROM "AssetMaterialization"
     WHERE "runId" = $1 AND asset = $2::"AssetKey" AND status <> 'FAILED'`,
    [runId, stage],
  );
  return rows[0]?.status ?? null;
}

export async function setRunSkuCount(sql: SqlClient, runId: string, skuCount: number): Promise<void> {
  await sql.query(`UPDATE "Run" SET "skuCount" = $2, tier = $3 WHERE id = $1`, [runId, skuCount, tierFor(skuCount).name]);
}

/**
 * A run's time is from its trigger event (queuedAt) to its last stage's end. `skuCount` (with its tier) is set
 * in the same write when given: a skipped run counts the listings its unchanged feed re-confirmed.
 */
export async function markRunSucceeded(sql: SqlClient, runId: string, opts: { skipped?: boolean; skuCount?: number } = {}): Promise<void> {
  const skuCount = opts.skuCount ?? null;
  await sql.query(
    `UPDATE "Run" SET status = 'SUCCEEDED', skipped = $2, "currentStage" = NULL,
       "skuCount" = COALESCE($3::int, "skuCount"), tier = COALESCE($4, tier),
       "finishedAt" = COALESCE("finishedAt", now()),
       "durationMs" = COALESCE("durationMs", (extract(epoch FROM (now() - "queuedAt")) * 1000)::int)
     WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId, opts.skipped ?? false, skuCount, skuCount === null ? null : tierFor(skuCount).name],
  );
}

/**
 * The ingest fetch step's `onSkip` for a run: marks it succeeded inside the skip's transaction. An unchanged feed
 * re-confirms the listings it last held, so the skipped run counts them (and their tier).
 */
export function markSkippedRunSucceeded(runId: string): (tx: SqlClient, skipped: { records: number }) => Promise<void> {
  return (tx, { records }) => markRunSucceeded(tx, runId, { skipped: true, skuCount: records });
}

export async function markRunFailed(sql: SqlClient, runId: string, error: { message: string; stack?: string }): Promise<void> {
  await sql.query(
    `UPDATE "Run" SET status = 'FAILED', error = $2, "errorStack" = $3,
       "finishedAt" = COALESCE("finishedAt", now()),
       "durationMs" = COALESCE("durationMs", (extract(epoch FROM (now() - "queuedAt")) * 1000)::int)
     WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId, error.message, error.stack ?? null],
  );
}

/** Dealers among `dealerIds` that already have a run queued or running. */
export async function dealersWithOpenRuns(sql: SqlClient, dealerIds: string[]): Promise<Set<string>> {
  const rows = await sql.query<{ dealerId: string }>(
    `SELECT DISTINCT "dealerId" FROM "Run" WHERE "dealerId" = ANY($1::uuid[]) AND status IN ('QUEUED', 'RUNNING')`,
    [dealerIds],
  );
  return new Set(rows.map((r) => r.dealerId));
}

export interface StepTiming {
  runId: string;
  functionId: string;
  stepId: string;
  attempt: number;
  startedAt: Date;
  finishedAt: Date;
  error?: string | null;
}

/** The first record of a step attempt stands: a replay of the same event leaves the timeline as it was. */
export async function recordStep(sql: SqlClient, s: StepTiming): Promise<void> {
  await sql.query(
    `INSERT INTO "RunStep" ("runId", "functionId", "stepId", name, attempt, "startedAt", "finishedAt", error)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7)
     ON CONFLICT ("runId", "functionId", "stepId", attempt) DO NOTHING`,
    [s.runId, s.functionId, s.stepId, s.attempt, s.startedAt, s.finishedAt, s.error ?? null],
  );
}
