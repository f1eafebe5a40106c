/**
 * The database store's SQL. A commit is one statement: each non-empty part of its plan is a
 * data-modifying CTE fed by one JSONB parameter. The parts never touch the same row (the plan folds
 * those together), so they can run side by side on one snapshot, and a single statement is atomic.
 */
import type { SqlParam } from "@/lib/db";
import { FINISHED_STATUSES, type CommitPlan } from "./db-store-plan";

/**
 * A CTE body. `rows`: the part's rows as one JSONB parameter; `ids`: their ids as a text[] parameter, for
 * deletes (which need nothing else) and updates (an array the planner can size picks the primary key index).
 */
type Part = (rows: string, ids: string) => string;

/**
 * PostgreSQL's JSONB (like its text) cannot hold U+0000. A step result or event carrying one becomes
 * U+FFFD instead of failing every commit of its run again and again.
 */
const toJsonb = (value: unknown) => JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
type PartName = Exclude<keyof CommitPlan, "finishes">;
const deletes = new Set<PartName>(["deleteItems", "deleteWaiters", "deleteKeys"]);
const updates = new Set<PartName>(["updateRuns", "updateItems"]);

export interface StoreSql {
  /** The commit as one statement, or null when there is nothing to write. */
  commit(plan: CommitPlan): { text: string; params: SqlParam[] } | null;
  /** Forgets the oldest finished runs beyond `$1`, as MemoryStore does. */
  sweepFinishedRuns: string;
  selectRun: string;
  selectActiveRuns: string;
  selectItems: string;
  selectRunItems: string;
  selectWaiters: string;
  /** A live key's value; drops the key if it has expired (as MemoryStore does on read). */
  selectKey: string;
  sweepExpiredKeys: string;
}

