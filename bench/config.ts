/** The bench's command line (node:util parseArgs) and the two presets, full and --quick. Pure. */
import { parseArgs } from "node:util";
import type { PipelineMode } from "./types";

export type ScenarioGroup = "pipeline" | "write" | "fleet" | "embeddings";
const GROUPS: readonly ScenarioGroup[] = ["pipeline", "write", "fleet", "embeddings"];

export interface BenchConfig {
  quick: boolean;
  only: ScenarioGroup[];
  /** Tier sizes for the full-pipeline scenarios, each run with the stage functions called directly. */
  sizes: number[];
  /** Sizes also run through the orchestrator and embedded executor. */
  executorSizes: number[];
  others: number;
  otherSkus: number;
  writeRows: number[];
  writeReps: number;
  /** Run the seed's write paths too (the slow ones: one upsert per record, and §1.3's batch). */
  naive: boolean;
  /** The seed's paths run only up to this many rows (they take seconds per thousand rows). */
  naiveMaxRows: number;
  fleetDealers: number;
  fleetAvgSkus: number;
  maxParallel: number;
  embeddings: number;
  embeddingsSeconds: number;
  localSample: number;
  out: string;
  cpuProf: boolean;
  sqlProfile: boolean;
  /** Reuse the migrated and seeded template databases from bench/tmp/cache when their sources are unchanged. */
  cache: boolean;
  resetDatabase: boolean;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick                  a reduced set in under two minutes (sizes 150/800/5,000, 5,000 also through the executor,
                           1,000-row write comparison, fleet of 10 dealers × ~1,000 SKUs, 1,000 embeddings)
  --only <groups>          comma-separated: pipeline,write,fleet,embeddings (default: all)
  --sizes <n,...>          tier sizes for full pipeline runs (default 150,800,3000,5000,10000)
  --executor-sizes <n,...> sizes also run through the embedded executor (default: every size; quick: 5000; none)
  --others <n>             other dealers in the market first (default 4) --other-skus <n> (default 3000)
  --write-rows <n,...>     rows for the ingest-write comparison (default 5000,10000; quick 1000)
  --write-reps <n>         repetitions of ours and the floor (median; default 5; the seed's paths run once)
  --no-naive               skip the seed's write paths (upsert per record, §1.3 batch)   --naive-max-rows <n> (default 10000)
  --fleet-dealers <n>      dealers in the fleet cycle (default 100; quick 10)  --fleet-avg <n> (default 3000; quick 1000)
  --max-parallel <n>       executor calls in flight (default 8, as the embedded runtime)
  --embeddings <n>         products to embed (default 5000; quick 1000) --embeddings-seconds <s> (default 10)
  --local-sample <n>       texts for the local model's texts/s (default 200; quick 64)
  --out <file>             results file (default bench/results.json)
  --cpu-prof               a V8 CPU profile of every measured run/phase in bench/tmp/profiles (bench/cpu-profile.ts sums it up)
  --sql-profile            time every SQL statement by call site; top 20 per run on stderr, all in bench/tmp/profiles
  --no-cache               rebuild the template databases (cached in bench/tmp/cache, keyed by a hash of migrations,
                           lib/, inngest/ and the seeding code)
  --reset-database         with DATABASE_URL: allow the bench to empty the pipeline's tables (required)`;

function list(value: string | undefined, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  if (value.trim() === "" || value.trim() === "none") return [];
  const out = value.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (out.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`expected positive integers, got "${value}"`);
  return out;
}

function int(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function parseConfig(args: string[]): BenchConfig | { help: true } {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: "boolean" },
      only: { type: "string" },
      sizes: { type: "string" },
      "executor-sizes": { type: "string" },
      others: { type: "string" },
      "other-skus": { type: "string" },
      "write-rows": { type: "string" },
      "write-reps": { type: "string" },
      "no-naive": { type: "boolean" },
      "naive-max-rows": { type: "string" },
      "fleet-dealers": { type: "string" },
      "fleet-avg": { type: "string" },
      "max-parallel": { type: "string" },
      embeddings: { type: "string" },
      "embeddings-seconds": { type: "string" },
      "local-sample": { type: "string" },
      out: { type: "string" },
      "cpu-prof": { type: "boolean" },
      "sql-profile": { type: "boolean" },
      "no-cache": { type: "boolean" },
      "reset-database": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  const quick = values.quick ?? false;
  const only = values.only === undefined ? [...GROUPS] : values.only.split(",").map((s) => s.trim());
  for (const group of only) if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`unknown group "${group}" (${GROUPS.join(", ")})`);
  const sizes = list(values.sizes, quick ? [150, 800, 5_000] : [150, 800, 3_000, 5_000, 10_000]);
  return {
    quick,
    only: only as ScenarioGroup[],
    sizes,
    executorSizes: list(values["executor-sizes"], quick ? [5_000] : sizes),
    others: int(values.others, 4, "others", 0),
    otherSkus: int(values["other-skus"], 3_000, "other-skus"),
    writeRows: list(values["write-rows"], quick ? [1_000] : [5_000, 10_000]),
    writeReps: int(values["write-reps"], quick ? 2 : 5, "write-reps"),
    naive: !(values["no-naive"] ?? false),
    naiveMaxRows: int(values["naive-max-rows"], 10_000, "naive-max-rows"),
    fleetDealers: int(values["fleet-dealers"], quick ? 10 : 100, "fleet-dealers"),
    fleetAvgSkus: int(values["fleet-avg"], quick ? 1_000 : 3_000, "fleet-avg"),
    maxParallel: int(values["max-parallel"], 8, "max-parallel"),
    embeddings: int(values.embeddings, quick ? 1_000 : 5_000, "embeddings"),
    embeddingsSeconds: int(values["embeddings-seconds"], quick ? 4 : 10, "embeddings-seconds"),
    localSample: int(values["local-sample"], quick ? 64 : 200, "local-sample"),
    out: values.out ?? "bench/results.json",
    cpuProf: values["cpu-prof"] ?? false,
    sqlProfile: values["sql-profile"] ?? false,
    cache: !(values["no-cache"] ?? false),
    resetDatabase: values["reset-database"] ?? process.env.BENCH_RESET_DATABASE === "1",
  };
}

/** Modes each size runs in. */
export function modesFor(config: BenchConfig, size: number): PipelineMode[] {
  return config.executorSizes.includes(size) ? ["direct", "executor"] : ["direct"];
}
