/** The Feed table's poll state, as ingest runs leave it. */
import type { SqlClient } from "@/lib/db";
import type { PlanName } from "@/inngest/events";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";
import type { HttpValidators } from "@/lib/feeds/fetch";

/** A response's HTTP validators and the URL they belong to. */
export interface StoredValidators extends HttpValidators {
  url: string;
}

export interface IngestFeed {
  id: string;
  dealerId: string;
  plan: PlanName;
  source: "URL" | "UPLOAD";
  url: string | null;
  /** null: sniff it from the bytes. */
  format: FeedFormat | null;
  lastFeedHash: string | null;
  /** Listings as last ingested (0 before the first ingest). */
  lastRecordCount: number;
  /** Bytes of the feed as last ingested (0 before the first ingest). */
  lastByteSize: number;
  lastValidators: StoredValidators | null;
}

const FEED_COLUMNS = `f.id, f."dealerId", d.plan::text AS plan, f.source::text AS source, f.url,
  CASE WHEN f.format = 'AUTO' THEN NULL ELSE lower(f.format::text) END AS format, f."lastFeedHash",
  COALESCE(f."lastRecordCount", 0) AS "lastRecordCount", COALESCE(f."lastByteSize", 0) AS "lastByteSize", f."lastValidators"`;

/** The feed by id, or else the dealer's (oldest active) feed. */
export async function findIngestFeed(sql: SqlClient, ref: { feedId?: string; dealerId?: string }): Promise<IngestFeed> {
  const rows = await sql.query<IngestFeed>(
    `SELECT ${FEED_COLUMNS} FROM "Feed" f JOIN "Dealer" d ON d.id = f."dealerId"
     WHERE ($1::uuid IS NOT NULL AND f.id = $1) OR ($1::uuid IS NULL AND f."dealerId" = $2 AND f.active)
     ORDER BY f."createdAt", f.id LIMIT 1`,
    [ref.feedId ?? null, ref.dealerId ?? null],
  );
  const feed = rows[0];
  if (!feed) throw new Error(ref.feedId ? `no feed ${ref.feedId}` : `dealer ${ref.dealerId ?? "(none given)"} has no active feed`);
  return feed;
}

/**
 * An unchanged feed was polled: its listings are confirmed as of now (the 7-day benchmark window). `validators`:
 * those of a full response with the same bytes (the host may have changed its ETag); null keeps the stored ones.
 */
export async function markFeedUnchanged(sql: SqlClient, feedId: string, validators: StoredValidators | null = null): Promise<void> {
  await sql.query(
    `UPDATE "Feed" SET "lastPolledAt" = now(), "lastSuccessAt" = now(), status = 'OK', "lastError" = NULL, "updatedAt" = now(),
       "lastValidators" = COALESCE($2::jsonb, "lastValidators")
     WHERE id = $1`,
    [feedId, validators && JSON.stringify(validators)],
  );
}

export async function markFeedIngested(
  sql: SqlClient,
  feed: { feedId: string; sha256: string; byteSize: number; family: FeedFamily; records: number; validators: StoredValidators | null },
): Promise<void> {
  await sql.query(
    `UPDATE "Feed" SET "lastFeedHash" = $2, "lastByteSize" = $3, family = $4, "lastRecordCount" = $5, "lastPolledAt" = now(),
       "lastSuccessAt" = now(), status = 'OK', "lastError" = NULL, "updatedAt" = now(), "lastValidators" = $6::jsonb
     WHERE id = $1`,
    [feed.feedId, feed.sha256, feed.byteSize, feed.family, feed.records, feed.validators && JSON.stringify(feed.validators)],
  );
}

/** The feed's last poll failed; its last ingested hash stays, so the next poll tries again. */
export async function markFeedFailed(sql: SqlClient, feedId: string, message: string): Promise<void> {
  await sql.query(
    `UPDATE "Feed" SET "lastPolledAt" = now(), status = 'FAILED', "lastError" = $2, "updatedAt" = now() WHERE id = $1`,
    [feedId, message],
  );
}
