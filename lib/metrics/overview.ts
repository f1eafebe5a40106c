/**
 * The overview's numbers: run time per tier against target, skip ratio, throughput, errors, what is in
 * flight, what failed recently, and the alerts they raise. Every figure is computed in SQL; only the alert
 * levels are decided in TypeScript (lib/metrics/alerts.ts).
 */
import type { Db } from "@/lib/db";
import { evaluateAlerts, type Alert, type QueueFunctionDepth } from "./alerts";
import { runFactsCte } from "./run-facts";
import { isoSql, msSinceSql } from "./sql";
import { requiredThroughput, tierCaseSql, tierFor, tiersValuesSql, type TierName } from "./tiers";
import { timeWindows, type WindowKey } from "./window";

export interface TierStat {
  tier: TierName;
  targetMs: number;
  maxSkus: number;
  /** Runs that processed their feed (whole-feed skips are counted apart). */
  runs: number;
  skippedRuns: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  overTarget: number;
  skusPerSecond: number | null;
  requiredSkusPerSecond: number;
}

export interface SeriesPoint {
  /** Start of the bucket, ISO. */
  bucket: string;
  tier: TierName;
  value: number;
  runs: number;
}

export interface ErrorPoint {
  bucket: string;
  finished: number;
  failed: number;
  stepErrors: number;
}

export interface Totals {
  finished: number;
  succeeded: number;
  failed: number;
  skippedRuns: number;
  /** Failed runs / finished runs. */
  errorRate: number | null;
  /** Listings processed per second of run time, over runs that processed their feed. */
  skusPerSecond: number | null;
  /** Listings skipped as unchanged / listings seen. */
  skipRatio: number | null;
  skusSeen: number;
  quarantined: number;
}

export interface InFlightRun {
  id: string;
  dealerId: string;
  dealerName: string;
  status: "QUEUED" | "RUNNING";
  trigger: string;
  plan: string;
  priority: number;
  currentStage: string | null;
  skuCount: number | null;
  tier: TierName | null;
  targetMs: number | null;
  queuedAt: string;
  startedAt: string | null;
  elapsedMs: number;
}

export interface FailedRun {
  id: string;
  dealerId: string;
  dealerName: string;
  finishedAt: string;
  stage: string | null;
  trigger: string;
  error: string | null;
}

export interface QueueSnapshot {
  functions: QueueFunctionDepth[] | null;
  /** Why the queue could not be read, if it could not. */
  error?: string;
}

export interface Overview {
  generatedAt: string;
  window: { key: WindowKey; label: string; bucketMs: number };
  dealerCount: number;
  tiers: TierStat[];
  skipSeries: SeriesPoint[];
  p95Series: SeriesPoint[];
  errorSeries: ErrorPoint[];
  totals: Totals;
  errorsPerMinute: { peak: number; lastFiveMinutes: number };
  inFlight: { queued: number; running: number; runs: InFlightRun[] };
  recentFailures: FailedRun[];
  queue: QueueSnapshot;
  connections: { active: number; max: number; kind: "pglite" | "postgres" };
  alerts: Alert[];
}

const succeededWork = `f.status = 'SUCCEEDED' AND NOT f.skipped`;

