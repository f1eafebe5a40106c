/**
 * The parse step's CPU work, without a database: parse a feed's bytes and sort its rows against the
 * stored listings. New and changed rows come out as COPY CSV chunks for staging; rows equal to their
 * stored listing are only counted; duplicates, bad rows and the identities the feed no longer has are
 * listed. For a dealer without listings (its first ingest) every listing is new: the chunks are then
 * DealerSku rows, one per identity, to COPY straight into it. It runs inline or on the diff worker
 * thread (./diff-worker.ts), with the same result.
 */
import { toCopyCsv } from "@/lib/db/copy";
import { openFeed } from "@/lib/feeds/parse";
import { FeedUnreadableError, type FeedFamily, type FeedFormat, type QuarantinedRow } from "@/lib/feeds/types";
import { DuplicateTracker, type Superseded } from "./duplicates";
import { noListingsReason } from "./errors";
import { chunksOf } from "./source";
import { listingJson, newListingRow, stagedRow, type ListingOwner, type StagedRow } from "./staged-row";
import { StoredListings } from "./stored-listings";

export interface FeedDiffInput {
  runId: string;
  /** The feed's configured format; null: sniffed. */
  format: FeedFormat | null;
  /** The dealer's active listings as `[identityKey, contentHash, ofRunFeed]` JSON (loadStoredListingsJson). */
  stored: string;
  /** Rows per COPY chunk: bounds the memory held while parsing, and lets a COPY overlap the parse of the next chunk. */
  copyRows: number;
  /** The dealer has no listings at all: chunks are NEW_LISTING_COLUMNS rows of this owner, not staged rows. */
  newListingsOf?: ListingOwner | null;
}

export interface FeedDiff {
  format: FeedFormat;
  family: FeedFamily;
  /** Listings in the feed: one per identity. */
  records: number;
  /** Of those, the new and changed ones, staged through the chunks. */
  staged: number;
  /** Of the staged ones, those that no active listing has: new, or back after vanishing. */
  stagedInactive: number;
  /** Of those, the new listings that came out as DealerSku rows (newListingsOf): all of them, or 0. */
  written: number;
  /**
   * newListingsOf: identities whose DealerSku row went out in an earlier chunk and that a later row of the
   * feed replaced, with the winning rows as DealerSku COPY CSV. Null when no repeat crossed a chunk.
   */
  lateWinners: { identityKeys: string[]; csv: string } | null;
  duplicates: number;
  quarantined: QuarantinedRow[];
  /** Superseded duplicates that were staged (to move from staging into quarantine). */
  supersededStaged: Superseded[];
  /** Superseded duplicates equal to their stored listing (never staged). */
  supersededUnchanged: Superseded[];
  /** Superseded duplicates of a first ingest (never written), with their listing as JSON. */
  supersededNew: QuarantinedRow[];
  /** Identities of the run's feed that the feed no longer has. */
  vanished: string[];
}

/** Throws FeedUnreadableError when the feed cannot be read or has no usable listing. */
export async function diffFeed(bytes: Uint8Array, input: FeedDiffInput, onChunk: (csv: string) => void | Promise<void>): Promise<FeedDiff> {
  if (input.newListingsOf) return diffNewListings(bytes, input, input.newListingsOf, onChunk);
  const stored = StoredListings.fromJson(input.stored);
  const feed = await openRows(bytes, input);
  const { duplicates, quarantined } = feed;
  /** Rows equal to their stored listing: counted, never staged. */
  const unchangedRows = new Set<number>();
  /** Staged rows whose identity no active listing has. */
  const inactiveRows = new Set<number>();
  let stagedRows = 0;
  let pending: StagedRow[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const csv = toCopyCsv(pending.map((r) => r.values));
    pending = [];
    await onChunk(csv);
  };

  for await (const { rowNumber, row } of feed.rows) {
    if (stored.unchanged(row.identityKey, row.contentHash)) {
      unchangedRows.add(rowNumber);
      continue;
    }
    stagedRows++;
    if (!stored.has(row.identityKey)) inactiveRows.add(rowNumber);
    pending.push(row);
    if (pending.length >= input.copyRows) await flush();
  }
  await flush();
  if (duplicates.identities === 0) throw new FeedUnreadableError(noListingsReason(quarantined));

  const superseded = duplicates.result();
  const supersededStaged = superseded.filter((s) => !unchangedRows.has(s.row));
  return {
    format: feed.format,
    family: feed.family,
    records: duplicates.identities,
    staged: stagedRows - supersededStaged.length,
    stagedInactive: inactiveRows.size - supersededStaged.filter((s) => inactiveRows.has(s.row)).length,
    written: 0,
    lateWinners: null,
    duplicates: superseded.length,
    quarantined,
    supersededStaged,
    supersededUnchanged: superseded.filter((s) => unchangedRows.has(s.row)),
    supersededNew: [],
    vanished: stored.vanished((key) => duplicates.has(key)),
  };
}

