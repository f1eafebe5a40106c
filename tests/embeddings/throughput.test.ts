/**
 * The embedding throttle against a local OpenAI stand-in that enforces requests- and tokens-per-minute the
 * way OpenAI describes it: a budget that refills continuously and is enforced in one-second slices.
 */
import { afterEach, describe, expect, it } from "vitest";
import { planBatches } from "@/lib/embeddings/batching";
import { defaultMaxTokensPerRequest } from "@/lib/embeddings/config";
import { embedAll } from "@/lib/embeddings/embed-all";
import { OpenAIEmbeddingProvider } from "@/lib/embeddings/openai";
import { buildProductText } from "@/lib/embeddings/text";
import { EmbeddingThrottle } from "@/lib/embeddings/throttle";
import { countTokens, fakeEmbedding, startOpenAIServer, type OpenAIServer } from "../support/openai-server";
import { makeProducts } from "./products";

const WINDOW_MS = 1_000;
/**
 * The 5,000-product run asks for base64 (a quarter of the bytes of float JSON): the stand-in shares this
 * process, and parsing 50 MB of float JSON on a busy 2-core machine measures the CPU, not the pacing.
 * Float answers are covered in openai-provider.test.ts and in the other runs here.
 */
const ENCODING = "base64";
let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function productItems(n: number, offset = 0) {
  return makeProducts(n, offset).map((p, i) => ({ id: `sku-${offset + i}`, text: buildProductText(p) }));
}

/** The fastest any client could finish: spend the whole initial budget at once, then exactly the refill rate. */
function floorMs(totalTokens: number, totalRequests: number, tpm: number, rpm: number): number {
  const tokens = (totalTokens - (tpm * WINDOW_MS) / 60_000) / (tpm / 60_000);
  const requests = (totalRequests - (rpm * WINDOW_MS) / 60_000) / (rpm / 60_000);
  return Math.max(tokens, requests);
}

describe("embedAll against per-minute limits", () => {
  it("embeds 5,000 new products at ≥ 90% of what the limits allow, none lost, few 429s", async () => {
    const items = productItems(5_000);
    const totalTokens = items.reduce((s, x) => s + countTokens(x.text), 0);
    // Limits under which ~10 s is the floor: tokens bind, requests nearly do.
    const tpm = Math.round((totalTokens * 60) / 11);
    const maxTokens = defaultMaxTokensPerRequest(tpm);
    const requestsNeeded = planBatches(items, { maxInputs: 2_048, maxTokens }).length;
    const rpm = Math.round((requestsNeeded * 60) / 9);
    server = await startOpenAIServer({ rpm, tpm, windowMs: WINDOW_MS });
    server.warm(items.map((x) => x.text), 512, ENCODING);
    // The process's first fetch() loads undici (~150 ms): a one-off, not part of what the limits allow.
    expect((await fetch(`${server.url}/models`)).status).toBe(404);
    const provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url, encodingFormat: ENCODING });
    const throttle = new EmbeddingThrottle({ rpm, tpm, maxInFlight: 8 });

    let progressCalls = 0;
    const result = await embedAll(provider, items, { throttle, onProgress: () => void progressCalls++ });

    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(5_000);
    for (const [i, item] of items.entries()) {
      if (i % 50 !== 0) continue; // every vector belongs to its own text
      const want = fakeEmbedding(item.text, 512);
      const got = result.done.get(item.id)!;
      expect(got[0]).toBeCloseTo(want[0]!, 6);
      expect(got[511]).toBeCloseTo(want[511]!, 6);
    }
    expect(server.stats.inputs).toBe(5_000);
    expect(server.stats.tokens).toBe(totalTokens);
    expect(result.stats.tokens).toBe(totalTokens);
    expect(progressCalls).toBe(server.stats.ok);
    for (const entry of server.stats.log) {
      expect(entry.inputs).toBeLessThanOrEqual(2_048);
      expect(entry.tokens).toBeLessThanOrEqual(maxTokens);
    }

    const floor = floorMs(totalTokens, server.stats.ok, tpm, rpm);
    const share = floor / result.stats.elapsedMs;
    console.log(
      `5,000 products: ${Math.round(result.stats.elapsedMs)} ms (floor ${Math.round(floor)} ms) → ` +
        `${(share * 100).toFixed(1)}% of allowed throughput; ${result.stats.requests} requests, ` +
        `${result.stats.tokens} tokens, ${result.stats.rateLimited429} × 429, ${result.stats.retries} retries ` +
        `(limits ${rpm} RPM, ${tpm} TPM, enforced per ${WINDOW_MS} ms)`,
    );
    expect(floor).toBeGreaterThan(8_000);
    expect(share).toBeGreaterThanOrEqual(0.9);
    expect(result.stats.rateLimited429).toBeLessThanOrEqual(3);
    expect(server.stats.rateLimited).toBe(result.stats.rateLimited429);
  });

  it("survives fixed windows, whose headers overstate the burst: all embedded, 429s retried and counted", async () => {
    const items = productItems(1_500);
    const totalTokens = items.reduce((s, x) => s + countTokens(x.text), 0);
    const tpm = Math.round((totalTokens * 60) / 4); // ~3-4 s
    const rpm = 600;
    server = await startOpenAIServer({ rpm, tpm, windowMs: WINDOW_MS, mode: "fixed" });
    const provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
    const result = await embedAll(provider, items, { throttle: new EmbeddingThrottle({ rpm, tpm, maxInFlight: 8 }) });

    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(1_500);
    expect(server.stats.inputs).toBe(1_500);
    expect(result.stats.rateLimited429).toBe(server.stats.rateLimited);
    expect(result.stats.retries).toBe(result.stats.rateLimited429);
    const floor = floorMs(totalTokens, server.stats.ok, tpm, rpm);
    console.log(
      `fixed windows, 1,500 products: ${Math.round(result.stats.elapsedMs)} ms (bucket floor ${Math.round(floor)} ms), ` +
        `${result.stats.rateLimited429} × 429`,
    );
    expect(result.stats.rateLimited429).toBeLessThan(20);
  });

  it("starts from where the server's budget really is when another client has spent most of it", async () => {
    const tpm = 600_000; // 10,000 tokens per 1 s slice
    const rpm = 600;
    server = await startOpenAIServer({ rpm, tpm, windowMs: WINDOW_MS });
    // Someone else with the same key spends ~75% of the budget just before we start.
    const other = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
    const spent = await other.embed(productItems(100, 90_000).map((x) => x.text));
    expect(spent.rateLimit!.remainingTokens).toBeLessThan(3_000);

    const items = productItems(400);
    const provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
    // Configured for tier 1 (3,000 RPM / 1M TPM, a full minute of burst): the headers must correct all of it.
    const throttle = new EmbeddingThrottle({ rpm: 3_000, tpm: 1_000_000, maxInFlight: 8 });
    const result = await embedAll(provider, items, { throttle, batch: { maxTokens: 2_500 } });

    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(400);
    expect(result.stats.rateLimited429).toBe(0);
    const snap = throttle.snapshot();
    expect(snap.tokens.perMinute).toBe(tpm);
    expect(snap.requests.perMinute).toBe(rpm);
    expect(snap.tokens.capacity).toBeGreaterThan(9_900);
    expect(snap.tokens.capacity).toBeLessThan(10_100);
    expect(snap.requests.capacity).toBeCloseTo(10, 0);
  });
});
