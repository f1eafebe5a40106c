/**
 * Realistic dealer feeds for tests, the bench and the demo: real calibers, brands, bullet weights,
 * pack sizes and market prices, written the messy ways dealers write them, in any format and
 * field-naming family. Everything is deterministic from the seed.
 *
 *   generateFeed({ skus: 10_000, format: "csv", family: "ammoseek", seed: 7 })   // text + records
 *   generateFeed({ format: "csv", mutateFrom: previous.records, changeRate: 0.01, seed: 8 })
 *   streamFeed({ skus: 500_000, format: "json", seed: 1 })                       // text chunks, lazily
 *
 * `records` are exactly what parsing `text` yields (the normalised truth), so tests can compare.
 */
import type { FeedFamily, FeedFormat, FeedRecord } from "../types";
import { makeListing } from "./listing";
import { mutateListings, type FeedChange } from "./mutate";
import { renderFeed, renderFeedChunks } from "./render";

export { diffFeeds, mutateListings, type FeedChange, type FeedChangeKind, type MutateOptions } from "./mutate";
export { makeListing } from "./listing";
export { renderFeed, renderFeedChunks } from "./render";
export { CALIBER_SPECS, BRAND_SPECS } from "./catalog";

export interface GenerateFeedOptions {
  /** Number of listings (ignored when mutating: the previous feed decides). */
  skus?: number;
  format: FeedFormat;
  family?: FeedFamily;
  seed?: string | number;
  /** The previous version's records (e.g. `(await parseFeed(file)).records`): produce the next version. */
  mutateFrom?: readonly FeedRecord[];
  /** Share of listings changed when mutating (default 0.01). */
  changeRate?: number;
  vanishRate?: number;
  newRate?: number;
}

export interface GeneratedFeed {
  format: FeedFormat;
  family: FeedFamily;
  text: string;
  records: FeedRecord[];
  /** What changed relative to `mutateFrom` (empty for a fresh feed). */
  changes: FeedChange[];
}

/** Listings 0..count-1 of the feed with this seed, generated one at a time. */
export function* generateListings(count: number, seed: string | number = 1): Generator<FeedRecord> {
  for (let index = 0; index < count; index += 1) yield makeListing(seed, index);
}

export function generateFeed(opts: GenerateFeedOptions): GeneratedFeed {
  const family = opts.family ?? "ammoseek";
  const seed = opts.seed ?? 1;
  let records: FeedRecord[];
  let changes: FeedChange[] = [];
  if (opts.mutateFrom) {
    ({ records, changes } = mutateListings(opts.mutateFrom, {
      seed,
      changeRate: opts.changeRate ?? 0.01,
      vanishRate: opts.vanishRate,
      newRate: opts.newRate,
    }));
  } else {
    records = [...generateListings(opts.skus ?? 100, seed)];
  }
  return { format: opts.format, family, text: renderFeed(records, opts.format, family), records, changes };
}

/** A fresh feed as text chunks, generated lazily: a feed of any size in bounded memory. */
export function streamFeed(opts: { skus: number; format: FeedFormat; family?: FeedFamily; seed?: string | number }): Generator<string> {
  return renderFeedChunks(generateListings(opts.skus, opts.seed ?? 1), opts.format, opts.family ?? "ammoseek");
}
