/**
 * What the bench measures and writes to bench/results.json. Every figure of the printed table lives here;
 * times are milliseconds, memory megabytes (MiB).
 */
import type { PlanName } from "@/inngest/events";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";

/** Where a scenario's database lives: a fresh copy of a PGlite template directory, or DATABASE_URL reset. */
export type DbSpec =
  | { kind: "pglite"; templateDir: string; workDir: string }
  | { kind: "postgres"; seedOthers: readonly OtherDealer[] };

/** A dealer present before a scenario starts (seeded, not timed): benchmarks need several sellers. */
export interface OtherDealer {
  slug: string;
  skus: number;
  seed: string;
  plan: PlanName;
  format: FeedFormat;
  family: FeedFamily;
}

export type PipelineMode = "direct" | "executor";

export type ScenarioSpec =
  | { kind: "seed"; templateDir: string; outDir: string; others: readonly OtherDealer[] }
  | { kind: "pipeline"; skus: number; mode: PipelineMode; db: DbSpec }
  | { kind: "write"; rows: number; reps: number; naive: boolean; db: DbSpec }
  | { kind: "fleet"; dealers: number; avgSkus: number; maxParallel: number; db: DbSpec }
  | { kind: "embeddings"; products: number; localSample: number; targetSeconds: number };

export type ScenarioResult =
  | { kind: "seed"; others: number; listings: number; ms: number }
  | { kind: "pipeline"; result: PipelineScenarioResult }
  | { kind: "write"; result: WriteScenarioResult }
  | { kind: "fleet"; result: FleetScenarioResult }
  | { kind: "embeddings"; result: EmbeddingsScenarioResult };

export interface MemoryPeak {
  /** Highest process RSS sampled during the window (every 20 ms). */
  rssMb: number;
  /** Highest V8 heapUsed sampled during the window. */
  heapMb: number;
}

/** Milliseconds per stage. Ingest is fetch + parse + diff + write + finalize. */
export interface StageTimes {
  fetch: number;
  parse: number;
  diff: number;
  write: number;
  finalize: number;
  match: number;
  benchmark: number;
  insight: number;
  /** Run bookkeeping and, through the executor, scheduling, step dispatch and memoisation: total − Σ stages. */
  other: number;
}

export type RunKind = "first" | "unchanged" | "changed";

export interface PipelineRunResult {
  run: RunKind;
  /** Trigger to last stage's end. Through the executor: Run.durationMs (queuedAt → end), as the dashboard reports it. */
  totalMs: number;
  /** Through the executor: from the call that triggers the run to the executor being idle again. */
  wallMs: number;
  /** Through the executor: Run.queueWaitMs. */
  queueWaitMs: number | null;
  stages: StageTimes;
  skipped: boolean;
  records: number;
  created: number;
  changed: number;
  unchanged: number;
  /** Listings the ingest did not rewrite, over listings in the feed (1 for a skipped, unchanged feed). */
  skipRatio: number;
  skusPerSecond: number;
  memory: MemoryPeak;
  /** totalMs / the tier's target (0.03: 3% of the target). */
  targetShare: number;
  /** How many times the run fits inside its target (target / total). */
  timesInsideTarget: number;
  downstream: { touchedCanonical: number; benchmarked: number; insights: number } | null;
  /** Totals of every repetition (re-polls run 3 times; this result is the one with the median total). */
  samples: number[];
}

export interface PipelineScenarioResult {
  skus: number;
  tier: string;
  targetMs: number;
  mode: PipelineMode;
  otherDealers: number;
  otherListings: number;
  runs: PipelineRunResult[];
  /** Highest RSS of the whole worker process (set-up included), from process.resourceUsage(). */
  processMaxRssMb: number;
}

export type WriteCaseName = "first ingest (all new)" | "1% changed" | "all changed";

