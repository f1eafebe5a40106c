import { describe, expect, it } from "vitest";
import { generateFeed } from "../../lib/feeds/generate";
import { classifyChange, contentHash, identityKey } from "../../lib/feeds/identity";
import type { FeedRecord } from "../../lib/feeds/types";

const BASE: FeedRecord = {
  sku: "AE-9-115",
  upc: "036000291452",
  title: "Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds",
  price: 18.99,
  inStock: true,
  brand: "American Eagle",
  caliber: "9mm",
  grainWeight: 115,
  roundCount: 50,
  bulletType: "FMJ",
  caseType: "brass",
  url: "https://dealer.example/p/1",
  pricePerRound: 0.3798,
};

/** For every field, a different value of the same type (and the null/"" /"null" look-alikes). */
const VARIANTS: { [K in keyof FeedRecord]: Array<FeedRecord[K]> } = {
  sku: [null, "", "null", "AE-9-116", "ae-9-115"],
  upc: [null, "", "036000291453"],
  title: ["", "Federal American Eagle 9mm Luger 115gr FMJ 50 Round", "federal american eagle 9mm luger 115gr fmj 50 rounds"],
  price: [18.98, 19, 189.9],
  inStock: [false],
  brand: [null, "Federal", ""],
  caliber: [null, "9mm Makarov"],
  grainWeight: [null, 124, 11.5],
  roundCount: [null, 20, 500],
  bulletType: [null, "JHP"],
  caseType: [null, "steel", "null"],
  url: [null, "https://dealer.example/p/2"],
  pricePerRound: [null, 0.3799],
};

describe("identityKey", () => {
  it("is the dealer SKU, else the UPC, else the normalised title", () => {
    expect(identityKey(BASE)).toBe("sku:AE-9-115");
    expect(identityKey({ ...BASE, sku: null })).toBe("upc:036000291452");
    expect(identityKey({ ...BASE, sku: "  ", upc: null })).toBe("title:federal american eagle 9mm luger 115gr fmj 50 rounds");
    expect(identityKey({ ...BASE, sku: null, upc: null, title: "  Federal   9MM  " })).toBe("title:federal 9mm");
  });

  it("never depends on the price, stock or other attributes", () => {
    for (const record of [BASE, { ...BASE, sku: null }, { ...BASE, sku: null, upc: null }]) {
      const key = identityKey(record);
      const repriced: FeedRecord = { ...record, price: 1, pricePerRound: 0.02 };
      const restocked: FeedRecord = { ...record, inStock: false, brand: null, caliber: null, url: null };
      expect(identityKey(repriced)).toBe(key);
      expect(identityKey(restocked)).toBe(key);
    }
  });

  it("is unique across a generated dealer feed", () => {
    const { records } = generateFeed({ skus: 3000, format: "csv", seed: 9 });
    expect(new Set(records.map(identityKey)).size).toBe(records.length);
  });
});

describe("contentHash", () => {
  it("is 32 hex chars and deterministic", () => {
    expect(contentHash(BASE)).toMatch(/^[0-9a-f]{32}$/);
    expect(contentHash({ ...BASE })).toBe(contentHash(BASE));
  });

  it("changes when any single field changes", () => {
    const seen = new Set([contentHash(BASE)]);
    for (const [field, values] of Object.entries(VARIANTS) as Array<[keyof FeedRecord, unknown[]]>) {
      for (const value of values) {
        const hash = contentHash({ ...BASE, [field]: value } as FeedRecord);
        expect(hash, `${field} = ${JSON.stringify(value)}`).not.toBe(contentHash(BASE));
        seen.add(hash);
      }
    }
    const variantCount = Object.values(VARIANTS).reduce((sum, values) => sum + values.length, 0);
    expect(seen.size).toBe(variantCount + 1);
  });

  it("covers every FeedRecord field (a record with all fields swapped between neighbours differs)", () => {
    expect(Object.keys(VARIANTS).sort()).toEqual(Object.keys(BASE).sort());
  });

  it("cannot be fooled by moving text between fields", () => {
    const a = { ...BASE, brand: "Federal", caliber: "9mm" };
    const b = { ...BASE, brand: "Federal 9mm", caliber: null };
    const c = { ...BASE, brand: 'Federal","9mm', caliber: null };
    expect(new Set([a, b, c].map(contentHash)).size).toBe(3);
  });
});

describe("classifyChange", () => {
  it("price first, then stock, else attribute", () => {
    expect(classifyChange(BASE, { ...BASE, price: 17.99, inStock: false })).toBe("PRICE_CHANGE");
    expect(classifyChange(BASE, { ...BASE, inStock: false, url: null })).toBe("STOCK_CHANGE");
    expect(classifyChange(BASE, { ...BASE, url: null })).toBe("ATTRIBUTE_CHANGE");
  });

  it("compares prices stored as decimal strings by value", () => {
    expect(classifyChange({ price: "18.9900", inStock: true }, BASE)).toBe("ATTRIBUTE_CHANGE");
    expect(classifyChange({ price: { toString: () => "18.98" }, inStock: true }, BASE)).toBe("PRICE_CHANGE");
  });

  it("a price change keeps the identity and changes the content hash", () => {
    const next = { ...BASE, price: 16.49, pricePerRound: 0.3298 };
    expect(identityKey(next)).toBe(identityKey(BASE));
    expect(contentHash(next)).not.toBe(contentHash(BASE));
    expect(classifyChange(BASE, next)).toBe("PRICE_CHANGE");
  });
});
