/** Flow-control settings of the pipeline functions; stage concurrency as in the seed, overridable by env. */
import { DEFAULT_BATCH_SIZE } from "@/lib/pipeline/ingest/plan-step";
import { ONE_STEP_MAX_BYTES } from "@/lib/pipeline/ingest/stage-step";

/** A whole number of at least `min` from the environment, else `fallback`. */
function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  return Number.isInteger(value) && value >= min ? value : fallback;
}

export const stageConcurrency = {
  ingest: envInt("PIPELINE_INGEST_CONCURRENCY", 5),
  match: envInt("PIPELINE_MATCH_CONCURRENCY", 5),
  benchmark: envInt("PIPELINE_BENCHMARK_CONCURRENCY", 3),
  insight: envInt("PIPELINE_INSIGHT_CONCURRENCY", 5),
};

/** Changed listings per ingest write step (DEFAULT_BATCH_SIZE unless PIPELINE_INGEST_BATCH says otherwise). */
export const ingestBatchSize = envInt("PIPELINE_INGEST_BATCH", DEFAULT_BATCH_SIZE);

/** Largest feed (bytes) the parse step writes itself (PIPELINE_ONE_STEP_MAX_BYTES; 0: every feed is staged). */
export const oneStepMaxBytes = envInt("PIPELINE_ONE_STEP_MAX_BYTES", ONE_STEP_MAX_BYTES, 0);

/**
 * Largest fetched feed (bytes) the fetch step parses and writes itself, without keeping its bytes for a
 * parse step (PIPELINE_INLINE_PARSE_MAX_BYTES; 0: every feed gets its own parse step), never beyond
 * oneStepMaxBytes. About 15,000 listings: the fetch, parse and write stay within a few seconds.
 */
export const inlineParseMaxBytes = Math.min(envInt("PIPELINE_INLINE_PARSE_MAX_BYTES", 4 * 1024 * 1024, 0), oneStepMaxBytes);

export const retries = 3;

/** Feeds due for a poll are looked for this often. */
export const schedulerCron = process.env.PIPELINE_SCHEDULER_CRON ?? "* * * * *";
/** The embedded database's VACUUM (inngest/functions/maintenance.ts). */
export const maintenanceCron = process.env.PIPELINE_MAINTENANCE_CRON ?? "*/10 * * * *";

/** Events sent per `step.sendEvent` call by the scheduler's fan-out. */
export const fanOutBatch = 100;

/**
 * Loopback origins ingest may fetch from (`127.0.0.1:3000,…`): only the embedded demo's own feeds.
 * Operators' feed URLs are validated without it, so they can never point at this machine.
 */
export function feedFetchOptions(): { loopbackAllowList: string[]; timeoutMs: number } {
  const raw = process.env.PIPELINE_FEED_LOOPBACK_ALLOW ?? "";
  return {
    loopbackAllowList: raw.split(",").map((s) => s.trim()).filter(Boolean),
    // The whole fetch (DNS, redirects, body): a hung feed host holds an ingest slot this long per attempt.
    timeoutMs: envInt("PIPELINE_FEED_TIMEOUT_MS", 30_000),
  };
}
