/** The runs list (filterable) and one run's page: steps, materialisations, errors, replays. */
import { z } from "zod";
import type { Db, SqlParam } from "@/lib/db";
import { isoSql, msBetweenSql, msSinceSql } from "./sql";
import { parseTier, tierCaseSql, tiersValuesSql, type TierName } from "./tiers";

export const runStatuses = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export const plans = ["FOUNDING", "PRO", "STANDARD", "NONE"] as const;
export const runTriggers = ["SCHEDULE", "MANUAL", "ONBOARDING", "REPLAY", "BACKFILL", "CLI"] as const;
export const assetKeys = ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT", "EMBEDDINGS"] as const;
export type RunStatus = (typeof runStatuses)[number];
export type AssetKeyName = (typeof assetKeys)[number];

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

/**
 * A date filter: any date JavaScript parses, within what PostgreSQL's timestamps hold (years 1..9999 as
 * ISO text): year -271821 or +275760 would otherwise reach the database and fail the query.
 */
const dateParam = (name: string) =>
  optional(
    z.coerce
      .date({ error: `${name} must be a date` })
      .min(new Date("0001-01-01T00:00:00Z"), `${name} must be a date after the year 0`)
      .max(new Date("9999-12-31T23:59:59.999Z"), `${name} must be a date before the year 10000`),
  );

/** Query-string filters of GET /api/runs; every field optional, empty strings ignored. */
export const runFilterSchema = z.object({
  dealer: optional(z.uuid("dealer must be a dealer id")),
  plan: optional(z.enum(plans)),
  tier: optional(z.string().refine((v) => parseTier(v) !== null, "unknown tier").transform((v) => parseTier(v)!.name)),
  status: optional(z.enum(runStatuses)),
  trigger: optional(z.enum(runTriggers)),
  from: dateParam("from"),
  to: dateParam("to"),
  /** ISO queuedAt of the last row of the previous page. */
  before: dateParam("before"),
  limit: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
});
export type RunFilter = z.infer<typeof runFilterSchema>;

export interface RunRow {
  id: string;
  dealerId: string;
  dealerName: string;
  plan: string;
  status: RunStatus;
  trigger: string;
  priority: number;
  tier: TierName | null;
  targetMs: number | null;
  skuCount: number | null;
  /** The size is the dealer's previous sized run's (this run did not read its feed's size). */
  skuCountCarried: boolean;
  skipped: boolean;
  currentStage: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Trigger to last stage's end; for runs in flight, time so far. */
  durationMs: number | null;
  queueWaitMs: number | null;
  replayOfId: string | null;
  error: string | null;
  created: number | null;
  updated: number | null;
  unchanged: number | null;
  quarantined: number | null;
  deactivated: number | null;
}

/**
 * A run that skipped its feed as unchanged (or has not read it yet) does not know its size: it takes the size
 * of the dealer's last sized run, flagged as carried over.
 */
const skuExpr = `COALESCE(r."skuCount", prev."skuCount")`;
const tierExpr = `COALESCE(${tierCaseSql(skuExpr)}, r.tier)`;
const previousSizeJoin = `LEFT JOIN LATERAL (
    SELECT p."skuCount" FROM "Run" p
    WHERE r."skuCount" IS NULL AND p."dealerId" = r."dealerId" AND p."skuCount" IS NOT NULL AND p."queuedAt" < r."queuedAt"
    ORDER BY p."queuedAt" DESC LIMIT 1) prev ON true`;

const runColumns = `
  r.id, r."dealerId", d.name AS "dealerName", r.plan::text AS plan, r.status::text AS status, r.trigger::text AS trigger,
  r.priority, ${tierExpr} AS tier, t."targetMs", ${skuExpr} AS "skuCount", (r."skuCount" IS NULL AND prev."skuCount" IS NOT NULL) AS "skuCountCarried", r.skipped, r."currentStage"::text AS "currentStage",
  ${isoSql(`r."queuedAt"`)} AS "queuedAt", ${isoSql(`r."startedAt"`)} AS "startedAt", ${isoSql(`r."finishedAt"`)} AS "finishedAt",
  (CASE WHEN r."finishedAt" IS NOT NULL THEN COALESCE(r."durationMs"::float8, ${msBetweenSql(`r."queuedAt"`, `r."finishedAt"`)})
        WHEN r.status IN ('QUEUED', 'RUNNING') THEN ${msSinceSql(`r."queuedAt"`)} END) AS "durationMs",
  COALESCE(r."queueWaitMs"::float8, CASE WHEN r."startedAt" IS NOT NULL THEN ${msBetweenSql(`r."queuedAt"`, `r."startedAt"`)} END) AS "queueWaitMs",
  r."replayOfId", r.error,
  fi.created, fi.updated, fi.unchanged, q.quarantined, fi.deactivated`;

const runJoins = `
  FROM "Run" r
  JOIN "Dealer" d ON d.id = r."dealerId"
  ${previousSizeJoin}
  LEFT JOIN ${tiersValuesSql()} ON t.name = ${tierExpr}
  LEFT JOIN "AssetMaterialization" fi ON fi."runId" = r.id AND fi.asset = 'FEED_INGEST'
  LEFT JOIN LATERAL (SELECT sum(m.quarantined)::int AS quarantined FROM "AssetMaterialization" m WHERE m."runId" = r.id) q ON true`;

