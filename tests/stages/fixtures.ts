/**
 * SQL fixtures for the downstream stages: dealers with a feed, listings as ingest would leave them (content
 * hash over every field, price per round = price / rounds to 4 decimals), runs, canonical SKUs.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";

export interface DealerFixture {
  dealerId: string;
  feedId: string;
  slug: string;
}

export async function createDealer(
  db: Db,
  slug: string,
  opts: { status?: "ACTIVE" | "SUSPENDED"; feedSuccessDaysAgo?: number | null } = {},
): Promise<DealerFixture> {
  const [dealer] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Dealer" (slug, name, plan, status) VALUES ($1, $1, 'PRO', $2::"DealerStatus") RETURNING id`,
    [slug, opts.status ?? "ACTIVE"],
  );
  const successDaysAgo = opts.feedSuccessDaysAgo === undefined ? 0 : opts.feedSuccessDaysAgo;
  const [feed] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Feed" ("dealerId", source, url, status, "lastSuccessAt")
     VALUES ($1, 'URL', 'http://127.0.0.1/feed.csv', 'OK', CASE WHEN $2::int IS NULL THEN NULL ELSE now() - make_interval(days => $2::int) END)
     RETURNING id`,
    [dealer!.id, successDaysAgo],
  );
  return { dealerId: dealer!.id, feedId: feed!.id, slug };
}

export interface Listing {
  key: string;
  title?: string;
  upc?: string | null;
  brand?: string | null;
  caliber?: string | null;
  grain?: number | null;
  rounds?: number | null;
  bulletType?: string | null;
  price: number;
  inStock?: boolean;
  isActive?: boolean;
  /** lastSeenAt this many days ago (default 0). */
  seenDaysAgo?: number;
}

function contentHash(l: Listing): string {
  const fields = [l.title ?? l.key, l.upc, l.brand, l.caliber, l.grain, l.rounds, l.bulletType, l.price, l.inStock ?? true];
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex").slice(0, 32);
}

function pricePerRound(l: Listing): number | null {
  return l.rounds ? Math.round((l.price / l.rounds) * 10_000) / 10_000 : null;
}

/** Inserts or (same key) replaces listings as an ingest would: a changed listing gets a new content hash. */
export async function putListings(db: Db, dealer: DealerFixture, listings: readonly Listing[]): Promise<void> {
  const col = <T>(f: (l: Listing) => T) => listings.map(f);
  await db.sql.query(
    `INSERT INTO "DealerSku" ("dealerId", "feedId", "identityKey", "contentHash", title, upc, brand, caliber, "grainWeight",
                              "roundCount", "bulletType", price, "pricePerRound", "inStock", "isActive", "lastSeenAt", "lastChangedAt",
                              "deactivatedAt")
     SELECT $1, $2, x.key, x.hash, x.title, x.upc, x.brand, x.caliber, x.grain, x.rounds, x.bullet, x.price, x.ppr, x.in_stock,
            x.active, now() - make_interval(days => x.seen), now(), CASE WHEN NOT x.active THEN now() END
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::text[],
                 $12::numeric[], $13::numeric[], $14::bool[], $15::bool[], $16::int[])
          AS x(key, hash, title, upc, brand, caliber, grain, rounds, bullet, price, ppr, in_stock, active, seen)
     ON CONFLICT ("dealerId", "identityKey") DO UPDATE SET
       "contentHash" = EXCLUDED."contentHash", title = EXCLUDED.title, upc = EXCLUDED.upc, brand = EXCLUDED.brand,
       caliber = EXCLUDED.caliber, "grainWeight" = EXCLUDED."grainWeight", "roundCount" = EXCLUDED."roundCount",
       "bulletType" = EXCLUDED."bulletType", price = EXCLUDED.price, "pricePerRound" = EXCLUDED."pricePerRound",
       "inStock" = EXCLUDED."inStock", "isActive" = EXCLUDED."isActive", "lastSeenAt" = EXCLUDED."lastSeenAt",
       "lastChangedAt" = EXCLUDED."lastChangedAt", "deactivatedAt" = EXCLUDED."deactivatedAt"`,
    [
      dealer.dealerId,
      dealer.feedId,
      col((l) => l.key),
      col(contentHash),
      col((l) => l.title ?? l.key),
      col((l) => l.upc ?? null),
      col((l) => (l.brand === undefined ? "Federal" : l.brand)),
      col((l) => (l.caliber === undefined ? "9mm" : l.caliber)),
      col((l) => (l.grain === undefined ? 115 : l.grain)),
      col((l) => (l.rounds === undefined ? 50 : l.rounds)),
      col((l) => (l.bulletType === undefined ? "FMJ" : l.bulletType)),
      col((l) => l.price),
      col((l) => pricePerRound({ ...l, rounds: l.rounds === undefined ? 50 : l.rounds })),
      col((l) => l.inStock ?? true),
      col((l) => l.isActive ?? true),
      col((l) => l.seenDaysAgo ?? 0),
    ],
  );
}

