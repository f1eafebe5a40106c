import type { Db } from "@/lib/db";
import { embedAll } from "./embed-all";
import { markEmbeddingFailures, saveEmbeddings, selectDueProducts } from "./product-store";
import type { EmbeddingProvider } from "./provider";
import { buildProductText } from "./text";
import type { Priority } from "./throttle";

export interface EmbedChunkResult {
  selected: number;
  embedded: number;
  failed: number;
  requests: number;
  tokens: number;
  rateLimited429: number;
  ms: number;
}

/**
 * Embeds up to `limit` due products and saves them: one serverless-sized step of the embedding queue.
 */
export async function embedDueProducts(
  db: Db,
  provider: EmbeddingProvider,
  opts: { limit: number; attemptedBefore: Date; priority?: Priority },
): Promise<EmbedChunkResult> {
  const t0 = performance.now();
  const due = await selectDueProducts(db.sql, provider.model, opts.limit, opts.attemptedBefore);
  if (due.length === 0) return { selected: 0, embedded: 0, failed: 0, requests: 0, tokens: 0, rateLimited429: 0, ms: 0 };
  const hashes = new Map(due.map((p) => [p.id, p.semanticHash]));
  const { done, failed, stats } = await embedAll(
    provider,
    due.map((p) => ({ id: p.id, text: buildProductText(p) })),
    { priority: opts.priority ?? "normal" },
  );
  const embedded = await saveEmbeddings(
    db.sql,
    provider.model,
    [...done].map(([id, vector]) => ({ id, vector, semanticHash: hashes.get(id)! })),
  );
  await markEmbeddingFailures(db.sql, failed);
  return {
    selected: due.length,
    embedded,
    failed: failed.length,
    requests: stats.requests,
    tokens: stats.tokens,
    rateLimited429: stats.rateLimited429,
    ms: performance.now() - t0,
  };
}
