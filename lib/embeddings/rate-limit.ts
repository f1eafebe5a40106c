/** OpenAI's rate-limit response headers, parsed. Pure: no I/O. */

export interface RateLimitInfo {
  /** `x-ratelimit-limit-requests`: the account's requests per minute. */
  limitRequests: number | null;
  remainingRequests: number | null;
  /** `x-ratelimit-reset-requests` (e.g. `20ms`, `1s`, `6m0s`): until the request budget is full again. */
  resetRequestsMs: number | null;
  /** `x-ratelimit-limit-tokens`: the account's tokens per minute. */
  limitTokens: number | null;
  remainingTokens: number | null;
  resetTokensMs: number | null;
  /** `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
  retryAfterMs: number | null;
}

export interface HeaderSource {
  get(name: string): string | null;
}

const UNIT_MS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  "µs": 0.001,
  ns: 0.000_001,
};

/** Parses a Go-style duration as OpenAI sends it (`6m0s`, `1m12.5s`, `120ms`); a bare number is seconds. */
export function parseDuration(value: string | null | undefined): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  return consumed === text.length && Number.isFinite(total) ? total : null;
}

function parseCount(value: string | null): number | null {
  if (value == null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function parseRetryAfter(headers: HeaderSource, now: number): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms != null && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const after = headers.get("retry-after");
  if (after == null || after.trim() === "") return null;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function parseRateLimitHeaders(headers: HeaderSource, now = Date.now()): RateLimitInfo {
  return {
    limitRequests: parseCount(headers.get("x-ratelimit-limit-requests")),
    remainingRequests: parseCount(headers.get("x-ratelimit-remaining-requests")),
    resetRequestsMs: parseDuration(headers.get("x-ratelimit-reset-requests")),
    limitTokens: parseCount(headers.get("x-ratelimit-limit-tokens")),
    remainingTokens: parseCount(headers.get("x-ratelimit-remaining-tokens")),
    resetTokensMs: parseDuration(headers.get("x-ratelimit-reset-tokens")),
    retryAfterMs: parseRetryAfter(headers, now),
  };
}

/** True when the response carried none of the headers (a proxy stripped them, or a non-OpenAI server). */
export function isEmptyRateLimit(info: RateLimitInfo): boolean {
  return Object.values(info).every((v) => v == null);
}