/** The statements over the executor tables in `schema` (the app's tables live in public). */
export function storeSql(schema = "public"): StoreSql {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const run = `"${schema}"."ExecutorRun"`;
  const item = `"${schema}"."ExecutorItem"`;
  const waiter = `"${schema}"."ExecutorWaiter"`;
  const key = `"${schema}"."ExecutorKey"`;
  const finished = FINISHED_STATUSES.map((s) => `'${s}'`).join(", ");
  const nextFinishedSeq = `(SELECT COALESCE(max("finishedSeq"), 0) FROM ${run})`;

  const parts: Record<PartName, Part> = {
    insertRuns: (p) => `INSERT INTO ${run} (id, "functionId", status, "finishedSeq", state, memo, stack, steps)
      SELECT v->>'id', v->>'functionId', v->>'status',
        CASE WHEN jsonb_typeof(v->'finishOrder') = 'number' THEN ${nextFinishedSeq} + (v->>'finishOrder')::bigint END,
        v->'state', v->'memo', v->'stack', v->'steps'
      FROM jsonb_array_elements(${p}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "functionId" = EXCLUDED."functionId", status = EXCLUDED.status,
        "finishedSeq" = COALESCE(EXCLUDED."finishedSeq", ${run}."finishedSeq"),
        state = EXCLUDED.state, memo = EXCLUDED.memo, stack = EXCLUDED.stack, steps = EXCLUDED.steps`,
    // Unchanged JSONB columns are assigned as they are, so PostgreSQL keeps their stored (TOAST) values.
    updateRuns: (p, ids) => `UPDATE ${run} AS r SET
        status = COALESCE(x.status, r.status),
        "finishedSeq" = CASE WHEN x."finishOrder" IS NOT NULL AND r.status NOT IN (${finished})
          THEN ${nextFinishedSeq} + x."finishOrder" ELSE r."finishedSeq" END,
        state = CASE WHEN x."set" IS NULL AND x."unset" IS NULL THEN r.state
          ELSE (r.state - COALESCE(x."unset", '{}'::text[])) || COALESCE(x."set", '{}'::jsonb) END,
        memo = CASE WHEN x.memo IS NULL THEN r.memo ELSE x.memo || r.memo END,
        stack = CASE WHEN x.stack IS NULL THEN r.stack ELSE r.stack || COALESCE(
          (SELECT jsonb_agg(s.id ORDER BY s.n) FROM jsonb_array_elements_text(x.stack) WITH ORDINALITY AS s(id, n)
           WHERE NOT (r.memo ? s.id)), '[]'::jsonb) END,
        steps = CASE WHEN x.steps IS NULL THEN r.steps ELSE r.steps || x.steps END
      FROM jsonb_to_recordset(${p})
        AS x(id text, status text, "finishOrder" bigint, "set" jsonb, "unset" text[], memo jsonb, stack jsonb, steps jsonb)
      WHERE r.id = x.id AND r.id = ANY(${ids})`,
    upsertItems: (p) => `INSERT INTO ${item} (id, "runId", "functionId", kind, "availableAt", score, payload)
      SELECT v->>'id', v->>'runId', v->>'functionId', v->>'kind', (v->>'availableAt')::float8, (v->>'score')::float8, v->'payload'
      FROM jsonb_array_elements(${p}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "runId" = EXCLUDED."runId", "functionId" = EXCLUDED."functionId", kind = EXCLUDED.kind,
        "availableAt" = EXCLUDED."availableAt", score = EXCLUDED.score, payload = EXCLUDED.payload`,
    updateItems: (p, ids) => `UPDATE ${item} AS i SET
        "availableAt" = COALESCE(x."availableAt", i."availableAt"),
        payload = (i.payload - x."unset") || x."set"
      FROM jsonb_to_recordset(${p}) AS x(id text, "availableAt" float8, "set" jsonb, "unset" text[])
      WHERE i.id = x.id AND i.id = ANY(${ids})`,
    deleteItems: (_, ids) => `DELETE FROM ${item} WHERE id = ANY(${ids})`,
    upsertWaiters: (p) => `INSERT INTO ${waiter} (id, "runId", "eventName", condition)
      SELECT v->>'id', v->>'runId', v->>'eventName', v->>'condition'
      FROM jsonb_array_elements(${p}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "runId" = EXCLUDED."runId", "eventName" = EXCLUDED."eventName", condition = EXCLUDED.condition`,
    deleteWaiters: (_, ids) => `DELETE FROM ${waiter} WHERE id = ANY(${ids})`,
    upsertKeys: (p) => `INSERT INTO ${key} (key, value, "expiresAt")
      SELECT v->>'key', v->'boxed'->'v', (v->>'expiresAt')::float8 FROM jsonb_array_elements(${p}) AS e(v)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "expiresAt" = EXCLUDED."expiresAt"`,
    deleteKeys: (_, ids) => `DELETE FROM ${key} WHERE key = ANY(${ids})`,
  };

  const runColumns = `id, "functionId", status, state, memo, stack, steps`;
  const itemColumns = `id, "runId", "functionId", kind, "availableAt", score, payload`;

  return {
    commit(plan) {
      const ctes: string[] = [];
      const params: SqlParam[] = [];
      const param = (value: SqlParam) => `$${params.push(value)}`;
      for (const [name, part] of Object.entries(parts) as Array<[PartName, Part]>) {
        const rows: ReadonlyArray<unknown> = plan[name];
        if (rows.length === 0) continue;
        const json = deletes.has(name) ? "" : `${param(toJsonb(rows))}::jsonb`;
        const ids =
          deletes.has(name) || updates.has(name) ? `${param(rows.map((r) => (typeof r === "string" ? r : (r as { id: string }).id)))}::text[]` : "";
        ctes.push(`c${ctes.length + 1} AS (${part(json, ids)})`);
      }
      return ctes.length === 0 ? null : { text: `WITH ${ctes.join(",\n")}\nSELECT 1`, params };
    },
    sweepFinishedRuns: `DELETE FROM ${run} WHERE "finishedSeq" <= (
      SELECT "finishedSeq" FROM ${run} WHERE "finishedSeq" IS NOT NULL ORDER BY "finishedSeq" DESC OFFSET $1 LIMIT 1)`,
    selectRun: `SELECT ${runColumns} FROM ${run} WHERE id = $1`,
    selectActiveRuns: `SELECT ${runColumns} FROM ${run} WHERE "functionId" = $1 AND status IN ('queued', 'running') ORDER BY seq`,
    selectItems: `SELECT ${itemColumns} FROM ${item} ORDER BY seq`,
    selectRunItems: `SELECT ${itemColumns} FROM ${item} WHERE "runId" = $1 ORDER BY seq`,
    selectWaiters: `SELECT id, "runId", condition FROM ${waiter} WHERE "eventName" = $1 ORDER BY seq`,
    selectKey: `WITH expired AS (DELETE FROM ${key} WHERE key = $1 AND "expiresAt" <= $2)
      SELECT value, value IS NULL AS "isUndefined" FROM ${key} WHERE key = $1 AND "expiresAt" > $2`,
    sweepExpiredKeys: `DELETE FROM ${key} WHERE "expiresAt" <= $1`,
  };
}
