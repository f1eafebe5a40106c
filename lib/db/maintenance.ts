/**
 * Housekeeping PostgreSQL's autovacuum does on a server and PGlite never does (one process, no background
 * workers): without it every ingest's staged rows, fetched feed bytes and superseded listing versions stay
 * on disk for good, and the tables' live rows spread over ever more pages.
 */
import type { Db } from "./index";

export interface VacuumResult {
  /** null: the database vacuums itself (PostgreSQL's autovacuum). */
  ms: number | null;
}

/**
 * VACUUM of the whole embedded database: dead rows' space becomes reusable. Runs only on PGlite. Each run
 * visits only the pages changed since the one before, so it is cheap when run often.
 */
export async function vacuumEmbedded(db: Pick<Db, "kind" | "sql">): Promise<VacuumResult> {
  if (db.kind !== "pglite") return { ms: null };
  const t0 = performance.now();
  await db.sql.exec("VACUUM");
  return { ms: Math.round(performance.now() - t0) };
}
