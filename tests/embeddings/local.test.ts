import { describe, expect, it } from "vitest";
import { embedAll } from "@/lib/embeddings/embed-all";
import { isLocalModelLoaded, loadLocalModel, LocalEmbeddingProvider } from "@/lib/embeddings/local";
import { buildProductText } from "@/lib/embeddings/text";
import { EmbeddingThrottle } from "@/lib/embeddings/throttle";
import { cosineSimilarity, l2Norm } from "@/lib/embeddings/vector";
import { makeProducts } from "./products";

const nineMmRange = buildProductText({
  name: "Federal American Eagle 9mm Luger 115gr FMJ - 50 Rounds",
  brand: "Federal",
  caliber: "9mm",
  bulletType: "FMJ",
  grainWeight: 115,
  purpose: "range",
  category: "handgun ammunition",
  description: "Affordable full metal jacket practice ammunition for the range.",
});
const rifleHunting = buildProductText({
  name: "Hornady Precision Hunter .308 Winchester 178gr ELD-X - 20 Rounds",
  brand: "Hornady",
  caliber: ".308 Winchester",
  bulletType: "ELD-X",
  grainWeight: 178,
  purpose: "hunting",
  category: "rifle ammunition",
  description: "Long-range big game hunting rifle cartridge with controlled expansion.",
});

describe("LocalEmbeddingProvider (USE-lite, offline)", () => {
  const provider = new LocalEmbeddingProvider();

  it("loads lazily, once per process", async () => {
    expect(isLocalModelLoaded()).toBe(false);
    const [a, b] = await Promise.all([loadLocalModel(), new LocalEmbeddingProvider().embed(["x"]).then(loadLocalModel)]);
    expect(a).toBe(b);
    expect(isLocalModelLoaded()).toBe(true);
  });

  it("returns 512-dim unit vectors that rank a query sensibly", async () => {
    const query = "cheap 9mm range ammo";
    const { vectors, rateLimit } = await provider.embed([query, nineMmRange, rifleHunting]);
    expect(rateLimit).toBeNull();
    for (const v of vectors) {
      expect(v).toHaveLength(512);
      expect(l2Norm(v)).toBeCloseTo(1, 5);
    }
    const [q, nine, rifle] = vectors as [number[], number[], number[]];
    const toNine = cosineSimilarity(q, nine);
    const toRifle = cosineSimilarity(q, rifle);
    console.log(`local model cosine: query↔9mm range ${toNine.toFixed(3)}, query↔.308 hunting ${toRifle.toFixed(3)}`);
    expect(toNine).toBeGreaterThan(toRifle);
  });

  it("is deterministic", async () => {
    const [a] = (await provider.embed([nineMmRange])).vectors;
    const [b] = (await provider.embed([nineMmRange])).vectors;
    expect(a).toEqual(b);
  });

  it("embeds a batch of products through embedAll, none lost; reports texts/s", async () => {
    const n = 64;
    const items = makeProducts(n).map((p, i) => ({ id: i, text: buildProductText(p) }));
    const throttle = new EmbeddingThrottle({ rpm: Infinity, tpm: Infinity, maxInFlight: 1 });
    const result = await embedAll(provider, items, { throttle });
    expect(result.failed).toEqual([]);
    expect(result.done.size).toBe(n);
    expect(result.stats.requests).toBe(Math.ceil(n / provider.maxInputsPerRequest));
    const perSecond = (n / result.stats.elapsedMs) * 1000;
    console.log(`local model: ${n} product texts in ${Math.round(result.stats.elapsedMs)} ms = ${perSecond.toFixed(1)} texts/s`);
    // Tens of texts/s on 2 idle cores for ~260-char product texts; a machine busy with other work gets a
    // fraction of that, so this only guards against pathologies.
    expect(perSecond).toBeGreaterThan(0.5);
  }, 180_000);

  it("stops between inference chunks when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("shutdown"));
    await expect(provider.embed(["a", "b"], { signal: controller.signal })).rejects.toMatchObject({ kind: "aborted" });
  });
});
