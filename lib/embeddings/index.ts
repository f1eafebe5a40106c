/**
 * The embedding layer. A caller (the pipeline) does, per batch of products needing an embedding:
 *
 *   const provider = getEmbeddingProvider();              // OpenAI with OPENAI_API_KEY, else local USE-lite
 *   const items = products.map((p) => ({ id: p.id, text: buildProductText(p) }));
 *   const { done, failed } = await embedAll(provider, items, { priority: "high" | "normal" });
 *   // store done's vectors with semanticHash(p) and provider.model; leave failed marked for a later run
 *
 * A product needs a new embedding when semanticHash(p) differs from the hash its vector was made from,
 * or provider.model differs from the model that made it.
 */
export { getEmbeddingProvider, EMBEDDING_DIMENSIONS } from "./provider";
export type { EmbeddingProvider, EmbedResult, EmbedOptions } from "./provider";
export { OpenAIEmbeddingProvider, OPENAI_EMBEDDING_MODEL, OPENAI_MAX_INPUTS } from "./openai";
export { LocalEmbeddingProvider, LOCAL_EMBEDDING_MODEL, loadLocalModel } from "./local";
export { buildProductText, semanticHash } from "./text";
export type { SemanticFields } from "./text";
export { estimateTokens, planBatches } from "./batching";
export type { Batch, BatchLimits } from "./batching";
export { embedAll } from "./embed-all";
export type { EmbedItem, EmbedAllOptions, EmbedAllResult, EmbedAllStats, EmbedProgress } from "./embed-all";
export { EmbeddingThrottle, getSharedThrottle } from "./throttle";
export type { Priority, ThrottleSnapshot } from "./throttle";
export { EmbeddingRequestError } from "./errors";
export type { EmbeddingErrorKind } from "./errors";
export { parseRateLimitHeaders, parseDuration } from "./rate-limit";
export type { RateLimitInfo } from "./rate-limit";
export { readThrottleConfig, readRetryConfig } from "./config";
export type { ThrottleConfig, RetryConfig } from "./config";
export { cosineSimilarity, l2Normalize } from "./vector";
