/**
 * Products in and out of the embedding queue. A product is due when its semantic hash differs from the
 * hash its embedding was made from, or the embedding model changed; nothing else is ever re-embedded.
 */
import type { SqlClient } from "@/lib/db";
import type { SemanticFields } from "./text";

export interface DueProduct extends SemanticFields {
  id: string;
  semanticHash: string;
}

const dueCondition = `("lastEmbeddingHash" IS DISTINCT FROM "semanticHash" OR "embeddingModel" IS DISTINCT FROM $1 OR embedding IS NULL)`;

/**
 * The next products to embed, highest priority (a new dealer's) first. Products that failed since
 * `attemptedBefore` are left for a later run, so one bad product never spins a run.
 */
export async function selectDueProducts(sql: SqlClient, model: string, limit: number, attemptedBefore: Date): Promise<DueProduct[]> {
  return sql.query<DueProduct>(
    `SELECT id, name, description, brand, caliber, purpose, category, "bulletType", "grainWeight", "semanticHash"
     FROM "Product"
     WHERE ${dueCondition} AND ("embeddingError" IS NULL OR "updatedAt" < $3)
     ORDER BY "embeddingPriority" DESC, "embeddingAttempts", "createdAt", id
     LIMIT $2`,
    [model, limit, attemptedBefore],
  );
}

export async function countDueProducts(sql: SqlClient, model: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Product" WHERE ${dueCondition}`, [model]);
  return row?.n ?? 0;
}

/**
 * Vectors written per statement. Each vector also goes into the HNSW index, a few ms of work apiece: on the
 * embedded database (which runs a statement synchronously, in the web server's thread) one statement of
 * 1,000 vectors blocked every dashboard request for seconds; statements of this size keep each pause short
 * and let the dashboard's queries in between.
 */
export const SAVE_CHUNK = 64;

/**
 * Writes vectors, set-based, in statements of SAVE_CHUNK (each atomic on its own: a vector saved is a valid
 * embedding whatever happens to the next statement). A product whose semantic hash moved on while it was
 * being embedded keeps its old marker, so it stays due for the newer text.
 */
export async function saveEmbeddings(
  sql: SqlClient,
  model: string,
  rows: Array<{ id: string; semanticHash: string; vector: number[] }>,
): Promise<number> {
  let saved = 0;
  for (let i = 0; i < rows.length; i += SAVE_CHUNK) saved += await saveEmbeddingChunk(sql, model, rows.slice(i, i + SAVE_CHUNK));
  return saved;
}

async function saveEmbeddingChunk(
  sql: SqlClient,
  model: string,
  rows: Array<{ id: string; semanticHash: string; vector: number[] }>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const updated = await sql.query<{ id: string }>(
    `UPDATE "Product" p SET embedding = v.e::vector, "lastEmbeddingHash" = v.h, "embeddingModel" = $4,
       "embeddingUpdatedAt" = now(), "embeddingAttempts" = 0, "embeddingError" = NULL, "embeddingPriority" = 0,
       "updatedAt" = now()
     FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, e, h)
     WHERE p.id = v.id AND p."semanticHash" = v.h
     RETURNING p.id`,
    [rows.map((r) => r.id), rows.map((r) => `[${r.vector.join(",")}]`), rows.map((r) => r.semanticHash), model],
  );
  return updated.length;
}

/** Failed products stay due (their hash still differs) and carry the reason for the dashboard. */
export async function markEmbeddingFailures(sql: SqlClient, failures: Array<{ id: string; error: string }>): Promise<void> {
  if (failures.length === 0) return;
  await sql.query(
    `UPDATE "Product" p SET "embeddingAttempts" = p."embeddingAttempts" + 1, "embeddingError" = v.err, "updatedAt" = now()
     FROM unnest($1::uuid[], $2::text[]) AS v(id, err) WHERE p.id = v.id`,
    [failures.map((f) => f.id), failures.map((f) => f.error.slice(0, 500))],
  );
}
