/**
 * Step 2: parse the kept bytes (streaming), compare each row's content hash with the stored
 * listing's, and COPY only the new and changed rows into the run's staging, in chunks; keep the
 * identities the feed no longer has; replace the feed's quarantined rows. Runs again from scratch
 * when retried (nothing it compares with changes before the write steps). The parsing itself runs on
 * the diff worker thread in the embedded default (./diff-worker.ts), inline otherwise.
 *
 * A feed up to ONE_STEP_MAX_BYTES is written by this step itself, in the transaction that records the
 * step's result (a retry after that commit returns the recorded result; no write batches follow):
 * - a dealer without listings (its first ingest) has nothing to compare with: its listings are COPYed
 *   straight into DealerSku as they are parsed;
 * - a re-poll's new and changed rows, staged as they are parsed, are written from staging in one
 *   statement that also counts them (no plan query, no write step).
 * A larger feed's staged rows are planned by the plan step and written in batches by the write steps.
 */
import { withHashJoins, type Db, type SqlClient } from "@/lib/db";
import { diffFeedOffThread, diffWorkerWanted } from "./diff-worker";
import { findIngestFeed } from "./feed-state";
import { diffFeed, type FeedDiff } from "./feed-diff";
import { copyNewListings, dealerHasListings, deleteNewListings, loadStoredListingsJson, saveVanishedListings, writeChangedListings, type WrittenListings } from "./listings";
import { replaceQuarantined } from "./quarantine";
import { loadRunBytes, loadRunState, mergeRunProgress, type RunState } from "./run-state";
import { clearStaged, copyStagedCsv, quarantineSuperseded, quarantineUnchangedSuperseded } from "./staging";
import type { ListingOwner } from "./staged-row";
import type { RunInput, StageResult } from "./types";

export interface StageStepOptions {
  /** Rows per COPY: bounds the memory held while parsing. */
  copyRows?: number;
  /** Largest feed (bytes) the parse step writes itself; larger ones are staged and written in batches. */
  oneStepMaxBytes?: number;
  /** The feed's bytes, fetched in this step and not kept in the snapshot (fetchForRun's `inline`). */
  bytes?: Uint8Array;
}

// Small enough that the COPY of one chunk overlaps the parse of the next (on the diff worker).
const DEFAULT_COPY_ROWS = 2_000;

/**
 * About 60,000 listings: parsed and written in one step in ~6 s on the embedded database. A larger feed is
 * staged and written in batches, so that no step outgrows a serverless time limit.
 */
export const ONE_STEP_MAX_BYTES = 16 * 1024 * 1024;

export async function stageRecords(db: Db, { runId }: RunInput, opts: StageStepOptions = {}): Promise<StageResult> {
  const t0 = performance.now();
  const state = await loadRunState(db.sql, runId);
  const recorded = state.progress.stage;
  if (recorded?.written) return withoutStageMs(recorded);
  const { format } = await findIngestFeed(db.sql, { feedId: state.feedId });
  const bytes = opts.bytes ?? (await loadRunBytes(db.sql, runId));
  await clearStaged(db.sql, runId);
  const l0 = performance.now();
  const stored = await loadStoredListingsJson(db.sql, state);
  const oneStep = state.byteSize <= (opts.oneStepMaxBytes ?? ONE_STEP_MAX_BYTES);
  const writesNew = oneStep && stored === "[]" && !(await dealerHasListings(db.sql, state.dealerId));
  const newListingsOf = writesNew ? { dealerId: state.dealerId, feedId: state.feedId } : null;
  const loadMs = performance.now() - l0;

  const input = { runId, format, stored, copyRows: opts.copyRows ?? DEFAULT_COPY_ROWS, newListingsOf };
  const parse = (onChunk: (csv: string) => Promise<void>) =>
    diffWorkerWanted(db.kind) ? diffFeedOffThread(bytes, input, onChunk) : diffFeed(bytes, input, onChunk);
  const times = { runId, t0, loadMs };
  return newListingsOf ? stageNewListings(db, state, newListingsOf, parse, times) : stageChanges(db, state, oneStep, parse, times);
}

type Parse = (onChunk: (csv: string) => Promise<void>) => Promise<FeedDiff>;

interface StageTimes {
  runId: string;
  t0: number;
  loadMs: number;
}

