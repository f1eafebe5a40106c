import { inngest } from "@/inngest/client";
import { benchmarkRequested, insightRequested } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { stageConcurrency } from "@/lib/orchestrator/config";
import { failStage } from "@/lib/orchestrator/failure";
import { markRunStage } from "@/lib/orchestrator/runs";
import { timedStep } from "@/lib/orchestrator/steps";
import { runBenchmark } from "@/lib/pipeline/benchmark";
import { onePerDealer, stageFlow } from "./flow";

export const benchmark = inngest.createFunction(
  {
    id: "benchmark",
    name: "Benchmark",
    triggers: [benchmarkRequested],
    concurrency: [onePerDealer, { limit: stageConcurrency.benchmark }],
    ...stageFlow,
    onFailure: failStage("BENCHMARK"),
  },
  async ({ event, step, attempt }) => {
    const { runId, dealerId, plan, firstRun, full, wholeDealer } = event.data;
    const ctx = { runId, functionId: "benchmark", attempt };
    await timedStep(step, ctx, "benchmark", async () => {
      const db = await getDb();
      if (await markRunStage(db.sql, runId, "BENCHMARK")) return null;
      await runBenchmark(db, { runId, dealerId, full: full ?? false, wholeDealer: wholeDealer ?? false });
      return null;
    });
    await step.sendEvent("request-insight", insightRequested.create({ runId, dealerId, plan, firstRun }));
    return null;
  },
);
