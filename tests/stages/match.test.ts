import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { semanticHash } from "@/lib/embeddings/text";
import { runMatch, touchedCanonicalIds } from "@/lib/pipeline/match";
import { openTestDb } from "../support/db";
import {
  createCanonical,
  createDealer,
  createRun,
  deactivate,
  listingStates,
  putListings,
  reactivate,
  type DealerFixture,
} from "./fixtures";

let db: Db;
beforeEach(async () => {
  db = await openTestDb();
});
afterEach(async () => {
  await db.close();
});

async function match(dealer: DealerFixture, firstRun = false) {
  const runId = await createRun(db, dealer);
  const result = await runMatch(db, { runId, dealerId: dealer.dealerId, firstRun });
  return { runId, result, states: await listingStates(db, dealer) };
}

describe("rule 1: UPC", () => {
  it("matches HIGH on a canonical SKU's UPC even when the attributes point at another one", async () => {
    const byAttrs = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const byUpc = await createCanonical(db, { caliber: "5.56 NATO", brand: "Winchester", grain: 55, rounds: 20, upc: "020892212345" });
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "upc", upc: "020892212345", price: 10 }]);
    const { result, states } = await match(a);
    expect(states.get("upc")).toMatchObject({ canonicalSkuId: byUpc, matchConfidence: "HIGH", needsReview: false });
    expect(states.get("upc")!.canonicalSkuId).not.toBe(byAttrs);
    expect(result.matched).toEqual({ HIGH: 1, MEDIUM: 0, LOW: 0 });
  });
});

describe("rule 2: attributes", () => {
  it("matches MEDIUM on equal caliber, brand, grain and round count, ignoring case and spacing", async () => {
    const c = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 50 });
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 1000 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "plain", grain: 124, price: 14 },
      { key: "shouty", brand: "  FEDERAL ", caliber: "9MM", grain: 124, price: 14 },
      { key: "unknown-upc", upc: "099999999999", grain: 124, price: 14 },
    ]);
    const { result, states } = await match(a);
    for (const key of ["plain", "shouty", "unknown-upc"]) {
      expect(states.get(key)).toMatchObject({ canonicalSkuId: c, matchConfidence: "MEDIUM", needsReview: false });
    }
    expect(result).toMatchObject({ matched: { HIGH: 0, MEDIUM: 3, LOW: 0 }, unmatched: 0, createdCanonical: 0 });
  });
});

describe("rule 3: same caliber and brand, grain or round count missing → best candidate, LOW", () => {
  it("missing grain: the candidate with the listing's round count, then the one with most listings", async () => {
    const c115x50 = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const c124x50 = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 50 });
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 1000 });
    const b = await createDealer(db, "b");
    await putListings(db, b, [
      { key: "b1", grain: 124, price: 14 },
      { key: "b2", grain: 124, price: 15 },
      { key: "b3", grain: 115, price: 13 },
    ]);
    await match(b); // 124/50 now has two listings, 115/50 one
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "no-grain", grain: null, price: 14 }]);
    const { result, states } = await match(a);
    expect(states.get("no-grain")).toMatchObject({ canonicalSkuId: c124x50, matchConfidence: "LOW", needsReview: true });
    expect(states.get("no-grain")!.canonicalSkuId).not.toBe(c115x50);
    expect(result.matched).toEqual({ HIGH: 0, MEDIUM: 0, LOW: 1 });
  });

  it("missing round count: the candidate with the listing's grain (nearest grain wins over popularity)", async () => {
    const c115x1000 = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 1000 });
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 50 });
    const b = await createDealer(db, "b");
    await putListings(db, b, [{ key: "b1", grain: 124, price: 14 }, { key: "b2", grain: 124, price: 15 }]);
    await match(b);
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "no-rounds", grain: 115, rounds: null, price: 300 }]);
    const { states } = await match(a);
    expect(states.get("no-rounds")).toMatchObject({ canonicalSkuId: c115x1000, matchConfidence: "LOW", needsReview: true });
  });

  it("ambiguous (two equally good candidates): the smaller grain, then the smaller pack, whatever the creation order", async () => {
    const big = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 1000 });
    const small = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "no-rounds", grain: 115, rounds: null, price: 20 }]);
    const { states } = await match(a);
    expect(states.get("no-rounds")).toMatchObject({ canonicalSkuId: small, matchConfidence: "LOW" });
    expect(big).not.toBe(small);

    const both = await createDealer(db, "both-missing");
    await putListings(db, both, [{ key: "neither", grain: null, rounds: null, price: 20 }]);
    expect((await match(both)).states.get("neither")).toMatchObject({ canonicalSkuId: small, matchConfidence: "LOW" });
  });

  it("does not apply across brands or calibers: no candidate leaves the listing unmatched", async () => {
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "other-brand", brand: "Hornady", grain: null, price: 20 },
      { key: "other-caliber", caliber: ".45 ACP", grain: null, price: 20 },
    ]);
    const { result, states } = await match(a);
    for (const key of ["other-brand", "other-caliber"]) {
      expect(states.get(key)).toMatchObject({ canonicalSkuId: null, matchConfidence: null, needsReview: true });
    }
    expect(result).toMatchObject({ unmatched: 2, createdCanonical: 0 });
  });
});

