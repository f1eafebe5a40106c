/** Shared shapes of parsed dealer feeds. Pure types: no I/O here. */

export type FeedFormat = "csv" | "json" | "xml";
export type FeedFamily = "ammoseek" | "gunengine" | "generic";

/** One listing, normalised per ../shared/DOMAIN.md. */
export interface FeedRecord {
  sku: string | null;
  upc: string | null;
  title: string;
  price: number;
  inStock: boolean;
  brand: string | null;
  caliber: string | null;
  grainWeight: number | null;
  roundCount: number | null;
  bulletType: string | null;
  caseType: string | null;
  url: string | null;
  pricePerRound: number | null;
}

export interface QuarantinedRow {
  /** 1-based record number in the feed (data rows, not counting a CSV header). */
  row: number;
  /** The raw row as text (CSV line / JSON / XML fragment), capped in length. */
  raw: string;
  reason: string;
}

export type ParseEvent =
  | { kind: "record"; row: number; record: FeedRecord }
  | { kind: "quarantine"; row: number; raw: string; reason: string };

export interface ParseResult {
  format: FeedFormat;
  family: FeedFamily;
  records: FeedRecord[];
  quarantined: QuarantinedRow[];
}

/** A feed that cannot be read at all: the run fails with this message and nothing changes. */
export class FeedUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedUnreadableError";
  }
}
