/**
 * The database store's SQL. A commit is one script sent in one round trip: a set-based statement per
 * non-empty part of its plan, fed by JSONB. PostgreSQL runs the statements of one simple-protocol query as
 * one transaction, all or nothing; without BEGIN/COMMIT in it, an error cannot leave the session inside an
 * aborted transaction. Values are embedded as dollar-quoted literals: on PGlite, bound parameters (the
 * extended protocol) or one statement of data-modifying CTEs cost 2–3 times as much per commit.
 */
import { FINISHED_STATUSES, type CommitPlan, type RunUpdate } from "./db-store-plan";

/**
 * A literal taken verbatim by PostgreSQL, whatever the text holds: dollar quotes whose closing tag first
 * appears where it is put (not inside the text, nor straddling its end, as "…$v" + "$v$" would).
 */
export function literal(text: string): string {
  let tag = "$v$";
  for (let i = 0; (text + tag).indexOf(tag) !== text.length; i++) tag = `$v${i}$`;
  return `${tag}${text}${tag}`;
}

/**
 * PostgreSQL's JSONB (like its text) cannot hold U+0000. A step result or event carrying one becomes
 * U+FFFD instead of failing every commit of its run again and again.
 */
const jsonb = (value: unknown) => `${literal(JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd"))}::jsonb`;
const textArray = (values: readonly string[]) => `ARRAY[${values.map(literal).join(", ")}]::text[]`;
/** The step ids of a JSONB array that the run has not memoised yet (first result wins), in order. */
const newStepIds = (ids: string, memo: string) =>
  `COALESCE((SELECT jsonb_agg(s.id ORDER BY s.n) FROM jsonb_array_elements_text(${ids}) WITH ORDINALITY AS s(id, n)
    WHERE NOT (${memo} ? s.id)), '[]'::jsonb)`;

export interface StoreSql {
  /** The commit as one script (the retention sweep last when runs may finish), or null when there is nothing to write. */
  commit(plan: CommitPlan, keepFinished: number): string | null;
  /** Everything, to load the store's copy in memory: runs (finished ones in the order they finished), items, waiters, keys. */
  selectRuns: string;
  selectItems: string;
  selectWaiters: string;
  selectKeys: string;
  sweepExpiredKeys: string;
}

