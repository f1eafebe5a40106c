import type { RateLimitInfo } from "./rate-limit";

export type EmbeddingErrorKind =
  | "rate_limited" // 429
  | "server" // 408, 409, 5xx
  | "timeout" // no answer in time
  | "connection" // refused, reset
  | "invalid_request" // 400/404/422: this input (or model) will never work as sent
  | "auth" // 401/403: no request will work until the key is fixed
  | "bad_response" // 200 with the wrong number or length of vectors
  | "aborted"; // the caller gave up

const RETRYABLE: ReadonlySet<EmbeddingErrorKind> = new Set(["rate_limited", "server", "timeout", "connection"]);

/** A provider failure, classified so the throttle can decide to wait, retry, split or give up. */
export class EmbeddingRequestError extends Error {
  readonly kind: EmbeddingErrorKind;
  readonly status: number | null;
  readonly rateLimit: RateLimitInfo | null;

  constructor(
    kind: EmbeddingErrorKind,
    message: string,
    opts: { status?: number | null; rateLimit?: RateLimitInfo | null; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "EmbeddingRequestError";
    this.kind = kind;
    this.status = opts.status ?? null;
    this.rateLimit = opts.rateLimit ?? null;
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function asEmbeddingError(err: unknown): EmbeddingRequestError {
  if (err instanceof EmbeddingRequestError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EmbeddingRequestError("connection", message, { cause: err });
}
