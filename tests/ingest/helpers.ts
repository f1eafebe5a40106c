import { generateFeed, type GeneratedFeed } from "@/lib/feeds/generate";
import type { FeedFamily, FeedFormat, FeedRecord } from "@/lib/feeds/types";
import type { Db } from "@/lib/db";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { ingestFeed, storeUpload, type IngestFeedOptions, type IngestFeedResult } from "@/lib/pipeline/ingest";

export interface TestFeed {
  dealerId: string;
  feedId: string;
}

/** A dealer with one upload feed. */
export async function uploadDealer(db: Db, slug: string): Promise<TestFeed> {
  const dealer = await findOrCreateDealer(db.sql, { slug, plan: "PRO" });
  const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { fileName: `${slug}.feed` } });
  return { dealerId: dealer.id, feedId: feed.id };
}

/** Uploads `text` as the feed's newest file and ingests it. */
export async function uploadAndIngest(
  db: Db,
  feed: TestFeed,
  text: string | Uint8Array,
  opts: Omit<IngestFeedOptions, "feedId"> = {},
): Promise<IngestFeedResult> {
  const content = typeof text === "string" ? new TextEncoder().encode(text) : text;
  await storeUpload(db.sql, { feedId: feed.feedId, fileName: "feed", content });
  return ingestFeed(db, { ...opts, feedId: feed.feedId });
}

export function feed(skus: number, format: FeedFormat = "csv", family: FeedFamily = "ammoseek", seed: string | number = 1): GeneratedFeed {
  return generateFeed({ skus, format, family, seed });
}

export function nextFeed(previous: readonly FeedRecord[], opts: { changeRate?: number; vanishRate?: number; newRate?: number; seed?: number; format?: FeedFormat }): GeneratedFeed {
  return generateFeed({ format: opts.format ?? "csv", mutateFrom: previous, changeRate: opts.changeRate ?? 0.01, vanishRate: opts.vanishRate, newRate: opts.newRate, seed: opts.seed ?? 2 });
}

/** Every row of a table, ordered, as comparable JSON. */
export async function tableRows(db: Db, table: string, orderBy = "id"): Promise<Array<Record<string, unknown>>> {
  return db.sql.query(`SELECT * FROM "${table}" ORDER BY ${orderBy}`);
}
