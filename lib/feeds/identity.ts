/**
 * A listing's identity inside a dealer and the hash of its content (DOMAIN.md "Identity and
 * change"). Identity never involves the price: a new price is a change to the same listing.
 */
import { hash } from "node:crypto";
import type { FeedRecord } from "./types";

/** Dealer SKU when present, else UPC, else the normalised title. */
export function identityKey(record: Pick<FeedRecord, "sku" | "upc" | "title">): string {
  if (record.sku !== null && record.sku.trim() !== "") return `sku:${record.sku.trim()}`;
  if (record.upc !== null && record.upc !== "") return `upc:${record.upc}`;
  return `title:${record.title.toLowerCase().replace(/\s+/g, " ").trim()}`;
}

/** Every FeedRecord field, in the fixed order the content hash reads them. */
const CONTENT_FIELDS = [
  "sku",
  "upc",
  "title",
  "price",
  "inStock",
  "brand",
  "caliber",
  "grainWeight",
  "roundCount",
  "bulletType",
  "caseType",
  "url",
  "pricePerRound",
] as const satisfies ReadonlyArray<keyof FeedRecord>;

// Adding a FeedRecord field without adding it to the hash is a compile error here.
type Missing = Exclude<keyof FeedRecord, (typeof CONTENT_FIELDS)[number]>;
const _allFieldsHashed: [Missing] extends [never] ? true : never = true;
void _allFieldsHashed;

/**
 * 32 hex chars of SHA-256 over all fields of the record. The values are serialised as one JSON
 * array: strings are quoted and escaped, `null` is distinct from `""` and from `"null"`, so no two
 * different records serialise alike.
 */
export function contentHash(record: FeedRecord): string {
  const values = CONTENT_FIELDS.map((field) => record[field]);
  return hash("sha256", JSON.stringify(values), "hex").slice(0, 32);
}

export type ChangeKind = "PRICE_CHANGE" | "STOCK_CHANGE" | "ATTRIBUTE_CHANGE";

/** What a stored listing needs for change classification; prices from a database may be decimal strings. */
export interface ComparableListing {
  price: number | string | { toString(): string };
  inStock: boolean;
}

/**
 * How a listing changed, given that its content hash did: price first, then stock, else some
 * other attribute.
 */
export function classifyChange(prev: ComparableListing, next: FeedRecord): ChangeKind {
  if (Number(prev.price.toString()) !== next.price) return "PRICE_CHANGE";
  if (prev.inStock !== next.inStock) return "STOCK_CHANGE";
  return "ATTRIBUTE_CHANGE";
}