export async function tierStats(db: Db, interval: string): Promise<TierStat[]> {
  const rows = await db.sql.query<Omit<TierStat, "requiredSkusPerSecond">>(
    `WITH ${runFactsCte(1)}
     SELECT t.name AS tier, t."targetMs", t."maxSkus",
       count(f.id) FILTER (WHERE ${succeededWork})::int AS runs,
       count(f.id) FILTER (WHERE f.status = 'SUCCEEDED' AND f.skipped)::int AS "skippedRuns",
       count(f.id) FILTER (WHERE f.status = 'FAILED')::int AS failed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY f."durationMs") FILTER (WHERE ${succeededWork}) AS "p50Ms",
       percentile_cont(0.95) WITHIN GROUP (ORDER BY f."durationMs") FILTER (WHERE ${succeededWork}) AS "p95Ms",
       max(f."durationMs") FILTER (WHERE ${succeededWork}) AS "maxMs",
       count(f.id) FILTER (WHERE ${succeededWork} AND f."durationMs" > t."targetMs")::int AS "overTarget",
       (sum(f."skuCount") FILTER (WHERE ${succeededWork}))::float8
         / NULLIF(sum(f."durationMs") FILTER (WHERE ${succeededWork}) / 1000.0, 0)::float8 AS "skusPerSecond"
     FROM ${tiersValuesSql()}
     LEFT JOIN run_facts f ON f.tier = t.name
     GROUP BY t.ord, t.name, t."targetMs", t."maxSkus"
     ORDER BY t.ord`,
    [interval],
  );
  return rows.map((r) => ({ ...r, requiredSkusPerSecond: requiredThroughput(tierFor(r.maxSkus)) }));
}

/** Skip ratio and p95 run time per tier per bucket. */
export async function tierSeries(db: Db, interval: string, bucket: string): Promise<{ skip: SeriesPoint[]; p95: SeriesPoint[] }> {
  const rows = await db.sql.query<{ bucket: string; tier: TierName; skipRatio: number | null; p95Ms: number | null; runs: number; workRuns: number }>(
    `WITH ${runFactsCte(1)}, binned AS (
       SELECT date_bin($2::interval, f."finishedAt", TIMESTAMP '2000-01-01') AS b, f.* FROM run_facts f
       WHERE f.status = 'SUCCEEDED' AND f.tier IS NOT NULL
     )
     SELECT ${isoSql("b")} AS bucket, tier,
       sum("skippedSkus") / NULLIF(sum("seenSkus"), 0) AS "skipRatio",
       percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") FILTER (WHERE NOT skipped) AS "p95Ms",
       count(*)::int AS runs,
       count(*) FILTER (WHERE NOT skipped)::int AS "workRuns"
     FROM binned GROUP BY b, tier ORDER BY b`,
    [interval, bucket],
  );
  const skip: SeriesPoint[] = [];
  const p95: SeriesPoint[] = [];
  for (const r of rows) {
    if (r.skipRatio !== null) skip.push({ bucket: r.bucket, tier: r.tier, value: r.skipRatio, runs: r.runs });
    if (r.p95Ms !== null) p95.push({ bucket: r.bucket, tier: r.tier, value: r.p95Ms, runs: r.workRuns });
  }
  return { skip, p95 };
}

export async function totals(db: Db, interval: string): Promise<Totals> {
  const [row] = await db.sql.query<Totals>(
    `WITH ${runFactsCte(1)}
     SELECT count(*)::int AS finished,
       count(*) FILTER (WHERE f.status = 'SUCCEEDED')::int AS succeeded,
       count(*) FILTER (WHERE f.status = 'FAILED')::int AS failed,
       count(*) FILTER (WHERE f.status = 'SUCCEEDED' AND f.skipped)::int AS "skippedRuns",
       (count(*) FILTER (WHERE f.status = 'FAILED'))::float8 / NULLIF(count(*), 0) AS "errorRate",
       (sum(f."skuCount") FILTER (WHERE ${succeededWork}))::float8
         / NULLIF(sum(f."durationMs") FILTER (WHERE ${succeededWork}) / 1000.0, 0)::float8 AS "skusPerSecond",
       sum(f."skippedSkus") FILTER (WHERE f.status = 'SUCCEEDED') / NULLIF(sum(f."seenSkus") FILTER (WHERE f.status = 'SUCCEEDED'), 0) AS "skipRatio",
       COALESCE(sum(f."seenSkus") FILTER (WHERE f.status = 'SUCCEEDED'), 0)::float8 AS "skusSeen",
       COALESCE((SELECT sum(m.quarantined) FROM "AssetMaterialization" m JOIN run_facts x ON x.id = m."runId"), 0)::int AS quarantined
     FROM run_facts f`,
    [interval],
  );
  return row!;
}

