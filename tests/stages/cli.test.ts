import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db";
import { parseOptions, run, type Io } from "@/lib/cli/run";
import { freshDataDir } from "../support/db";
import { createCanonical, createDealer, putListings } from "./fixtures";

function captured(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

beforeAll(async () => {
  process.env.PIPELINE_DATA_DIR = await freshDataDir();
  const db = await getDb();
  await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
  for (const slug of ["b", "c"]) {
    const d = await createDealer(db, slug);
    await putListings(db, d, [{ key: "x", price: 14 }]);
  }
  const a = await createDealer(db, "a");
  await putListings(db, a, [{ key: "x", price: 18 }, { key: "gap", caliber: null, price: 10 }]);
  await closeDb();
});

describe("parseOptions", () => {
  it("reads the flags and refuses what it does not know", () => {
    expect(parseOptions(["--dealer", "a"])).toEqual({ slug: "a", stages: ["match", "benchmark", "insight"], full: false, json: false });
    expect(parseOptions(["--dealer", "a", "--stage", "benchmark", "--full", "--json"])).toEqual({
      slug: "a",
      stages: ["benchmark"],
      full: true,
      json: true,
    });
    expect(parseOptions([])).toEqual({ error: "--dealer <slug> is required" });
    expect(parseOptions(["--dealer", "a", "--stage", "ingest"])).toEqual({ error: 'unknown stage "ingest" (match, benchmark or insight)' });
    expect(parseOptions(["--dealer", "a", "--bogus"])).toHaveProperty("error");
  });
});

describe("npm run pipeline -- run", () => {
  it("runs the whole downstream pipeline for a dealer as a CLI run, with progress on stderr and a summary on stdout", async () => {
    for (const slug of ["b", "c"]) expect(await run(["--dealer", slug], captured())).toBe(0);
    const io = captured();
    expect(await run(["--dealer", "a"], io)).toBe(0);
    expect(io.stderr).toMatch(/^run [0-9a-f-]{36} for a \(first run\): match → benchmark → insight\n {2}match…\n/);
    expect(io.stdout).toMatch(/^Run [0-9a-f-]{36} \(a\) succeeded in \d+ ms\n/);
    expect(io.stdout).toContain("SKU Match: 0 HIGH, 1 MEDIUM, 0 LOW, 1 unmatched; 0 unchanged, 0 deactivated; 0 new canonical SKUs (0 new products); 1 SKUs to benchmark");
    expect(io.stdout).toContain("Benchmark (run): 1 SKUs — 1 HIGH, 0 MEDIUM, 0 NONE; 0 created, 1 updated, 0 unchanged; 0 outliers dropped");
    expect(io.stdout).toContain("Insight: 2 insights — 1 OVERPRICED, 0 UNDERPRICED, 0 STOCK_OPPORTUNITY, 1 ATTRIBUTE_GAP; 2 new");

    const db = await getDb();
    try {
      const [r] = await db.sql.query<Record<string, unknown>>(
        `SELECT r.*, r.trigger::text AS trigger, r.status::text AS status, d."firstRunAt"
         FROM "Run" r JOIN "Dealer" d ON d.id = r."dealerId" WHERE d.slug = 'a'`,
      );
      expect(r).toMatchObject({ trigger: "CLI", status: "SUCCEEDED", skuCount: 2, tier: "Hobbyist", currentStage: null });
      expect(r!.durationMs).toEqual(expect.any(Number));
      expect(r!.firstRunAt).toBeInstanceOf(Date);
      const assets = await db.sql.query<{ asset: string }>(
        `SELECT asset::text AS asset FROM "AssetMaterialization" WHERE "runId" = $1 ORDER BY "startedAt"`,
        [r!.id as string],
      );
      expect(assets.map((m) => m.asset)).toEqual(["SKU_MATCH", "BENCHMARK", "INSIGHT"]);
    } finally {
      await closeDb();
    }
  });

  it("--stage benchmark --json: one stage alone, the dealer's SKUs, materialisation records as JSON on stdout", async () => {
    const io = captured();
    expect(await run(["--dealer", "a", "--stage", "benchmark", "--json"], io)).toBe(0);
    const records = JSON.parse(io.stdout) as Array<Record<string, unknown>>;
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      asset: "BENCHMARK",
      status: "SUCCEEDED",
      created: 0,
      updated: 0,
      unchanged: 1,
      metadata: { targets: 1, targetKind: "dealer", confidence: { HIGH: 1, MEDIUM: 0, NONE: 0 }, outliersDropped: 0 },
    });
    expect(io.stderr).toContain("benchmark…");
  });

  it("refuses an unknown dealer or stage with exit code 2", async () => {
    const io = captured();
    expect(await run(["--dealer", "nobody"], io)).toBe(2);
    expect(io.stderr).toBe('run: no dealer with slug "nobody"\n');
    expect(await run(["--dealer", "a", "--stage", "x"], captured())).toBe(2);
  });

  it("works through the real dispatcher (npm run pipeline)", async () => {
    const { stdout } = await promisify(execFile)("npx", ["tsx", "scripts/pipeline.ts", "run", "--dealer", "a", "--stage", "insight", "--json"], {
      env: { ...process.env },
      cwd: process.cwd(),
    });
    const records = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(records.map((r) => [r.asset, r.unchanged])).toEqual([["INSIGHT", 2]]);
  }, 120_000);
});
