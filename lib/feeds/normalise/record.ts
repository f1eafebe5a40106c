import type { FeedRecord } from "../types";
import { resolveBrand } from "./brand";
import { resolveBulletType } from "./bullet";
import { findCaliber, resolveCaliber } from "./caliber";
import { resolveCaseType } from "./case-type";
import { resolveGrain } from "./grain";
import { parsePrice, pricePerRound } from "./price";
import { resolveRounds } from "./rounds";
import { normaliseSku } from "./sku";
import { parseInStock } from "./stock";
import { blankOut, matchText, plainText } from "./text";
import { normaliseUpc } from "./upc";
import { normaliseUrl } from "./url";

/** The fields a feed row can carry, by meaning rather than by the dealer's column names. */
export const LISTING_FIELDS = [
  "sku",
  "upc",
  "title",
  "price",
  "stock",
  "brand",
  "caliber",
  "grain",
  "rounds",
  "bulletType",
  "caseType",
  "url",
] as const;
export type ListingField = (typeof LISTING_FIELDS)[number];

/** One feed row as text, keyed by meaning; absent fields are `undefined`. */
export type RawListing = Partial<Record<ListingField, string>>;

export type NormaliseResult = { ok: true; record: FeedRecord } | { ok: false; reason: string };

/**
 * One feed row → one normalised listing, or the reason it is quarantined (no title, no usable
 * price). Columns win over the title; the title fills what the columns lack. The caliber is
 * blanked out of the title before brand and bullet type are read from it (`.223 Remington` is
 * no Remington listing, `.38 Sp` no soft point).
 */
export function normaliseListing(raw: RawListing): NormaliseResult {
  const title = plainText(raw.title);
  if (title === null) return { ok: false, reason: "missing title" };
  const price = parsePrice(raw.price);
  if (!price.ok) return { ok: false, reason: price.reason };

  const titleText = matchText(title);
  const caliberInTitle = findCaliber(titleText);
  const rest = caliberInTitle ? blankOut(titleText, caliberInTitle.start, caliberInTitle.end) : titleText;

  const roundCount = resolveRounds(raw.rounds, rest);
  return {
    ok: true,
    record: {
      sku: normaliseSku(raw.sku),
      upc: normaliseUpc(raw.upc),
      title,
      price: price.value,
      inStock: parseInStock(raw.stock),
      brand: resolveBrand(raw.brand, rest),
      caliber: resolveCaliber(raw.caliber, titleText, caliberInTitle),
      grainWeight: resolveGrain(raw.grain, rest),
      roundCount,
      bulletType: resolveBulletType(raw.bulletType, rest),
      caseType: resolveCaseType(raw.caseType, rest),
      url: normaliseUrl(raw.url),
      pricePerRound: pricePerRound(price.value, roundCount),
    },
  };
}