/**
 * Processing errors: failed step attempts, plus failed runs that have no failed step (they failed outside a
 * step). Counted per bucket over the window and per minute over the last five minutes.
 *
 * RunStep has no index on its time: steps are reached through their runs instead. A step that ended after
 * `since` belongs to a run still in flight or one that finished after `since` (both found by Run's indexes),
 * then RunStep's (runId, startedAt) index does the rest.
 */
const recentRuns = (since: string) => `
  SELECT id, status, "finishedAt" FROM "Run" WHERE "finishedAt" >= ${since}
  UNION ALL
  SELECT id, status, "finishedAt" FROM "Run" WHERE status IN ('QUEUED', 'RUNNING')`;

const errorEvents = (since: string) => `
  SELECT s."finishedAt" AS at, 'step' AS kind
  FROM (${recentRuns(since)}) r JOIN "RunStep" s ON s."runId" = r.id
  WHERE s.error IS NOT NULL AND s."finishedAt" >= ${since}
  UNION ALL
  SELECT r."finishedAt", 'run' FROM "Run" r
  WHERE r.status = 'FAILED' AND r."finishedAt" >= ${since}
    AND NOT EXISTS (SELECT 1 FROM "RunStep" s WHERE s."runId" = r.id AND s.error IS NOT NULL)`;

export async function errorsPerMinute(db: Db): Promise<{ peak: number; lastFiveMinutes: number }> {
  const [row] = await db.sql.query<{ peak: number; lastFiveMinutes: number }>(
    `WITH ev AS (${errorEvents(`now() - interval '5 minutes'`)}),
     per_minute AS (SELECT date_trunc('minute', at) AS m, count(*) AS n FROM ev GROUP BY 1)
     SELECT COALESCE(max(n), 0)::int AS peak, COALESCE(sum(n), 0)::int AS "lastFiveMinutes" FROM per_minute`,
  );
  return row!;
}

export async function errorSeries(db: Db, interval: string, bucket: string): Promise<ErrorPoint[]> {
  return db.sql.query<ErrorPoint>(
    `WITH runs AS (
       SELECT date_bin($2::interval, r."finishedAt", TIMESTAMP '2000-01-01') AS b,
         count(*)::int AS finished, count(*) FILTER (WHERE r.status = 'FAILED')::int AS failed
       FROM "Run" r WHERE r."finishedAt" >= now() - $1::interval AND r.status IN ('SUCCEEDED', 'FAILED')
       GROUP BY 1),
     steps AS (
       SELECT date_bin($2::interval, s."finishedAt", TIMESTAMP '2000-01-01') AS b, count(*)::int AS n
       FROM (${recentRuns("now() - $1::interval")}) r JOIN "RunStep" s ON s."runId" = r.id
       WHERE s.error IS NOT NULL AND s."finishedAt" >= now() - $1::interval GROUP BY 1)
     SELECT ${isoSql("COALESCE(runs.b, steps.b)")} AS bucket, COALESCE(runs.finished, 0) AS finished,
       COALESCE(runs.failed, 0) AS failed, COALESCE(steps.n, 0) AS "stepErrors"
     FROM runs FULL JOIN steps ON steps.b = runs.b ORDER BY COALESCE(runs.b, steps.b)`,
    [interval, bucket],
  );
}

