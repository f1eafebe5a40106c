/**
 * A run that cannot finish (unreadable feed, fetch error, a step out of retries): the feed is marked
 * FAILED with the reason, a FAILED materialisation is recorded and the run's state dropped. Listings
 * and the feed's last ingested hash stay as they were.
 */
import type { Db } from "@/lib/db";
import { recordMaterialization } from "@/lib/pipeline/materializations";
import { describeIngestError } from "./errors";
import { findIngestFeed, markFeedFailed } from "./feed-state";
import { failedRecord } from "./record";
import { dropRunState, findRunState } from "./run-state";
import type { RecordedMaterialization } from "./types";

export interface FailInput {
  runId: string;
  feedId: string;
  error: unknown;
}

export async function failIngest(db: Db, input: FailInput): Promise<RecordedMaterialization> {
  const message = describeIngestError(input.error);
  const feed = await findIngestFeed(db.sql, { feedId: input.feedId });
  const state = await findRunState(db.sql, input.runId);
  const now = new Date();
  const startedAt = state?.progress.startedAt ? new Date(state.progress.startedAt) : now;
  const record = failedRecord({ runId: input.runId, dealerId: feed.dealerId, feedId: feed.id }, message, startedAt, now);
  const id = await db.sql.transaction(async (tx) => {
    await markFeedFailed(tx, feed.id, message);
    const recorded = await recordMaterialization(tx, record);
    await dropRunState(tx, input.runId);
    return recorded;
  });
  return { id, ...record };
}
