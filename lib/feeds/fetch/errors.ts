/** The one error type of feed fetching: `code` for programs, `message` for the operator. */

export type FeedFetchErrorCode =
  | "BAD_URL" // not a URL, credentials in it, no host
  | "BAD_SCHEME" // not http(s)
  | "BLOCKED_ADDRESS" // resolves to an address the policy refuses
  | "DNS" // the name does not resolve
  | "NETWORK" // connection refused/reset, TLS failure…
  | "TIMEOUT"
  | "HTTP_STATUS" // a non-2xx answer
  | "TOO_MANY_REDIRECTS"
  | "TOO_LARGE" // over maxBytes, counted after decompression
  | "TRUNCATED" // the body ended before its Content-Length (or last chunk)
  | "BAD_ENCODING"; // unsupported Content-Encoding or undecodable compressed data

export class FeedFetchError extends Error {
  readonly code: FeedFetchErrorCode;
  /** The HTTP status, for HTTP_STATUS errors. */
  readonly status: number | undefined;

  constructor(code: FeedFetchErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FeedFetchError";
    this.code = code;
    this.status = options.status;
  }
}

export function isFeedFetchError(err: unknown): err is FeedFetchError {
  return err instanceof FeedFetchError;
}

/** The `code` of a Node system error (`ECONNREFUSED`, `Z_DATA_ERROR`…), if any. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= MiB) return `${Number((n / MiB).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
