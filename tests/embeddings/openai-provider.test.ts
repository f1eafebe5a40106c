import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmbeddingRequestError } from "@/lib/embeddings/errors";
import { isLocalModelLoaded, LocalEmbeddingProvider } from "@/lib/embeddings/local";
import { OpenAIEmbeddingProvider } from "@/lib/embeddings/openai";
import { getEmbeddingProvider } from "@/lib/embeddings/provider";
import { l2Norm } from "@/lib/embeddings/vector";
import { countTokens, fakeEmbedding, startOpenAIServer, type OpenAIServer } from "../support/openai-server";

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer({ rpm: 3_000, tpm: 1_000_000 });
});
afterAll(() => server.close());
afterEach(() => {
  server.setFaults({ fail500: 0, storm429: 0, hang: 0 });
  server.resetStats();
});

const texts = ["cheap 9mm range ammo", "Hornady Precision Hunter 6.5 Creedmoor 143gr ELD-X", "12 Gauge 00 Buckshot"];
const expected = (t: string) => fakeEmbedding(t, 512);

function provider(encodingFormat: "float" | "base64" = "float", apiKey = server.apiKey) {
  return new OpenAIEmbeddingProvider({ apiKey, baseURL: server.url, encodingFormat });
}

describe("OpenAIEmbeddingProvider through the openai SDK", () => {
  it.each(["float", "base64"] as const)("reads %s vectors: 512 dims, unit length, in input order", async (format) => {
    const result = await provider(format).embed(texts);
    expect(server.stats.encodings[format]).toBe(1);
    expect(result.vectors).toHaveLength(3);
    result.vectors.forEach((v, i) => {
      expect(v).toHaveLength(512);
      expect(l2Norm(v)).toBeCloseTo(1, 6);
      const want = expected(texts[i]!);
      v.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 6));
    });
    expect(result.usage.totalTokens).toBe(texts.reduce((s, t) => s + countTokens(t), 0));
  });

  it("returns the rate-limit headers, parsed", async () => {
    const result = await provider().embed(texts);
    const tokens = result.usage.totalTokens;
    expect(result.rateLimit).toMatchObject({
      limitRequests: 3_000,
      remainingRequests: 2_999,
      limitTokens: 1_000_000,
      remainingTokens: 1_000_000 - tokens,
      retryAfterMs: null,
    });
    // A full minute's budget refills at limit/minute: one request is 20 ms of it.
    expect(result.rateLimit!.resetRequestsMs).toBeGreaterThanOrEqual(19);
    expect(result.rateLimit!.resetRequestsMs).toBeLessThanOrEqual(21);
  });

  it("the stand-in also answers the SDK's own default (base64, decoded by the SDK)", async () => {
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.url, maxRetries: 0 });
    const res = await client.embeddings.create({ model: "text-embedding-3-small", input: texts[0]!, dimensions: 512 });
    expect(server.stats.encodings.base64).toBe(1);
    const want = expected(texts[0]!);
    res.data[0]!.embedding.forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 6));
  });

  it("classifies a 429 as rate_limited, with retry-after, and does not retry it itself", async () => {
    server.setFaults({ storm429: 1, storm429RetryAfterMs: 1_500 });
    const err = await provider().embed(texts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddingRequestError);
    expect(err).toMatchObject({ kind: "rate_limited", status: 429, retryable: true });
    expect((err as EmbeddingRequestError).rateLimit?.retryAfterMs).toBe(1_500);
    expect(server.stats.requests).toBe(1);
  });

  it("classifies 500, 401 and 400", async () => {
    server.setFaults({ fail500: 1 });
    await expect(provider().embed(texts)).rejects.toMatchObject({ kind: "server", status: 500, retryable: true });
    await expect(provider("float", "sk-wrong").embed(texts)).rejects.toMatchObject({ kind: "auth", status: 401, retryable: false });
    await expect(provider().embed(["ok", ""])).rejects.toMatchObject({ kind: "invalid_request", status: 400, retryable: false });
    expect(server.stats.requests).toBe(3);
  });

  it("gives up on a hung request when its signal aborts", async () => {
    server.setFaults({ hang: 1 });
    const started = performance.now();
    const err = await provider()
      .embed(texts, { signal: AbortSignal.timeout(300) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "aborted" });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.stats.hung).toBe(1);
  });

  it("refuses a connection that nothing answers as a retryable connection error", async () => {
    const closed = await startOpenAIServer();
    const url = closed.url;
    await closed.close();
    const p = new OpenAIEmbeddingProvider({ apiKey: "k", baseURL: url });
    await expect(p.embed(texts)).rejects.toMatchObject({ kind: "connection", retryable: true });
  });
});

describe("getEmbeddingProvider", () => {
  it("chooses OpenAI when OPENAI_API_KEY is set, at OPENAI_BASE_URL", async () => {
    const p = getEmbeddingProvider({ OPENAI_API_KEY: server.apiKey, OPENAI_BASE_URL: server.url });
    expect(p).toBeInstanceOf(OpenAIEmbeddingProvider);
    expect(p).toMatchObject({ name: "openai", model: "text-embedding-3-small", dimensions: 512, rateLimited: true });
    const result = await p.embed(["one text"]);
    expect(result.vectors[0]).toHaveLength(512);
    expect(server.stats.ok).toBe(1);
  });

  it("chooses the local model otherwise, without loading it yet", () => {
    const p = getEmbeddingProvider({ OPENAI_API_KEY: "  " });
    expect(p).toBeInstanceOf(LocalEmbeddingProvider);
    expect(p).toMatchObject({ name: "local", model: "local/use-lite-512", dimensions: 512, rateLimited: false });
    expect(isLocalModelLoaded()).toBe(false);
  });
});
