import { inngest } from "@/inngest/client";
import { insightRequested } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { stageConcurrency } from "@/lib/orchestrator/config";
import { failStage } from "@/lib/orchestrator/failure";
import { markRunStage, markRunSucceeded } from "@/lib/orchestrator/runs";
import { timedStep } from "@/lib/orchestrator/steps";
import { runInsight } from "@/lib/pipeline/insight";
import { onePerDealer, stageFlow } from "./flow";

export const insight = inngest.createFunction(
  {
    id: "insight",
    name: "Insight",
    triggers: [insightRequested],
    concurrency: [onePerDealer, { limit: stageConcurrency.insight }],
    ...stageFlow,
    onFailure: failStage("INSIGHT"),
  },
  async ({ event, step, attempt }) => {
    const { runId, dealerId } = event.data;
    const ctx = { runId, functionId: "insight", attempt };
    await timedStep(step, ctx, "insight", async () => {
      const db = await getDb();
      if (!(await markRunStage(db.sql, runId, "INSIGHT"))) await runInsight(db, { runId, dealerId });
      await markRunSucceeded(db.sql, runId);
      return null;
    });
    return null;
  },
);
