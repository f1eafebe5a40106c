/** A parsed listing as a row of IngestStagedRecord. Pure. */
import type { CopyValue } from "@/lib/db";
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
