/** The feed-ingest steps' inputs and (small, JSON-serialisable) results. */
import type { ChangeKind } from "@/lib/feeds/identity";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";
import type { Materialization } from "@/lib/pipeline/materializations";

/** A materialisation as recorded, with its row id. */
export type RecordedMaterialization = Materialization & { id: string };

export type ChangeType = "CREATED" | ChangeKind;

export interface FetchInput {
  runId: string;
  feedId: string;
  /** Ingest even when the feed's bytes equal the last ingested ones. */
  force?: boolean;
}

export type FetchResult =
  /** `records`: the listings the feed held when it was last ingested, which the skip re-confirms. */
  | { skipped: true; sha256: string; byteSize: number; records: number }
  | { skipped: false; sha256: string; byteSize: number; source: "URL" | "UPLOAD" };

export interface RunInput {
  runId: string;
}

export interface StageResult {
  format: FeedFormat;
  family: FeedFamily;
  /** Listings in the feed: one per identity. */
  records: number;
  /** Of those, new or changed (or back after vanishing): staged for the write. The rest are unchanged. */
  staged: number;
  /**
   * Rows the parse step wrote itself (no write batches follow): a dealer's first ingest, all new (nothing
   * staged); or a re-poll within the one-step bound, its staged rows, with what they were (`writes`).
   */
  written?: number;
  writes?: { created: number; changeTypes: ChangeCounts; reactivated: number };
  /** Active listings of the feed that it no longer has: kept for the finalize step to deactivate. */
  vanished: number;
  /** Rows quarantined: unusable rows plus superseded duplicates. */
  quarantined: number;
  duplicates: number;
  parseMs: number;
}

export interface ChangeCounts {
  PRICE_CHANGE: number;
  STOCK_CHANGE: number;
  ATTRIBUTE_CHANGE: number;
}

export interface PlanResult {
  records: number;
  created: number;
  /** Existing listings rewritten: content changed, or back in the feed after vanishing. */
  changed: number;
  changeTypes: ChangeCounts;
  reactivated: number;
  unchanged: number;
  /** Active listings of this feed that the feed no longer has: deactivated by the finalize step. */
  vanished: number;
  batches: number;
  batchSize: number;
}

export interface BatchInput extends RunInput {
  batch: number;
}

export interface BatchResult {
  batch: number;
  written: number;
  writeMs: number;
}

export interface FinalizeResult {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deactivated: number;
}
