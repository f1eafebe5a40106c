/** The FEED_INGEST materialisation of a run, from what its steps found. Pure. */
import type { Materialization } from "@/lib/pipeline/materializations";
import type { RunState } from "./run-state";

const ms = (value: number) => Math.round(value);

function span(startedAt: Date, finishedAt: Date) {
  return { startedAt, finishedAt, durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()) };
}

export function succeededRecord(
  state: RunState,
  stage: NonNullable<RunState["progress"]["stage"]>,
  plan: NonNullable<RunState["progress"]["plan"]>,
  deactivated: number,
  finishedAt: Date,
): Materialization {
  return {
    runId: state.runId,
    asset: "FEED_INGEST",
    partition: state.dealerId,
    status: "SUCCEEDED",
    created: plan.created,
    updated: plan.changed,
    unchanged: plan.unchanged,
    quarantined: stage.quarantined,
    deactivated,
    ...span(new Date(state.progress.startedAt ?? finishedAt), finishedAt),
    metadata: {
      feedId: state.feedId,
      sha256: state.sha256,
      feedBytes: state.byteSize,
      format: stage.format,
      family: stage.family,
      records: stage.records,
      duplicates: stage.duplicates,
      fetchMs: ms(state.progress.fetchMs ?? 0),
      parseMs: ms(stage.parseMs),
      stageMs: ms(stage.stageMs),
      writeMs: ms(state.progress.writeMs ?? 0),
      batches: plan.batches,
      batchSize: plan.batchSize,
      changeTypes: { CREATED: plan.created, ...plan.changeTypes },
      reactivated: plan.reactivated,
    },
  };
}

export function skippedRecord(
  run: { runId: string; dealerId: string; feedId: string; sha256: string; byteSize: number },
  unchanged: number,
  startedAt: Date,
  finishedAt: Date,
  /** The host answered 304 to the conditional GET (else the bytes were read and hashed equal). */
  notModified = false,
): Materialization {
  return {
    runId: run.runId,
    asset: "FEED_INGEST",
    partition: run.dealerId,
    status: "SKIPPED",
    created: 0,
    updated: 0,
    unchanged,
    quarantined: 0,
    deactivated: 0,
    ...span(startedAt, finishedAt),
    metadata: {
      feedId: run.feedId,
      sha256: run.sha256,
      feedBytes: run.byteSize,
      reason: notModified ? "feed unchanged (HTTP 304 Not Modified)" : "feed unchanged",
    },
  };
}

export function failedRecord(
  run: { runId: string; dealerId: string; feedId: string },
  error: string,
  startedAt: Date,
  finishedAt: Date,
): Materialization {
  return {
    runId: run.runId,
    asset: "FEED_INGEST",
    partition: run.dealerId,
    status: "FAILED",
    created: 0,
    updated: 0,
    unchanged: 0,
    quarantined: 0,
    deactivated: 0,
    ...span(startedAt, finishedAt),
    metadata: { feedId: run.feedId },
    error,
  };
}
