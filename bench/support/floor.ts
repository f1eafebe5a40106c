/**
 * The floor for writing N listing rows: COPY of the same rows into an empty UNLOGGED table without indexes.
 * Beside it, the same COPY into an empty UNLOGGED copy of DealerSku with all its indexes and defaults: what
 * index maintenance alone costs, so the gap between ours and the floor splits into indexes and our own work.
 */
import type { CopyValue, Db } from "@/lib/db";
import { listingId } from "@/lib/pipeline/ingest/staged-row";
import type { SkuUpdate } from "./seed-writes";

const TABLE = "bench_copy_floor";
const INDEXED = "bench_copy_floor_indexed";
const INDEXED_COLUMNS = [
  "id", "dealerId", "feedId", "identityKey", "contentHash", "sku", "upc", "title", "brand", "caliber", "grainWeight",
  "roundCount", "bulletType", "caseType", "price", "pricePerRound", "inStock", "url",
] as const;
const COLUMNS = [
  "dealer_id", "feed_id", "identity_key", "content_hash", "sku", "upc", "title", "brand", "caliber", "grain_weight",
  "round_count", "bullet_type", "case_type", "price", "price_per_round", "in_stock", "url",
] as const;

export async function createFloorTable(db: Db): Promise<void> {
  await db.sql.exec(
    `DROP TABLE IF EXISTS ${TABLE};
     CREATE UNLOGGED TABLE ${TABLE} (
       dealer_id uuid, feed_id uuid, identity_key text, content_hash varchar(32), sku text, upc text, title text,
       brand text, caliber text, grain_weight int, round_count int, bullet_type text, case_type text,
       price numeric(12, 2), price_per_round numeric(12, 4), in_stock boolean, url text);
     DROP TABLE IF EXISTS ${INDEXED};
     CREATE UNLOGGED TABLE ${INDEXED} (LIKE "DealerSku" INCLUDING DEFAULTS INCLUDING INDEXES)`,
  );
}

export async function dropFloorTable(db: Db): Promise<void> {
  await db.sql.exec(`DROP TABLE IF EXISTS ${TABLE}; DROP TABLE IF EXISTS ${INDEXED}`);
}

export function floorRows(dealerId: string, feedId: string, rows: readonly SkuUpdate[]): CopyValue[][] {
  return rows.map(({ identityKey, contentHash, data: r }) => [
    dealerId, feedId, identityKey, contentHash, r.sku, r.upc, r.title, r.brand, r.caliber, r.grainWeight, r.roundCount,
    r.bulletType, r.caseType, r.price, r.pricePerRound, r.inStock, r.url,
  ]);
}

/** Empties the table (not timed), then times the COPY (CSV encoding included, as in the ingest's own COPY). */
export async function copyFloor(db: Db, rows: readonly CopyValue[][]): Promise<number> {
  await db.sql.exec(`TRUNCATE ${TABLE}`);
  const t0 = performance.now();
  await db.sql.copyFrom({ table: TABLE, columns: COLUMNS, rows });
  return performance.now() - t0;
}

/**
 * The same rows into the UNLOGGED, indexed copy of DealerSku (emptied first, not timed), with their ids given
 * (as the ingest's COPY gives them): the defaults left are now(), not the per-row gen_random_uuid().
 */
export async function copyIndexedFloor(db: Db, rows: readonly CopyValue[][]): Promise<number> {
  await db.sql.exec(`TRUNCATE ${INDEXED}`);
  const withIds = rows.map((row) => [listingId(String(row[0]), String(row[2])), ...row]);
  const t0 = performance.now();
  await db.sql.copyFrom({ table: INDEXED, columns: INDEXED_COLUMNS, rows: withIds });
  return performance.now() - t0;
}
