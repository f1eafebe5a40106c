/**
 * Step 5: deactivate the listings that vanished, mark the feed ingested (its hash, so the next equal
 * poll is a skip), record the materialisation and drop the run's state, all in one transaction.
 */
import type { Db } from "@/lib/db";
import { completedMaterialization, recordMaterialization, type Materialization } from "@/lib/pipeline/materializations";
import { markFeedIngested } from "./feed-state";
import { deactivateVanishedListings } from "./listings";
import { succeededRecord } from "./record";
import { dropRunState, findRunState } from "./run-state";
import { countStaged } from "./staging";
import type { FinalizeResult, RecordedMaterialization, RunInput } from "./types";

function summary(m: Pick<Materialization, "created" | "updated" | "unchanged" | "quarantined" | "deactivated">, records: number): FinalizeResult {
  return { records, created: m.created, updated: m.updated, unchanged: m.unchanged, quarantined: m.quarantined, deactivated: m.deactivated };
}

/** Finalises the run and returns its full materialisation record (null: finalised before). */
export async function finalizeRun(db: Db, { runId }: RunInput): Promise<RecordedMaterialization | null> {
  const state = await findRunState(db.sql, runId);
  if (!state) return null;
  const { stage, plan } = state.progress;
  if (!stage || !plan) throw new Error(`ingest run ${runId} is not ready to finalise: run its parse and plan steps first`);
  // Lost staging would leave listings stale or undeactivated while the feed's hash says "ingested".
  const staged = await countStaged(db.sql, runId);
  if (stage.staged === undefined || staged.staged !== stage.staged || staged.vanished !== stage.vanished) {
    throw new Error(
      `ingest run ${runId} has ${staged.staged} staged and ${staged.vanished} vanished listings instead of ${stage.staged ?? "?"} and ${stage.vanished ?? "?"}: replay it from the fetch step`,
    );
  }

  return db.sql.transaction(async (tx) => {
    const deactivated = await deactivateVanishedListings(tx, state);
    const validators = state.progress.validators ?? null;
    await markFeedIngested(tx, { feedId: state.feedId, sha256: state.sha256, byteSize: state.byteSize, family: stage.family, records: stage.records, validators });
    const record = succeededRecord(state, stage, plan, deactivated, new Date());
    const id = await recordMaterialization(tx, record);
    await dropRunState(tx, runId);
    return { id, ...record };
  });
}

export async function finalizeIngest(db: Db, input: RunInput): Promise<FinalizeResult> {
  const record = await finalizeRun(db, input);
  if (record) return summary(record, Number(record.metadata.records ?? 0));
  // A replay after the commit: the run's state is gone, its materialisation stands.
  const done = await completedMaterialization(db.sql, input.runId, "FEED_INGEST");
  if (done?.status !== "SUCCEEDED") throw new Error(`ingest run ${input.runId} has no fetched feed to finalise`);
  return summary(done, Number(done.metadata.records ?? 0));
}
