/**
 * Step 2: parse the kept bytes (streaming), compare each row's content hash with the stored
 * listing's, and COPY only the new and changed rows into the run's staging, in chunks; keep the
 * identities the feed no longer has; replace the feed's quarantined rows. Runs again from scratch
 * when retried (nothing it compares with changes before the write steps).
 */
import type { Db } from "@/lib/db";
import { openFeed } from "@/lib/feeds/parse";
import { FeedUnreadableError, type QuarantinedRow } from "@/lib/feeds/types";
import { DuplicateTracker } from "./duplicates";
import { noListingsReason } from "./errors";
import { findIngestFeed } from "./feed-state";
import { loadStoredListings, saveVanishedListings } from "./listings";
import { replaceQuarantined } from "./quarantine";
import { loadRunBytes, loadRunState, mergeRunProgress } from "./run-state";
import { chunksOf } from "./source";
import { stagedRow, type StagedRow } from "./staged-row";
import { clearStaged, copyStaged, quarantineSuperseded, quarantineUnchangedSuperseded } from "./staging";
import type { RunInput, StageResult } from "./types";

export interface StageStepOptions {
  /** Rows per COPY: bounds the memory held while parsing. */
  copyRows?: number;
}

const DEFAULT_COPY_ROWS = 5_000;

export async function stageRecords(db: Db, { runId }: RunInput, opts: StageStepOptions = {}): Promise<StageResult> {
  const t0 = performance.now();
  const copyRows = opts.copyRows ?? DEFAULT_COPY_ROWS;
  const state = await loadRunState(db.sql, runId);
  const { format } = await findIngestFeed(db.sql, { feedId: state.feedId });
  const bytes = await loadRunBytes(db.sql, runId);
  await clearStaged(db.sql, runId);
  const l0 = performance.now();
  const stored = await loadStoredListings(db.sql, state);
  const loadMs = performance.now() - l0;

  let copyMs = 0;
  const copy = async (rows: StagedRow[]) => {
    if (rows.length === 0) return;
    const c0 = performance.now();
    await copyStaged(db, rows);
    copyMs += performance.now() - c0;
  };

  const feed = await openFeed(chunksOf(bytes), format ? { format } : {});
  const duplicates = new DuplicateTracker();
  const quarantined: QuarantinedRow[] = [];
  /** Rows equal to their stored listing: counted, never staged. */
  const unchangedRows = new Set<number>();
  let stagedRows = 0;
  let pending: StagedRow[] = [];
  for await (const event of feed.events) {
    if (event.kind === "quarantine") {
      quarantined.push({ row: event.row, raw: event.raw, reason: event.reason });
      continue;
    }
    const row = stagedRow(runId, event.row, event.record);
    duplicates.see(row.identityKey, event.row);
    if (stored.unchanged(row.identityKey, row.contentHash)) {
      unchangedRows.add(event.row);
      continue;
    }
    stagedRows++;
    pending.push(row);
    if (pending.length >= copyRows) {
      await copy(pending);
      pending = [];
    }
  }
  await copy(pending);
  if (duplicates.identities === 0) throw new FeedUnreadableError(noListingsReason(quarantined));

  const superseded = duplicates.result();
  const supersededStaged = superseded.filter((s) => !unchangedRows.has(s.row));
  const supersededUnchanged = superseded.filter((s) => unchangedRows.has(s.row));
  const vanished = stored.vanished((key) => duplicates.has(key));
  const stageMs = performance.now() - t0;
  const result: StageResult = {
    format: feed.format,
    family: feed.family,
    records: duplicates.identities,
    staged: stagedRows - supersededStaged.length,
    vanished: vanished.length,
    quarantined: quarantined.length + superseded.length,
    duplicates: superseded.length,
    // Reading the stored hashes and COPYing belong to the write path; the rest is parsing.
    parseMs: Math.round(stageMs - copyMs - loadMs),
  };
  await db.sql.transaction(async (tx) => {
    await replaceQuarantined(tx, state, quarantined);
    await quarantineSuperseded(tx, state, supersededStaged);
    await quarantineUnchangedSuperseded(tx, state, supersededUnchanged);
    await saveVanishedListings(tx, runId, vanished);
    await mergeRunProgress(tx, runId, { stage: { ...result, stageMs: Math.round(stageMs) } });
  });
  return result;
}