/**
 * Every listing is new. Rows come out as DealerSku rows in chunks as they are parsed, so that their COPY
 * overlaps the parse of the next chunk. DealerSku holds one row per identity and the last row of an
 * identity wins: a repeat of a row still in the open chunk replaces it there; a repeat of a row already
 * sent comes back in `lateWinners`, for the caller to put in place of the one it wrote. A superseded
 * duplicate is quarantined with its listing as JSON.
 */
async function diffNewListings(
  bytes: Uint8Array,
  input: FeedDiffInput,
  owner: ListingOwner,
  onChunk: (csv: string) => void | Promise<void>,
): Promise<FeedDiff> {
  const feed = await openRows(bytes, input);
  const { duplicates, quarantined } = feed;
  const latest = new Map<string, { row: number; listing: StagedRow }>();
  const supersededRaw = new Map<number, string>();
  /** The open chunk, by identity (a Map keeps the order of first appearance). */
  let open = new Map<string, StagedRow>();
  const sent = new Set<string>();
  const lateWinners = new Map<string, StagedRow>();
  const asCsv = (listings: Iterable<StagedRow>) => toCopyCsv([...listings].map((listing) => newListingRow(owner, listing)));
  const flush = async () => {
    if (open.size === 0) return;
    const csv = asCsv(open.values());
    for (const key of open.keys()) sent.add(key);
    open = new Map();
    await onChunk(csv);
  };
  for await (const { rowNumber, row } of feed.rows) {
    const earlier = latest.get(row.identityKey);
    if (earlier) supersededRaw.set(earlier.row, listingJson(earlier.listing));
    latest.set(row.identityKey, { row: rowNumber, listing: row });
    if (sent.has(row.identityKey)) {
      lateWinners.set(row.identityKey, row);
      continue;
    }
    open.set(row.identityKey, row);
    if (open.size >= input.copyRows) await flush();
  }
  await flush();
  if (duplicates.identities === 0) throw new FeedUnreadableError(noListingsReason(quarantined));

  const superseded = duplicates.result();
  return {
    format: feed.format,
    family: feed.family,
    records: duplicates.identities,
    staged: 0,
    stagedInactive: 0,
    written: latest.size,
    lateWinners: lateWinners.size === 0 ? null : { identityKeys: [...lateWinners.keys()], csv: asCsv(lateWinners.values()) },
    duplicates: superseded.length,
    quarantined,
    supersededStaged: [],
    supersededUnchanged: [],
    supersededNew: superseded.map((s) => ({ row: s.row, raw: supersededRaw.get(s.row) ?? "", reason: s.reason })),
    vanished: [],
  };
}

/**
 * The feed's usable rows as staged rows, in order; on the side, its unusable rows (quarantined) and
 * every row's identity (duplicates).
 */
async function openRows(bytes: Uint8Array, input: FeedDiffInput) {
  const feed = await openFeed(chunksOf(bytes), input.format ? { format: input.format } : {});
  const duplicates = new DuplicateTracker();
  const quarantined: QuarantinedRow[] = [];
  async function* rows(): AsyncGenerator<{ rowNumber: number; row: StagedRow }> {
    for await (const event of feed.events) {
      if (event.kind === "quarantine") {
        quarantined.push({ row: event.row, raw: event.raw, reason: event.reason });
        continue;
      }
      const row = stagedRow(input.runId, event.row, event.record);
      duplicates.see(row.identityKey, event.row);
      yield { rowNumber: event.row, row };
    }
  }
  return { format: feed.format, family: feed.family, duplicates, quarantined, rows: rows() };
}