function stageResult(diff: FeedDiff, times: StageTimes, copyMs: number): { result: StageResult; stageMs: number } {
  const stageMs = performance.now() - times.t0;
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
    parseMs: Math.round(stageMs - copyMs - times.loadMs),
  };
  return { result, stageMs };
}

/** A chunk writer that adds up the time its writes took (the COPYs, not the parse between them). */
function timedCopies(write: (csv: string) => Promise<void>): { copy: (csv: string) => Promise<void>; ms: () => number } {
  let total = 0;
  return {
    copy: async (csv) => {
      const c0 = performance.now();
      await write(csv);
      total += performance.now() - c0;
    },
    ms: () => total,
  };
}

/**
 * A dealer's first ingest: its listings are COPYed straight into DealerSku, chunk by chunk as the parse
 * yields them (on the diff worker, the COPY of one chunk runs beside the parse of the next), all in one
 * transaction with the step's result, so a failed parse or COPY leaves nothing behind. The transaction
 * is open for the parse (on the embedded database other statements wait for it meanwhile, as they
 * would for one COPY of the whole feed at the end).
 */
function stageNewListings(db: Db, state: RunState, owner: ListingOwner, parse: Parse, times: StageTimes): Promise<StageResult> {
  return db.sql.transaction(async (tx) => {
    const copies = timedCopies((csv) => copyNewListings(tx, owner, csv));
    const diff = await parse(copies.copy);
    if (diff.lateWinners) {
      await deleteNewListings(tx, owner.dealerId, diff.lateWinners.identityKeys);
      await copies.copy(diff.lateWinners.csv);
    }
    const { result, stageMs } = stageResult(diff, times, copies.ms());
    await replaceQuarantined(tx, state, [...diff.quarantined, ...diff.supersededNew]);
    await mergeRunProgress(tx, times.runId, { writeMs: Math.round(copies.ms()), stage: { ...result, stageMs: Math.round(stageMs) } });
    return result;
  });
}

/** A re-poll (or a first ingest of a dealer that had listings): new and changed rows are staged, then written. */
async function stageChanges(db: Db, state: RunState, oneStep: boolean, parse: Parse, times: StageTimes): Promise<StageResult> {
  const copies = timedCopies((csv) => copyStagedCsv(db.sql, csv));
  const diff = await parse(copies.copy);
  const { result, stageMs } = stageResult(diff, times, copies.ms());
  return db.sql.transaction(async (tx) => {
    // First: it replaces the feed's whole quarantined set, which the superseded duplicates then join; those
    // equal to their stored listing keep it as their raw text, so before the write changes it.
    await replaceQuarantined(tx, state, diff.quarantined);
    await quarantineUnchangedSuperseded(tx, state, diff.supersededUnchanged);
    await quarantineSuperseded(tx, state, diff.supersededStaged);
    let writeMs: number | undefined;
    if (oneStep && result.staged > 0) {
      const w0 = performance.now();
      const written = await writeStaged(tx, state, diff);
      writeMs = Math.round(performance.now() - w0);
      result.written = written.written;
      // Staged rows no active listing had are new (inserted) or back after vanishing (reactivated).
      const reactivated = diff.stagedInactive - written.created;
      result.writes = { created: written.created, changeTypes: written.changeTypes, reactivated };
    }
    await saveVanishedListings(tx, times.runId, diff.vanished);
    const stage = { ...result, stageMs: Math.round(stageMs) };
    await mergeRunProgress(tx, times.runId, writeMs === undefined ? { stage } : { writeMs, stage });
    return result;
  });
}

/**
 * The one-step write of a re-poll's staged rows. Where a quarter or more of the feed changed, the write
 * joins most of the dealer's listings: by hashing them (measured on 5,000 listings: all changed 52–75 ms
 * instead of 67–87, a quarter 31–37 instead of 34–40, a tenth slower). A write without new rows (every
 * staged row has an active listing) skips the INSERT's lookups.
 */
function writeStaged(tx: SqlClient, state: RunState, diff: FeedDiff): Promise<WrittenListings> {
  const changedActive = diff.staged - diff.stagedInactive;
  const write = () => writeChangedListings(tx, state, 0, null, { anyNew: diff.stagedInactive > 0 });
  return 4 * changedActive >= diff.records ? withHashJoins(tx, write) : write();
}

function withoutStageMs({ stageMs: _stageMs, ...result }: StageResult & { stageMs: number }): StageResult {
  return result;
}
