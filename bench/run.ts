/**
 * `npm run bench [-- --quick | options]`: the pipeline's benchmarks. Each scenario runs in its own worker
 * process on a fresh database (embedded PGlite by default, DATABASE_URL when set); progress goes to stderr,
 * the tables to stdout, every figure to bench/results.json. See bench/config.ts for the options.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { modesFor, parseConfig, USAGE, type BenchConfig } from "./config";
import { judgeGoals } from "./goals";
import { renderReport } from "./report";
import { scenarioLabel } from "./scenarios";
import { runInWorker } from "./support/child";
import { defaultOtherDealers } from "./support/dealers";
import { resolveDbTarget, type DbTarget } from "@/lib/db/config";
import { buildTemplate, removeDir } from "./support/database";
import { cachedDir, templateKey } from "./support/template-cache";
import { machineInfo } from "./support/machine";
import { loadAverage, progress } from "./support/progress";
import type { BenchResults, DbSpec, ScenarioResult, ScenarioSpec } from "./types";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

interface Plan {
  /** Scenarios, in order; `seeded` ones start from the database with the other dealers in it. */
  specs: Array<{ spec: (db: (seeded: boolean) => DbSpec) => ScenarioSpec; seeded: boolean }>;
}

function plan(config: BenchConfig): Plan {
  const specs: Plan["specs"] = [];
  const has = (g: BenchConfig["only"][number]) => config.only.includes(g);
  if (has("pipeline")) {
    for (const skus of config.sizes) {
      for (const mode of modesFor(config, skus)) specs.push({ seeded: true, spec: (db) => ({ kind: "pipeline", skus, mode, db: db(true) }) });
    }
  }
  if (has("write")) {
    for (const rows of config.writeRows) {
      const naive = config.naive && rows <= config.naiveMaxRows;
      specs.push({ seeded: true, spec: (db) => ({ kind: "write", rows, reps: config.writeReps, naive, db: db(true) }) });
    }
  }
  if (has("fleet")) {
    specs.push({
      seeded: false,
      spec: (db) => ({ kind: "fleet", dealers: config.fleetDealers, avgSkus: config.fleetAvgSkus, maxParallel: config.maxParallel, db: db(false) }),
    });
  }
  if (has("embeddings")) {
    specs.push({
      seeded: false,
      spec: () => ({ kind: "embeddings", products: config.embeddings, localSample: config.localSample, targetSeconds: config.embeddingsSeconds }),
    });
  }
  return { specs };
}

const pageCacheOf = (target: DbTarget) => (target.kind === "pglite" ? (target.sharedBuffers ?? null) : null);

function commandLine(args: string[]): string {
  return `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
}

async function main(args: string[]): Promise<number> {
  let config: BenchConfig;
  try {
    const parsed = parseConfig(args);
    if ("help" in parsed) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    config = parsed;
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const postgres = Boolean(process.env.DATABASE_URL?.trim());
  if (postgres && !config.resetDatabase) {
    process.stderr.write(
      "bench: DATABASE_URL is set. The bench empties the pipeline's tables before every scenario; " +
        "run it only against a scratch database, with --reset-database (or BENCH_RESET_DATABASE=1).\n",
    );
    return 2;
  }

  const loadAtStart = loadAverage();
  const date = new Date().toISOString();
  progress(`${commandLine(args)} on ${postgres ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}; load average ${loadAtStart}, ${os.availableParallelism()} cores`);
  const work = path.join(BENCH_DIR, "tmp", `run-${process.pid}`);
  await fs.mkdir(work, { recursive: true });
  if (config.sqlProfile) process.env.BENCH_SQL_PROFILE = "1";
  if (config.cpuProf) process.env.BENCH_CPU_PROFILE = "1";

  const others = defaultOtherDealers(config.otherSkus, config.others);
  const { specs } = plan(config);
  const results: Omit<BenchResults, "goals"> = {
    date,
    command: commandLine(args),
    quick: config.quick,
    database: postgres ? "postgres" : "pglite",
    pageCache: pageCacheOf(resolveDbTarget()),
    machine: machineInfo(loadAtStart),
    scenarioLoad: [],
    pipeline: [],
    write: [],
    fleet: null,
    embeddings: null,
    errors: [],
  };

  const run = async (spec: ScenarioSpec): Promise<ScenarioResult | null> => {
    const label = scenarioLabel(spec);
    const load = loadAverage();
    const t0 = performance.now();
    progress(`▶ ${label} (load ${load})`);
    try {
      const result = await runInWorker(spec);
      const ms = Math.round(performance.now() - t0);
      results.scenarioLoad.push({ scenario: label, load, ms });
      progress(`✔ ${label} in ${(ms / 1000).toFixed(1)} s`);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.errors.push({ scenario: label, error: message });
      progress(`✘ ${label}: ${message}`);
      return null;
    }
  };

  try {
    let template = "";
    let seeded = "";
    if (!postgres && specs.length > 0) {
      const t0 = performance.now();
      const cache = config.cache ? path.join(BENCH_DIR, "tmp", "cache") : path.join(work, "cache");
      const built = await cachedDir(cache, "template", await templateKey("migrated"), buildTemplate);
      template = built.dir;
      progress(`migrated template database ${built.hit ? "from the cache" : "built"} in ${Math.round(performance.now() - t0)} ms`);
      if (specs.some((s) => s.seeded)) {
        const seededDir = await cachedDir(cache, "seeded", await templateKey({ others }), async (outDir) => {
          if (!(await run({ kind: "seed", templateDir: template, outDir, others }))) throw new Error("could not seed the other dealers");
        });
        seeded = seededDir.dir;
        if (seededDir.hit) progress(`other dealers' market (${others.length} × ${config.otherSkus} listings) from the cache`);
      }
    }
    let n = 0;
    for (const { spec } of specs) {
      const db = (withOthers: boolean): DbSpec =>
        postgres
          ? { kind: "postgres", seedOthers: withOthers ? others : [] }
          : { kind: "pglite", templateDir: withOthers ? seeded : template, workDir: path.join(work, `scenario-${++n}`) };
      const result = await run(spec(db));
      if (!result) continue;
      if (result.kind === "pipeline") results.pipeline.push(result.result);
      else if (result.kind === "write") results.write.push(result.result);
      else if (result.kind === "fleet") results.fleet = result.result;
      else if (result.kind === "embeddings") results.embeddings = result.result;
    }
  } finally {
    await removeDir(work);
  }

  results.machine.loadAtEnd = loadAverage();
  const full: BenchResults = { ...results, goals: judgeGoals(results) };
  const out = path.resolve(config.out);
  await fs.mkdir(path.dirname(out), { recursive: true });
  await fs.writeFile(out, `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(renderReport(full));
  progress(`results written to ${path.relative(process.cwd(), out)}`);
  return results.errors.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
