import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { closeDb, getDb, openDb, type Db } from "../../lib/db";

/** A fresh, migrated PGlite directory copied from the run's template. */
export async function freshDataDir(): Promise<string> {
  const template = process.env.PIPELINE_TEST_TEMPLATE;
  const root = process.env.PIPELINE_TEST_ROOT;
  if (!template || !root) throw new Error("tests/support/global-setup.ts did not run");
  const dir = path.join(root, randomUUID());
  await fs.cp(template, dir, { recursive: true });
  return dir;
}

/** Opens a private database (not the process-wide one). Close it yourself. */
export async function openTestDb(): Promise<Db & { dataDir: string }> {
  const dataDir = await freshDataDir();
  const db = await openDb({ kind: "pglite", dataDir });
  return Object.assign(db, { dataDir });
}

/**
 * Points the process-wide `getDb()` at a fresh database for this test file, and closes it after.
 * Use in files whose code under test calls getDb() itself (Inngest functions, route handlers).
 */
export function useProcessDb(): { db: () => Db } {
  let db: Db | null = null;
  beforeAll(async () => {
    process.env.PIPELINE_DATA_DIR = await freshDataDir();
    db = await getDb();
  });
  afterAll(async () => {
    await closeDb();
  });
  return {
    db: () => {
      if (!db) throw new Error("useProcessDb: database not open yet");
      return db;
    },
  };
}
