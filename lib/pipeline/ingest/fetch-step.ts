/**
 * Step 1: read the feed and hash it whole. Equal to the last ingested hash → the run is a skip that
 * writes only its materialisation and the feed's poll times; otherwise the bytes (or, for an upload,
 * which upload) are kept in the run's snapshot for the next step. A fetched feed up to `inlineMaxBytes`
 * is not kept: the caller parses it in the same step (stageRecords with `bytes`).
 */
import type { Db, SqlClient } from "@/lib/db";
import type { FetchFeedOptions } from "@/lib/feeds/fetch";
import { FeedUnreadableError } from "@/lib/feeds/types";
import { recordMaterialization } from "@/lib/pipeline/materializations";
import { findIngestFeed, markFeedUnchanged, type IngestFeed } from "./feed-state";
import { skippedRecord } from "./record";
import { dropAbandonedRunState, saveRunState } from "./run-state";
import { fetchAndDigest } from "./source";
import type { FetchInput, FetchResult, RecordedMaterialization } from "./types";
import { newestUpload } from "./uploads";

export interface FetchStepOptions {
  /** Passed to fetchFeed: e.g. the loopback allow-list of the embedded demo's own feeds. */
  fetch?: FetchFeedOptions;
  /** A fetched feed up to this many bytes is returned instead of kept in the snapshot (default 0: always kept). */
  inlineMaxBytes?: number;
  /**
   * Runs inside a skip's transaction, after its writes (e.g. marking the run succeeded): a skip is recorded
   * whole or not at all, so a retry never finds the skip recorded and its run still open.
   */
  onSkip?: (tx: SqlClient, skipped: { records: number }) => Promise<void>;
}

export interface FetchedForRun {
  result: FetchResult;
  /** The skip's materialisation record (with its id) when it skipped. */
  skip: RecordedMaterialization | null;
  /** The feed's bytes when they were not kept in the snapshot (within `inlineMaxBytes`): parse them in this step. */
  inline: Uint8Array | null;
}

interface FeedBytes {
  uploadId: string | null;
  content: Uint8Array | null;
  sha256: string;
  byteSize: number;
}

async function readFeed(db: Db, feed: IngestFeed, opts: FetchStepOptions): Promise<FeedBytes> {
  if (feed.source === "UPLOAD") {
    const upload = await newestUpload(db.sql, feed.id);
    if (!upload) throw new FeedUnreadableError("the feed has no uploaded file");
    return { uploadId: upload.id, content: null, sha256: upload.sha256, byteSize: upload.byteSize };
  }
  if (!feed.url) throw new FeedUnreadableError("the feed has no URL");
  const fetched = await fetchAndDigest(feed.url, opts.fetch);
  return { uploadId: null, ...fetched };
}

/** The fetch step, also returning the skip's record, or the bytes it did not keep. */
export async function fetchForRun(db: Db, input: FetchInput, opts: FetchStepOptions = {}): Promise<FetchedForRun> {
  const startedAt = new Date();
  const feed = await findIngestFeed(db.sql, { feedId: input.feedId });
  const bytes = await readFeed(db, feed, opts);
  const run = { runId: input.runId, dealerId: feed.dealerId, feedId: feed.id, sha256: bytes.sha256, byteSize: bytes.byteSize };

  if (!input.force && bytes.sha256 === feed.lastFeedHash) {
    const record = skippedRecord(run, feed.lastRecordCount, startedAt, new Date());
    const id = await db.sql.transaction(async (tx) => {
      await markFeedUnchanged(tx, feed.id);
      const recorded = await recordMaterialization(tx, record);
      await opts.onSkip?.(tx, { records: feed.lastRecordCount });
      return recorded;
    });
    const result = { skipped: true as const, sha256: bytes.sha256, byteSize: bytes.byteSize, records: feed.lastRecordCount };
    return { result, skip: { id, ...record }, inline: null };
  }

  // Writing and reading back a megabyte costs tens of milliseconds: bytes parsed in this step are not kept.
  const inline = bytes.content !== null && bytes.byteSize <= (opts.inlineMaxBytes ?? 0) ? bytes.content : null;
  const fetchMs = Date.now() - startedAt.getTime();
  await db.sql.transaction(async (tx) => {
    await dropAbandonedRunState(tx, feed.id, input.runId);
    await saveRunState(tx, { ...run, uploadId: bytes.uploadId, content: inline ? null : bytes.content, startedAt, fetchMs });
  });
  return { result: { skipped: false, sha256: bytes.sha256, byteSize: bytes.byteSize, source: feed.source }, skip: null, inline };
}

export async function fetchAndHash(db: Db, input: FetchInput, opts: FetchStepOptions = {}): Promise<FetchResult> {
  return (await fetchForRun(db, input, opts)).result;
}
