/**
 * The Feed Ingest asset: a dealer feed in, its listings (DealerSku) up to date, as step-sized,
 * replay-safe functions. Each takes the database and ids and returns a small JSON result; what
 * one step hands the next goes through the database (IngestSnapshot, IngestStagedRecord).
 *
 *   fetchAndHash  → the whole feed's SHA-256; equal to the last ingested one → skip (nothing written
 *                   but the SKIPPED materialisation and the feed's poll times); fetchForRun can hand a
 *                   small feed's bytes back instead of keeping them, for stageRecords in the same step
 *   stageRecords  → streaming parse into staging (COPY), duplicates and bad rows quarantined
 *   planIngest    → one read: created / changed (by type) / unchanged / vanished / reactivated, batches
 *   writeBatch    → one batch of new and changed listings, one transaction, set-based upsert
 *   finalizeIngest→ vanished listings deactivated, feed hash stored, materialisation recorded
 *   failIngest    → feed FAILED with the reason, FAILED materialisation, run state dropped
 *
 * Seen-at: unchanged listings are never rewritten, not even their lastSeenAt (a bulk touch of every
 * row on every poll is the cost the skip exists to avoid). An ingest deactivates what vanished, so
 * every active listing was in the feed's last successful poll: a listing's "last seen" is
 * Feed.lastSuccessAt, which skips update too. Benchmarks' 7-day window reads
 * `l."isActive" AND f."lastSuccessAt" > now() - interval '7 days'`.
 */
export { fetchAndHash, fetchForRun, type FetchStepOptions, type FetchedForRun } from "./fetch-step";
export { stageRecords, type StageStepOptions } from "./stage-step";
export { planIngest, DEFAULT_BATCH_SIZE, type PlanStepOptions } from "./plan-step";
export { writeBatch } from "./write-step";
export { finalizeIngest } from "./finalize-step";
export { failIngest, type FailInput } from "./fail-step";
export { ingestFeed, IngestFailedError, type IngestFeedOptions, type IngestFeedResult, type IngestProgress } from "./ingest-feed";
export { describeIngestError } from "./errors";
export { storeUpload, type UploadRef } from "./uploads";
export type * from "./types";
