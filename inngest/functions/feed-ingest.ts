import { inngest } from "@/inngest/client";
import { feedIngestRequested, skuMatchRequested } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { feedFetchOptions, ingestBatchSize, oneStepMaxBytes, stageConcurrency } from "@/lib/orchestrator/config";
import { failIngestStage } from "@/lib/orchestrator/failure";
import { markRunStage, markRunSucceeded, setRunSkuCount } from "@/lib/orchestrator/runs";
import { timedStep } from "@/lib/orchestrator/steps";
import { completedMaterialization } from "@/lib/pipeline/materializations";
import { fetchAndHash, finalizeIngest, planIngest, stageRecords, writeBatch } from "@/lib/pipeline/ingest";
import { onePerDealer, stageFlow } from "./flow";

export const feedIngest = inngest.createFunction(
  {
    id: "feed-ingest",
    name: "Feed Ingest",
    triggers: [feedIngestRequested],
    concurrency: [onePerDealer, { limit: stageConcurrency.ingest }],
    ...stageFlow,
    onFailure: failIngestStage,
  },
  async ({ event, step, attempt }) => {
    const { runId, dealerId, plan, firstRun, feedId, force } = event.data;
    const ctx = { runId, functionId: "feed-ingest", attempt };
    const db = () => getDb();

    // One step call before an unchanged feed ends the run: it marks the stage, then either finds it already
    // materialised (a replay of the same event goes on downstream) or fetches. Every write of a skip is
    // idempotent, so a retry of the whole step converges.
    const fetched = await timedStep(step, ctx, "fetch", async () => {
      const database = await db();
      await markRunStage(database.sql, runId, "FEED_INGEST");
      const done = await completedMaterialization(database.sql, runId, "FEED_INGEST");
      if (done) return { materialized: done.status };
      const result = await fetchAndHash(database, { runId, feedId, force }, { fetch: feedFetchOptions() });
      // An unchanged feed re-confirms the listings it last held: the skipped run counts in that tier.
      if (result.skipped) await markRunSucceeded(database.sql, runId, { skipped: true, skuCount: result.records });
      return result;
    });

    if ("materialized" in fetched) {
      if (fetched.materialized === "SKIPPED") return { skipped: true };
    } else {
      if (fetched.skipped) return { skipped: true };
      const parsed = await timedStep(step, ctx, "parse", async () => {
        const database = await db();
        // A retry after this step finalised the run: its state is gone, its materialisation stands.
        if (await completedMaterialization(database.sql, runId, "FEED_INGEST")) return { finalized: true };
        const staged = await stageRecords(database, { runId }, { oneStepMaxBytes });
        await setRunSkuCount(database.sql, runId, staged.records);
        if (staged.written === undefined && staged.staged > 0) return { finalized: false };
        // Written by this step, or nothing to write: no batch is left, so the plan (its counts) and the
        // finalisation run here too, two step calls fewer.
        await planIngest(database, { runId }, { batchSize: ingestBatchSize });
        await finalizeIngest(database, { runId });
        return { finalized: true };
      });
      if (!parsed.finalized) {
        const plan = await timedStep(step, ctx, "diff", async () => planIngest(await db(), { runId }, { batchSize: ingestBatchSize }));
        for (let batch = 0; batch < plan.batches; batch++) {
          await timedStep(step, ctx, `write-batch-${batch}`, async () => writeBatch(await db(), { runId, batch }));
        }
        await timedStep(step, ctx, "finalize", async () => finalizeIngest(await db(), { runId }));
      }
    }

    await step.sendEvent("request-match", skuMatchRequested.create({ runId, dealerId, plan, firstRun }));
    return { skipped: false };
  },
);
