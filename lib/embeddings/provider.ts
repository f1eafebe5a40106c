import { positiveNumber, type EmbeddingEnv } from "./config";
import type { RateLimitInfo } from "./rate-limit";
import { LocalEmbeddingProvider } from "./local";
import { OpenAIEmbeddingProvider } from "./openai";

export const EMBEDDING_DIMENSIONS = 512;

export interface EmbedResult {
  /** One L2-normalised vector of EMBEDDING_DIMENSIONS per input, in input order. */
  vectors: number[][];
  usage: { totalTokens: number };
  /** Parsed `x-ratelimit-*` / `retry-after` headers; null when the provider has no remote quota. */
  rateLimit: RateLimitInfo | null;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called as soon as a remote provider's response headers are in, before its body is read. */
  onHeaders?: (rateLimit: RateLimitInfo) => void;
}

export interface EmbeddingProvider {
  readonly name: string;
  /** Store this beside each vector: a different model means the vector must be regenerated. */
  readonly model: string;
  readonly dimensions: 512;
  /** The most inputs one `embed()` call should carry; batching plans with it. */
  readonly maxInputsPerRequest: number;
  /** Whether calls spend a remote requests/tokens-per-minute quota (only those are paced). */
  readonly rateLimited: boolean;
  /** Throws `EmbeddingRequestError` on failure. */
  embed(texts: string[], opts?: EmbedOptions): Promise<EmbedResult>;
}

/** OpenAI when `OPENAI_API_KEY` is set (honouring `OPENAI_BASE_URL`), else the offline local model. */
export function getEmbeddingProvider(env: EmbeddingEnv = process.env): EmbeddingProvider {
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (apiKey) {
    return new OpenAIEmbeddingProvider({
      apiKey,
      baseURL: env.OPENAI_BASE_URL?.trim() || null,
      timeoutMs: positiveNumber(env.EMBEDDING_TIMEOUT_MS, "EMBEDDING_TIMEOUT_MS"),
    });
  }
  return new LocalEmbeddingProvider();
}
