/**
 * Re-polls rewrite changed listings as HOT updates, nearly all of them (DEVELOPERS.md): DealerSku's pages are kept
 * half empty and no index covers a column a re-poll or a deactivation changes, so a new row version needs no index
 * entries. An index on price, stock or isActive, or full pages, would show here as non-HOT updates.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Db } from "@/lib/db";
import { openTestDb } from "../support/db";
import { feed, nextFeed, uploadAndIngest, uploadDealer } from "./helpers";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

async function updateCounts(): Promise<{ updates: number; hot: number }> {
  await db.sql.query("SELECT pg_stat_force_next_flush()");
  const [row] = await db.sql.query<{ updates: number; hot: number }>(
    `SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'DealerSku'`,
  );
  return row!;
}

test("every listing changed, twice, then a tenth gone: the rewrites and deactivations are HOT updates", async () => {
  const f = await uploadDealer(db, "hot-updates");
  const v1 = feed(400, "csv", "ammoseek", "hot");
  await uploadAndIngest(db, f, v1.text);
  const v2 = nextFeed(v1.records, { changeRate: 1, seed: 2 });
  const v3 = nextFeed(v2.records, { changeRate: 1, seed: 3 });
  const v4 = nextFeed(v3.records, { changeRate: 0, vanishRate: 0.1, seed: 4 });

  for (const next of [v2, v3, v4]) {
    const before = await updateCounts();
    const result = await uploadAndIngest(db, f, next.text);
    const after = await updateCounts();
    const rewritten = result.materialization.updated + result.materialization.deactivated;
    expect(rewritten).toBeGreaterThan(next === v4 ? 30 : 390);
    expect(after.updates - before.updates).toBe(rewritten);
    // A page whose old versions are not pruned yet may leave a row or two no room: HOT is best effort.
    expect(after.hot - before.hot).toBeGreaterThanOrEqual(Math.ceil(rewritten * 0.95));
  }
});
