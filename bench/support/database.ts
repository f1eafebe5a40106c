/**
 * A fresh database per scenario. Embedded: a copy of a migrated (and possibly pre-seeded) PGlite template
 * directory, removed afterwards. DATABASE_URL: the pipeline's tables emptied, then the other dealers seeded.
 * Either way the process-wide `getDb()` is the scenario's database, so the Inngest functions use it too.
 */
import fs from "node:fs/promises";
import { closeDb, getDb, type Db } from "@/lib/db";
import { PGliteAdapterFactory } from "@/lib/db/adapters";
import { applyMigrations } from "@/lib/db/migrations";
import { openPGlite } from "@/lib/db/pglite";
import type { DbSpec } from "../types";
import { seedOtherDealers } from "./dealers";
import { progress } from "./progress";
import { copyDir } from "./template-cache";
import { instrumentDb, resetSqlProfile, sqlProfileEnabled } from "./sql-profile";

/** Creates a migrated PGlite directory (a copy takes milliseconds, a fresh migrate seconds). */
export async function buildTemplate(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  const pglite = await openPGlite(dir);
  try {
    await applyMigrations(new PGliteAdapterFactory(pglite));
  } finally {
    await pglite.close();
  }
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(`${dir}.lock`, { force: true });
}

/** Empties every table of the pipeline (never the migration history) on DATABASE_URL. */
async function resetPostgres(db: Db): Promise<void> {
  const tables = await db.sql.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  if (tables.length === 0) throw new Error("DATABASE_URL has no pipeline tables: run `npm run db:migrate` first");
  await db.sql.exec(`TRUNCATE ${tables.map((t) => `"${t.name.replace(/"/g, '""')}"`).join(", ")} CASCADE`);
}

export async function openScenarioDb(spec: DbSpec): Promise<Db> {
  const t0 = performance.now();
  const db = await openFresh(spec);
  progress(`  database ready in ${Math.round(performance.now() - t0)} ms (${spec.kind === "pglite" ? "copy of the template" : "tables emptied, other dealers seeded"})`);
  if (sqlProfileEnabled()) {
    instrumentDb(db);
    resetSqlProfile();
  }
  return db;
}

async function openFresh(spec: DbSpec): Promise<Db> {
  if (spec.kind === "pglite") {
    await removeDir(spec.workDir);
    const t0 = performance.now();
    await copyDir(spec.templateDir, spec.workDir);
    const t1 = performance.now();
    process.env.PIPELINE_DATA_DIR = spec.workDir;
    const db = await getDb();
    progress(`  copied the template in ${Math.round(t1 - t0)} ms, opened it in ${Math.round(performance.now() - t1)} ms`);
    return db;
  }
  const db = await getDb();
  await resetPostgres(db);
  if (spec.seedOthers.length > 0) await seedOtherDealers(db, spec.seedOthers);
  return db;
}

export async function closeScenarioDb(spec: DbSpec): Promise<void> {
  await closeDb();
  if (spec.kind === "pglite") await removeDir(spec.workDir);
}
