import { afterEach, describe, expect, it } from "vitest";
import { embedAll } from "@/lib/embeddings/embed-all";
import { OpenAIEmbeddingProvider } from "@/lib/embeddings/openai";
import { buildProductText } from "@/lib/embeddings/text";
import { EmbeddingThrottle } from "@/lib/embeddings/throttle";
import { startOpenAIServer, type OpenAIServer } from "../support/openai-server";
import { makeProducts } from "./products";

let server: OpenAIServer | undefined;
afterEach(() => server?.close());

describe("priority lanes", () => {
  it("dispatches a new dealer's products (high) ahead of a backlog already waiting (normal)", async () => {
    // 20 requests per second: a 60-request backlog takes ~3 s.
    server = await startOpenAIServer({ rpm: 1_200, windowMs: 1_000 });
    const provider = new OpenAIEmbeddingProvider({ apiKey: server.apiKey, baseURL: server.url });
    const throttle = new EmbeddingThrottle({ rpm: 1_200, tpm: 10_000_000, maxInFlight: 2 });
    const batch = { maxInputs: 5 };
    const backlog = makeProducts(300).map((p, i) => ({ id: `old-${i}`, text: `backlog ${buildProductText(p)}` }));
    const dealer = makeProducts(15, 1_000).map((p, i) => ({ id: `new-${i}`, text: `onboarding ${buildProductText(p)}` }));

    let highStarted = false;
    let normalDoneWhenHighStarted = 0;
    let normalDoneWhenHighFinished = 0;
    let normalDone = 0;
    let high: ReturnType<typeof embedAll<string>> | undefined;
    const normal = embedAll(provider, backlog, {
      throttle,
      batch,
      onProgress: (p) => {
        normalDone = p.done;
        if (!highStarted && p.done >= 50) {
          highStarted = true;
          normalDoneWhenHighStarted = p.done;
          high = embedAll(provider, dealer, { throttle, batch, priority: "high" }).then((r) => {
            normalDoneWhenHighFinished = normalDone;
            return r;
          });
        }
      },
    });
    const normalResult = await normal;
    const highResult = await high!;

    expect(normalResult.done.size).toBe(300);
    expect(highResult.done.size).toBe(15);
    // The 3 high requests went next: at most the 2 normal requests in flight (and one that was already
    // admitted) finished in between, out of the 50 still waiting.
    const overtaken = normalDoneWhenHighFinished - normalDoneWhenHighStarted;
    expect(overtaken).toBeLessThanOrEqual(3 * batch.maxInputs);
    expect(normalDoneWhenHighFinished).toBeLessThan(300 - 30 * batch.maxInputs);

    // The server saw it the same way: all onboarding requests arrived in one run, right after the switch.
    const order = server.stats.log.filter((e) => e.status === 200).map((e) => (e.firstInput.startsWith("onboarding") ? "H" : "n"));
    const firstHigh = order.indexOf("H");
    expect(order.slice(firstHigh, firstHigh + 3)).toEqual(["H", "H", "H"]);
    expect(order.slice(firstHigh + 3).filter((x) => x === "n").length).toBeGreaterThan(30);
  });
});
