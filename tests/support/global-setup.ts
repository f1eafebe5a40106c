/**
 * Migrates one template PGlite directory per test run; each test file copies it (a copy takes
 * milliseconds, a fresh migrate takes seconds).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGliteAdapterFactory } from "../../lib/db/adapters";
import { applyMigrations } from "../../lib/db/migrations";
import { openPGlite } from "../../lib/db/pglite";

export default async function setup(): Promise<() => Promise<void>> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "dealer-pipeline-tests-"));
  const template = path.join(root, "template");
  const db = await openPGlite(template);
  await applyMigrations(new PGliteAdapterFactory(db));
  await db.close();
  process.env.PIPELINE_TEST_TEMPLATE = template;
  process.env.PIPELINE_TEST_ROOT = root;
  return async () => {
    await fs.rm(root, { recursive: true, force: true });
  };
}
