import OpenAI from "openai";
import { EmbeddingRequestError } from "./errors";
import type { EmbedOptions, EmbedResult, EmbeddingProvider } from "./provider";
import { parseRateLimitHeaders, type RateLimitInfo } from "./rate-limit";
import { decodeBase64Float32, l2Normalize } from "./vector";

export const OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
/** OpenAI's cap on inputs per embeddings request. */
export const OPENAI_MAX_INPUTS = 2048;

export interface OpenAIProviderOptions {
  apiKey: string;
  /** null: the official endpoint (the SDK would otherwise read OPENAI_BASE_URL itself). */
  baseURL?: string | null;
  model?: string;
  /** "float" by default; "base64" is a quarter of the bytes on the wire. */
  encodingFormat?: "float" | "base64";
  /** Backstop per request; the throttle sets a tighter one per attempt. */
  timeoutMs?: number;
}

export class OpenAIEmbeddingProvider implements EmbeddingProvider {
  readonly name = "openai";
  readonly model: string;
  readonly dimensions = 512 as const;
  readonly maxInputsPerRequest = OPENAI_MAX_INPUTS;
  readonly rateLimited = true;
  private readonly client: OpenAI;
  private readonly encodingFormat: "float" | "base64";

  constructor(opts: OpenAIProviderOptions) {
    this.model = opts.model ?? OPENAI_EMBEDDING_MODEL;
    this.encodingFormat = opts.encodingFormat ?? "float";
    this.client = new OpenAI({
      apiKey: opts.apiKey,
      baseURL: opts.baseURL ?? null,
      timeout: opts.timeoutMs ?? 120_000,
      // The throttle owns retries: it pauses every request on a 429 and never drops a batch.
      // SDK retries would sleep inside one request, invisible to the pacing, and double-count attempts.
      maxRetries: 0,
    });
  }

  async embed(texts: string[], opts: EmbedOptions = {}): Promise<EmbedResult> {
    if (texts.length === 0) return { vectors: [], usage: { totalTokens: 0 }, rateLimit: null };
    let data: OpenAI.CreateEmbeddingResponse;
    let rateLimit: RateLimitInfo;
    try {
      // `.asResponse()` rather than `.withResponse()`: the headers arrive before a body of up to megabytes,
      // and the throttle wants them then (the server has counted the request; its budget is known).
      // The SDK still throws its typed errors for non-2xx answers.
      const response = await this.client.embeddings
        .create(
          { model: this.model, input: texts, dimensions: this.dimensions, encoding_format: this.encodingFormat },
          { signal: opts.signal },
        )
        .asResponse();
      rateLimit = parseRateLimitHeaders(response.headers);
      opts.onHeaders?.(rateLimit);
      data = (await response.json()) as OpenAI.CreateEmbeddingResponse;
    } catch (err) {
      throw toEmbeddingError(err, opts.signal);
    }
    return {
      vectors: this.readVectors(data, texts.length),
      usage: { totalTokens: data.usage?.total_tokens ?? 0 },
      rateLimit,
    };
  }

  private readVectors(data: OpenAI.CreateEmbeddingResponse, expected: number): number[][] {
    const vectors = new Array<number[] | undefined>(expected);
    for (const item of data.data ?? []) {
      // With encoding_format "base64" the SDK hands the string through untouched.
      const raw: unknown = item.embedding;
      const values = typeof raw === "string" ? decodeBase64Float32(raw) : (raw as number[]);
      if (!Array.isArray(values) || values.length !== this.dimensions) {
        throw new EmbeddingRequestError(
          "bad_response",
          `expected ${this.dimensions}-dim vectors, got ${Array.isArray(values) ? values.length : typeof raw}`,
        );
      }
      if (item.index < 0 || item.index >= expected) {
        throw new EmbeddingRequestError("bad_response", `vector index ${item.index} out of range`);
      }
      vectors[item.index] = l2Normalize(values);
    }
    const missing = vectors.findIndex((v) => v === undefined);
    if (missing !== -1) {
      throw new EmbeddingRequestError("bad_response", `no vector for input ${missing} of ${expected}`);
    }
    return vectors as number[][];
  }
}

function toEmbeddingError(err: unknown, signal?: AbortSignal): EmbeddingRequestError {
  if (err instanceof EmbeddingRequestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Aborted or malformed while reading the body, after the SDK handed the response over.
  if (signal?.aborted) return new EmbeddingRequestError("aborted", message, { cause: err });
  if (err instanceof SyntaxError) return new EmbeddingRequestError("bad_response", message, { cause: err });
  // Subclasses first: the timeout error is a connection error is an APIError.
  if (err instanceof OpenAI.APIUserAbortError) return new EmbeddingRequestError("aborted", message, { cause: err });
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new EmbeddingRequestError("timeout", message, { cause: err });
  }
  if (err instanceof OpenAI.APIConnectionError) return new EmbeddingRequestError("connection", message, { cause: err });
  if (err instanceof OpenAI.APIError && typeof err.status === "number") {
    const status = err.status;
    const rateLimit = err.headers ? parseRateLimitHeaders(err.headers) : null;
    const kind =
      status === 429
        ? "rate_limited"
        : status === 408 || status === 409 || status >= 500
          ? "server"
          : status === 401 || status === 403
            ? "auth"
            : "invalid_request";
    return new EmbeddingRequestError(kind, message, { status, rateLimit, cause: err });
  }
  return new EmbeddingRequestError("connection", message, { cause: err });
}
