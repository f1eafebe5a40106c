import { describe, expect, it } from "vitest";
import { estimateTokens, planBatches } from "@/lib/embeddings/batching";
import { buildProductText } from "@/lib/embeddings/text";
import { countTokens } from "../support/openai-server";
import { makeProducts } from "./products";

const item = (i: number, text = `Product ${i} 9mm 115gr FMJ range ammo`) => ({ id: i, text });

describe("planBatches", () => {
  it("never puts more than 2,048 inputs in a request", () => {
    const items = Array.from({ length: 5_000 }, (_, i) => item(i, "x"));
    const batches = planBatches(items, { maxInputs: 2_048, maxTokens: 1e9 });
    expect(batches.map((b) => b.items.length)).toEqual([2_048, 2_048, 904]);
  });

  it("keeps each request within the token budget and loses or reorders nothing", () => {
    const items = Array.from({ length: 1_000 }, (_, i) => item(i, "ammo ".repeat(1 + (i % 40))));
    const batches = planBatches(items, { maxInputs: 2_048, maxTokens: 500 });
    for (const b of batches) {
      expect(b.estimatedTokens).toBeLessThanOrEqual(500);
      expect(b.estimatedTokens).toBe(b.items.reduce((s, x) => s + estimateTokens(x.text), 0));
    }
    expect(batches.flatMap((b) => b.items.map((x) => x.id))).toEqual(items.map((x) => x.id));
    // Greedy: no two neighbours could have been one request.
    for (let i = 1; i < batches.length; i++) {
      const next = estimateTokens(batches[i]!.items[0]!.text);
      expect(batches[i - 1]!.estimatedTokens + next).toBeGreaterThan(500);
    }
  });

  it("sends an item bigger than the budget on its own", () => {
    const items = [item(1, "a"), item(2, "b".repeat(3_000)), item(3, "c")];
    const batches = planBatches(items, { maxInputs: 10, maxTokens: 100 });
    expect(batches.map((b) => b.items.map((x) => x.id))).toEqual([[1], [2], [3]]);
  });

  it("returns nothing for nothing and refuses nonsense limits", () => {
    expect(planBatches([], { maxInputs: 1, maxTokens: 1 })).toEqual([]);
    expect(() => planBatches([item(1)], { maxInputs: 0, maxTokens: 10 })).toThrow();
  });
});

describe("estimateTokens", () => {
  it("over-estimates the real cl100k_base count of every product text", () => {
    const texts = [
      ...makeProducts(5_000).map(buildProductText),
      ...makeProducts(500).map((p) => p.name),
      "PMC Bronze .223 Remington 55gr FMJ-BT - 1000 Round Case ($1,299.00)",
      'Winchester Super-X 12 Gauge 2-3/4" 00 Buckshot 9 Pellets 5rd',
      "SELLIER&BELLOT 7.62X39 123GR FMJ 20RD BOX",
      "Munición 9×19 mm Parabellum — 50 cartuchos, précision",
      "弹药 9毫米 115格令 全金属被甲 🔫🔫",
      "&lt;b&gt;Sale!&lt;/b&gt; ===== 0123456789012345678901234567890 =====",
      "CCI Blazer Brass 9MM LUGER 115GR FMJ 1000RD CASE",
      "HSM BTHP-MATCH .300WIN-MAG 190GR",
      "  raw\tfeed   title\n\nwith   whitespace  ",
    ];
    let estimated = 0;
    let exact = 0;
    for (const t of texts) {
      const e = estimateTokens(t);
      const n = countTokens(t);
      expect(e, t).toBeGreaterThanOrEqual(n);
      estimated += e;
      exact += n;
    }
    // ...but not wildly: a 2x over-estimate would halve what each request carries.
    expect(estimated / exact).toBeLessThan(1.6);
  });
});
