import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { embedAll, type EmbedItem } from "@/lib/embeddings/embed-all";
import { OpenAIEmbeddingProvider } from "@/lib/embeddings/openai";
import { buildProductText } from "@/lib/embeddings/text";
import { EmbeddingThrottle } from "@/lib/embeddings/throttle";
import { fakeEmbedding, startOpenAIServer, type OpenAIServer } from "../support/openai-server";
import { makeProducts } from "./products";

let server: OpenAIServer;
let provider: OpenAIEmbeddingProvider;
beforeEach(async () => {
  server = await startOpenAIServer({ rpm: 3_000, tpm: 1_000_000 });
  provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
});
afterEach(() => server.close());

const items = (n: number): EmbedItem<number>[] =>
  makeProducts(n).map((p, i) => ({ id: i, text: buildProductText(p) }));
const throttle = () => new EmbeddingThrottle({ rpm: 3_000, tpm: 1_000_000, maxInFlight: 4 });
const fast = { retryBaseMs: 10, retryMaxMs: 50 };
// 100 products in 10 requests of 10.
const batch = { maxInputs: 10 };

function expectAccountedFor(result: { done: Map<number, number[]>; failed: { id: number }[] }, n: number) {
  const ids = [...result.done.keys(), ...result.failed.map((f) => f.id)].sort((a, b) => a - b);
  expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe("embedAll under faults", () => {
  it("retries through a burst of 500s and embeds everything", async () => {
    server.setFaults({ fail500: 6 });
    const input = items(100);
    const result = await embedAll(provider, input, { throttle: throttle(), retry: fast, batch });
    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(100);
    expect(server.stats.failed500).toBe(6);
    expect(result.stats.retries).toBe(6);
    expect(result.stats.requests).toBe(16);
    const want = fakeEmbedding(input[42]!.text, 512);
    expect(result.done.get(42)![7]).toBeCloseTo(want[7]!, 6);
  });

  it("returns every item of a batch that keeps failing as failed, with the reason, and loses none", async () => {
    server.setFaults({ fail500: Number.POSITIVE_INFINITY });
    const result = await embedAll(provider, items(100), { throttle: throttle(), retry: { ...fast, maxAttempts: 3 }, batch });
    expect(result.done.size).toBe(0);
    expect(result.failed).toHaveLength(100);
    expect(result.failed[0]!.error).toMatch(/^server \(HTTP 500\): .* \(after 3 attempts\)$/);
    expect(result.stats.requests).toBe(30);
    expectAccountedFor(result, 100);
  });

  it("pauses every request for retry-after on a 429 storm, then succeeds", async () => {
    server.setFaults({ storm429: 5, storm429RetryAfterMs: 150 });
    const result = await embedAll(provider, items(100), { throttle: throttle(), retry: fast, batch });
    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(100);
    expect(result.stats.rateLimited429).toBe(5);
    expect(server.stats.stormed).toBe(5);
    // Nothing reached the server within retry-after of the last 429 but requests already on their way.
    const log = server.stats.log;
    const last429 = log.findLastIndex((e) => e.status === 429);
    const next = log[last429 + 1]!;
    expect(next.at - log[last429]!.at).toBeGreaterThanOrEqual(140);
  });

  it("gives a 429 storm that never ends back as failed items, none lost", async () => {
    server.setFaults({ storm429: Number.POSITIVE_INFINITY, storm429RetryAfterMs: 5 });
    const result = await embedAll(provider, items(40), { throttle: throttle(), retry: { ...fast, maxAttempts: 4 }, batch });
    expect(result.done.size).toBe(0);
    expect(result.failed).toHaveLength(40);
    expect(result.failed.every((f) => f.error.startsWith("rate_limited (HTTP 429)"))).toBe(true);
    expect(result.stats.rateLimited429).toBe(16);
    expectAccountedFor(result, 40);
  });

  it("honours a 429 without retry-after by pausing a second", async () => {
    server.setFaults({ storm429: 1, storm429RetryAfterMs: null });
    const started = performance.now();
    const result = await embedAll(provider, items(10), { throttle: throttle(), retry: fast, batch });
    expect(result.done.size).toBe(10);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("aborts a hung request at its timeout and retries it", async () => {
    server.setFaults({ hang: 2 });
    const started = performance.now();
    const result = await embedAll(provider, items(30), {
      throttle: throttle(),
      retry: { ...fast, requestTimeoutMs: 300 },
      batch,
    });
    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(30);
    expect(server.stats.hung).toBe(2);
    expect(result.stats.retries).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("isolates an input the API rejects by splitting its request; the rest are embedded", async () => {
    const input = items(20);
    input[13] = { id: 13, text: "ammo ".repeat(9_000) }; // over the 8,192-token input limit
    const result = await embedAll(provider, input, { throttle: throttle(), retry: fast, batch: { maxInputs: 20, maxTokens: 1e6 } });
    expect(result.done.size).toBe(19);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ id: 13 });
    expect(result.failed[0]!.error).toMatch(/^invalid_request \(HTTP 400\).*maximum context length/);
    expect(result.stats.retries).toBe(0);
  });

  it("does not split requests when the model itself is wrong (404)", async () => {
    const wrong = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url, model: "text-embedding-9" });
    const result = await embedAll(wrong, items(30), { throttle: throttle(), retry: fast, batch });
    expect(result.failed).toHaveLength(30);
    expect(result.failed[0]!.error).toMatch(/^invalid_request \(HTTP 404\).*does not exist/);
    expect(result.stats.requests).toBe(3);
  });

  it("fails every item at once on a bad key, without retrying", async () => {
    const wrong = new OpenAIEmbeddingProvider({ apiKey: "sk-wrong", baseURL: server.url });
    const result = await embedAll(wrong, items(30), { throttle: throttle(), retry: fast, batch });
    expect(result.done.size).toBe(0);
    expect(result.failed).toHaveLength(30);
    expect(result.failed[0]!.error).toMatch(/^auth \(HTTP 401\)/);
    expect(server.stats.unauthorized).toBe(3);
  });

  it("on abort, stops dispatching and returns what is not embedded as failed", async () => {
    const controller = new AbortController();
    const slow = await startOpenAIServer({ rpm: 600, windowMs: 1_000 }); // 10 requests per second
    try {
      const p = new OpenAIEmbeddingProvider({ apiKey: slow.apiKey, baseURL: slow.url });
      const running = embedAll(p, items(200), {
        throttle: new EmbeddingThrottle({ rpm: 600, tpm: 1_000_000, maxInFlight: 4 }),
        signal: controller.signal,
        batch,
        onProgress: (progress) => {
          if (progress.done >= 50) controller.abort(new Error("shutting down"));
        },
      });
      const result = await running;
      expect(result.done.size).toBeGreaterThanOrEqual(50);
      expect(result.done.size).toBeLessThan(200);
      expect(result.failed.length).toBe(200 - result.done.size);
      expect(result.failed.every((f) => f.error.includes("shutting down"))).toBe(true);
      expectAccountedFor(result, 200);
    } finally {
      await slow.close();
    }
  });

  it("never sends empty texts, and refuses duplicate ids", async () => {
    const result = await embedAll(provider, [{ id: 1, text: "  " }, { id: 2, text: "9mm FMJ" }], { throttle: throttle() });
    expect(result.failed).toEqual([{ id: 1, error: "empty text: nothing to embed" }]);
    expect(result.done.size).toBe(1);
    expect(server.stats.inputs).toBe(1);
    await expect(embedAll(provider, [{ id: 1, text: "a" }, { id: 1, text: "b" }], { throttle: throttle() })).rejects.toThrow(
      /duplicate id 1/,
    );
  });
});
