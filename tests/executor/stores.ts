/**
 * The store the executor tests run on: MemoryStore, or DbStore when EXECUTOR_TEST_STORE=db (db-store.test.ts
 * runs the whole suite that way). Every DbStore gets its own PostgreSQL schema in one database per test
 * file, so executors in one test never see each other's queue, and opening a database per store (seconds
 * on PGlite) is not needed.
 */
import { afterAll, beforeAll } from "vitest";
import { DbStore } from "@/inngest/executor/db-store";
import { MemoryStore } from "@/inngest/executor/memory-store";
import type { ExecutorStore } from "@/inngest/executor/store";
import type { Db, SqlClient } from "@/lib/db";
import { openTestDb } from "../support/db";

const tables = ["ExecutorRun", "ExecutorItem", "ExecutorWaiter", "ExecutorKey"];
let shared: Promise<Db> | undefined;
let schemas = 0;

export const usesDbStore = () => process.env.EXECUTOR_TEST_STORE === "db";

/** The test file's database, opened on first use. */
export function testStoreDb(): Promise<Db> {
  shared ??= openTestDb();
  return shared;
}

/** Creates an empty set of executor tables in a new schema; returns its name. */
export async function createStoreSchema(db: Db, schema = `executor_test_${++schemas}`): Promise<string> {
  await db.sql.exec(
    `CREATE SCHEMA ${schema};\n` +
      tables.map((t) => `CREATE TABLE ${schema}."${t}" (LIKE public."${t}" INCLUDING ALL);`).join("\n"),
  );
  return schema;
}

/** A SqlClient that waits for `ready` first: lets tests create a DbStore synchronously, like a MemoryStore. */
function deferredSql(ready: Promise<SqlClient>): SqlClient {
  return {
    query: async (text, params) => (await ready).query(text, params),
    exec: async (script) => (await ready).exec(script),
    copyFrom: async (source) => (await ready).copyFrom(source),
    transaction: async (fn) => (await ready).transaction(fn),
  };
}

export function newStore(options: { keepFinished?: number } = {}): ExecutorStore {
  if (!usesDbStore()) return new MemoryStore(options.keepFinished);
  const schema = `executor_test_${++schemas}`;
  const ready = testStoreDb().then(async (db) => {
    await createStoreSchema(db, schema);
    return db.sql;
  });
  ready.catch(() => undefined); // surfaces through the store's first query
  return new DbStore(deferredSql(ready), { ...options, schema });
}

/** Opens the test file's database before its tests (on DbStore runs; opening takes seconds), closes it after. */
export function useTestStores(): void {
  beforeAll(async () => {
    if (usesDbStore()) await testStoreDb();
  });
  afterAll(async () => {
    const db = shared;
    shared = undefined;
    if (db) await (await db).close();
  });
}
