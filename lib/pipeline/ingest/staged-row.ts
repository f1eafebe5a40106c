/** A parsed listing as a row of IngestStagedRecord. Pure. */
import type { CopyValue } from "@/lib/db";
import { hash } from "node:crypto";
import { contentHash, identityKey } from "@/lib/feeds/identity";
import type { FeedRecord } from "@/lib/feeds/types";

/** IngestStagedRecord's columns, in the order `stagedRow` gives the values. */
export const STAGED_COLUMNS = [
  "runId",
  "rowNumber",
  "identityKey",
  "contentHash",
  "sku",
  "upc",
  "title",
  "brand",
  "caliber",
  "grainWeight",
  "roundCount",
  "bulletType",
  "caseType",
  "price",
  "pricePerRound",
  "inStock",
  "url",
] as const;

/** The listing columns DealerSku shares with IngestStagedRecord (everything after the hashes). */
export const LISTING_COLUMNS = STAGED_COLUMNS.slice(4);

export interface StagedRow {
  identityKey: string;
  contentHash: string;
  values: CopyValue[];
}

export function stagedRow(runId: string, rowNumber: number, r: FeedRecord): StagedRow {
  const key = identityKey(r);
  const hash = contentHash(r);
  return {
    identityKey: key,
    contentHash: hash,
    values: [
      runId, rowNumber, key, hash,
      r.sku, r.upc, r.title, r.brand, r.caliber, r.grainWeight, r.roundCount, r.bulletType, r.caseType,
      r.price, r.pricePerRound, r.inStock, r.url,
    ],
  };
}

/**
 * DealerSku's columns a dealer's first ingest COPYs straight into it (the rest take their defaults),
 * in the order `newListingRow` gives the values.
 */
export const NEW_LISTING_COLUMNS = ["id", "dealerId", "feedId", "identityKey", "contentHash", "lastChangeType", ...LISTING_COLUMNS] as const;

/** The owner of new listings: every row of one COPY belongs to this dealer and feed. */
export interface ListingOwner {
  dealerId: string;
  feedId: string;
}

/**
 * A new listing's id from its (dealer, identity) key: the same uuid as the write statement's
 * `md5(dealer || ':' || identity)::uuid` (listings.ts), so either path gives a listing the same id.
 */
export function listingId(dealerId: string, identityKey: string): string {
  const h = hash("md5", `${dealerId}:${identityKey}`, "hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A staged row's listing as a new DealerSku row (NEW_LISTING_COLUMNS). */
export function newListingRow(owner: ListingOwner, row: StagedRow): CopyValue[] {
  return [listingId(owner.dealerId, row.identityKey), owner.dealerId, owner.feedId, row.identityKey, row.contentHash, "CREATED", ...row.values.slice(4)];
}

/** A listing's columns as one JSON object: what a quarantined duplicate keeps as its raw text. */
export function listingJson(row: StagedRow): string {
  return JSON.stringify(Object.fromEntries(LISTING_COLUMNS.map((column, i) => [column, row.values[i + 4]])));
}
