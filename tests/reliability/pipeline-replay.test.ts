/**
 * Executor.replay on the real pipeline (executor over DbStore): replaying a finished pipeline's runs
 * with the same events leaves every product table exactly as it was, every column included (timestamps,
 * ids, durations): each stage finds its materialisation for that run and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { DbStore } from "@/inngest/executor/db-store";
import { createExecutor, type Executor } from "@/inngest/executor/executor";
import type { RunRecord } from "@/inngest/executor/types";
import { benchmark } from "@/inngest/functions/benchmark";
import { feedIngest } from "@/inngest/functions/feed-ingest";
import { insight } from "@/inngest/functions/insight";
import { skuMatch } from "@/inngest/functions/sku-match";
import { useProcessDb } from "../support/db";
import { allRunsFinished, onboardTestDealer, waitFor } from "../support/pipeline";
import { productTables, snapshotRows } from "./canonical-dump";

const { db } = useProcessDb();
let executor: Executor;
const runs = new Map<string, RunRecord>();

beforeAll(async () => {
  // The embeddings queue is not part of a dealer's run (and would embed with the local model for minutes).
  executor = createExecutor({ client: inngest, functions: [feedIngest, skuMatch, benchmark, insight], store: new DbStore(db().sql), crons: false, backoff: () => 25 });
  executor.on("run", (r) => runs.set(r.id, r));
  await executor.start();
});
afterAll(async () => {
  await executor.stop();
});

async function settle(): Promise<void> {
  await waitFor(() => allRunsFinished(db()), 120_000);
  await executor.waitForIdle();
}

const stageRun = (fn: string, pipelineRunId: string) =>
  [...runs.values()].find((r) => r.functionId === `dealer-pipeline-${fn}` && (r.events[0]?.data as { runId?: string }).runId === pipelineRunId);

describe("replaying a finished pipeline through the executor", () => {
  it("leaves every product table exactly as it was: the feed-ingest run, then each later stage's run", async () => {
    await onboardTestDealer(db(), { slug: "replay-market", skus: 400, seed: "market" });
    const { runId } = await onboardTestDealer(db(), { slug: "replay-dealer", skus: 400, plan: "PRO", seed: "market" });
    await settle();
    const before = await snapshotRows(db(), productTables);
    expect(before.Run).toHaveLength(2);
    expect(before.AssetMaterialization).toHaveLength(8);

    const ingest = stageRun("feed-ingest", runId);
    expect(ingest?.status).toBe("completed");
    const ingestReplay = await executor.replay(ingest!.id);
    await settle();
    const replayed = await executor.getRun(ingestReplay);
    expect(replayed).toMatchObject({ status: "completed", output: { skipped: false }, events: ingest!.events });
    // It ran: its first step found the stage materialised for this run (fetching nothing) and went straight on
    // downstream.
    expect(replayed?.steps.map((s) => s.name)).toEqual(["fetch", "request-match"]);
    // Its request-match event reaches sku-match, whose idempotency key (the pipeline run id) was seen: no new run.
    expect([...runs.values()].filter((r) => (r.events[0]?.data as { runId?: string }).runId === runId)).toHaveLength(5);
    expect(await snapshotRows(db(), productTables)).toEqual(before);

    const stages = { "sku-match": ["match", "request-benchmark"], benchmark: ["benchmark", "request-insight"], insight: ["insight"] };
    const replays = new Map<string, string[]>();
    for (const [fn, steps] of Object.entries(stages)) {
      const original = stageRun(fn, runId);
      expect(original?.status, fn).toBe("completed");
      replays.set(await executor.replay(original!.id), steps);
    }
    await settle();
    for (const [id, steps] of replays) expect(await executor.getRun(id)).toMatchObject({ status: "completed", steps: steps.map((name) => expect.objectContaining({ name })) });
    expect(await snapshotRows(db(), productTables)).toEqual(before);
  }, 300_000);
});
