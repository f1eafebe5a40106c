/**
 * One full pipeline run with the stage step functions called in sequence, exactly the steps (and run
 * bookkeeping) the Inngest functions perform, without the orchestrator in between: what the stages cost.
 */
import type { PlanName, RunTriggerName } from "@/inngest/events";
import type { Db } from "@/lib/db";
import { inlineParseMaxBytes, oneStepMaxBytes } from "@/lib/orchestrator/config";
import { createRuns, markRunStage, markRunSucceeded, markSkippedRunSucceeded, setRunSkuCount } from "@/lib/orchestrator/runs";
import { runBenchmark } from "@/lib/pipeline/benchmark";
import { fetchForRun, finalizeIngest, planIngest, stageRecords, writeBatch, type PlanResult } from "@/lib/pipeline/ingest";
import { runInsight } from "@/lib/pipeline/insight";
import { runMatch } from "@/lib/pipeline/match";
import type { StageTimes } from "../types";

export interface DirectRunInput {
  dealerId: string;
  feedId: string;
  plan: PlanName;
  trigger: RunTriggerName;
  firstRun: boolean;
  loopbackAllowList: string[];
}

export interface DirectRunOutcome {
  runId: string;
  totalMs: number;
  stages: StageTimes;
  skipped: boolean;
  records: number;
  plan: PlanResult | null;
  downstream: { touchedCanonical: number; benchmarked: number; insights: number } | null;
}

export function emptyStages(): StageTimes {
  return { fetch: 0, parse: 0, diff: 0, write: 0, finalize: 0, match: 0, benchmark: 0, insight: 0, other: 0 };
}

export async function runPipelineDirect(db: Db, input: DirectRunInput): Promise<DirectRunOutcome> {
  const stages = emptyStages();
  const timed = async <T>(stage: keyof StageTimes, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      stages[stage] += performance.now() - t0;
    }
  };
  const t0 = performance.now();
  const [runId] = await createRuns(db.sql, [
    { dealerId: input.dealerId, feedId: input.feedId, trigger: input.trigger, plan: input.plan, priority: 0 },
  ]);
  const run = { runId: runId! };
  await markRunStage(db.sql, run.runId, "FEED_INGEST");
  // As the fetch step: a feed within the inline bound is parsed from memory, its bytes never kept.
  const fetchOptions = {
    fetch: { loopbackAllowList: input.loopbackAllowList },
    inlineMaxBytes: inlineParseMaxBytes,
    onSkip: markSkippedRunSucceeded(run.runId),
  };
  const fetched = await timed("fetch", () => fetchForRun(db, { runId: run.runId, feedId: input.feedId }, fetchOptions));
  if (fetched.result.skipped) {
    return finish({ skipped: true, records: 0, plan: null, downstream: null });
  }
  const staged = await timed("parse", () => stageRecords(db, run, { oneStepMaxBytes, bytes: fetched.inline ?? undefined }));
  await setRunSkuCount(db.sql, run.runId, staged.records);
  const plan = await timed("diff", () => planIngest(db, run));
  for (let batch = 0; batch < plan.batches; batch++) await timed("write", () => writeBatch(db, { ...run, batch }));
  await timed("finalize", () => finalizeIngest(db, run));

  await markRunStage(db.sql, run.runId, "SKU_MATCH");
  const match = await timed("match", () => runMatch(db, { runId: run.runId, dealerId: input.dealerId, firstRun: input.firstRun }));
  await markRunStage(db.sql, run.runId, "BENCHMARK");
  const benchmark = await timed("benchmark", () => runBenchmark(db, { runId: run.runId, dealerId: input.dealerId }));
  await markRunStage(db.sql, run.runId, "INSIGHT");
  const insight = await timed("insight", () => runInsight(db, { runId: run.runId, dealerId: input.dealerId }));
  await markRunSucceeded(db.sql, run.runId);
  return finish({
    skipped: false,
    records: staged.records,
    plan,
    downstream: { touchedCanonical: match.touchedCanonical, benchmarked: benchmark.targets, insights: insight.total },
  });

  function finish(rest: Pick<DirectRunOutcome, "skipped" | "records" | "plan" | "downstream">): DirectRunOutcome {
    const totalMs = performance.now() - t0;
    const staged = Object.values(stages).reduce((a, b) => a + b, 0);
    stages.other = totalMs - staged;
    for (const key of Object.keys(stages) as Array<keyof StageTimes>) stages[key] = Math.round(stages[key]);
    return { runId: run.runId, totalMs: Math.round(totalMs), stages, ...rest };
  }
}
