/** Embedding throttle settings from the environment. */

export type EmbeddingEnv = Record<string, string | undefined>;

export interface ThrottleConfig {
  /** Requests per minute (`EMBEDDING_RPM`; OpenAI tier 1 for text-embedding-3-small: 3,000). */
  rpm: number;
  /** Tokens per minute (`EMBEDDING_TPM`; tier 1: 1,000,000). */
  tpm: number;
  /** Requests in flight at once (`EMBEDDING_CONCURRENCY`). */
  maxInFlight: number;
}

export interface RetryConfig {
  /** Tries per batch, the first included (`EMBEDDING_MAX_ATTEMPTS`). */
  maxAttempts: number;
  /** One attempt's deadline (`EMBEDDING_TIMEOUT_MS`). */
  requestTimeoutMs: number;
  /** Backoff after a 5xx/timeout: base × 2^(attempt-1), jittered, capped at retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface BatchConfig {
  maxInputs: number;
  /** Estimated tokens per request (`EMBEDDING_MAX_TOKENS_PER_REQUEST`). */
  maxTokens: number;
}

export const DEFAULT_RPM = 3_000;
export const DEFAULT_TPM = 1_000_000;
/** OpenAI's cap on tokens summed over one embeddings request. */
export const OPENAI_MAX_TOKENS_PER_REQUEST = 300_000;

export function positiveNumber(value: string | undefined, name: string): number | undefined {
  if (value == null || value.trim() === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return n;
}

export function readThrottleConfig(env: EmbeddingEnv = process.env): ThrottleConfig {
  return {
    rpm: positiveNumber(env.EMBEDDING_RPM, "EMBEDDING_RPM") ?? DEFAULT_RPM,
    tpm: positiveNumber(env.EMBEDDING_TPM, "EMBEDDING_TPM") ?? DEFAULT_TPM,
    maxInFlight: Math.floor(positiveNumber(env.EMBEDDING_CONCURRENCY, "EMBEDDING_CONCURRENCY") ?? 4) || 1,
  };
}

export function readRetryConfig(env: EmbeddingEnv = process.env): RetryConfig {
  return {
    maxAttempts: Math.floor(positiveNumber(env.EMBEDDING_MAX_ATTEMPTS, "EMBEDDING_MAX_ATTEMPTS") ?? 6) || 1,
    requestTimeoutMs: positiveNumber(env.EMBEDDING_TIMEOUT_MS, "EMBEDDING_TIMEOUT_MS") ?? 60_000,
    retryBaseMs: 500,
    retryMaxMs: 30_000,
  };
}

/**
 * A request carries at most a quarter of one second's token allowance: small enough that pacing stays
 * smooth under a limiter that enforces the minute in short slices, big enough to keep the request count low.
 */
export function defaultMaxTokensPerRequest(tpm: number): number {
  return Math.max(1_000, Math.min(OPENAI_MAX_TOKENS_PER_REQUEST, Math.floor(tpm / 240)));
}

export function readBatchConfig(maxInputs: number, tpm: number, env: EmbeddingEnv = process.env): BatchConfig {
  const maxTokens =
    positiveNumber(env.EMBEDDING_MAX_TOKENS_PER_REQUEST, "EMBEDDING_MAX_TOKENS_PER_REQUEST") ??
    defaultMaxTokensPerRequest(tpm);
  return { maxInputs, maxTokens: Math.min(maxTokens, OPENAI_MAX_TOKENS_PER_REQUEST) };
}
