import { inngest } from "@/inngest/client";
import { embeddingsRequested } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { embedDueProducts } from "@/lib/embeddings/embed-products";
import { countDueProducts } from "@/lib/embeddings/product-store";
import { getEmbeddingProvider } from "@/lib/embeddings/provider";
import { recordMaterialization } from "@/lib/pipeline/materializations";

/** Products per step: at ~100 texts/s (local model) or one OpenAI request, well inside a serverless limit. */
const chunkSize = Number(process.env.EMBEDDING_CHUNK ?? 1_000);
/** Steps per run; what is left is picked up by the next request or the sweep. */
const maxChunks = 20;

/**
 * The deferred embedding queue: requests from the pipeline are coalesced into one run, one run at a time
 * (the account's rate limits are shared), and a sweep every 10 minutes retries what failed. A failure here
 * never touches an ingest: failed products stay due.
 */
export const embeddings = inngest.createFunction(
  {
    id: "embeddings",
    name: "Embeddings",
    triggers: [embeddingsRequested, { cron: "*/10 * * * *" }],
    batchEvents: { maxSize: 100, timeout: "2s" },
    concurrency: [{ limit: 1 }],
    throttle: { limit: 30, period: "1m" },
    retries: 3,
  },
  async ({ events, step }) => {
    const high = events.some((e) => (e.data as { priority?: string } | undefined)?.priority === "high");
    const startedAt = await step.run("start", async () => new Date().toISOString());
    const totals = { embedded: 0, failed: 0, requests: 0, tokens: 0, rateLimited429: 0 };
    for (let chunk = 0; chunk < maxChunks; chunk++) {
      const result = await step.run(`embed-chunk-${chunk}`, async () =>
        embedDueProducts(await getDb(), getEmbeddingProvider(), {
          limit: chunkSize,
          attemptedBefore: new Date(startedAt),
          priority: high ? "high" : "normal",
        }),
      );
      totals.embedded += result.embedded;
      totals.failed += result.failed;
      totals.requests += result.requests;
      totals.tokens += result.tokens;
      totals.rateLimited429 += result.rateLimited429;
      if (result.selected < chunkSize) break;
    }
    await step.run("record", async () => {
      const db = await getDb();
      const remaining = await countDueProducts(db.sql, getEmbeddingProvider().model);
      const finishedAt = new Date();
      await recordMaterialization(db.sql, {
        runId: null,
        asset: "EMBEDDINGS",
        partition: "all",
        status: totals.failed > 0 && totals.embedded === 0 ? "FAILED" : "SUCCEEDED",
        created: totals.embedded,
        updated: 0,
        unchanged: 0,
        quarantined: totals.failed,
        deactivated: 0,
        startedAt: new Date(startedAt),
        finishedAt,
        durationMs: finishedAt.getTime() - new Date(startedAt).getTime(),
        metadata: { ...totals, remaining, priority: high ? "high" : "normal" },
      });
      return null;
    });
    return totals;
  },
);
