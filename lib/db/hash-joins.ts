/**
 * PGlite never gathers statistics, so the planner guesses a handful of rows per table or CTE and joins
 * thousands of rows by one index probe each. Where a statement is known to join most of the rows on both
 * sides, hash joins are several times cheaper, and never worse with statistics either.
 */
import type { SqlClient } from "./sql";

/**
 * Runs `fn` inside transaction `tx` with nested-loop joins disabled; they are back on for the rest of the
 * transaction. If `fn` throws, the transaction's rollback restores the setting.
 */
export async function withHashJoins<T>(tx: SqlClient, fn: () => Promise<T>): Promise<T> {
  await tx.exec("SET LOCAL enable_nestloop = off");
  const result = await fn();
  await tx.exec("SET LOCAL enable_nestloop = DEFAULT");
  return result;
}