export interface WriteCaseResult {
  case: WriteCaseName;
  rows: number;
  /** Rows the write actually inserted or updated. */
  written: number;
  /** The seed's current path, one Prisma upsert per record in sequence (the goals' naive path); null when not run. */
  upsertMs: number | null;
  /** The batch path the seed's §1.3 proposes (findMany, createMany, $transaction of per-row updates); null when not run. */
  batchMs: number | null;
  batchDetail: { findMs: number; createMs: number; updateMs: number } | null;
  /**
   * Median over reps of the ingest's own write path: COPY (into staging; a first ingest's straight into DealerSku,
   * in the parse step's transaction) + plan + write batches + finalize.
   */
  oursMs: number;
  oursSamples: number[];
  oursDetail: { copyMs: number; planMs: number; writeMs: number; finalizeMs: number };
  /** Median over reps of COPY of the same rows into an empty UNLOGGED table. */
  floorMs: number;
  floorSamples: number[];
  /** Median COPY of the same rows into an empty UNLOGGED copy of DealerSku with its indexes (index upkeep included). */
  indexedFloorMs: number;
  upsertOverOurs: number | null;
  batchOverOurs: number | null;
  oursOverFloor: number;
}

export interface WriteScenarioResult {
  rows: number;
  reps: number;
  cases: WriteCaseResult[];
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface FleetPhaseResult {
  wallMs: number;
  runs: number;
  succeeded: number;
  skipped: number;
  failed: number;
  listings: number;
  /** Run.queueWaitMs per plan. */
  queueWaitByPlan: Partial<Record<PlanName, Percentiles>>;
  /** Run.durationMs per plan (queued → end). */
  durationByPlan: Partial<Record<PlanName, Percentiles>>;
  /** process.cpuUsage (user + system) over wall: 1.0 = one core busy all the time. */
  cpuShare: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  memory: MemoryPeak;
}

export interface FleetScenarioResult {
  dealers: number;
  avgSkus: number;
  totalSkus: number;
  byTier: Record<string, number>;
  byPlan: Partial<Record<PlanName, number>>;
  maxParallel: number;
  concurrency: { ingest: number; match: number; benchmark: number; insight: number };
  /** Generating the 100 feeds (not the pipeline's work). */
  generateMs: number;
  /** Onboarding every dealer: each one's first run, through the executor. */
  initialLoad: FleetPhaseResult;
  /** One poll each, about 1% of listings changed, fanned out by the scheduler. */
  cycle: FleetPhaseResult;
  changedListings: number;
  processMaxRssMb: number;
}

export interface EmbeddingsScenarioResult {
  openai: {
    products: number;
    rpm: number;
    tpm: number;
    windowMs: number;
    elapsedMs: number;
    /** The fastest any client could finish under these limits (full initial budget, then the refill rate). */
    floorMs: number;
    /** floorMs / elapsedMs: the share of what the limits allow that was achieved. */
    shareOfLimit: number;
    requests: number;
    tokens: number;
    achievedRpm: number;
    achievedTpm: number;
    rateLimited429: number;
    serverRateLimited429: number;
    retries: number;
    failed: number;
  };
  local: {
    model: string;
    sample: number;
    loadMs: number;
    elapsedMs: number;
    textsPerSecond: number;
  };
}

export interface Goal {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memTotalGb: number;
  node: string;
  platform: string;
  /** 1-minute load averages. */
  loadAtStart: number;
  loadAtEnd: number;
}

export interface BenchResults {
  date: string;
  command: string;
  quick: boolean;
  database: "pglite" | "postgres";
  /** The embedded database's shared_buffers (PIPELINE_PGLITE_SHARED_BUFFERS or the default); null on PostgreSQL. */
  pageCache: string | null;
  machine: MachineInfo;
  /** Load average (1 min) when each scenario started: contention from other work on the machine. */
  scenarioLoad: Array<{ scenario: string; load: number; ms: number }>;
  pipeline: PipelineScenarioResult[];
  write: WriteScenarioResult[];
  fleet: FleetScenarioResult | null;
  embeddings: EmbeddingsScenarioResult | null;
  goals: Goal[];
  /** Scenarios that failed, with their error: the rest of the bench still ran. */
  errors: Array<{ scenario: string; error: string }>;
}
