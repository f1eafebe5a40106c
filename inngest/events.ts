import { eventType, staticSchema } from "inngest";

/** Plans, in queue-priority order (see lib/pipeline/priority.ts). */
export type PlanName = "FOUNDING" | "PRO" | "STANDARD" | "NONE";
export type RunTriggerName = "SCHEDULE" | "MANUAL" | "ONBOARDING" | "REPLAY" | "BACKFILL" | "CLI";

type RunRef = {
  runId: string;
  dealerId: string;
  plan: PlanName;
  /** True for a newly onboarded dealer's first run: it jumps the queue. */
  firstRun?: boolean;
};

export const feedIngestRequested = eventType("pipeline/feed.ingest.requested", {
  schema: staticSchema<RunRef & { feedId: string; trigger: RunTriggerName; force?: boolean }>(),
});

export const skuMatchRequested = eventType("pipeline/sku.match.requested", {
  schema: staticSchema<RunRef>(),
});

export const benchmarkRequested = eventType("pipeline/benchmark.requested", {
  schema: staticSchema<RunRef & { full?: boolean; wholeDealer?: boolean }>(),
});

export const insightRequested = eventType("pipeline/insight.requested", {
  schema: staticSchema<RunRef>(),
});

export const embeddingsRequested = eventType("pipeline/embeddings.requested", {
  schema: staticSchema<{ productIds?: string[]; priority: "high" | "normal"; reason: string }>(),
});

export const schedulerTick = eventType("pipeline/scheduler.tick", {
  schema: staticSchema<{ at?: string }>(),
});
