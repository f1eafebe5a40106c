/**
 * A whole feed ingest in one call, step after step, as the Inngest function runs them: for the CLI,
 * the bench and tests. Without a runId it creates the run (and sees it through); with one, the
 * caller owns the run row.
 */
import type { RunTriggerName } from "@/inngest/events";
import type { Db } from "@/lib/db";
import { createRuns, markRunFailed, markRunStage, markRunSucceeded, markSkippedRunSucceeded, setRunSkuCount } from "@/lib/orchestrator/runs";
import { describeIngestError } from "./errors";
import { failIngest } from "./fail-step";
import { findIngestFeed } from "./feed-state";
import { fetchForRun, type FetchStepOptions } from "./fetch-step";
import { finalizeRun } from "./finalize-step";
import { planIngest, type PlanStepOptions } from "./plan-step";
import { stageRecords, type StageStepOptions } from "./stage-step";
import type { BatchResult, FetchResult, PlanResult, RecordedMaterialization, StageResult } from "./types";
import { writeBatch } from "./write-step";

export type IngestProgress =
  | { stage: "fetch"; result: FetchResult; ms: number }
  | { stage: "parse"; result: StageResult; ms: number }
  | { stage: "plan"; result: PlanResult; ms: number }
  | { stage: "write"; result: BatchResult; batches: number; ms: number }
  | { stage: "finalize"; result: RecordedMaterialization; ms: number };

export interface IngestFeedOptions extends FetchStepOptions, StageStepOptions, PlanStepOptions {
  /** The feed to ingest; or `dealerId` for the dealer's (first active) feed. */
  feedId?: string;
  dealerId?: string;
  /** An existing Run row; without it a run is created with `trigger` (default MANUAL). */
  runId?: string;
  trigger?: RunTriggerName;
  force?: boolean;
  onProgress?: (event: IngestProgress) => void;
  /** Called after each committed write batch; a throw interrupts the ingest there (tests' crash). */
  afterBatch?: (batch: number) => void | Promise<void>;
}

export interface IngestFeedResult {
  runId: string;
  dealerId: string;
  feedId: string;
  status: "SUCCEEDED" | "SKIPPED";
  materialization: RecordedMaterialization;
  stage: StageResult | null;
  plan: PlanResult | null;
}

/** The ingest failed and changed no listing beyond committed batches; the failure is recorded. */
export class IngestFailedError extends Error {
  constructor(
    message: string,
    readonly runId: string,
    readonly materialization: RecordedMaterialization | null,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = "IngestFailedError";
  }
}

async function timedStage<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: Math.round(performance.now() - t0) };
}

export async function ingestFeed(db: Db, opts: IngestFeedOptions): Promise<IngestFeedResult> {
  const feed = await findIngestFeed(db.sql, { feedId: opts.feedId, dealerId: opts.dealerId });
  const ownsRun = opts.runId === undefined;
  const runId =
    opts.runId ??
    (await createRuns(db.sql, [{ dealerId: feed.dealerId, feedId: feed.id, trigger: opts.trigger ?? "MANUAL", plan: feed.plan, priority: 0 }]))[0]!;
  const progress = opts.onProgress ?? (() => {});
  const base = { runId, dealerId: feed.dealerId, feedId: feed.id };

  try {
    if (ownsRun) await markRunStage(db.sql, runId, "FEED_INGEST");
    const onSkip = ownsRun ? markSkippedRunSucceeded(runId) : undefined;
    const fetched = await timedStage(() => fetchForRun(db, { runId, feedId: feed.id, force: opts.force }, { ...opts, onSkip }));
    progress({ stage: "fetch", result: fetched.result.result, ms: fetched.ms });
    const skip = fetched.result.skip;
    if (skip) {
      return { ...base, status: "SKIPPED", materialization: skip, stage: null, plan: null };
    }

    const staged = await timedStage(() => stageRecords(db, { runId }, { ...opts, bytes: fetched.result.inline ?? undefined }));
    progress({ stage: "parse", ...staged });
    if (ownsRun) await setRunSkuCount(db.sql, runId, staged.result.records);

    const planned = await timedStage(() => planIngest(db, { runId }, opts));
    progress({ stage: "plan", ...planned });
    for (let batch = 0; batch < planned.result.batches; batch++) {
      const written = await timedStage(() => writeBatch(db, { runId, batch }));
      progress({ stage: "write", ...written, batches: planned.result.batches });
      await opts.afterBatch?.(batch);
    }

    const finalized = await timedStage(() => finalizeRun(db, { runId }));
    if (!finalized.result) throw new Error(`ingest run ${runId} lost its state before finalising`);
    progress({ stage: "finalize", result: finalized.result, ms: finalized.ms });
    if (ownsRun) await markRunSucceeded(db.sql, runId);
    return { ...base, status: "SUCCEEDED", materialization: finalized.result, stage: staged.result, plan: planned.result };
  } catch (error) {
    const message = describeIngestError(error);
    let record: RecordedMaterialization | null = null;
    try {
      record = await failIngest(db, { runId, feedId: feed.id, error });
      if (ownsRun) await markRunFailed(db.sql, runId, { message, stack: error instanceof Error ? error.stack : undefined });
    } catch {
      // Recording the failure failed too (database gone?): the original error is what matters.
    }
    throw new IngestFailedError(message, runId, record, { cause: error });
  }
}
