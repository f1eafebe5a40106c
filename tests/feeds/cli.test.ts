import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffFeeds } from "../../lib/feeds/generate";
import { parseFeed } from "../../lib/feeds/parse";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "tests/fixtures/feeds");
const RECORD_FIELDS = ["sku", "upc", "title", "price", "inStock", "brand", "caliber", "grainWeight", "roundCount", "bulletType", "caseType", "url", "pricePerRound"];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/pipeline.ts <args>` the way `npm run pipeline --` does (tsx), without npm's overhead. */
async function pipeline(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/pipeline.ts", ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "feed-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pipeline generate-feed / parse", () => {
  it("generates a feed to a file and parses it back to one JSON object", async () => {
    const file = path.join(dir, "gunengine.json");
    const generated = await pipeline("generate-feed", "--skus", "300", "--format", "json", "--family", "gunengine", "--seed", "3", "--out", file);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toBe("");
    expect(generated.stderr).toMatch(/300 listings, json\/gunengine, seed 3/);

    const parsed = await pipeline("parse", file);
    expect(parsed.code).toBe(0);
    const output = JSON.parse(parsed.stdout) as { format: string; family: string; records: Array<Record<string, unknown>>; quarantined: unknown[] };
    expect(Object.keys(output)).toEqual(["format", "family", "records", "quarantined"]);
    expect([output.format, output.family]).toEqual(["json", "gunengine"]);
    expect(output.records).toHaveLength(300);
    for (const record of output.records) expect(Object.keys(record)).toEqual(RECORD_FIELDS);
    expect(output.quarantined).toEqual([]);
    expect(output.records).toEqual((await parseFeed(await readFile(file))).records);
  });

  it("mutates a previous feed: same format, about change-rate of listings changed", async () => {
    const base = path.join(dir, "base.csv");
    expect((await pipeline("generate-feed", "--skus", "1000", "--format", "csv", "--seed", "8", "--out", base)).code).toBe(0);
    const next = await pipeline("generate-feed", "--mutate", base, "--change-rate", "0.02", "--seed", "9");
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/from 1000 listings .*changes: .*PRICE_CHANGE \d+/);
    const before = await parseFeed(await readFile(base));
    const after = await parseFeed(next.stdout);
    expect(after.format).toBe("csv");
    expect(diffFeeds(before.records, after.records)).toHaveLength(20);
  });

  it("prints quarantined rows as { row, reason } and honours --format", async () => {
    const parsed = await pipeline("parse", path.join(FIXTURES, "ammoseek-messy.csv"), "--format", "csv");
    expect(parsed.code).toBe(0);
    const output = JSON.parse(parsed.stdout) as { records: unknown[]; quarantined: unknown[] };
    expect(output.records).toHaveLength(4);
    expect(output.quarantined).toEqual([{ row: 4, reason: "negative price: -12.00" }]);
  });

  it("fails with a clear message and exit 1 for an unreadable feed", async () => {
    const empty = path.join(dir, "empty.csv");
    await writeFile(empty, "   \n");
    const parsed = await pipeline("parse", empty);
    expect(parsed.code).toBe(1);
    expect(parsed.stdout).toBe("");
    expect(parsed.stderr).toMatch(/empty\.csv: feed unreadable: feed is empty/);

    const missing = await pipeline("parse", path.join(dir, "nope.xml"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.xml: no such file/);
  });

  it("rejects bad arguments with usage and exit 2", async () => {
    expect((await pipeline("parse")).code).toBe(2);
    const badFormat = await pipeline("generate-feed", "--skus", "10", "--format", "yaml");
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be one of csv, json, xml/);
  });
});
