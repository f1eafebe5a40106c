/**
 * Pipeline runs through the orchestrator and the embedded executor (the real Inngest functions, their
 * concurrency limits and priorities), and what they recorded: Run, RunStep, AssetMaterialization.
 */
import { inngest } from "@/inngest/client";
import { DbStore } from "@/inngest/executor/db-store";
import { createExecutor, type Executor } from "@/inngest/executor/executor";
import type { Db } from "@/lib/db";
import type { StageTimes } from "../types";
import { emptyStages } from "./run-direct";

/**
 * The pipeline functions without `embeddings`: embedding is deferred work on its own queue (OpenAI calls in
 * production); here the local model would burn the same 2 cores the measured runs need. It is measured apart.
 * The queue and runs in flight live in the database, as in the embedded runtime (lib/runtime/embedded.ts).
 */
export async function startBenchExecutor(db: Db, maxParallel = 8): Promise<Executor> {
  const { functions } = await import("@/inngest/functions");
  const pipeline = functions.filter((fn) => fn.id() !== "embeddings");
  const store = new DbStore(db.sql);
  const executor = createExecutor({ client: inngest, functions: pipeline, crons: false, maxParallel, backoff: () => 250, store });
  await executor.start();
  return executor;
}

export interface RecordedRun {
  runId: string;
  status: string;
  skipped: boolean;
  durationMs: number;
  queueWaitMs: number | null;
  plan: string;
  skuCount: number | null;
  stages: StageTimes;
  ingest: { created: number; updated: number; unchanged: number; records: number } | null;
  downstream: { touchedCanonical: number; benchmarked: number; insights: number } | null;
}

const STEP_STAGE: Record<string, keyof StageTimes | undefined> = {
  "feed-ingest/fetch": "fetch",
  "feed-ingest/parse": "parse",
  "feed-ingest/diff": "diff",
  "feed-ingest/finalize": "finalize",
  "sku-match/match": "match",
  "benchmark/benchmark": "benchmark",
  "insight/insight": "insight",
};

/** What the run's functions recorded: its duration (trigger → end), queue wait, and each step's time. */
export async function recordedRun(db: Db, runId: string): Promise<RecordedRun> {
  const [run] = await db.sql.query<{ status: string; skipped: boolean; durationMs: number | null; queueWaitMs: number | null; plan: string; skuCount: number | null }>(
    `SELECT status::text AS status, skipped, "durationMs", "queueWaitMs", plan::text AS plan, "skuCount" FROM "Run" WHERE id = $1`,
    [runId],
  );
  if (!run) throw new Error(`no run ${runId}`);
  const steps = await db.sql.query<{ key: string; ms: number }>(
    `SELECT "functionId" || '/' || "stepId" AS key, extract(epoch FROM ("finishedAt" - "startedAt")) * 1000 AS ms
     FROM "RunStep" WHERE "runId" = $1 AND error IS NULL`,
    [runId],
  );
  const stages = emptyStages();
  let stepped = 0;
  for (const step of steps) {
    const ms = Number(step.ms);
    stepped += ms;
    const stage = step.key.startsWith("feed-ingest/write-batch-") ? "write" : STEP_STAGE[step.key];
    if (stage) stages[stage] += ms;
    else stages.other += ms;
  }
  const durationMs = run.durationMs ?? 0;
  stages.other += durationMs - stepped;

  const assets = await db.sql.query<{ asset: string; created: number; updated: number; unchanged: number; metadata: Record<string, unknown> }>(
    `SELECT asset::text AS asset, created, updated, unchanged, metadata FROM "AssetMaterialization" WHERE "runId" = $1`,
    [runId],
  );
  const byAsset = new Map(assets.map((a) => [a.asset, a]));
  const ingestRow = byAsset.get("FEED_INGEST");
  // A feed the fetch step parsed and wrote itself (no parse step): the step's time after its fetch is the parse's.
  const fetchMs = Number(ingestRow?.metadata.fetchMs ?? NaN);
  if (!steps.some((s) => s.key === "feed-ingest/parse") && stages.fetch > fetchMs) {
    stages.parse += stages.fetch - fetchMs;
    stages.fetch = fetchMs;
  }
  for (const key of Object.keys(stages) as Array<keyof StageTimes>) stages[key] = Math.round(stages[key]);
  const ingest = ingestRow
    ? {
        created: ingestRow.created,
        updated: ingestRow.updated,
        unchanged: ingestRow.unchanged,
        records: Number(ingestRow.metadata.records ?? ingestRow.created + ingestRow.updated + ingestRow.unchanged),
      }
    : null;
  const match = byAsset.get("SKU_MATCH");
  const benchmark = byAsset.get("BENCHMARK");
  const insight = byAsset.get("INSIGHT");
  const downstream =
    match && benchmark && insight
      ? {
          touchedCanonical: Number(match.metadata.touchedCanonical ?? 0),
          benchmarked: Number(benchmark.metadata.targets ?? 0),
          insights: Number(insight.metadata.total ?? 0),
        }
      : null;
  return { runId, status: run.status, skipped: run.skipped, durationMs, queueWaitMs: run.queueWaitMs, plan: run.plan, skuCount: run.skuCount, stages, ingest, downstream };
}
