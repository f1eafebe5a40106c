/** Dealers a scenario needs before it starts: seeded with their first full run, never timed. */
import type { Db } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { runDownstream } from "@/lib/pipeline/downstream";
import { ingestFeed, storeUpload } from "@/lib/pipeline/ingest";
import type { OtherDealer } from "../types";
import { progress } from "./progress";

/** Four other sellers of 3,000 listings each, in different formats: overlapping catalogs (same calibers, brands, loads). */
export function defaultOtherDealers(skus = 3_000, count = 4): OtherDealer[] {
  const shapes = [
    { format: "csv", family: "ammoseek", plan: "PRO" },
    { format: "json", family: "gunengine", plan: "STANDARD" },
    { format: "xml", family: "generic", plan: "FOUNDING" },
    { format: "csv", family: "gunengine", plan: "NONE" },
    { format: "json", family: "generic", plan: "STANDARD" },
  ] as const;
  return Array.from({ length: count }, (_, i) => {
    const shape = shapes[i % shapes.length]!;
    return { slug: `other-${i + 1}`, skus, seed: `other-${i + 1}`, ...shape };
  });
}

/** Ingests each dealer's feed (an upload) and runs Match → Benchmark → Insight for it. Returns listings stored. */
export async function seedOtherDealers(db: Db, others: readonly OtherDealer[]): Promise<number> {
  let listings = 0;
  for (const other of others) {
    const t0 = performance.now();
    const dealer = await findOrCreateDealer(db.sql, { slug: other.slug, plan: other.plan });
    const fileName = `${other.slug}.${other.format}`;
    const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { fileName }, format: other.format });
    const text = generateFeed({ skus: other.skus, format: other.format, family: other.family, seed: other.seed }).text;
    await storeUpload(db.sql, { feedId: feed.id, fileName, content: Buffer.from(text, "utf8") });
    const ingest = await ingestFeed(db, { feedId: feed.id, trigger: "CLI" });
    await runDownstream(db, { runId: ingest.runId, dealerId: dealer.id, firstRun: true });
    listings += ingest.stage?.records ?? 0;
    progress(`  seeded ${other.slug}: ${other.skus} listings (${other.format}/${other.family}) in ${Math.round(performance.now() - t0)} ms`);
  }
  return listings;
}
