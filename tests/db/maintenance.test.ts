import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../lib/db";
import { vacuumEmbedded } from "../../lib/db/maintenance";
import { openTestDb } from "../support/db";

const RUN = "00000000-0000-4000-8000-000000000001";

/** Stages n rows for RUN, as an ingest's parse step would, and returns the staging table's size on disk. */
async function stage(db: Db, n: number): Promise<number> {
  await db.sql.query(
    `INSERT INTO "IngestStagedRecord" ("runId", "rowNumber", "identityKey", "contentHash", title, price, "inStock")
     SELECT $1, i, 'sku:' || i, md5(i::text), 'Listing ' || i || repeat(' with a long title', 5), 10 + i % 50, true
     FROM generate_series(1, $2::int) i`,
    [RUN, n],
  );
  return size(db);
}

async function size(db: Db): Promise<number> {
  const [row] = await db.sql.query<{ bytes: number }>(`SELECT pg_relation_size('"IngestStagedRecord"')::int AS bytes`);
  return row!.bytes;
}

const clear = (db: Db) => db.sql.query(`DELETE FROM "IngestStagedRecord" WHERE "runId" = $1`, [RUN]);

describe("the embedded database's VACUUM (maintenance function)", () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("without it, every ingest's staged rows stay on disk; with it, the next ingest reuses their space", async () => {
    const once = await stage(db, 5_000);
    await clear(db);
    const twice = await stage(db, 5_000);
    expect(twice).toBeGreaterThanOrEqual(2 * once * 0.95);

    await clear(db);
    const vacuumed = await vacuumEmbedded(db);
    expect(vacuumed.ms).toEqual(expect.any(Number));
    // The dead rows' pages are free again (the empty tail is even given back to the file system).
    const reused = await stage(db, 5_000);
    expect(reused).toBe(once);
    await clear(db);
  });

  it("does nothing on PostgreSQL, whose autovacuum does it", async () => {
    const sql = { ...db.sql, exec: async () => Promise.reject(new Error("must not run")) };
    expect(await vacuumEmbedded({ kind: "postgres", sql })).toEqual({ ms: null });
  });
});
