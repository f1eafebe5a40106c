import { describe, expect, it } from "vitest";
import { semanticHash } from "@/lib/embeddings/text";
import { categoryOf } from "@/lib/pipeline/match/category";
import { planNewCanonicals, type CreationCandidate } from "@/lib/pipeline/match/plan";
import { FIRST_RUN_EMBEDDING_PRIORITY, planSemanticRefresh, type ProductState } from "@/lib/pipeline/match/semantic";

const candidate = (over: Partial<CreationCandidate>): CreationCandidate => ({
  attrKey: "9mm|hornady|135|25",
  productKey: "hornady|9mm|135|jhp",
  caliber: "9mm",
  brand: "Hornady",
  grainWeight: 135,
  roundCount: 25,
  bulletType: "JHP",
  caseType: null,
  upc: null,
  listings: 1,
  ...over,
});

describe("planNewCanonicals", () => {
  it("makes one canonical SKU per attribute key and one product per product key, named from the attributes", () => {
    const plan = planNewCanonicals([
      candidate({}),
      candidate({ attrKey: "9mm|hornady|135|250", roundCount: 250 }),
    ]);
    expect(plan.products).toEqual([
      {
        productKey: "hornady|9mm|135|jhp",
        name: "Hornady 9mm 135gr JHP",
        brand: "Hornady",
        caliber: "9mm",
        grainWeight: 135,
        bulletType: "JHP",
        caseType: null,
        category: "handgun",
        semanticHash: semanticHash({ name: "Hornady 9mm 135gr JHP", brand: "Hornady", caliber: "9mm", grainWeight: 135, bulletType: "JHP", category: "handgun" }),
      },
    ]);
    expect(plan.canonicals.map((c) => [c.attrKey, c.name, c.productKey])).toEqual([
      ["9mm|hornady|135|25", "Hornady 9mm 135gr JHP, 25 rounds", "hornady|9mm|135|jhp"],
      ["9mm|hornady|135|250", "Hornady 9mm 135gr JHP, 250 rounds", "hornady|9mm|135|jhp"],
    ]);
  });

  it("gives the canonical SKU the product most of its listings share, ties to the smaller key, whatever the input order", () => {
    const rows = [
      candidate({ productKey: "hornady|9mm|135|fmj", bulletType: "FMJ", listings: 2 }),
      candidate({ productKey: "hornady|9mm|135|jhp", bulletType: "JHP", listings: 3 }),
    ];
    expect(planNewCanonicals(rows).canonicals[0]!.productKey).toBe("hornady|9mm|135|jhp");
    expect(planNewCanonicals([...rows].reverse()).canonicals[0]!.productKey).toBe("hornady|9mm|135|jhp");
    const tie = [candidate({ productKey: "hornady|9mm|135|jhp" }), candidate({ productKey: "hornady|9mm|135|fmj", bulletType: "FMJ" })];
    expect(planNewCanonicals(tie).canonicals[0]!.productKey).toBe("hornady|9mm|135|fmj");
    expect(planNewCanonicals(tie).products).toHaveLength(1);
  });

  it("carries the smallest free UPC, never the same UPC onto two canonical SKUs", () => {
    const plan = planNewCanonicals([
      candidate({ upc: "000000000222" }),
      candidate({ upc: "000000000111" }),
      candidate({ attrKey: "9mm|hornady|135|50", roundCount: 50, upc: "000000000111" }),
      candidate({ attrKey: "9mm|hornady|135|50", roundCount: 50, upc: "000000000333" }),
    ]);
    expect(plan.canonicals.map((c) => [c.attrKey, c.upc])).toEqual([
      ["9mm|hornady|135|25", "000000000111"],
      ["9mm|hornady|135|50", "000000000333"],
    ]);
  });

  it("creates nothing for a group whose every listing carries a UPC an earlier canonical SKU took (they match it by UPC)", () => {
    const plan = planNewCanonicals([
      candidate({ upc: "000000000111" }),
      candidate({ attrKey: "9mm|hornady|135|50", roundCount: 50, upc: "000000000111" }),
    ]);
    expect(plan.canonicals.map((c) => c.attrKey)).toEqual(["9mm|hornady|135|25"]);
  });

  it("sorts products by key (lock order for concurrent runs)", () => {
    const plan = planNewCanonicals([
      candidate({ attrKey: "a|z|1|1", productKey: "z|a|1|" }),
      candidate({ attrKey: "b|a|1|1", productKey: "a|b|1|" }),
    ]);
    expect(plan.products.map((p) => p.productKey)).toEqual(["a|b|1|", "z|a|1|"]);
  });
});

describe("categoryOf", () => {
  it("classifies canonical caliber spellings and leaves unknown ones without a category", () => {
    expect(categoryOf("9mm")).toBe("handgun");
    expect(categoryOf("5.56 NATO")).toBe("rifle");
    expect(categoryOf(".22 LR")).toBe("rimfire");
    expect(categoryOf("12 Gauge")).toBe("shotgun");
    expect(categoryOf(".410 Bore")).toBe("shotgun");
    expect(categoryOf("Unobtainium 7mm")).toBeNull();
  });
});

describe("planSemanticRefresh", () => {
  const fields = { name: "Federal 9mm 115gr FMJ", brand: "Federal", caliber: "9mm", grainWeight: 115, bulletType: "FMJ", category: "handgun" };
  const hash = semanticHash(fields);
  const product = (over: Partial<ProductState>): ProductState => ({
    id: "p1",
    ...fields,
    semanticHash: hash,
    lastEmbeddingHash: hash,
    embeddingPriority: 0,
    ...over,
  });

  it("leaves an embedded, unchanged product alone", () => {
    expect(planSemanticRefresh([product({})], true)).toEqual({ updates: [], dueIds: [] });
  });

  it("rehashes a product whose semantic fields changed and marks it due", () => {
    const changed = product({ description: "Now with a description", semanticHash: hash });
    const refresh = planSemanticRefresh([changed], false);
    expect(refresh.updates).toEqual([{ id: "p1", semanticHash: semanticHash({ ...fields, description: "Now with a description" }), embeddingPriority: 0 }]);
    expect(refresh.dueIds).toEqual(["p1"]);
  });

  it("raises a due product's priority on the dealer's first run only", () => {
    const unembedded = product({ lastEmbeddingHash: null });
    expect(planSemanticRefresh([unembedded], false)).toEqual({ updates: [], dueIds: ["p1"] });
    expect(planSemanticRefresh([unembedded], true)).toEqual({
      updates: [{ id: "p1", semanticHash: hash, embeddingPriority: FIRST_RUN_EMBEDDING_PRIORITY }],
      dueIds: ["p1"],
    });
    expect(planSemanticRefresh([product({ lastEmbeddingHash: null, embeddingPriority: 50 })], true).updates).toEqual([]);
  });
});