describe("rule 4: new canonical SKUs", () => {
  it("creates a canonical SKU and product from four known attributes, carrying the UPC; siblings then match it", async () => {
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "creator", upc: "090255000001", brand: "Hornady", grain: 135, rounds: 25, bulletType: "JHP", price: 30 },
      { key: "twin", brand: "hornady", grain: 135, rounds: 25, bulletType: "JHP", price: 31 },
      { key: "sibling-no-grain", brand: "Hornady", grain: null, rounds: 25, bulletType: "JHP", price: 29 },
    ]);
    const { result, states } = await match(a, true);

    const [canonical] = await db.sql.query<Record<string, unknown>>(`SELECT * FROM "CanonicalSku"`);
    expect(canonical).toMatchObject({
      attrKey: "9mm|hornady|135|25",
      upc: "090255000001",
      name: "Hornady 9mm 135gr JHP, 25 rounds",
      caliber: "9mm",
      brand: "Hornady",
      grainWeight: 135,
      roundCount: 25,
      bulletType: "JHP",
    });
    const [product] = await db.sql.query<Record<string, unknown>>(`SELECT * FROM "Product"`);
    const fields = { name: "Hornady 9mm 135gr JHP", brand: "Hornady", caliber: "9mm", grainWeight: 135, bulletType: "JHP", category: "handgun" };
    expect(product).toMatchObject({ ...fields, productKey: "hornady|9mm|135|jhp", semanticHash: semanticHash(fields), embeddingPriority: 10 });
    expect(canonical!.productId).toBe(product!.id);

    expect(states.get("creator")).toMatchObject({ canonicalSkuId: canonical!.id, matchConfidence: "HIGH", needsReview: false });
    expect(states.get("twin")).toMatchObject({ canonicalSkuId: canonical!.id, matchConfidence: "MEDIUM", needsReview: false });
    expect(states.get("sibling-no-grain")).toMatchObject({ canonicalSkuId: canonical!.id, matchConfidence: "LOW", needsReview: true });
    expect(result).toEqual({
      matched: { HIGH: 1, MEDIUM: 1, LOW: 1 },
      unmatched: 0,
      unchanged: 0,
      deactivated: 0,
      createdCanonical: 1,
      createdProducts: 1,
      touchedCanonical: 1,
      productIdsToEmbed: [product!.id],
    });
  });

  it("leaves a listing with only three of the four attributes unmatched, needing review", async () => {
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "no-brand", brand: null, grain: 115, price: 20 },
      { key: "no-caliber", caliber: null, price: 20 },
      { key: "no-grain", brand: "Hornady", grain: null, price: 20 },
    ]);
    const { result, states } = await match(a);
    for (const key of ["no-brand", "no-caliber", "no-grain"]) {
      expect(states.get(key)).toMatchObject({ canonicalSkuId: null, matchConfidence: null, needsReview: true });
    }
    expect(result).toMatchObject({ unmatched: 3, createdCanonical: 0, createdProducts: 0, productIdsToEmbed: [] });
    expect(await db.sql.query(`SELECT 1 FROM "CanonicalSku"`)).toHaveLength(0);
  });

  it("reuses an existing product for a new pack size, with normal embedding priority outside a first run", async () => {
    const existing = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "case", grain: 115, rounds: 1000, price: 280 }]);
    const { result } = await match(a);
    expect(result).toMatchObject({ createdCanonical: 1, createdProducts: 0 });
    const rows = await db.sql.query<{ productId: string; roundCount: number }>(
      `SELECT "productId", "roundCount" FROM "CanonicalSku" ORDER BY "roundCount"`,
    );
    expect(rows[0]!.productId).toBe(rows[1]!.productId);
    expect(rows.map((r) => r.roundCount)).toEqual([50, 1000]);
    expect(existing).toBeTruthy();
    const [product] = await db.sql.query<{ embeddingPriority: number }>(`SELECT "embeddingPriority" FROM "Product"`);
    expect(product!.embeddingPriority).toBe(0);
  });

  it("two concurrent matches for different dealers creating the same canonical SKUs create each exactly once", async () => {
    const a = await createDealer(db, "a");
    const b = await createDealer(db, "b");
    const listings = [
      { key: "x", brand: "Hornady", grain: 135, rounds: 25, bulletType: "JHP", price: 30 },
      { key: "y", brand: "Hornady", grain: 147, rounds: 50, bulletType: "FMJ", price: 25 },
    ];
    await putListings(db, a, listings);
    await putListings(db, b, listings);
    const [runA, runB] = [await createRun(db, a), await createRun(db, b)];
    // One PGlite handle: the two stages' statements interleave (A1, B1, A2, B2...), so both plan the same
    // creations and the unique keys decide.
    const [ra, rb] = await Promise.all([
      runMatch(db, { runId: runA, dealerId: a.dealerId }),
      runMatch(db, { runId: runB, dealerId: b.dealerId }),
    ]);
    expect(ra.createdCanonical + rb.createdCanonical).toBe(2);
    expect(ra.createdProducts + rb.createdProducts).toBe(2);
    const canonicals = await db.sql.query<{ id: string; attrKey: string }>(`SELECT id, "attrKey" FROM "CanonicalSku" ORDER BY "attrKey"`);
    expect(canonicals.map((c) => c.attrKey)).toEqual(["9mm|hornady|135|25", "9mm|hornady|147|50"]);
    expect(await db.sql.query(`SELECT 1 FROM "Product"`)).toHaveLength(2);
    const sa = await listingStates(db, a);
    const sb = await listingStates(db, b);
    expect(sa.get("x")!.canonicalSkuId).toBe(canonicals[0]!.id);
    expect(sb.get("x")!.canonicalSkuId).toBe(canonicals[0]!.id);
    expect(sa.get("y")!.canonicalSkuId).toBe(canonicals[1]!.id);
    expect(sb.get("y")!.canonicalSkuId).toBe(canonicals[1]!.id);
  });

  it("a concurrently taken UPC does not lose the canonical SKU: it is created without the UPC", async () => {
    const a = await createDealer(db, "a");
    const b = await createDealer(db, "b");
    // Inconsistent feeds: one UPC on two different products.
    await putListings(db, a, [{ key: "x", upc: "012345678905", brand: "Hornady", grain: 135, rounds: 25, price: 30 }]);
    await putListings(db, b, [{ key: "y", upc: "012345678905", brand: "Speer", grain: 124, rounds: 50, price: 30 }]);
    const [runA, runB] = [await createRun(db, a), await createRun(db, b)];
    await Promise.all([runMatch(db, { runId: runA, dealerId: a.dealerId }), runMatch(db, { runId: runB, dealerId: b.dealerId })]);
    const rows = await db.sql.query<{ attrKey: string; upc: string | null }>(`SELECT "attrKey", upc FROM "CanonicalSku" ORDER BY "attrKey"`);
    expect(rows.map((r) => r.attrKey)).toEqual(["9mm|hornady|135|25", "9mm|speer|124|50"]);
    expect(rows.filter((r) => r.upc === "012345678905")).toHaveLength(1);
  });
});

