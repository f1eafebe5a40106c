/** Step 4 (once per batch): write one batch of new and changed listings, atomically. */
import type { Db } from "@/lib/db";
import { writeChangedListings } from "./listings";
import { addRunWriteTime, loadRunState } from "./run-state";
import type { BatchInput, BatchResult } from "./types";

export async function writeBatch(db: Db, { runId, batch }: BatchInput): Promise<BatchResult> {
  const state = await loadRunState(db.sql, runId);
  const starts = state.progress.plan?.batchStarts;
  if (!starts) throw new Error(`ingest run ${runId} has no plan: run its plan step first`);
  const fromRow = starts[batch];
  if (fromRow === undefined) throw new Error(`ingest run ${runId} has ${starts.length} write batches, not batch ${batch}`);
  const toRow = starts[batch + 1] ?? null;

  return db.sql.transaction(async (tx) => {
    const t0 = performance.now();
    const { written } = await writeChangedListings(tx, state, fromRow, toRow);
    const writeMs = performance.now() - t0;
    await addRunWriteTime(tx, runId, writeMs);
    return { batch, written, writeMs: Math.round(writeMs) };
  });
}
