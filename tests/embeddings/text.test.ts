import { describe, expect, it } from "vitest";
import { buildProductText, semanticHash, type SemanticFields } from "@/lib/embeddings/text";

const base: SemanticFields = {
  name: "Federal American Eagle 9mm Luger 115gr FMJ",
  description: "Clean-burning range ammunition with consistent velocity.",
  brand: "Federal",
  caliber: "9mm",
  purpose: "range",
  category: "handgun ammunition",
  bulletType: "FMJ",
  grainWeight: 115,
};

describe("buildProductText", () => {
  it("puts the name first and labels every present attribute", () => {
    expect(buildProductText(base)).toBe(
      "Federal American Eagle 9mm Luger 115gr FMJ. Brand: Federal. Caliber: 9mm. Bullet: FMJ. Grain: 115 gr. " +
        "Purpose: range. Category: handgun ammunition. Clean-burning range ammunition with consistent velocity.",
    );
  });

  it("leaves out missing attributes, strips markup and collapses whitespace", () => {
    const text = buildProductText({ name: "  Hornady <b>Black</b>\n 5.56 NATO  ", caliber: "5.56 NATO", grainWeight: null });
    expect(text).toBe("Hornady Black 5.56 NATO. Caliber: 5.56 NATO");
  });

  it("bounds the description", () => {
    const text = buildProductText({ name: "X", description: "word ".repeat(1_000) });
    expect(text.length).toBeLessThan(1_100);
  });
});

describe("semanticHash", () => {
  const hash = semanticHash(base);

  it("is SHA-256 hex and stable", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(semanticHash({ ...base })).toBe(hash);
  });

  it("ignores every non-semantic field", () => {
    const listing = {
      ...base,
      price: 18.99,
      inStock: false,
      url: "https://dealer.example/p/1",
      upc: "029465064556",
      sku: "FED-AE9DP",
      roundCount: 50,
      caseType: "brass",
      pricePerRound: 0.38,
    };
    expect(semanticHash(listing)).toBe(hash);
    const repriced = { ...listing, price: 21.5, inStock: true, roundCount: 1000 };
    expect(semanticHash(repriced)).toBe(hash);
  });

  it("changes with each semantic field", () => {
    const changes: Array<Partial<SemanticFields>> = [
      { name: "Federal American Eagle 9mm Luger 124gr FMJ" },
      { description: "Now with a new primer." },
      { brand: "CCI" },
      { caliber: ".380 ACP" },
      { purpose: "self-defense" },
      { category: "rifle ammunition" },
      { bulletType: "JHP" },
      { grainWeight: 124 },
    ];
    const hashes = changes.map((c) => semanticHash({ ...base, ...c }));
    for (const h of hashes) expect(h).not.toBe(hash);
    expect(new Set(hashes).size).toBe(changes.length);
  });

  it("treats absent, null and empty alike, and ignores whitespace-only differences", () => {
    const bare = { name: "Winchester 12 Gauge" };
    expect(semanticHash({ ...bare, brand: null, description: "", grainWeight: undefined })).toBe(semanticHash(bare));
    expect(semanticHash({ ...base, name: `  ${base.name}\n` })).toBe(hash);
  });

  it("cannot be fooled by a value that imitates a field boundary", () => {
    const a = semanticHash({ name: "A|B", brand: "C" });
    const b = semanticHash({ name: "A", brand: "B|C" });
    expect(a).not.toBe(b);
  });
});
