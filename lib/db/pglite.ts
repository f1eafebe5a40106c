import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { copyCsvOf, copyStatement, type CopySource } from "./copy";
import { numberParsers, type SqlClient, type SqlParam } from "./sql";

/** PGlite's own start parameters (not in its typings), which `startParams` replaces rather than extends. */
const DEFAULT_START_PARAMS = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];

/** PGlite's start parameters with shared_buffers set (a PostgreSQL size, e.g. "512MB"); undefined: PGlite's own. */
export function pgliteStartParams(sharedBuffers?: string): string[] | undefined {
  return sharedBuffers ? [...DEFAULT_START_PARAMS, "-c", `shared_buffers=${sharedBuffers}`] : undefined;
}

export async function openPGlite(dataDir: string, opts: { sharedBuffers?: string } = {}): Promise<PGlite> {
  const db = await PGlite.create({ dataDir, extensions: { vector }, startParams: pgliteStartParams(opts.sharedBuffers) });
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
      const result = await target.query<T>(text, params as unknown[], { parsers: numberParsers });
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
