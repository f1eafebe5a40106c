/**
 * Step 1: read the feed and hash it whole. Equal to the last ingested hash → the run is a skip that
 * writes only its materialisation and the feed's poll times; otherwise the bytes (or, for an upload,
 * which upload) are kept in the run's snapshot for the next step. A fetched feed up to `inlineMaxBytes`
 * is not kept: the caller parses it in the same step (stageRecords with `bytes`).
 */
import type { Db, SqlClient } from "@/lib/db";
import type { FetchFeedOptions, HttpValidators } from "@/lib/feeds/fetch";
import { FeedUnreadableError } from "@/lib/feeds/types";
import { recordMaterialization } from "@/lib/pipeline/materializations";
import { findIngestFeed, markFeedUnchanged, type IngestFeed, type StoredValidators } from "./feed-state";
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
  /** null: an upload (its bytes stay in FeedUpload), or a 304 (nothing new to read). */
  content: Uint8Array | null;
  sha256: string;
  byteSize: number;
  /** The response's validators, for the next poll's conditional GET (null: an upload, or a 304's kept ones). */
  validators: StoredValidators | null;
  /** The host answered 304 Not Modified: nothing was downloaded. */
  notModified: boolean;
}

/**
 * The validators to ask with: only those of the response the stored hash came from, for the same URL, and never
 * when the run is forced (a forced run reads the bytes whatever the host says).
 */
function conditionalFor(feed: IngestFeed, force: boolean): HttpValidators | undefined {
  const stored = feed.lastValidators;
  return force || !feed.lastFeedHash || stored?.url !== feed.url ? undefined : (stored ?? undefined);
}

async function readFeed(db: Db, feed: IngestFeed, opts: FetchStepOptions, force: boolean): Promise<FeedBytes> {
  if (feed.source === "UPLOAD") {
    const upload = await newestUpload(db.sql, feed.id);
    if (!upload) throw new FeedUnreadableError("the feed has no uploaded file");
    return { uploadId: upload.id, content: null, sha256: upload.sha256, byteSize: upload.byteSize, validators: null, notModified: false };
  }
  if (!feed.url) throw new FeedUnreadableError("the feed has no URL");
  const fetched = await fetchAndDigest(feed.url, { ...opts.fetch, validators: conditionalFor(feed, force) });
  // 304: the host says the copy last ingested is current; conditionalFor only asks when that copy's hash is stored.
  if (fetched.notModified) {
    return { uploadId: null, content: null, sha256: feed.lastFeedHash!, byteSize: feed.lastByteSize, validators: null, notModified: true };
  }
  const { content, sha256, byteSize, validators } = fetched;
  const hasValidators = validators.etag !== undefined || validators.lastModified !== undefined;
  return { uploadId: null, content, sha256, byteSize, validators: hasValidators ? { url: feed.url, ...validators } : null, notModified: false };
}

/** The fetch step, also returning the skip's record, or the bytes it did not keep. */
export async function fetchForRun(db: Db, input: FetchInput, opts: FetchStepOptions = {}): Promise<FetchedForRun> {
  const startedAt = new Date();
  const feed = await findIngestFeed(db.sql, { feedId: input.feedId });
  const bytes = await readFeed(db, feed, opts, input.force ?? false);
  const run = { runId: input.runId, dealerId: feed.dealerId, feedId: feed.id, sha256: bytes.sha256, byteSize: bytes.byteSize };

  if (!input.force && bytes.sha256 === feed.lastFeedHash) {
    const record = skippedRecord(run, feed.lastRecordCount, startedAt, new Date(), bytes.notModified);
    const id = await db.sql.transaction(async (tx) => {
      await markFeedUnchanged(tx, feed.id, bytes.validators);
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
    await saveRunState(tx, { ...run, uploadId: bytes.uploadId, content: inline ? null : bytes.content, startedAt, fetchMs, validators: bytes.validators });
  });
  return { result: { skipped: false, sha256: bytes.sha256, byteSize: bytes.byteSize, source: feed.source }, skip: null, inline };
}

export async function fetchAndHash(db: Db, input: FetchInput, opts: FetchStepOptions = {}): Promise<FetchResult> {
  return (await fetchForRun(db, input, opts)).result;
}
