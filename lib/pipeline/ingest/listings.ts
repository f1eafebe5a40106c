/**
 * The DealerSku table as the ingest writes it: staged listings joined with the stored ones by
 * (dealer, identity). Everything set-based; unchanged listings are never rewritten.
 */
import { withoutRowKeyChecks, type SqlClient } from "@/lib/db";
import { LISTING_COLUMNS, NEW_LISTING_COLUMNS, type ListingOwner } from "./staged-row";
import type { ChangeCounts } from "./types";

const q = (column: string) => `"${column}"`;

/**
 * How staged listing `s` changes stored listing `d` (LEFT JOINed): NULL when it does not. Mirrors
 * classifyChange (lib/feeds/identity.ts): price wins over stock over other attributes. A listing
 * back in the feed with unchanged content counts as a STOCK_CHANGE: it is on offer again.
 */
const CHANGE_TYPE = `CASE
    WHEN d.id IS NULL THEN 'CREATED'
    WHEN d."contentHash" = s."contentHash" AND d."isActive" THEN NULL
    WHEN d.price <> s.price THEN 'PRICE_CHANGE'
    WHEN d."inStock" <> s."inStock" THEN 'STOCK_CHANGE'
    WHEN d."contentHash" <> s."contentHash" THEN 'ATTRIBUTE_CHANGE'
    ELSE 'STOCK_CHANGE'
  END`;

/** Stored active listing `d` of the run's feed that the parse step found gone from the feed. */
const VANISHED = `d."dealerId" = $2 AND d."feedId" = $3 AND d."isActive"
  AND d."identityKey" IN (SELECT v."identityKey" FROM "IngestVanishedListing" v WHERE v."runId" = $1)`;

/**
 * A new listing's id, from its (dealer, identity) key: md5 runs inside the database, where
 * gen_random_uuid() asks the host for random bytes once per row (PGlite: a call out to JavaScript).
 */
const LISTING_ID = `md5($2::uuid::text || ':' || p."identityKey")::uuid`;

const STAGED_WITH_STORED = `"IngestStagedRecord" s
  LEFT JOIN "DealerSku" d ON d."dealerId" = $2 AND d."identityKey" = s."identityKey"`;

/**
 * The dealer's active listings as `[identityKey, contentHash, ofRunFeed]` rows in one JSON text
 * (StoredListings.fromJson): parsed natively, where it is used, rather than a row object per listing
 * through the driver.
 */
export async function loadStoredListingsJson(sql: SqlClient, run: { dealerId: string; feedId: string }): Promise<string> {
  const rows = await sql.query<{ listings: string }>(
    `SELECT COALESCE(json_agg(json_build_array(d."identityKey", d."contentHash", d."feedId" = $2))::text, '[]') AS listings
     FROM "DealerSku" d WHERE d."dealerId" = $1 AND d."isActive"`,
    [run.dealerId, run.feedId],
  );
  return rows[0]?.listings ?? "[]";
}

/** Whether the dealer has any listing, active or not. Without one, its ingest writes every listing new. */
export async function dealerHasListings(sql: SqlClient, dealerId: string): Promise<boolean> {
  const rows = await sql.query<{ has: boolean }>(`SELECT EXISTS (SELECT 1 FROM "DealerSku" WHERE "dealerId" = $1) AS has`, [dealerId]);
  return rows[0]?.has ?? false;
}

/**
 * A dealer's first listings (NEW_LISTING_COLUMNS rows as COPY CSV) COPYed into DealerSku inside
 * the caller's transaction; the other columns take their defaults. Every row has the same (feed,
 * dealer): the key is checked once here, taking the lock its per-row check would take, and the per-row
 * checks are skipped where that is safe (withoutRowKeyChecks). The canonical SKU is NULL in a new listing.
 */
