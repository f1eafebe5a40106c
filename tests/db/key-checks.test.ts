/** withoutRowKeyChecks: per-row foreign-key checks skipped on the embedded database, for one part of a transaction. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { withoutRowKeyChecks, type Db, type SqlClient } from "../../lib/db";
import { openTestDb } from "../support/db";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
  await db.sql.exec(`
    CREATE TABLE key_parent (id int PRIMARY KEY);
    CREATE TABLE key_child (id int PRIMARY KEY, parent int NOT NULL REFERENCES key_parent (id));
    CREATE TABLE key_watched (id int PRIMARY KEY, parent int NOT NULL REFERENCES key_parent (id));
    CREATE FUNCTION key_watch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER key_watch BEFORE INSERT ON key_watched FOR EACH ROW EXECUTE FUNCTION key_watch();
    INSERT INTO key_parent VALUES (1);`);
});
afterAll(async () => {
  await db.close();
});

const role = async (tx: SqlClient) => (await tx.query<{ role: string }>(`SELECT current_setting('session_replication_role') AS role`))[0]!.role;

test("inside: the per-row checks are off; after it, in the same transaction, they are back", async () => {
  const seen = await db.sql.transaction(async (tx) => {
    const inside = await withoutRowKeyChecks(tx, ["key_child"], async () => {
      await tx.query(`INSERT INTO key_child SELECT i, 1 FROM generate_series(1, 100) i`);
      return role(tx);
    });
    const after = await role(tx);
    await expect(tx.query(`INSERT INTO key_child VALUES (1000, 2)`)).rejects.toThrow(/foreign key/);
    return { inside, after };
  });
  expect(seen).toEqual({ inside: "replica", after: "origin" });
  // The refused insert aborted the transaction: none of it was kept.
  expect(await db.sql.query(`SELECT count(*)::int AS n FROM key_child`)).toEqual([{ n: 0 }]);
});

test("a table with a trigger of its own keeps every check (the trigger would be skipped too)", async () => {
  const inside = await db.sql.transaction((tx) => withoutRowKeyChecks(tx, ["key_child", "key_watched"], () => role(tx)));
  expect(inside).toBe("origin");
  await expect(db.sql.transaction((tx) => withoutRowKeyChecks(tx, ["key_watched"], () => tx.query(`INSERT INTO key_watched VALUES (1, 2)`)))).rejects.toThrow(/foreign key/);
});

test("the session's setting is untouched afterwards", async () => {
  await db.sql.transaction((tx) => withoutRowKeyChecks(tx, ["key_child"], async () => undefined));
  expect(await role(db.sql)).toBe("origin");
});
