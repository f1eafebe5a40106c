import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PGliteAdapterFactory } from "../../lib/db/adapters";
import { applyMigrations } from "../../lib/db/migrations";
import type { Db } from "../../lib/db";
import { openTestDb } from "../support/db";
import { openPGlite } from "../../lib/db/pglite";

function unitVector(hot: number): string {
  const v = Array.from({ length: 512 }, (_, i) => (i === hot ? 1 : 0));
  return `[${v.join(",")}]`;
}

describe("the embedded database", () => {
  let db: Db & { dataDir: string };
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it("is migrated: every model's table exists and the migration is recorded", async () => {
    const tables = await db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    const names = tables.map((t) => t.table_name);
    for (const model of ["Dealer", "Feed", "DealerSku", "QuarantinedRecord", "CanonicalSku", "Product", "Benchmark", "Insight", "Run", "AssetMaterialization", "RunStep", "ExecutorRun", "_prisma_migrations"]) {
      expect(names).toContain(model);
    }
    const [applied] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    expect(applied?.n).toBeGreaterThan(0);
  });

  it("applying migrations again is a no-op", async () => {
    await db.close();
    const raw = await openPGlite(db.dataDir);
    try {
      expect(await applyMigrations(new PGliteAdapterFactory(raw))).toEqual([]);
    } finally {
      await raw.close();
    }
    const { openDb } = await import("../../lib/db");
    db = Object.assign(await openDb({ kind: "pglite", dataDir: db.dataDir }), { dataDir: db.dataDir });
  });

  it("Prisma and raw SQL see the same rows, numerics come back as numbers", async () => {
    const dealer = await db.prisma.dealer.create({ data: { slug: "acme", name: "Acme Ammo", plan: "PRO" } });
    const rows = await db.sql.query<{ slug: string; plan: string; n: number }>(
      `SELECT slug, plan::text AS plan, 12.5::numeric AS n FROM "Dealer" WHERE id = $1`,
      [dealer.id],
    );
    expect(rows).toEqual([{ slug: "acme", plan: "PRO", n: 12.5 }]);
  });

  it("numeric and bigint are numbers for raw SQL (in a transaction too), while Prisma keeps its Decimal and BigInt", async () => {
    const text = `SELECT 12.5::numeric AS n, 7::int8 AS i, count(*) AS c FROM (VALUES (1), (2)) AS v(x)`;
    expect(await db.sql.query(text)).toEqual([{ n: 12.5, i: 7, c: 2 }]);
    expect(await db.sql.transaction((tx) => tx.query(text))).toEqual([{ n: 12.5, i: 7, c: 2 }]);
    const [viaPrisma] = await db.prisma.$queryRawUnsafe<Array<{ n: unknown; i: unknown }>>(`SELECT 12.5::numeric AS n, 7::int8 AS i`);
    expect(typeof viaPrisma!.i).toBe("bigint");
    expect(typeof viaPrisma!.n).toBe("object");
    expect(String(viaPrisma!.n)).toBe("12.5");
  });

  it("a failed transaction changes nothing", async () => {
    await expect(
      db.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO "Dealer" (slug, name) VALUES ('temp', 'Temp')`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await db.sql.query(`SELECT 1 FROM "Dealer" WHERE slug = 'temp'`);
    expect(rows).toHaveLength(0);
  });

  it("a listing's dealer must be its feed's dealer; deleting the feed deletes its listings", async () => {
    const [a, b] = await db.sql.query<{ id: string }>(
      `INSERT INTO "Dealer" (slug, name) VALUES ('fk-a', 'A'), ('fk-b', 'B') RETURNING id`,
    );
    const [feed] = await db.sql.query<{ id: string }>(`INSERT INTO "Feed" ("dealerId", source) VALUES ($1, 'UPLOAD') RETURNING id`, [a!.id]);
    const listing = `INSERT INTO "DealerSku" ("dealerId", "feedId", "identityKey", "contentHash", title, price, "inStock")
                     VALUES ($1, $2, 'sku:1', 'h', 'T', 1, true)`;
    await expect(db.sql.query(listing, [b!.id, feed!.id])).rejects.toThrow(/DealerSku_feedId_dealerId_fkey/);
    await db.sql.query(listing, [a!.id, feed!.id]);
    await db.sql.query(`DELETE FROM "Feed" WHERE id = $1`, [feed!.id]);
    const left = await db.sql.query(`SELECT 1 FROM "DealerSku" WHERE "dealerId" = $1`, [a!.id]);
    expect(left).toHaveLength(0);
  });

  it("stores 512-dim vectors and answers nearest-neighbour queries through the HNSW index", async () => {
    await db.sql.query(
      `INSERT INTO "Product" ("productKey", name, "semanticHash", embedding)
       SELECT 'p' || i, 'Product ' || i, 'h', $1::vector FROM generate_series(1, 3) i`,
      [unitVector(0)],
    );
    await db.sql.query(`UPDATE "Product" SET embedding = $1::vector WHERE "productKey" = 'p2'`, [unitVector(7)]);
    const [index] = await db.sql.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'Product_embedding_hnsw_idx'`,
    );
    expect(index?.indexdef).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
    const nearest = await db.sql.query<{ productKey: string }>(
      `SELECT "productKey" FROM "Product" ORDER BY embedding <=> $1::vector LIMIT 1`,
      [unitVector(7)],
    );
    expect(nearest[0]?.productKey).toBe("p2");
  });
});
