import { inngest } from "@/inngest/client";
import { feedIngestRequested, skuMatchRequested } from "@/inngest/events";
import { getDb, type Db } from "@/lib/db";
import { feedFetchOptions, ingestBatchSize, inlineParseMaxBytes, oneStepMaxBytes, stageConcurrency } from "@/lib/orchestrator/config";
import { failIngestStage } from "@/lib/orchestrator/failure";
import { markRunStage, markSkippedRunSucceeded, setRunSkuCount } from "@/lib/orchestrator/runs";
import { timedStep } from "@/lib/orchestrator/steps";
import { completedMaterialization } from "@/lib/pipeline/materializations";
import { fetchForRun, finalizeIngest, planIngest, stageRecords, writeBatch } from "@/lib/pipeline/ingest";
import { onePerDealer, stageFlow } from "./flow";

/**
 * Parses the run's feed and stages what changed; a feed within the one-step bound is also written, planned
 * (its counts) and finalised here. Returns whether the ingest is finalised (else its batches follow).
 */
async function parseAndWrite(database: Db, runId: string, bytes?: Uint8Array): Promise<boolean> {
  const staged = await stageRecords(database, { runId }, { oneStepMaxBytes, bytes });
  await setRunSkuCount(database.sql, runId, staged.records);
  if (staged.written === undefined && staged.staged > 0) return false;
  await planIngest(database, { runId }, { batchSize: ingestBatchSize });
  await finalizeIngest(database, { runId });
  return true;
}

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
    // idempotent, so a retry of the whole step converges. A fetched feed up to inlineParseMaxBytes is parsed,
    // written and finalised in this step too: its bytes are never kept, and a retry fetches it again.
    const fetched = await timedStep(step, ctx, "fetch", async () => {
      const database = await db();
      const done = await markRunStage(database.sql, runId, "FEED_INGEST");
      if (done) return { materialized: done };
      const options = { fetch: feedFetchOptions(), inlineMaxBytes: inlineParseMaxBytes, onSkip: markSkippedRunSucceeded(runId) };
      const { inline, result } = await fetchForRun(database, { runId, feedId, force }, options);
      if (inline) return { ...result, finalized: await parseAndWrite(database, runId, inline) };
      return result;
    });

    if ("materialized" in fetched) {
      if (fetched.materialized === "SKIPPED") return { skipped: true };
    } else {
      if (fetched.skipped) return { skipped: true };
      const finalized =
        "finalized" in fetched
          ? fetched.finalized
          : await timedStep(step, ctx, "parse", async () => {
              const database = await db();
              // A retry after this step finalised the run: its state is gone, its materialisation stands.
              if (await completedMaterialization(database.sql, runId, "FEED_INGEST")) return true;
              return parseAndWrite(database, runId);
            });
      if (!finalized) {
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