export async function copyNewListings(tx: SqlClient, owner: ListingOwner, csv: string): Promise<void> {
  const feed = await tx.query(`SELECT 1 FROM "Feed" f WHERE f.id = $1 AND f."dealerId" = $2 FOR KEY SHARE OF f`, [owner.feedId, owner.dealerId]);
  if (feed.length === 0) throw new Error(`feed ${owner.feedId} of dealer ${owner.dealerId} is gone: its listings cannot be written`);
  await withoutRowKeyChecks(tx, ["DealerSku"], () => tx.copyFrom({ table: "DealerSku", columns: NEW_LISTING_COLUMNS, csv }));
}

/**
 * Removes listings a first ingest COPYed earlier in its transaction that a later row of the feed
 * replaced (its winner is COPYed next). Nothing else refers to a listing that new.
 */
export async function deleteNewListings(tx: SqlClient, dealerId: string, identityKeys: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM "DealerSku" WHERE "dealerId" = $1 AND "identityKey" = ANY($2::text[])`, [dealerId, [...identityKeys]]);
}

/** Keeps the identities the parse step found gone from the feed, for the finalize step. */
export async function saveVanishedListings(sql: SqlClient, runId: string, identityKeys: string[]): Promise<void> {
  if (identityKeys.length === 0) return;
  await sql.query(
    `INSERT INTO "IngestVanishedListing" ("runId", "identityKey") SELECT $1, k FROM unnest($2::text[]) AS k ON CONFLICT DO NOTHING`,
    [runId, identityKeys],
  );
}

export interface ListingPlanRow {
  records: number;
  created: number;
  changeTypes: ChangeCounts;
  reactivated: number;
  unchanged: number;
  vanished: number;
  batchStarts: number[];
}

/**
 * One read: what the run's staged listings (the new and changed ones) would change, and where each
 * write batch of at most `batchSize` changed listings starts (row numbers, in order). `records` and
 * `unchanged` count staged listings only.
 */
export async function planListingChanges(
  sql: SqlClient,
  run: { runId: string; dealerId: string; feedId: string },
  batchSize: number,
): Promise<ListingPlanRow> {
  const rows = await sql.query<Omit<ListingPlanRow, "changeTypes"> & { price: number; stock: number; attribute: number }>(
    `WITH j AS (
       SELECT s."rowNumber", ${CHANGE_TYPE} AS change, (d.id IS NOT NULL AND NOT d."isActive") AS reactivated
       FROM ${STAGED_WITH_STORED}
       WHERE s."runId" = $1
     ), pending AS (
       SELECT "rowNumber", row_number() OVER (ORDER BY "rowNumber") AS n FROM j WHERE change IS NOT NULL
     )
     SELECT count(*)::int AS records,
       count(*) FILTER (WHERE change = 'CREATED')::int AS created,
       count(*) FILTER (WHERE change = 'PRICE_CHANGE')::int AS price,
       count(*) FILTER (WHERE change = 'STOCK_CHANGE')::int AS stock,
       count(*) FILTER (WHERE change = 'ATTRIBUTE_CHANGE')::int AS attribute,
       count(*) FILTER (WHERE reactivated)::int AS reactivated,
       count(*) FILTER (WHERE change IS NULL)::int AS unchanged,
       (SELECT count(*)::int FROM "DealerSku" d WHERE ${VANISHED}) AS vanished,
       COALESCE((SELECT array_agg("rowNumber" ORDER BY "rowNumber") FROM pending WHERE (n - 1) % $4 = 0), '{}') AS "batchStarts"
     FROM j`,
    [run.runId, run.dealerId, run.feedId, batchSize],
  );
  const r = rows[0]!;
  return {
    records: r.records,
    created: r.created,
    changeTypes: { PRICE_CHANGE: r.price, STOCK_CHANGE: r.stock, ATTRIBUTE_CHANGE: r.attribute },
    reactivated: r.reactivated,
    unchanged: r.unchanged,
    vanished: r.vanished,
    batchStarts: r.batchStarts,
  };
}

/** What a write of staged listings did: rows written, the new ones, and how the others changed. */
export interface WrittenListings {
  written: number;
  created: number;
  changeTypes: ChangeCounts;
}

/**
 * Writes the run's staged listings with row numbers in [fromRow, toRow) (toRow null: to the end) that
 * are new or changed, with their change type, in one statement, and says what it wrote:
 * - an UPDATE of the stored listings that changed (or are back after vanishing), each found once through
 *   the join with its staged row on (dealer, identity);
 * - a plain INSERT of the staged rows the UPDATE did not take and that no stored listing has (one ingest
 *   per dealer at a time, so no other writer races for an identity). Staging holds only new and changed
 *   rows, so after an UPDATE of most of them this looks up only the few left.
 * Both read DealerSku as it was before the statement, so writing them again writes nothing: a written
 * listing is then unchanged. With `anyNew: false` (the caller knows every staged row has a stored listing)
 * the INSERT reads nothing.
 */
export async function writeChangedListings(
  sql: SqlClient,
  run: { runId: string; dealerId: string; feedId: string },
  fromRow: number,
  toRow: number | null,
  { anyNew = true }: { anyNew?: boolean } = {},
): Promise<WrittenListings> {
  const columns = LISTING_COLUMNS.map(q);
  const inBatch = (s: string) => `${s}."runId" = $1 AND ${s}."rowNumber" >= $4 AND ($5::int IS NULL OR ${s}."rowNumber" < $5)`;
  const [r] = await sql.query<{ created: number; price: number; stock: number; attribute: number }>(
    `WITH changed AS (
       UPDATE "DealerSku" d SET
         "feedId" = $3, "contentHash" = s."contentHash", "lastChangeType" = (${CHANGE_TYPE})::"ChangeType", "lastChangedAt" = now(),
         ${columns.map((c) => `${c} = s.${c}`).join(", ")},
         "isActive" = true, "lastSeenAt" = now(), "deactivatedAt" = NULL, "updatedAt" = now()
       FROM "IngestStagedRecord" s
       WHERE ${inBatch("s")} AND d."dealerId" = $2 AND d."identityKey" = s."identityKey"
         AND (d."contentHash" <> s."contentHash" OR NOT d."isActive")
       RETURNING s."rowNumber" AS row_number, d."lastChangeType"::text AS change
     ), created AS (
       INSERT INTO "DealerSku" (id, "dealerId", "feedId", "identityKey", "contentHash", "lastChangeType", "lastChangedAt",
         ${columns.join(", ")}, "isActive", "firstSeenAt", "lastSeenAt", "updatedAt")
       SELECT ${LISTING_ID}, $2, $3, p."identityKey", p."contentHash", 'CREATED', now(),
         ${columns.map((c) => `p.${c}`).join(", ")}, true, now(), now(), now()
       FROM "IngestStagedRecord" p
       WHERE $6 AND ${inBatch("p")}
         AND p."rowNumber" NOT IN (SELECT row_number FROM changed)
         AND NOT EXISTS (SELECT 1 FROM "DealerSku" d WHERE d."dealerId" = $2 AND d."identityKey" = p."identityKey")
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM created)::int AS created,
       count(*) FILTER (WHERE change = 'PRICE_CHANGE')::int AS price,
       count(*) FILTER (WHERE change = 'STOCK_CHANGE')::int AS stock,
       count(*) FILTER (WHERE change = 'ATTRIBUTE_CHANGE')::int AS attribute
     FROM changed`,
    [run.runId, run.dealerId, run.feedId, fromRow, toRow, anyNew],
  );
  return {
    written: r!.created + r!.price + r!.stock + r!.attribute,
    created: r!.created,
    changeTypes: { PRICE_CHANGE: r!.price, STOCK_CHANGE: r!.stock, ATTRIBUTE_CHANGE: r!.attribute },
  };
}

/** Deactivates the feed's active listings that the run's feed no longer has; returns how many. */
export async function deactivateVanishedListings(sql: SqlClient, run: { runId: string; dealerId: string; feedId: string }): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `WITH gone AS (
       UPDATE "DealerSku" d SET "isActive" = false, "deactivatedAt" = now(), "updatedAt" = now()
       WHERE ${VANISHED}
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM gone`,
    [run.runId, run.dealerId, run.feedId],
  );
  return rows[0]?.n ?? 0;
}
