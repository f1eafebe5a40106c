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
import { findOrCreateFeed } from "@/lib/pipeline/dealers";
import { storeUpload } from "@/lib/pipeline/ingest";
import type { FeedFormat } from "@/lib/feeds/types";
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

export interface OnboardInput {
  name: string;
  slug?: string;
  plan: PlanName;
  feed: { kind: "url"; url: string } | { kind: "upload"; fileName: string; content: Uint8Array };
  format: "AUTO" | "CSV" | "JSON" | "XML";
  pollIntervalMinutes: number;
}

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "dealer"
  );
}

/**
 * Creates the dealer with its feed (an upload is stored first) in one transaction, then starts its first
 * run at onboarding priority. Input is validated by the caller (the onboarding route).
 */
export async function onboardDealer(db: Db, input: OnboardInput): Promise<{ dealerId: string; runId: string }> {
  const dealerId = await db.sql.transaction(async (tx) => {
    const slug = input.slug ?? slugify(input.name);
    const [dealer] = await tx.query<{ id: string }>(
      `INSERT INTO "Dealer" (slug, name, plan) VALUES ($1, $2, $3::"Plan") ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [slug, input.name, input.plan],
    );
    if (!dealer) throw new OrchestratorError(`a dealer with the slug "${slug}" exists already`);
    const format = input.format === "AUTO" ? undefined : (input.format.toLowerCase() as FeedFormat);
    const location = input.feed.kind === "url" ? { url: input.feed.url } : { fileName: input.feed.fileName };
    const feed = await findOrCreateFeed(tx, { dealerId: dealer.id, location, format });
    await tx.query(`UPDATE "Feed" SET "pollIntervalMinutes" = $2 WHERE id = $1`, [feed.id, input.pollIntervalMinutes]);
    if (input.feed.kind === "upload") {
      await storeUpload(tx, { feedId: feed.id, fileName: input.feed.fileName, content: input.feed.content });
    }
    return dealer.id;
  });
  const { runId } = await requestRun(db, { dealerId, trigger: "ONBOARDING" });
  return { dealerId, runId };
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
  if (executor?.queueDepth) {
    // The executor names functions as the protocol does (`<appId>-<fnId>`); the app uses the short ids.
    const rows = await executor.queueDepth();
    return rows.map((r) => ({ ...r, functionId: r.functionId.replace(/^dealer-pipeline-/, "") }));
  }
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
