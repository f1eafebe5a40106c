import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { copyCsvOf, copyStatement, type CopySource } from "./copy";
import { numberParsers, type SqlClient, type SqlParam } from "./sql";

/** PGlite's own start parameters (not in its typings), which `startParams` replaces rather than extends. */
const DEFAULT_START_PARAMS = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];

/**
 * Settings of the embedded database, which writes through PGlite's Node file system (every write a call out of
 * WebAssembly):
 * - full_page_writes off. Full-page images in the WAL guard against pages torn by an OS crash or a power loss.
 *   PGlite already runs with fsync off (-F, among its own parameters), so such a crash can lose what was written
 *   anyway; a crash of the process tears no page (the OS has every write it made). The images would only cost
 *   every first change to a page after a checkpoint a whole 8 kB page of WAL. Three alternating rounds of
 *   5,000-SKU first runs (bench/tmp/exp-fpw.ts): median 1,004 ms without them, 1,206 ms with them.
 * - wal_init_zero off: a new 16 MB WAL segment is created with its last byte written, not filled with zeros in
 *   2,048 writes (the reader stops at the first invalid record either way). A 5,000-SKU first run writes ~7.7 MB
 *   of WAL (bench/tmp/exp-walbytes.ts): a growing database creates a segment every other one. Three alternating
 *   rounds (bench/tmp/exp-wiz.ts): median 930 ms against 1,156.
 */
const EMBEDDED_SETTINGS = ["-c", "full_page_writes=off", "-c", "wal_init_zero=off"];

/** PGlite's own start parameters, the embedded settings, and shared_buffers when given (e.g. "512MB"). */
export function pgliteStartParams(sharedBuffers?: string): string[] {
  return [...DEFAULT_START_PARAMS, ...EMBEDDED_SETTINGS, ...(sharedBuffers ? ["-c", `shared_buffers=${sharedBuffers}`] : [])];
}

export async function openPGlite(dataDir: string, opts: { sharedBuffers?: string } = {}): Promise<PGlite> {
  // The number parsers belong to the instance: passed with each query, PGlite merges them into a copy of its whole
  // parser table every time, which cost more than a small statement itself (0.12–0.14 ms a query, bench/tmp/raw2.ts).
  // The Prisma adapter passes its own parsers per query, and those still win for its queries.
  const db = await PGlite.create({
    dataDir,
    extensions: { vector },
    startParams: pgliteStartParams(opts.sharedBuffers),
    parsers: numberParsers,
  });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector;");
  return db;
}

/** A throwaway in-memory database with pgvector: the migration engine's shadow database. */
export async function openMemoryPGlite(): Promise<PGlite> {
  return openPGlite("memory://");
}

type Queryable = Pick<PGlite, "query" | "exec"> | Transaction;

/**
 * PGlite runs on the main thread and chains its queued queries in microtasks: under load the HTTP server
 * (the dashboard, and the demo feeds the pipeline fetches from this same process) would starve. Every query
 * first lets pending I/O run.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

function wrap(target: Queryable, root: PGlite | null): SqlClient {
  const client: SqlClient = {
    async query<T>(text: string, params: readonly SqlParam[] = []) {
      await yieldToIo();
      const result = await target.query<T>(text, params as unknown[]);
      return result.rows;
    },
    async exec(script: string) {
      await yieldToIo();
      await target.exec(script);
    },
    async copyFrom(source: CopySource) {
      await yieldToIo();
      await pgliteCopyFrom(target, source);
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>) {
      if (!root) return fn(client);
      return root.transaction((tx) => fn(wrap(tx, null)));
    },
  };
  return client;
}

export function pgliteSql(db: PGlite): SqlClient {
  return wrap(db, db);
}

/** COPY through PGlite's virtual `/dev/blob` file. */
async function pgliteCopyFrom(db: Queryable, source: CopySource): Promise<void> {
  const { table, columns } = source;
  const csv = copyCsvOf(source);
  if (csv === "") return;
  await db.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
}