export async function listRuns(db: Db, filter: RunFilter): Promise<{ runs: RunRow[]; nextBefore: string | null }> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const add = (clause: (p: string) => string, value: SqlParam) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filter.dealer) add((p) => `r."dealerId" = ${p}::uuid`, filter.dealer);
  if (filter.plan) add((p) => `r.plan = ${p}::"Plan"`, filter.plan);
  if (filter.status) add((p) => `r.status = ${p}::"RunStatus"`, filter.status);
  if (filter.trigger) add((p) => `r.trigger = ${p}::"RunTrigger"`, filter.trigger);
  if (filter.tier) add((p) => `${tierExpr} = ${p}`, filter.tier);
  if (filter.from) add((p) => `r."queuedAt" >= ${p}::timestamptz AT TIME ZONE 'UTC'`, filter.from.toISOString());
  if (filter.to) add((p) => `r."queuedAt" <= ${p}::timestamptz AT TIME ZONE 'UTC'`, filter.to.toISOString());
  if (filter.before) add((p) => `r."queuedAt" < ${p}::timestamptz AT TIME ZONE 'UTC'`, filter.before.toISOString());
  params.push(filter.limit + 1);
  const runs = await db.sql.query<RunRow>(
    `SELECT ${runColumns} ${runJoins}
     ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY r."queuedAt" DESC, r.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = runs.length > filter.limit;
  const page = more ? runs.slice(0, filter.limit) : runs;
  return { runs: page, nextBefore: more ? page[page.length - 1]!.queuedAt : null };
}

export interface RunStepRow {
  id: string;
  functionId: string;
  stepId: string;
  name: string;
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
  /** From the run's queuedAt. */
  offsetMs: number;
  durationMs: number | null;
  error: string | null;
}

export interface MaterializationRow {
  id: string;
  asset: AssetKeyName;
  partition: string;
  status: "SUCCEEDED" | "SKIPPED" | "FAILED";
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  deactivated: number;
  queuedAt: string | null;
  startedAt: string;
  finishedAt: string;
  /** Offsets from the run's queuedAt. */
  queuedOffsetMs: number | null;
  startOffsetMs: number;
  durationMs: number;
  queueWaitMs: number | null;
  metadata: Record<string, unknown>;
  error: string | null;
}

export interface RunDetail {
  run: RunRow & {
    feedId: string | null;
    feedLabel: string | null;
    errorStack: string | null;
    dealerSlug: string;
    /** The run's own queue wait: queuedAt to startedAt. */
    startOffsetMs: number | null;
  };
  steps: RunStepRow[];
  materializations: MaterializationRow[];
  replays: Array<{ id: string; status: RunStatus; queuedAt: string }>;
}

export async function getRunDetail(db: Db, runId: string): Promise<RunDetail | null> {
  const [run] = await db.sql.query<RunDetail["run"]>(
    `SELECT ${runColumns}, r."feedId", COALESCE(f.url, f."fileName") AS "feedLabel", r."errorStack", d.slug AS "dealerSlug",
       CASE WHEN r."startedAt" IS NOT NULL THEN ${msBetweenSql(`r."queuedAt"`, `r."startedAt"`)} END AS "startOffsetMs"
     ${runJoins}
     LEFT JOIN "Feed" f ON f.id = r."feedId"
     WHERE r.id = $1::uuid`,
    [runId],
  );
  if (!run) return null;
  const steps = await db.sql.query<RunStepRow>(
    `SELECT s.id, s."functionId", s."stepId", s.name, s.attempt, ${isoSql(`s."startedAt"`)} AS "startedAt",
       ${isoSql(`s."finishedAt"`)} AS "finishedAt",
       ${msBetweenSql(`r."queuedAt"`, `s."startedAt"`)} AS "offsetMs",
       ${msBetweenSql(`s."startedAt"`, `s."finishedAt"`)} AS "durationMs", s.error
     FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
     WHERE s."runId" = $1::uuid ORDER BY s."startedAt", s.attempt`,
    [runId],
  );
  const materializations = await db.sql.query<MaterializationRow>(
    `SELECT m.id, m.asset::text AS asset, m.partition, m.status::text AS status, m.created, m.updated, m.unchanged,
       m.quarantined, m.deactivated, ${isoSql(`m."queuedAt"`)} AS "queuedAt", ${isoSql(`m."startedAt"`)} AS "startedAt",
       ${isoSql(`m."finishedAt"`)} AS "finishedAt",
       CASE WHEN m."queuedAt" IS NOT NULL THEN ${msBetweenSql(`r."queuedAt"`, `m."queuedAt"`)} END AS "queuedOffsetMs",
       ${msBetweenSql(`r."queuedAt"`, `m."startedAt"`)} AS "startOffsetMs",
       m."durationMs"::float8 AS "durationMs", m."queueWaitMs"::float8 AS "queueWaitMs", m.metadata, m.error
     FROM "AssetMaterialization" m JOIN "Run" r ON r.id = m."runId"
     WHERE m."runId" = $1::uuid
     ORDER BY array_position(ARRAY['FEED_INGEST','SKU_MATCH','BENCHMARK','INSIGHT','EMBEDDINGS']::text[], m.asset::text)`,
    [runId],
  );
  const replays = await db.sql.query<RunDetail["replays"][number]>(
    `SELECT id, status::text AS status, ${isoSql(`"queuedAt"`)} AS "queuedAt" FROM "Run" WHERE "replayOfId" = $1::uuid ORDER BY "queuedAt" DESC LIMIT 20`,
    [runId],
  );
  return { run, steps, materializations, replays };
}
