/**
 * The one db module. Without DATABASE_URL it opens the embedded PGlite (with pgvector) in a data
 * directory and migrates it on first start; with DATABASE_URL it uses PostgreSQL through a pool.
 * Callers get the same `Db` either way and never learn which.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { PGliteAdapterFactory } from "./adapters";
import { resolveDbTarget, type DbTarget } from "./config";
import { acquireDataDirLock } from "./lock";
import { applyMigrations } from "./migrations";
import { openPGlite, pgliteSql } from "./pglite";
import { poolConfigFromUrl, poolSql } from "./postgres";
import type { SqlClient } from "./sql";

export type { SqlClient, SqlParam } from "./sql";
export type { CopySource, CopyValue } from "./copy";
export { bytesColumn, bytesParam } from "./bytes";
export { withHashJoins } from "./hash-joins";
export { withoutRowKeyChecks } from "./key-checks";

export interface Db {
  prisma: PrismaClient;
  sql: SqlClient;
  kind: DbTarget["kind"];
  /** Connections in use and the pool's size (PGlite: a single connection). */
  connectionUsage(): { active: number; max: number };
  close(): Promise<void>;
}

const slot = globalThis as typeof globalThis & { __dealerPipelineDb?: Promise<Db> };

/** The process-wide database; opened (and, embedded, migrated) on first call. */
export function getDb(): Promise<Db> {
  slot.__dealerPipelineDb ??= openDb(resolveDbTarget()).catch((error: unknown) => {
    slot.__dealerPipelineDb = undefined;
    throw error;
  });
  return slot.__dealerPipelineDb;
}

/** Closes the process-wide database, if open. */
export async function closeDb(): Promise<void> {
  const pending = slot.__dealerPipelineDb;
  slot.__dealerPipelineDb = undefined;
  if (pending) await (await pending).close();
}

export async function openDb(target: DbTarget): Promise<Db> {
  return target.kind === "pglite" ? openEmbedded(target.dataDir, target.sharedBuffers) : openPostgres(target.url);
}

async function openEmbedded(dataDir: string, sharedBuffers: string | undefined): Promise<Db> {
  const release = acquireDataDirLock(dataDir);
  let pglite: PGlite;
  try {
    pglite = await openPGlite(dataDir, { sharedBuffers });
    await applyMigrations(new PGliteAdapterFactory(pglite));
  } catch (error) {
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.off("exit", release);
    await prisma.$disconnect();
    await pglite.close();
    release();
  };
  process.once("exit", release);
  const sql = pgliteSql(pglite);
  return {
    prisma,
    sql,
    kind: "pglite",
    connectionUsage: () => ({ active: 1, max: 1 }),
    close,
  };
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool(poolConfigFromUrl(url));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const max = pool.options.max ?? 10;
  const sql = poolSql(pool);
  return {
    prisma,
    sql,
    kind: "postgres",
    connectionUsage: () => ({ active: pool.totalCount - pool.idleCount, max }),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
