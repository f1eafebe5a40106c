/**
 * The product's tables in a form two databases can be compared in: every row and every column, except that
 * generated uuids become the natural key of the row they name (anywhere: ids, foreign keys, inside JSON),
 * timestamps and durations keep only whether they are set, and bytes become their md5. Rows are sorted,
 * so equal dumps mean the same data, nothing lost and nothing duplicated.
 */
import type { Db } from "@/lib/db";

export const productTables = [
  "Dealer", "Feed", "FeedUpload", "DealerSku", "QuarantinedRecord", "CanonicalSku", "Product", "Benchmark",
  "RunTouchedCanonical", "Insight", "Run", "RunStep", "AssetMaterialization", "IngestSnapshot", "IngestStagedRecord",
] as const;

export type Dump = Record<string, string[]>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Columns (and JSON fields) holding a time span, e.g. durationMs, parseMs: they differ from run to run by nature. */
const durations = /Ms$/;

/** Natural keys of every row a uuid can name. Runs are numbered per dealer in queue order. */
async function naturalKeys(db: Db): Promise<Map<string, string>> {
  const rows = await db.sql.query<{ id: string; key: string }>(`
    SELECT id::text, 'dealer:' || slug AS key FROM "Dealer"
    UNION ALL SELECT f.id::text, 'feed:' || d.slug || '/' || COALESCE(f."fileName", f.url, '') FROM "Feed" f JOIN "Dealer" d ON d.id = f."dealerId"
    UNION ALL SELECT u.id::text, 'upload:' || u."fileName" || '/' || u.sha256 FROM "FeedUpload" u
    UNION ALL SELECT s.id::text, 'listing:' || d.slug || '/' || s."identityKey" FROM "DealerSku" s JOIN "Dealer" d ON d.id = s."dealerId"
    UNION ALL SELECT id::text, 'canonical:' || "attrKey" FROM "CanonicalSku"
    UNION ALL SELECT id::text, 'product:' || "productKey" FROM "Product"
    UNION ALL SELECT r.id::text, 'run:' || d.slug || '/' || row_number() OVER (PARTITION BY r."dealerId" ORDER BY r."queuedAt", r.id)
      FROM "Run" r JOIN "Dealer" d ON d.id = r."dealerId"`);
  const keys = new Map(rows.map((r) => [r.id, r.key]));
  // Rows whose id is derived from other ids: named after what they are about.
  const derived = await db.sql.query<{ id: string; parts: string[] }>(`
    SELECT id::text, ARRAY['insight', "runId"::text, type::text, COALESCE("dealerSkuId", "canonicalSkuId")::text] AS parts FROM "Insight"
    UNION ALL SELECT id::text, ARRAY['materialization', COALESCE("runId"::text, partition), asset::text,
      (row_number() OVER (PARTITION BY "runId", partition, asset ORDER BY "startedAt"))::text] FROM "AssetMaterialization"
    UNION ALL SELECT id::text, ARRAY['step', "runId"::text, "functionId", "stepId", attempt::text] FROM "RunStep"
    UNION ALL SELECT id::text, ARRAY['quarantined', "feedId"::text, "rowNumber"::text] FROM "QuarantinedRecord"`);
  for (const { id, parts } of derived) keys.set(id, parts.map((p) => keys.get(p) ?? p).join("/"));
  return keys;
}

function canonical(value: unknown, keys: Map<string, string>, column?: string): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return "<time>";
  if (value instanceof Uint8Array) return `<bytes ${value.length}>`;
  if (column && durations.test(column) && typeof value === "number") return "<duration>";
  if (typeof value === "string") return uuid.test(value) ? (keys.get(value) ?? "<unknown uuid>") : value;
  if (Array.isArray(value)) return value.map((v) => canonical(v, keys));
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v, keys, k)]),
    );
  }
  return value;
}

function columnsOf(db: Db, table: string) {
  return db.sql.query<{ column_name: string; udt_name: string }>(
    `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
}

export async function dumpProductTables(db: Db): Promise<Dump> {
  const keys = await naturalKeys(db);
  const dump: Dump = {};
  for (const table of productTables) {
    const columns = await columnsOf(db, table);
    const list = columns
      .map(({ column_name: c, udt_name: type }) =>
        type === "vector" ? `"${c}"::text AS "${c}"` : type === "bytea" ? `md5("${c}") AS "${c}"` : `"${c}"`,
      )
      .join(", ");
    const rows = await db.sql.query<Record<string, unknown>>(`SELECT ${list} FROM "${table}"`);
    dump[table] = rows.map((row) => JSON.stringify(canonical(row, keys))).sort();
  }
  return dump;
}

/** Every row of every table as stored (same database, so ids compare as they are), in a total order. */
export async function snapshotRows(db: Db, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = await columnsOf(db, table);
    const list = columns.map(({ column_name: c, udt_name: type }) => (type === "vector" ? `"${c}"::text AS "${c}"` : `"${c}"`)).join(", ");
    const order = columns.map((_, i) => i + 1).join(", ");
    out[table] = await db.sql.query(`SELECT ${list} FROM "${table}" ORDER BY ${order}`);
  }
  return out;
}
