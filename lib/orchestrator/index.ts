/**
 * What the app asks of the orchestrator: start runs, replay them, onboard dealers, re-materialise assets,
 * read queue depth. Runs are recorded first (QUEUED), then their event is sent to Inngest — or to the
 * embedded executor, which the client routes to when one is attached.
 */
import { inngest } from "@/inngest/client";
import { attachedExecutor } from "@/inngest/executor/attach";
import {
  benchmarkRequested,
  embeddingsRequested,
  feedIngestRequested,
  insightRequested,
  skuMatchRequested,
  type PlanName,
  type RunTriggerName,
} from "@/inngest/events";
import type { Db, SqlClient } from "@/lib/db";
import type { AssetKey } from "@/lib/pipeline/materializations";
import { priorityFor } from "./priority";
import { createRuns } from "./runs";

interface DealerFeed {
  dealerId: string;
  feedId: string | null;
  plan: PlanName;
  firstRun: boolean;
}

async function dealerFeeds(sql: SqlClient, dealerIds: string[] | "all"): Promise<DealerFeed[]> {
  return sql.query<DealerFeed>(
    `SELECT d.id AS "dealerId", d.plan::text AS plan, d."firstRunAt" IS NULL AS "firstRun",
            (SELECT f.id FROM "Feed" f WHERE f."dealerId" = d.id AND f.active ORDER BY f."createdAt" LIMIT 1) AS "feedId"
     FROM "Dealer" d
     WHERE ($1::uuid[] IS NULL OR d.id = ANY($1::uuid[])) AND ($1::uuid[] IS NOT NULL OR d.status = 'ACTIVE')
     ORDER BY d."createdAt"`,
    [dealerIds === "all" ? null : dealerIds],
  );
}

export class OrchestratorError extends Error {}

/** Starts a full pipeline run (ingest first) for a dealer. */
export async function requestRun(
  db: Db,
  input: { dealerId: string; trigger: RunTriggerName; force?: boolean; replayOfId?: string },
): Promise<{ runId: string }> {
  const [dealer] = await dealerFeeds(db.sql, [input.dealerId]);
  if (!dealer) throw new OrchestratorError(`no dealer ${input.dealerId}`);
  if (!dealer.feedId) throw new OrchestratorError(`dealer ${input.dealerId} has no active feed`);
  const firstRun = dealer.firstRun || input.trigger === "ONBOARDING";
  const [runId] = await createRuns(db.sql, [
    { dealerId: dealer.dealerId, feedId: dealer.feedId, trigger: input.trigger, plan: dealer.plan, priority: priorityFor(dealer.plan, firstRun), replayOfId: input.replayOfId },
  ]);
  await inngest.send(
    feedIngestRequested.create({ runId: runId!, dealerId: dealer.dealerId, feedId: dealer.feedId, plan: dealer.plan, firstRun, trigger: input.trigger, force: input.force ?? false }),
  );
  return { runId: runId! };
}

/** Re-runs a run through the orchestrator as a new run: the feed is re-read even if unchanged. */
export async function replayRun(db: Db, runId: string): Promise<{ runId: string }> {
  const rows = await db.sql.query<{ dealerId: string }>(`SELECT "dealerId" FROM "Run" WHERE id = $1`, [runId]);
  const original = rows[0];
  if (!original) throw new OrchestratorError(`no run ${runId}`);
  return requestRun(db, { dealerId: original.dealerId, trigger: "REPLAY", force: true, replayOfId: runId });
}

/**
 * Re-materialises one asset (and what lies downstream of it) for one dealer, or for every active dealer
 * (a backfill). Each dealer gets its own run, starting at that stage.
 */
export async function rematerialize(db: Db, input: { asset: AssetKey; dealerId?: string }): Promise<{ runIds: string[] }> {
  const dealers = await dealerFeeds(db.sql, input.dealerId ? [input.dealerId] : "all");
  if (input.dealerId && dealers.length === 0) throw new OrchestratorError(`no dealer ${input.dealerId}`);
  if (input.asset === "EMBEDDINGS") {
    await inngest.send(embeddingsRequested.create({ priority: "normal", reason: "re-materialise" }));
    return { runIds: [] };
  }
  const trigger: RunTriggerName = input.dealerId ? "MANUAL" : "BACKFILL";
  const candidates = input.asset === "FEED_INGEST" ? dealers.filter((d) => d.feedId) : dealers;
  const runIds = await createRuns(
    db.sql,
    candidates.map((d) => ({ dealerId: d.dealerId, feedId: d.feedId, trigger, plan: d.plan, priority: priorityFor(d.plan, false) })),
  );
  const events = candidates.map((d, i) => {
    const ref = { runId: runIds[i]!, dealerId: d.dealerId, plan: d.plan, firstRun: false };
    switch (input.asset) {
      case "FEED_INGEST":
        return feedIngestRequested.create({ ...ref, feedId: d.feedId!, trigger, force: true });
      case "SKU_MATCH":
        return skuMatchRequested.create(ref);
      case "BENCHMARK":
        return benchmarkRequested.create({ ...ref, wholeDealer: true });
      case "INSIGHT":
        return insightRequested.create(ref);
    }
  }).filter((e) => e !== undefined);
  if (events.length) await inngest.send(events);
  return { runIds };
}

export interface QueueDepthRow {
  functionId: string;
  name: string;
  waiting: number;
  running: number;
  delayed: number;
}

const stageFunctions: Record<AssetKey, { functionId: string; name: string }> = {
  FEED_INGEST: { functionId: "feed-ingest", name: "Feed Ingest" },
  SKU_MATCH: { functionId: "sku-match", name: "SKU Match" },
  BENCHMARK: { functionId: "benchmark", name: "Benchmark" },
  INSIGHT: { functionId: "insight", name: "Insight" },
  EMBEDDINGS: { functionId: "embeddings", name: "Embeddings" },
};

/**
 * Queue depth per function: the embedded executor's own queue when it runs here; with a real Inngest
 * server, our records of runs triggered but not yet started (waiting) or in a stage (running).
 */
export async function queueDepth(db: Db): Promise<QueueDepthRow[]> {
  const executor = attachedExecutor() as { queueDepth?: () => Promise<QueueDepthRow[]> } | undefined;
  if (executor?.queueDepth) return executor.queueDepth();
  const rows = await db.sql.query<{ stage: AssetKey; waiting: number; running: number }>(
    `SELECT COALESCE("currentStage", 'FEED_INGEST')::text AS stage,
            count(*) FILTER (WHERE status = 'QUEUED')::int AS waiting,
            count(*) FILTER (WHERE status = 'RUNNING')::int AS running
     FROM "Run" WHERE status IN ('QUEUED', 'RUNNING') GROUP BY 1`,
  );
  return (Object.keys(stageFunctions) as AssetKey[]).map((stage) => {
    const row = rows.find((r) => r.stage === stage);
    return { ...stageFunctions[stage], waiting: row?.waiting ?? 0, running: row?.running ?? 0, delayed: 0 };
  });
}