export async function inFlight(db: Db, limit = 25): Promise<Overview["inFlight"]> {
  const sku = `COALESCE(r."skuCount", prev."skuCount")`;
  const runs = await db.sql.query<InFlightRun>(
    `SELECT r.id, r."dealerId", d.name AS "dealerName", r.status::text AS status, r.trigger::text AS trigger,
       r.plan::text AS plan, r.priority, r."currentStage"::text AS "currentStage", ${sku} AS "skuCount",
       ${tierCaseSql(sku)} AS tier, t."targetMs",
       ${isoSql(`r."queuedAt"`)} AS "queuedAt", ${isoSql(`r."startedAt"`)} AS "startedAt",
       ${msSinceSql(`r."queuedAt"`)} AS "elapsedMs"
     FROM "Run" r JOIN "Dealer" d ON d.id = r."dealerId"
     LEFT JOIN LATERAL (
       SELECT p."skuCount" FROM "Run" p
       WHERE r."skuCount" IS NULL AND p."dealerId" = r."dealerId" AND p."skuCount" IS NOT NULL AND p."queuedAt" < r."queuedAt"
       ORDER BY p."queuedAt" DESC LIMIT 1) prev ON true
     LEFT JOIN ${tiersValuesSql()} ON t.name = ${tierCaseSql(sku)}
     WHERE r.status IN ('QUEUED', 'RUNNING')
     ORDER BY r.status DESC, r."queuedAt" LIMIT $1`,
    [limit],
  );
  const [counts] = await db.sql.query<{ queued: number; running: number }>(
    `SELECT count(*) FILTER (WHERE status = 'QUEUED')::int AS queued, count(*) FILTER (WHERE status = 'RUNNING')::int AS running
     FROM "Run" WHERE status IN ('QUEUED', 'RUNNING')`,
  );
  return { queued: counts?.queued ?? 0, running: counts?.running ?? 0, runs };
}

export async function recentFailures(db: Db, interval: string, limit = 8): Promise<FailedRun[]> {
  return db.sql.query<FailedRun>(
    `SELECT r.id, r."dealerId", d.name AS "dealerName", ${isoSql(`r."finishedAt"`)} AS "finishedAt",
       r."currentStage"::text AS stage, r.trigger::text AS trigger, r.error
     FROM "Run" r JOIN "Dealer" d ON d.id = r."dealerId"
     WHERE r.status = 'FAILED' AND r."finishedAt" >= now() - $1::interval
     ORDER BY r."finishedAt" DESC LIMIT $2`,
    [interval, limit],
  );
}

export async function dealerCount(db: Db): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Dealer"`);
  return row?.n ?? 0;
}

export async function getOverview(db: Db, windowKey: WindowKey, queue: QueueSnapshot): Promise<Overview> {
  const w = timeWindows[windowKey];
  const tierRows = await tierStats(db, w.interval);
  const series = await tierSeries(db, w.interval, w.bucket);
  const totalRow = await totals(db, w.interval);
  const errors = await errorsPerMinute(db);
  const errorPoints = await errorSeries(db, w.interval, w.bucket);
  const flight = await inFlight(db);
  const failures = await recentFailures(db, w.interval);
  const dealers = await dealerCount(db);
  const connections = { ...db.connectionUsage(), kind: db.kind };

  const alerts = evaluateAlerts({
    windowLabel: w.label,
    tierDurations: tierRows.map((t) => ({ tier: t.tier, p95Ms: t.p95Ms, runs: t.runs })),
    running: flight.runs
      .filter((r) => r.status === "RUNNING")
      .map((r) => ({ runId: r.id, dealerName: r.dealerName, tier: r.tier, elapsedMs: r.elapsedMs })),
    errorsPerMinute: errors.peak,
    queue: queue.functions,
    connections,
  });

  return {
    generatedAt: new Date().toISOString(),
    window: { key: w.key, label: w.label, bucketMs: w.bucketMs },
    dealerCount: dealers,
    tiers: tierRows,
    skipSeries: series.skip,
    p95Series: series.p95,
    errorSeries: errorPoints,
    totals: totalRow,
    errorsPerMinute: errors,
    inFlight: flight,
    recentFailures: failures,
    queue,
    connections,
    alerts,
  };
}

