/**
 * Foreign keys are checked row by row: a trigger and a lookup per written row, the larger part of a bulk
 * write on the embedded database. There one session runs at a time, so between a transaction's reads and its
 * commit nothing else can delete a row it read: a statement that takes every key it writes from rows read in
 * the same transaction (or checked once for the whole batch) cannot break one.
 */
import type { SqlClient } from "./sql";

/**
 * Runs `fn` inside transaction `tx` without the per-row foreign-key checks on `tables`, where that is safe and
 * allowed: the server is PGlite (one session), the role may set session_replication_role, and none of the
 * tables has a trigger of its own (it would be skipped too). Elsewhere `fn` runs with every check. Whatever
 * `fn` writes must take its keys as described above; the checks are back on for the rest of the transaction.
 */
export async function withoutRowKeyChecks<T>(tx: SqlClient, tables: readonly string[], fn: () => Promise<T>): Promise<T> {
  const [relaxed] = await tx.query<{ relaxed: boolean }>(
    `SELECT set_config('session_replication_role', 'replica', true) = 'replica' AS relaxed
     WHERE version() LIKE '%PGlite%' AND current_setting('is_superuser') = 'on'
       AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = ANY ($1::text[]::regclass[]) AND NOT t.tgisinternal)`,
    [tables.map((t) => `"${t}"`)],
  );
  const result = await fn();
  if (relaxed) await tx.query(`SELECT set_config('session_replication_role', 'origin', true)`);
  return result;
}