describe("incremental", () => {
  it("re-matches only listings changed since their last match, and records the canonical SKUs whose market changed", async () => {
    const c115 = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const c124 = await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 124, rounds: 50 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [
      { key: "same", grain: 115, price: 10 },
      { key: "repriced", grain: 115, price: 11 },
      { key: "moved", grain: 115, price: 12 },
      { key: "leaving", grain: 124, price: 13 },
    ]);
    const first = await match(a);
    expect(first.result).toMatchObject({ matched: { HIGH: 0, MEDIUM: 4, LOW: 0 }, unchanged: 0, touchedCanonical: 2 });

    await putListings(db, a, [
      { key: "repriced", grain: 115, price: 9.5 },
      { key: "moved", grain: 124, price: 12 },
    ]);
    await deactivate(db, a, ["leaving"]);
    const second = await match(a);
    expect(second.result).toMatchObject({ matched: { HIGH: 0, MEDIUM: 2, LOW: 0 }, unmatched: 0, unchanged: 1, deactivated: 1 });
    expect(second.states.get("same")!.matchedAt).toEqual(first.states.get("same")!.matchedAt);
    expect(second.states.get("repriced")!.matchedAt!.getTime()).toBeGreaterThan(first.states.get("repriced")!.matchedAt!.getTime());
    expect(second.states.get("moved")!.canonicalSkuId).toBe(c124);
    expect(await touchedCanonicalIds(db.sql, second.runId)).toEqual([c115, c124].sort());

    const idle = await match(a);
    expect(idle.result).toMatchObject({ matched: { HIGH: 0, MEDIUM: 0, LOW: 0 }, unmatched: 0, unchanged: 3, deactivated: 0, touchedCanonical: 0 });
    expect(await touchedCanonicalIds(db.sql, idle.runId)).toEqual([]);

    await reactivate(db, a, ["leaving"]);
    const back = await match(a);
    expect(back.result).toMatchObject({ matched: { HIGH: 0, MEDIUM: 1, LOW: 0 }, unchanged: 3 });
    expect(await touchedCanonicalIds(db.sql, back.runId)).toEqual([c124]);
  });

  it("touches only the dealer's own listings", async () => {
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const a = await createDealer(db, "a");
    const b = await createDealer(db, "b");
    await putListings(db, a, [{ key: "a1", price: 10 }]);
    await putListings(db, b, [{ key: "b1", price: 10 }]);
    await match(a);
    expect((await listingStates(db, b)).get("b1")).toMatchObject({ canonicalSkuId: null, matchedAt: null });
  });

  it("a replay of the same run leaves the listings as the first attempt left them and keeps the touched set", async () => {
    await createCanonical(db, { caliber: "9mm", brand: "Federal", grain: 115, rounds: 50 });
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "a1", price: 10 }, { key: "a2", grain: null, price: 10 }]);
    const runId = await createRun(db, a);
    await runMatch(db, { runId, dealerId: a.dealerId });
    const before = await db.sql.query(`SELECT * FROM "DealerSku" ORDER BY id`);
    const touched = await touchedCanonicalIds(db.sql, runId);
    const again = await runMatch(db, { runId, dealerId: a.dealerId });
    expect(again).toMatchObject({ matched: { HIGH: 0, MEDIUM: 0, LOW: 0 }, unchanged: 2 });
    expect(await db.sql.query(`SELECT * FROM "DealerSku" ORDER BY id`)).toEqual(before);
    expect(await touchedCanonicalIds(db.sql, runId)).toEqual(touched);
    expect(touched).toHaveLength(1);
  });

  it("records its materialisation", async () => {
    const a = await createDealer(db, "a");
    await putListings(db, a, [{ key: "a1", brand: "Hornady", price: 10 }, { key: "a2", caliber: null, price: 10 }]);
    const { runId } = await match(a);
    const [m] = await db.sql.query<Record<string, unknown>>(`SELECT * FROM "AssetMaterialization" WHERE "runId" = $1`, [runId]);
    expect(m).toMatchObject({ asset: "SKU_MATCH", partition: a.dealerId, status: "SUCCEEDED", created: 1, updated: 2, unchanged: 0 });
    expect(m!.metadata).toMatchObject({ matched: { HIGH: 0, MEDIUM: 1, LOW: 0 }, unmatched: 1, createdProducts: 1, touchedCanonical: 1 });
  });
});
