/** `npm run pipeline -- ingest`, as a separate process on its own embedded database. */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDb } from "@/lib/db";
import { freshDataDir } from "../support/db";
import { feed, nextFeed } from "./helpers";

const run = promisify(execFile);
let dataDir: string;
let workDir: string;

beforeAll(async () => {
  dataDir = await freshDataDir();
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "ingest-cli-"));
});
afterAll(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/pipeline.ts", "ingest", ...args], {
      env: { ...process.env, PIPELINE_DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("creates the dealer and its upload feed, ingests with progress, prints the record; then skips; fails clearly", async () => {
  const file = path.join(workDir, "catalogue.csv");
  const v1 = feed(250, "csv", "ammoseek", "cli");
  await fs.writeFile(file, v1.text);

  const first = await cli("--dealer", "cli-ammo", "--plan", "pro", "--json", file);
  expect(first.code).toBe(0);
  const lines = first.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const record = JSON.parse(lines[0]!);
  // A new dealer's listings are written by the parse step, in one COPY: no write batches.
  expect(record).toMatchObject({ asset: "FEED_INGEST", status: "SUCCEEDED", created: 250, updated: 0, metadata: { format: "csv", family: "ammoseek", batches: 0 } });
  expect(first.stderr).toContain("ingest cli-ammo (new dealer), new upload feed");
  expect(first.stderr).toContain("250 new listings written (the dealer's first)");
  for (const stage of ["fetch", "parse", "plan", "finalize"]) expect(first.stderr).toContain(`  ${stage}`);
  expect(first.stderr).not.toContain("  write ");

  const second = await cli("--dealer", "cli-ammo", file);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^cli-ammo: SKIPPED in [\d.]+ s: the feed is unchanged, 250 listings confirmed\n$/);

  // With --batch-size the next change is staged and written in batches of that size.
  await fs.writeFile(file, nextFeed(v1.records, { changeRate: 1 }).text);
  const changed = await cli("--dealer", "cli-ammo", "--batch-size", "100", "--json", file);
  expect(changed.code).toBe(0);
  expect(JSON.parse(changed.stdout.trim())).toMatchObject({ status: "SUCCEEDED", created: 0, updated: 250, metadata: { batches: 3 } });
  for (const stage of ["write    batch 1/3", "write    batch 3/3"]) expect(changed.stderr).toContain(`  ${stage}`);

  await fs.writeFile(file, "");
  const broken = await cli("--dealer", "cli-ammo", file);
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(/ingest: cannot read the feed: .*empty/);

  const usage = await cli("--plan", "GOLD", file);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("usage: npm run pipeline -- ingest");

  const db = await openDb({ kind: "pglite", dataDir });
  try {
    expect(await db.sql.query(`SELECT slug, plan::text AS plan FROM "Dealer"`)).toEqual([{ slug: "cli-ammo", plan: "PRO" }]);
    expect(await db.sql.query(`SELECT source::text AS source, "fileName", status::text AS status FROM "Feed"`)).toEqual([
      { source: "UPLOAD", fileName: "catalogue.csv", status: "FAILED" },
    ]);
    expect(await db.sql.query(`SELECT trigger::text AS trigger, status::text AS status, skipped FROM "Run" ORDER BY "queuedAt"`)).toEqual([
      { trigger: "CLI", status: "SUCCEEDED", skipped: false },
      { trigger: "CLI", status: "SUCCEEDED", skipped: true },
      { trigger: "CLI", status: "SUCCEEDED", skipped: false },
      { trigger: "CLI", status: "FAILED", skipped: false },
    ]);
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "isActive"`)).toEqual([{ n: 250 }]);
  } finally {
    await db.close();
  }
}, 180_000);