/** Deactivates listings the way ingest does when they vanish from the feed (content hash unchanged). */
export async function deactivate(db: Db, dealer: DealerFixture, keys: readonly string[]): Promise<void> {
  await db.sql.query(
    `UPDATE "DealerSku" SET "isActive" = false, "deactivatedAt" = now() WHERE "dealerId" = $1 AND "identityKey" = ANY($2::text[])`,
    [dealer.dealerId, [...keys]],
  );
}

export async function reactivate(db: Db, dealer: DealerFixture, keys: readonly string[]): Promise<void> {
  await db.sql.query(
    `UPDATE "DealerSku" SET "isActive" = true, "deactivatedAt" = NULL WHERE "dealerId" = $1 AND "identityKey" = ANY($2::text[])`,
    [dealer.dealerId, [...keys]],
  );
}

export async function createRun(db: Db, dealer: DealerFixture): Promise<string> {
  const [run] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Run" ("dealerId", "feedId", trigger, plan, status) VALUES ($1, $2, 'MANUAL', 'PRO', 'RUNNING') RETURNING id`,
    [dealer.dealerId, dealer.feedId],
  );
  return run!.id;
}

export interface CanonicalFixture {
  caliber: string;
  brand: string;
  grain: number;
  rounds: number;
  upc?: string | null;
  bulletType?: string;
}

/** A canonical SKU (with its product) that existed before the run; attrKey as the matcher builds it. */
export async function createCanonical(db: Db, c: CanonicalFixture): Promise<string> {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  const bullet = c.bulletType ?? "FMJ";
  const productKey = `${norm(c.brand)}|${norm(c.caliber)}|${c.grain}|${norm(bullet)}`;
  const [product] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Product" ("productKey", name, brand, caliber, "grainWeight", "bulletType", "semanticHash")
     VALUES ($1, $2, $3, $4, $5, $6, 'fixture')
     ON CONFLICT ("productKey") DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [productKey, `${c.brand} ${c.caliber} ${c.grain}gr ${bullet}`, c.brand, c.caliber, c.grain, bullet],
  );
  const [canonical] = await db.sql.query<{ id: string }>(
    `INSERT INTO "CanonicalSku" ("productId", "attrKey", upc, name, caliber, brand, "grainWeight", "roundCount", "bulletType")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      product!.id,
      `${norm(c.caliber)}|${norm(c.brand)}|${c.grain}|${c.rounds}`,
      c.upc ?? null,
      `${c.brand} ${c.caliber} ${c.grain}gr, ${c.rounds} rounds`,
      c.caliber,
      c.brand,
      c.grain,
      c.rounds,
      bullet,
    ],
  );
  return canonical!.id;
}

export interface ListingState {
  key: string;
  canonicalSkuId: string | null;
  matchConfidence: "HIGH" | "MEDIUM" | "LOW" | null;
  needsReview: boolean;
  matchedAt: Date | null;
}

export async function listingStates(db: Db, dealer: DealerFixture): Promise<Map<string, ListingState>> {
  const rows = await db.sql.query<ListingState>(
    `SELECT "identityKey" AS key, "canonicalSkuId", "matchConfidence"::text AS "matchConfidence", "needsReview", "matchedAt"
     FROM "DealerSku" WHERE "dealerId" = $1`,
    [dealer.dealerId],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

/** Every row of a table, ordered, minus the columns listed (for replay comparisons). */
export async function tableRows(db: Db, table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  return db.sql.query(`SELECT * FROM "${table}" ORDER BY ${orderBy}`);
}
