/** withHashJoins: a join of two whole row sets planned as a hash join, for one part of a transaction. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { withHashJoins, type Db, type SqlClient } from "../../lib/db";
import { openTestDb } from "../support/db";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
  await db.sql.exec(`
    CREATE TABLE hash_left (id int PRIMARY KEY, owner int NOT NULL);
    CREATE INDEX hash_left_owner ON hash_left (owner);
    CREATE TABLE hash_right (id int PRIMARY KEY, v text);
    INSERT INTO hash_left SELECT i, 1 FROM generate_series(1, 2000) i;
    INSERT INTO hash_right SELECT i, 'r' || i FROM generate_series(1, 50000) i;`);
});
afterAll(async () => {
  await db.close();
});

// All 2,000 rows of one owner against 50,000: the planner guesses a few and probes the index once per row, as it
// does for a dealer's listings.
const JOIN = `SELECT count(*)::int AS n FROM hash_left l JOIN hash_right r ON r.id = l.id WHERE l.owner = 1`;
const plan = async (tx: SqlClient) => (await tx.query<Record<string, string>>(`EXPLAIN ${JOIN}`)).map((r) => Object.values(r)[0]).join("\n");

test("inside: the join is hashed, with the same result; after it, in the same transaction, nested loops are back", async () => {
  const seen = await db.sql.transaction(async (tx) => {
    const before = await plan(tx);
    const inside = await withHashJoins(tx, async () => ({ plan: await plan(tx), rows: await tx.query(JOIN) }));
    return { before, inside, after: await plan(tx), rows: await tx.query(JOIN) };
  });
  // Without statistics the planner guesses few rows and probes the index once per row.
  expect(seen.before).toMatch(/Nested Loop/);
  expect(seen.inside.plan).toMatch(/Hash Join/);
  expect(seen.inside.plan).not.toMatch(/Nested Loop/);
  expect(seen.after).toBe(seen.before);
  expect(seen.inside.rows).toEqual([{ n: 2000 }]);
  expect(seen.rows).toEqual(seen.inside.rows);
});

test("a failure inside rolls back with the transaction: the next transaction plans as before", async () => {
  const failure = new Error("inside");
  await expect(db.sql.transaction((tx) => withHashJoins(tx, async () => {
    throw failure;
  }))).rejects.toBe(failure);
  const after = await db.sql.transaction((tx) => plan(tx));
  expect(after).toMatch(/Nested Loop/);
});
