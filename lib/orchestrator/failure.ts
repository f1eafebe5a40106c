import { getDb } from "@/lib/db";
import { failIngest } from "@/lib/pipeline/ingest";
import { recordMaterialization, type AssetKey } from "@/lib/pipeline/materializations";
import { markRunFailed } from "./runs";

interface FailureArgs {
  event: { data: { event: { data: Record<string, unknown> }; error?: { message?: string; stack?: string } } };
  error: Error;
}

/**
 * The functions' onFailure handler: after the last retry, the run is marked failed with its error and the
 * stage records a FAILED materialisation. Nothing else changes: every write of a stage is atomic.
 */
export function failStage(asset: AssetKey) {
  return async ({ event, error }: FailureArgs) => {
    const data = event.data.event.data as { runId?: string; dealerId?: string };
    if (!data.runId) return;
    const db = await getDb();
    const now = new Date();
    await markRunFailed(db.sql, data.runId, { message: error.message, stack: error.stack });
    await recordMaterialization(db.sql, {
      runId: data.runId,
      asset,
      partition: data.dealerId ?? "all",
      status: "FAILED",
      created: 0,
      updated: 0,
      unchanged: 0,
      quarantined: 0,
      deactivated: 0,
      startedAt: now,
      finishedAt: now,
      durationMs: 0,
      metadata: {},
      error: error.message,
    });
  };
}

/**
 * Feed Ingest's onFailure: the run is marked failed as by failStage, and failIngest records the FAILED
 * materialisation, marks the feed FAILED with the reason (so the dashboard shows a failing feed, not the
 * last success) and drops the run's snapshot and staged rows. Listings and the feed's last ingested hash
 * stay as they were, so the next poll ingests the feed again.
 */
export async function failIngestStage({ event, error }: FailureArgs): Promise<void> {
  const data = event.data.event.data as { runId?: string; feedId?: string };
  if (!data.runId) return;
  if (!data.feedId) return failStage("FEED_INGEST")({ event, error });
  const db = await getDb();
  await markRunFailed(db.sql, data.runId, { message: error.message, stack: error.stack });
  await failIngest(db, { runId: data.runId, feedId: data.feedId, error });
}