/** The statements over the executor tables in `schema` (the app's tables live in public). */
export function storeSql(schema = "public"): StoreSql {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const run = `"${schema}"."ExecutorRun"`;
  const item = `"${schema}"."ExecutorItem"`;
  const waiter = `"${schema}"."ExecutorWaiter"`;
  const key = `"${schema}"."ExecutorKey"`;
  const finals = FINISHED_STATUSES.map((s) => `'${s}'`).join(", ");

  const nextFinishedSeq = `(SELECT COALESCE(max("finishedSeq"), 0) FROM ${run})`;

  /**
   * Only the columns some row changes are assigned; the others keep their stored (TOAST) values untouched.
   * The usual commit changes one run: then a plain UPDATE of that row, without per-row CASEs (half the cost).
   */
  function updateRuns(rows: RunUpdate[]): string | null {
    if (rows.length === 1 && rows[0]) return updateRun(rows[0]);
    const some = (field: keyof RunUpdate) => rows.some((r) => r[field] !== null);
    const sets = [
      some("status") && `status = COALESCE(x.status, r.status)`,
      some("finishOrder") &&
        `"finishedSeq" = CASE WHEN x."finishOrder" IS NOT NULL AND (x.created OR r.status NOT IN (${finals}))
          THEN ${nextFinishedSeq} + x."finishOrder" ELSE r."finishedSeq" END`,
      (some("set") || some("unset")) &&
        `state = CASE WHEN x."set" IS NULL AND x."unset" IS NULL THEN r.state
          ELSE (r.state - COALESCE(x."unset", '{}'::text[])) || COALESCE(x."set", '{}'::jsonb) END`,
      some("memo") && `memo = CASE WHEN x.memo IS NULL THEN r.memo ELSE x.memo || r.memo END`,
      some("stack") && `stack = CASE WHEN x.stack IS NULL THEN r.stack ELSE r.stack || ${newStepIds("x.stack", "r.memo")} END`,
      some("steps") && `steps = CASE WHEN x.steps IS NULL THEN r.steps ELSE r.steps || x.steps END`,
    ].filter((s): s is string => typeof s === "string");
    if (sets.length === 0) return null;
    // The id array lets the planner size the join and take the primary key index.
    return `UPDATE ${run} AS r SET ${sets.join(",\n")}
      FROM jsonb_to_recordset(${jsonb(rows)}) AS x(id text, created boolean, status text, "finishOrder" bigint,
        "set" jsonb, "unset" text[], memo jsonb, stack jsonb, steps jsonb)
      WHERE r.id = x.id AND r.id = ANY(${textArray(rows.map((r) => r.id))})`;
  }

  function updateRun(row: RunUpdate): string | null {
    const sets = [
      row.status !== null && `status = ${literal(row.status)}`,
      row.finishOrder !== null &&
        `"finishedSeq" = ${row.created ? "" : `CASE WHEN status IN (${finals}) THEN "finishedSeq" ELSE `}${nextFinishedSeq} + ${row.finishOrder}${row.created ? "" : " END"}`,
      (row.set !== null || row.unset !== null) && `state = (state - ${textArray(row.unset ?? [])}) || ${jsonb(row.set ?? {})}`,
      row.memo !== null && `memo = ${jsonb(row.memo)} || memo`,
      row.stack !== null &&
        (row.stack.length === 1
          ? `stack = CASE WHEN memo ? ${literal(row.stack[0] ?? "")} THEN stack ELSE stack || ${jsonb(row.stack)} END`
          : `stack = stack || ${newStepIds(jsonb(row.stack), "memo")}`),
      row.steps !== null && `steps = steps || ${jsonb(row.steps)}`,
    ].filter((s): s is string => typeof s === "string");
    return sets.length === 0 ? null : `UPDATE ${run} SET ${sets.join(",\n")} WHERE id = ${literal(row.id)}`;
  }

  function commit(plan: CommitPlan, keepFinished: number): string | null {
    const statements: Array<string | null> = [];
    const add = <T>(rows: T[], statement: (rows: T[]) => string | null) => {
      if (rows.length > 0) statements.push(statement(rows));
    };
    add(plan.insertRuns, (rows) => `INSERT INTO ${run} (id, "functionId", status, state, memo, stack, steps)
      SELECT v->>'id', v->>'functionId', v->>'status', v->'state', v->'memo', v->'stack', v->'steps'
      FROM jsonb_array_elements(${jsonb(rows)}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "functionId" = EXCLUDED."functionId", status = EXCLUDED.status,
        state = EXCLUDED.state, memo = EXCLUDED.memo, stack = EXCLUDED.stack, steps = EXCLUDED.steps`);
    add(plan.updateRuns, updateRuns);
    add(plan.upsertItems, (rows) => `INSERT INTO ${item} (id, "runId", "functionId", kind, "availableAt", score, payload)
      SELECT v->>'id', v->>'runId', v->>'functionId', v->>'kind', (v->>'availableAt')::float8, (v->>'score')::float8, v->'payload'
      FROM jsonb_array_elements(${jsonb(rows)}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "runId" = EXCLUDED."runId", "functionId" = EXCLUDED."functionId", kind = EXCLUDED.kind,
        "availableAt" = EXCLUDED."availableAt", score = EXCLUDED.score, payload = EXCLUDED.payload`);
    add(plan.updateItems, (rows) => `UPDATE ${item} AS i SET
        "availableAt" = COALESCE(x."availableAt", i."availableAt"),
        payload = (i.payload - x."unset") || x."set"
      FROM jsonb_to_recordset(${jsonb(rows)}) AS x(id text, "availableAt" float8, "set" jsonb, "unset" text[])
      WHERE i.id = x.id AND i.id = ANY(${textArray(rows.map((r) => r.id))})`);
    add(plan.deleteItems, (ids) => `DELETE FROM ${item} WHERE id = ANY(${textArray(ids)})`);
    add(plan.upsertWaiters, (rows) => `INSERT INTO ${waiter} (id, "runId", "eventName", condition)
      SELECT v->>'id', v->>'runId', v->>'eventName', v->>'condition'
      FROM jsonb_array_elements(${jsonb(rows)}) WITH ORDINALITY AS e(v, n) ORDER BY n
      ON CONFLICT (id) DO UPDATE SET "runId" = EXCLUDED."runId", "eventName" = EXCLUDED."eventName", condition = EXCLUDED.condition`);
    add(plan.deleteWaiters, (ids) => `DELETE FROM ${waiter} WHERE id = ANY(${textArray(ids)})`);
    add(plan.upsertKeys, (rows) => `INSERT INTO ${key} (key, value, "expiresAt")
      SELECT v->>'key', v->'boxed'->'v', (v->>'expiresAt')::float8 FROM jsonb_array_elements(${jsonb(rows)}) AS e(v)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "expiresAt" = EXCLUDED."expiresAt"`);
    add(plan.deleteKeys, (keys) => `DELETE FROM ${key} WHERE key = ANY(${textArray(keys)})`);
    const script = statements.filter((s): s is string => s !== null);
    if (script.length === 0) return null;
    if (plan.finishes) {
      script.push(`DELETE FROM ${run} WHERE "finishedSeq" <= (
        SELECT "finishedSeq" FROM ${run} WHERE "finishedSeq" IS NOT NULL ORDER BY "finishedSeq" DESC OFFSET ${Math.max(0, Math.floor(keepFinished))} LIMIT 1)`);
    }
    return script.join(";\n");
  }

  const runColumns = `id, "functionId", status, state, memo, stack, steps`;
  const itemColumns = `id, "runId", "functionId", kind, "availableAt", score, payload`;

  return {
    commit,
    selectRuns: `SELECT ${runColumns}, "finishedSeq" IS NOT NULL AS "inFinishOrder" FROM ${run} ORDER BY "finishedSeq" NULLS FIRST, seq`,
    selectItems: `SELECT ${itemColumns} FROM ${item} ORDER BY seq`,
    selectWaiters: `SELECT id, "runId", "eventName", condition FROM ${waiter} ORDER BY seq`,
    selectKeys: `SELECT key, value, value IS NULL AS "isUndefined", "expiresAt" FROM ${key}`,
    sweepExpiredKeys: `DELETE FROM ${key} WHERE "expiresAt" <= $1`,
  };
}
