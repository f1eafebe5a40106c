import { inngest } from "@/inngest/client";
import { benchmarkRequested, embeddingsRequested, skuMatchRequested } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { stageConcurrency } from "@/lib/orchestrator/config";
import { failStage } from "@/lib/orchestrator/failure";
import { markRunStage } from "@/lib/orchestrator/runs";
import { timedStep } from "@/lib/orchestrator/steps";
import { runMatch } from "@/lib/pipeline/match";
import { onePerDealer, stageFlow } from "./flow";

export const skuMatch = inngest.createFunction(
  {
    id: "sku-match",
    name: "SKU Match",
    triggers: [skuMatchRequested],
    concurrency: [onePerDealer, { limit: stageConcurrency.match }],
    ...stageFlow,
    onFailure: failStage("SKU_MATCH"),
  },
  async ({ event, step, attempt }) => {
    const { runId, dealerId, plan, firstRun } = event.data;
    const ctx = { runId, functionId: "sku-match", attempt };
    const result = await timedStep(step, ctx, "match", async () => {
      const db = await getDb();
      if (await markRunStage(db.sql, runId, "SKU_MATCH")) return { productsToEmbed: 0 };
      const outcome = await runMatch(db, { runId, dealerId, firstRun: firstRun ?? false });
      return { productsToEmbed: outcome.productIdsToEmbed.length };
    });
    const benchmark = benchmarkRequested.create({ runId, dealerId, plan, firstRun });
    // Deferred: the embedding queue works the products off on its own throttle; a failure there never fails this run.
    const embeddings = embeddingsRequested.create({ priority: firstRun ? "high" : "normal", reason: `run ${runId}` });
    // One step for both events: one call fewer through Inngest.
    await step.sendEvent("request-benchmark", result.productsToEmbed > 0 ? [benchmark, embeddings] : [benchmark]);
    return result;
  },
);
