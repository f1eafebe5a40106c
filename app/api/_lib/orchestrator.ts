/**
 * The dashboard's door to the orchestrator (lib/orchestrator): its refusals become HTTP 409s, the queue
 * depth a snapshot that may carry an error instead of failing the overview.
 */
import type { Db } from "@/lib/db";
import * as orchestrator from "@/lib/orchestrator";
import type { QueueSnapshot } from "@/lib/metrics/overview";
import { HttpError } from "./http";

export type FeedInput = { kind: "url"; url: string } | { kind: "upload"; fileName: string; content: Uint8Array };

export interface OnboardInput {
  name: string;
  slug?: string;
  plan: "FOUNDING" | "PRO" | "STANDARD" | "NONE";
  feed: FeedInput;
  format: "AUTO" | "CSV" | "JSON" | "XML";
  pollIntervalMinutes: number;
}

/** Orchestrator refusals (no such dealer, no feed) are the caller's problem: 409 with the reason. */
async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof orchestrator.OrchestratorError) throw new HttpError(409, error.message);
    throw error;
  }
}

export function onboardDealer(db: Db, input: OnboardInput): Promise<{ dealerId: string; runId: string }> {
  return call(() => orchestrator.onboardDealer(db, input));
}

export function replayRun(db: Db, runId: string): Promise<{ runId: string }> {
  return call(() => orchestrator.replayRun(db, runId));
}

export function requestRun(db: Db, dealerId: string): Promise<{ runId: string }> {
  return call(() => orchestrator.requestRun(db, { dealerId, trigger: "MANUAL", force: true }));
}

export function rematerialize(db: Db, input: { asset: "FEED_INGEST" | "SKU_MATCH" | "BENCHMARK" | "INSIGHT" | "EMBEDDINGS"; dealerId?: string }): Promise<{ runIds: string[] }> {
  return call(() => orchestrator.rematerialize(db, input));
}

/** Live queue depth; a failure to read it is reported, not thrown (the overview still renders). */
export async function readQueue(db: Db): Promise<QueueSnapshot> {
  try {
    return { functions: await orchestrator.queueDepth(db) };
  } catch (error) {
    return { functions: null, error: error instanceof Error ? error.message : String(error) };
  }
}
