import { describe, expect, it } from "vitest";
import { CALIBER_SPECS, diffFeeds, generateFeed, mutateListings, streamFeed } from "../../lib/feeds/generate";
import { contentHash, identityKey } from "../../lib/feeds/identity";
import { parseFeed } from "../../lib/feeds/parse";
import type { FeedRecord } from "../../lib/feeds/types";

const sortChanges = (changes: Array<{ identity: string; kind: string }>) =>
  [...changes].sort((a, b) => a.identity.localeCompare(b.identity));

/**
 * CPU milliseconds of the fastest of a few runs: the cost of the code itself, not of whatever
 * else shares the machine's two cores while the suite runs.
 */
async function fastestCpuMs(runs: number, work: () => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i += 1) {
    const started = process.cpuUsage();
    await work();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe("generateFeed", () => {
  it("is deterministic from the seed", () => {
    const a = generateFeed({ skus: 300, format: "json", family: "gunengine", seed: 11 });
    const b = generateFeed({ skus: 300, format: "json", family: "gunengine", seed: 11 });
    const c = generateFeed({ skus: 300, format: "json", family: "gunengine", seed: 12 });
    expect(b.text).toBe(a.text);
    expect(c.text).not.toBe(a.text);
    expect(c.records.map(identityKey)).not.toEqual(a.records.map(identityKey));
  });

  it("a longer feed with the same seed starts with the same listings", () => {
    const short = generateFeed({ skus: 50, format: "csv", seed: 5 });
    const long = generateFeed({ skus: 500, format: "csv", seed: 5 });
    expect(long.records.slice(0, 50)).toEqual(short.records);
  });

  it("writes real market data: known calibers, grains, pack sizes, prices per round in range", () => {
    const { records } = generateFeed({ skus: 5000, format: "csv", seed: 21 });
    const specs = new Map(CALIBER_SPECS.map((spec) => [spec.caliber, spec]));
    const calibers = new Set<string>();
    for (const record of records) {
      const spec = specs.get(record.caliber ?? "");
      expect(spec, record.title).toBeDefined();
      if (!spec || record.pricePerRound === null) throw new Error(`unexpected ${record.title}`);
      calibers.add(spec.caliber);
      if (spec.grains.length > 0) expect(spec.grains).toContain(record.grainWeight);
      expect(spec.packs).toContain(record.roundCount);
      const [min, max] = spec.pricePerRound;
      expect(record.pricePerRound).toBeGreaterThanOrEqual(min - 0.01);
      expect(record.pricePerRound).toBeLessThanOrEqual(max + 0.01);
      expect(record.brand).not.toBeNull();
      expect(record.bulletType).not.toBeNull();
    }
    expect(calibers.size).toBeGreaterThanOrEqual(20);
    expect(new Set(records.map((r) => r.brand)).size).toBeGreaterThanOrEqual(20);
    const nineMm = records.filter((r) => r.caliber === "9mm").map((r) => r.pricePerRound ?? 0);
    expect(Math.min(...nineMm)).toBeGreaterThanOrEqual(0.21);
    expect(Math.max(...nineMm)).toBeLessThanOrEqual(0.46);
  });

  it("writes cells the messy ways dealers do", () => {
    const { text } = generateFeed({ skus: 2000, format: "csv", family: "ammoseek", seed: 4 });
    const lines = text.split("\n");
    expect(lines[0]).toBe("upc,title,price,link,in_stock,brand,caliber,grain,case_type,bullet_type,rounds,sku");
    expect(text).toMatch(/,\$\d+\.\d\d,/); // dollar signs
    expect(text).toMatch(/\n\d{11},/); // UPC that lost its leading zero
    expect(text).toMatch(/<b>\w+<\/b>/); // HTML in titles
    expect(text).toMatch(/&amp;/);
    expect(text).toMatch(/,(?:Y|N|true|false|1|0),/); // stock flags
    expect(text).toMatch(/"\s{2}\S/); // extra spaces
    const gunengine = generateFeed({ skus: 500, format: "csv", family: "gunengine", seed: 4 }).text;
    expect(gunengine).toMatch(/,(?:backorder|sold out|out_of_stock),/);
  });

  it("10,000 listings generate and parse well under a second each", async () => {
    generateFeed({ skus: 1000, format: "csv", seed: 0 }); // warm-up
    await parseFeed(generateFeed({ skus: 1000, format: "csv", seed: 0 }).text);
    let feed = generateFeed({ skus: 10_000, format: "csv", seed: 1 });
    const generateMs = await fastestCpuMs(3, () => {
      feed = generateFeed({ skus: 10_000, format: "csv", seed: 1 });
    });
    const parseMs = await fastestCpuMs(3, () => parseFeed(feed.text));
    console.info(`10k listings: generate ${generateMs.toFixed(0)} ms, parse ${parseMs.toFixed(0)} ms (CPU)`);
    expect(generateMs).toBeLessThan(600);
    expect(parseMs).toBeLessThan(1000);
  });

  it("streams a feed lazily in chunks", () => {
    const chunks = [...streamFeed({ skus: 1000, format: "xml", family: "generic", seed: 2 })];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join("")).toBe(generateFeed({ skus: 1000, format: "xml", family: "generic", seed: 2 }).text);
  });
});

describe("mutation", () => {
  it("changes about changeRate of the listings, mostly prices, and reports exactly what changed", async () => {
    const base = generateFeed({ skus: 10_000, format: "csv", family: "gunengine", seed: 31 });
    const next = generateFeed({ format: "csv", family: "gunengine", seed: 32, mutateFrom: base.records, changeRate: 0.01 });
    expect(next.changes).toHaveLength(100);
    const kinds = new Map<string, number>();
    for (const change of next.changes) kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
    expect(kinds.get("PRICE_CHANGE")).toBeGreaterThan(50);
    expect(kinds.get("STOCK_CHANGE")).toBeGreaterThan(5);
    expect(kinds.get("ATTRIBUTE_CHANGE")).toBeGreaterThan(0);
    expect(kinds.has("CREATED") || kinds.has("VANISHED")).toBe(false);

    // What the parser sees of the two files agrees with the reported changes.
    const [before, after] = await Promise.all([parseFeed(base.text), parseFeed(next.text)]);
    expect(sortChanges(diffFeeds(before.records, after.records))).toEqual(sortChanges(next.changes));

    // Unchanged listings keep identity and content hash, and even their bytes.
    const changed = new Set(next.changes.map((change) => change.identity));
    const beforeByIdentity = new Map(before.records.map((r) => [identityKey(r), r]));
    let unchanged = 0;
    for (const record of after.records) {
      if (changed.has(identityKey(record))) continue;
      const old = beforeByIdentity.get(identityKey(record)) as FeedRecord;
      expect(contentHash(record)).toBe(contentHash(old));
      unchanged += 1;
    }
    expect(unchanged).toBe(9900);
    const baseLines = new Set(base.text.split("\n"));
    const sameLines = next.text.split("\n").filter((line) => baseLines.has(line)).length;
    expect(sameLines).toBeGreaterThanOrEqual(9900);
  });

  it("can drop and add listings, and is deterministic", () => {
    const base = generateFeed({ skus: 2000, format: "json", seed: 41 });
    const opts = { seed: 42, changeRate: 0.02, vanishRate: 0.01, newRate: 0.005 };
    const a = mutateListings(base.records, opts);
    const b = mutateListings(base.records, opts);
    expect(b).toEqual(a);
    const count = (kind: string) => a.changes.filter((c) => c.kind === kind).length;
    expect(count("VANISHED")).toBe(20);
    expect(count("CREATED")).toBe(10);
    expect(a.records).toHaveLength(2000 - 20 + 10);
    expect(sortChanges(diffFeeds(base.records, a.records))).toEqual(sortChanges(a.changes));
    const baseIds = new Set(base.records.map(identityKey));
    for (const change of a.changes.filter((c) => c.kind === "CREATED")) expect(baseIds.has(change.identity)).toBe(false);
  });

  it("price changes keep identity; every changed listing differs in content hash", () => {
    const base = generateFeed({ skus: 1000, format: "xml", seed: 51 });
    const { records, changes } = mutateListings(base.records, { seed: 52, changeRate: 0.1 });
    const before = new Map(base.records.map((r) => [identityKey(r), r]));
    for (const change of changes) {
      const now = records.find((r) => identityKey(r) === change.identity);
      const old = before.get(change.identity);
      expect(now && old && contentHash(now) !== contentHash(old)).toBe(true);
      if (change.kind === "PRICE_CHANGE") expect(now?.price).not.toBe(old?.price);
    }
  });
});
