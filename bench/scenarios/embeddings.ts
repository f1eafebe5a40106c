/**
 * Embeddings for a new dealer's products: N products through `embedAll` with the OpenAI provider against the
 * local OpenAI-compatible server (tests/support/openai-server.ts) whose RPM/TPM limits make ~targetSeconds
 * the floor, enforced per second as OpenAI may; and the offline local model's texts/s on a small sample.
 */
import { generateListings } from "@/lib/feeds/generate";
import { planBatches } from "@/lib/embeddings/batching";
import { defaultMaxTokensPerRequest } from "@/lib/embeddings/config";
import { embedAll } from "@/lib/embeddings/embed-all";
import { LocalEmbeddingProvider, loadLocalModel } from "@/lib/embeddings/local";
import { OpenAIEmbeddingProvider } from "@/lib/embeddings/openai";
import { buildProductText, type SemanticFields } from "@/lib/embeddings/text";
import { EmbeddingThrottle } from "@/lib/embeddings/throttle";
import { countTokens, startOpenAIServer } from "@/tests/support/openai-server";
import type { EmbeddingsScenarioResult } from "../types";
import { progress } from "../support/progress";
import { round } from "../support/stats";

const WINDOW_MS = 1_000;
const PURPOSES: Record<string, string> = { FMJ: "range, training", JHP: "self-defense", SP: "hunting", BTHP: "match, long range" };

/** A new dealer's products: one per generated listing, as SKU Match would create them. */
function newProducts(n: number): SemanticFields[] {
  return [...generateListings(n, "embeddings")].map((r) => ({
    name: r.title,
    brand: r.brand,
    caliber: r.caliber,
    bulletType: r.bulletType,
    grainWeight: r.grainWeight,
    category: "ammunition",
    purpose: (r.bulletType && PURPOSES[r.bulletType]) ?? null,
    description: `${r.brand ?? ""} ${r.caliber ?? ""} ${r.bulletType ?? ""}${r.caseType ? `, ${r.caseType} case` : ""}, ${r.roundCount ?? "?"} per box.`,
  }));
}

/** The fastest any client could finish: the whole initial budget at once, then exactly the refill rate. */
function floorMs(totalTokens: number, totalRequests: number, tpm: number, rpm: number): number {
  const tokens = (totalTokens - (tpm * WINDOW_MS) / 60_000) / (tpm / 60_000);
  const requests = (totalRequests - (rpm * WINDOW_MS) / 60_000) / (rpm / 60_000);
  return Math.max(tokens, requests);
}

export async function runEmbeddingsScenario(spec: { products: number; localSample: number; targetSeconds: number }): Promise<EmbeddingsScenarioResult> {
  const items = newProducts(spec.products).map((p, i) => ({ id: i, text: buildProductText(p) }));
  const totalTokens = items.reduce((sum, item) => sum + countTokens(item.text), 0);
  // Limits under which ~targetSeconds is the floor: tokens bind, requests nearly do.
  const tpm = Math.round((totalTokens * 60) / (spec.targetSeconds + 1));
  const requestsNeeded = planBatches(items, { maxInputs: 2_048, maxTokens: defaultMaxTokensPerRequest(tpm) }).length;
  const rpm = Math.max(2, Math.round((requestsNeeded * 60) / (spec.targetSeconds - 1)));
  const server = await startOpenAIServer({ rpm, tpm, windowMs: WINDOW_MS });
  let openai: EmbeddingsScenarioResult["openai"];
  try {
    // Pre-serialise the stand-in's answers (when it can), so the run measures the client, not the stand-in.
    (server as { warm?: (texts: Iterable<string>) => void }).warm?.(items.map((item) => item.text));
    await fetch(`${server.url}/models`).catch(() => undefined); // the process's first fetch loads undici: not part of the run
    const provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
    const throttle = new EmbeddingThrottle({ rpm, tpm, maxInFlight: 8 });
    progress(`  embeddings: ${items.length} products, ${totalTokens} tokens; limits ${rpm} RPM, ${tpm} TPM (per ${WINDOW_MS} ms)`);
    const result = await embedAll(provider, items, { throttle, priority: "high" });
    const floor = floorMs(totalTokens, server.stats.ok, tpm, rpm);
    const minutes = result.stats.elapsedMs / 60_000;
    openai = {
      products: items.length,
      rpm,
      tpm,
      windowMs: WINDOW_MS,
      elapsedMs: Math.round(result.stats.elapsedMs),
      floorMs: Math.round(floor),
      shareOfLimit: round(floor / result.stats.elapsedMs, 3),
      requests: result.stats.requests,
      tokens: result.stats.tokens,
      achievedRpm: Math.round(server.stats.ok / minutes),
      achievedTpm: Math.round(server.stats.tokens / minutes),
      rateLimited429: result.stats.rateLimited429,
      serverRateLimited429: server.stats.rateLimited,
      retries: result.stats.retries,
      failed: result.failed.length,
    };
    progress(
      `  embeddings: ${openai.elapsedMs} ms (floor ${openai.floorMs} ms) → ${(openai.shareOfLimit * 100).toFixed(1)}% of the limits; ` +
        `${openai.requests} requests, ${openai.rateLimited429} × 429, ${openai.failed} failed`,
    );
  } finally {
    await server.close();
  }

  const l0 = performance.now();
  await loadLocalModel();
  const loadMs = performance.now() - l0;
  const local = new LocalEmbeddingProvider();
  const sample = items.slice(0, spec.localSample).map((item) => item.text);
  await local.embed(sample.slice(0, 8)); // first inference compiles kernels
  const e0 = performance.now();
  await local.embed(sample);
  const elapsedMs = performance.now() - e0;
  progress(`  local model: ${sample.length} texts in ${Math.round(elapsedMs)} ms (model load ${Math.round(loadMs)} ms)`);
  return {
    openai,
    local: {
      model: local.model,
      sample: sample.length,
      loadMs: Math.round(loadMs),
      elapsedMs: Math.round(elapsedMs),
      textsPerSecond: round((sample.length * 1000) / elapsedMs, 1),
    },
  };
}
