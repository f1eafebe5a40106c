import { describe, expect, it } from "vitest";
import { isEmptyRateLimit, parseDuration, parseRateLimitHeaders } from "@/lib/embeddings/rate-limit";
import { formatResetDuration } from "../support/openai-server";

describe("parseDuration", () => {
  it.each([
    ["20ms", 20],
    ["1s", 1_000],
    ["6m0s", 360_000],
    ["1m12.5s", 72_500],
    ["1h2m3s", 3_723_000],
    ["17.28s", 17_280],
    ["250us", 0.25],
    ["0s", 0],
    ["2", 2_000],
  ])("%s → %d ms", (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each(["", "soon", "5 minutes", "1x", "-1s", "1s garbage"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it("reads what the local OpenAI stand-in writes", () => {
    for (const ms of [0, 7, 999, 1_000, 1_500, 59_999, 60_000, 360_000, 61_234]) {
      expect(parseDuration(formatResetDuration(ms))).toBeCloseTo(ms, 0);
    }
  });
});

describe("parseRateLimitHeaders", () => {
  it("parses every OpenAI rate-limit header", () => {
    const info = parseRateLimitHeaders(
      new Headers({
        "x-ratelimit-limit-requests": "3000",
        "x-ratelimit-remaining-requests": "2999",
        "x-ratelimit-reset-requests": "20ms",
        "x-ratelimit-limit-tokens": "1000000",
        "x-ratelimit-remaining-tokens": "999950",
        "x-ratelimit-reset-tokens": "3ms",
        "retry-after-ms": "1234.5",
        "retry-after": "2",
      }),
    );
    expect(info).toEqual({
      limitRequests: 3000,
      remainingRequests: 2999,
      resetRequestsMs: 20,
      limitTokens: 1_000_000,
      remainingTokens: 999_950,
      resetTokensMs: 3,
      retryAfterMs: 1234.5,
    });
  });

  it("falls back to retry-after in seconds, or as an HTTP date", () => {
    expect(parseRateLimitHeaders(new Headers({ "retry-after": "7" })).retryAfterMs).toBe(7_000);
    const now = Date.parse("2026-11-29T12:00:00Z");
    const info = parseRateLimitHeaders(new Headers({ "retry-after": "Sun, 29 Nov 2026 12:00:05 GMT" }), now);
    expect(info.retryAfterMs).toBe(5_000);
  });

  it("reports absent or malformed headers as null", () => {
    const info = parseRateLimitHeaders(new Headers({ "x-ratelimit-remaining-tokens": "lots", "retry-after-ms": "-5" }));
    expect(isEmptyRateLimit(info)).toBe(true);
  });
});
