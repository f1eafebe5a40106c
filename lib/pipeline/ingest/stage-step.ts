/**
 * Step 2: parse the kept bytes (streaming), compare each row's content hash with the stored
 * listing's, and COPY only the new and changed rows into the run's staging, in chunks; keep the
 * identities the feed no longer has; replace the feed's quarantined rows. Runs again from scratch
 * when retried (nothing it compares with changes before the write steps). The parsing itself runs on
 * the diff worker thread in the embedded default (./diff-worker.ts), inline otherwise.
 *
 * A dealer without listings (its first ingest) has nothing to compare with: its listings are COPYed
 * straight into DealerSku (feeds up to NEW_LISTINGS_MAX_BYTES), in the transaction that records the
 * step's result, and a retry after that commit returns the recorded result (no write batches follow).
 */
import type { Db } from "@/lib/db";
import { diffFeedOffThread, diffWorkerWanted } from "./diff-worker";
import { findIngestFeed } from "./feed-state";
import { diffFeed } from "./feed-diff";
import { copyNewListings, dealerHasListings, loadStoredListingsJson, saveVanishedListings } from "./listings";
import { replaceQuarantined } from "./quarantine";
import { loadRunBytes, loadRunState, mergeRunProgress } from "./run-state";
import { clearStaged, copyStagedCsv, quarantineSuperseded, quarantineUnchangedSuperseded } from "./staging";
import type { RunInput, StageResult } from "./types";

export interface StageStepOptions {
  /** Rows per COPY: bounds the memory held while parsing. */
  copyRows?: number;
  /** Largest feed (bytes) whose new dealer's listings the parse step writes itself; larger ones are staged. */
  newListingsMaxBytes?: number;
}

// Small enough that the COPY of one chunk overlaps the parse of the next (on the diff worker).
const DEFAULT_COPY_ROWS = 2_000;

/**
 * About 60,000 listings: parsed and written in one step in ~6 s on the embedded database. A larger first
 * ingest is staged and written in batches, so that no step outgrows a serverless time limit.
 */
export const NEW_LISTINGS_MAX_BYTES = 16 * 1024 * 1024;

export async function stageRecords(db: Db, { runId }: RunInput, opts: StageStepOptions = {}): Promise<StageResult> {
  const t0 = performance.now();
  const state = await loadRunState(db.sql, runId);
  const recorded = state.progress.stage;
  if (recorded?.written) return withoutStageMs(recorded);
  const { format } = await findIngestFeed(db.sql, { feedId: state.feedId });
  const bytes = await loadRunBytes(db.sql, runId);
  await clearStaged(db.sql, runId);
  const l0 = performance.now();
  const stored = await loadStoredListingsJson(db.sql, state);
  const writesNew = state.byteSize <= (opts.newListingsMaxBytes ?? NEW_LISTINGS_MAX_BYTES) && stored === "[]" && !(await dealerHasListings(db.sql, state.dealerId));
  const newListingsOf = writesNew ? { dealerId: state.dealerId, feedId: state.feedId } : null;
  const loadMs = performance.now() - l0;

  let copyMs = 0;
  const newListings: string[] = [];
  const copy = async (csv: string) => {
    if (newListingsOf) return void newListings.push(csv);
    const c0 = performance.now();
    await copyStagedCsv(db.sql, csv);
    copyMs += performance.now() - c0;
  };
  const input = { runId, format, stored, copyRows: opts.copyRows ?? DEFAULT_COPY_ROWS, newListingsOf };
  const diff = diffWorkerWanted(db.kind) ? await diffFeedOffThread(bytes, input, copy) : await diffFeed(bytes, input, copy);

  const stageMs = performance.now() - t0;
  const result: StageResult = {
    format: diff.format,
    family: diff.family,
    records: diff.records,
    staged: diff.staged,
    ...(diff.written ? { written: diff.written } : {}),
    vanished: diff.vanished.length,
    quarantined: diff.quarantined.length + diff.duplicates,
    duplicates: diff.duplicates,
    // Reading the stored hashes and COPYing belong to the write path; the rest is parsing.
    parseMs: Math.round(stageMs - copyMs - loadMs),
  };
  await db.sql.transaction(async (tx) => {
    if (newListingsOf) {
      const w0 = performance.now();
      await copyNewListings(tx, newListingsOf, newListings.join(""));
      await mergeRunProgress(tx, runId, { writeMs: Math.round(performance.now() - w0) });
    }
    await replaceQuarantined(tx, state, [...diff.quarantined, ...diff.supersededNew]);
    await quarantineSuperseded(tx, state, diff.supersededStaged);
    await quarantineUnchangedSuperseded(tx, state, diff.supersededUnchanged);
    await saveVanishedListings(tx, runId, diff.vanished);
    await mergeRunProgress(tx, runId, { stage: { ...result, stageMs: Math.round(stageMs) } });
  });
  return result;
}

function withoutStageMs({ stageMs: _stageMs, ...result }: StageResult & { stageMs: number }): StageResult {
  return result;
}
