import { estimateTokens, planBatches, type BatchLimits } from "./batching";
import { readBatchConfig, readRetryConfig, type RetryConfig } from "./config";
import { asEmbeddingError, EmbeddingRequestError } from "./errors";
import type { EmbedResult, EmbeddingProvider } from "./provider";
import { getSharedThrottle, sleep, type EmbeddingThrottle, type Priority, type SendHooks } from "./throttle";

export interface EmbedItem<Id> {
  id: Id;
  text: string;
}

export interface EmbedAllStats {
  /** HTTP attempts (or local inference calls) this call made, retries included. */
  requests: number;
  /** Tokens the provider reported as used. */
  tokens: number;
  rateLimited429: number;
  retries: number;
  elapsedMs: number;
}

export interface EmbedProgress extends Omit<EmbedAllStats, "elapsedMs"> {
  total: number;
  done: number;
  failed: number;
}

export interface EmbedAllOptions {
  /** `high` (a new dealer's products) is dispatched before any waiting `normal` work. */
  priority?: Priority;
  onProgress?: (progress: EmbedProgress) => void;
  /** Stops dispatching; what is not embedded yet comes back in `failed`. */
  signal?: AbortSignal;
  /** Defaults to the process-wide throttle for this provider. */
  throttle?: EmbeddingThrottle;
  retry?: Partial<RetryConfig>;
  batch?: Partial<BatchLimits>;
}

export interface EmbedAllResult<Id> {
  done: Map<Id, number[]>;
  /** Not embedded, with the reason: leave these marked for a later run. */
  failed: Array<{ id: Id; error: string }>;
  stats: EmbedAllStats;
}

/**
 * Embeds every item, in requests of at most `maxInputs` inputs and `maxTokens` estimated tokens, paced by the
 * throttle. Every item ends in `done` or `failed`; none is dropped. Retries 429/5xx/timeouts up to
 * `maxAttempts`; a request the API rejects as invalid is split until the offending input stands alone.
 */
export async function embedAll<Id>(
  provider: EmbeddingProvider,
  items: ReadonlyArray<EmbedItem<Id>>,
  opts: EmbedAllOptions = {},
): Promise<EmbedAllResult<Id>> {
  const started = performance.now();
  const throttle = opts.throttle ?? getSharedThrottle(provider);
  const retry: RetryConfig = { ...readRetryConfig(), ...opts.retry };
  const defaults = readBatchConfig(provider.maxInputsPerRequest, throttle.config.tpm);
  const limits: BatchLimits = {
    maxInputs: Math.min(provider.maxInputsPerRequest, opts.batch?.maxInputs ?? defaults.maxInputs),
    maxTokens: opts.batch?.maxTokens ?? defaults.maxTokens,
  };
  const priority = opts.priority ?? "normal";
  const signal = opts.signal;

  const done = new Map<Id, number[]>();
  const failed: Array<{ id: Id; error: string }> = [];
  const stats = { requests: 0, tokens: 0, rateLimited429: 0, retries: 0 };
  const progress = () =>
    opts.onProgress?.({ total: items.length, done: done.size, failed: failed.length, ...stats });
  const fail = (batch: ReadonlyArray<EmbedItem<Id>>, error: string) => {
    for (const item of batch) failed.push({ id: item.id, error });
  };

  const seen = new Set<Id>();
  const valid: EmbedItem<Id>[] = [];
  for (const item of items) {
    if (seen.has(item.id)) throw new Error(`embedAll: duplicate id ${String(item.id)}`);
    seen.add(item.id);
    if (item.text.trim() === "") failed.push({ id: item.id, error: "empty text: nothing to embed" });
    else valid.push(item);
  }

  const attempt = async (texts: string[], hooks: SendHooks): Promise<EmbedResult> => {
    stats.requests++;
    const timeout = AbortSignal.timeout(retry.requestTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      return await provider.embed(texts, { signal: combined, onHeaders: hooks.onHeaders });
    } catch (err) {
      if (timeout.aborted && !signal?.aborted) {
        throw new EmbeddingRequestError("timeout", `no answer within ${retry.requestTimeoutMs} ms`, { cause: err });
      }
      throw err;
    }
  };

  const runBatch = async (batch: EmbedItem<Id>[], estimatedTokens: number): Promise<void> => {
    const texts = batch.map((item) => item.text);
    for (let n = 1; ; n++) {
      try {
        const result = await throttle.run({ priority, retry: n > 1, estimatedTokens, signal }, (hooks) =>
          attempt(texts, hooks),
        );
        batch.forEach((item, i) => done.set(item.id, result.vectors[i]!));
        stats.tokens += result.usage.totalTokens;
        return progress();
      } catch (raw) {
        const err = asEmbeddingError(raw);
        if (err.kind === "rate_limited") stats.rateLimited429++;
        if (signal?.aborted) {
          fail(batch, abortMessage(signal));
          return progress();
        }
        // A 400 names the input (too long, empty...), not the model or key: halve until it stands alone.
        if (err.kind === "invalid_request" && err.status === 400 && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          await Promise.all([batch.slice(0, half), batch.slice(half)].map((part) => runBatch(part, estimate(part))));
          return;
        }
        if (!err.retryable || n >= retry.maxAttempts) {
          fail(batch, `${describe(err)} (after ${n} attempt${n === 1 ? "" : "s"})`);
          return progress();
        }
        stats.retries++;
        // After a 429 the throttle already holds every request until the server's retry-after.
        if (err.kind !== "rate_limited") {
          try {
            await sleep(backoffMs(n, retry), signal);
          } catch {
            fail(batch, abortMessage(signal!));
            return progress();
          }
        }
      }
    }
  };

  await Promise.all(planBatches(valid, limits).map((b) => runBatch(b.items, b.estimatedTokens)));
  return { done, failed, stats: { ...stats, elapsedMs: performance.now() - started } };
}

function estimate(items: ReadonlyArray<{ text: string }>): number {
  return items.reduce((sum, item) => sum + estimateTokens(item.text), 0);
}

function abortMessage(signal: AbortSignal): string {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "");
  return `aborted${reason ? `: ${reason}` : ""}`;
}

function describe(err: EmbeddingRequestError): string {
  return `${err.kind}${err.status != null ? ` (HTTP ${err.status})` : ""}: ${err.message}`;
}

function backoffMs(attempt: number, retry: RetryConfig): number {
  const ceiling = Math.min(retry.retryMaxMs, retry.retryBaseMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
