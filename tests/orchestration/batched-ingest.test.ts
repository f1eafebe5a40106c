/**
 * A feed beyond the size the parse step writes itself (PIPELINE_ONE_STEP_MAX_BYTES=0 here: every feed) goes
 * through the ingest function's own plan, write-batch and finalize steps; a feed the parse step wrote ends
 * in that step.
 */
import { expect, it, vi } from "vitest";

// Read when the functions' config module loads.
vi.hoisted(() => {
  process.env.PIPELINE_ONE_STEP_MAX_BYTES = "0";
  process.env.PIPELINE_INGEST_BATCH = "50";
});

import { generateFeed } from "@/lib/feeds/generate";
import { storeUpload } from "@/lib/pipeline/ingest";
import { useProcessDb } from "../support/db";
import { allRunsFinished, onboardTestDealer, waitFor } from "../support/pipeline";
import { usePipelineExecutor } from "../support/use-executor";

const { db } = useProcessDb();
usePipelineExecutor();

async function ingestSteps(runId: string): Promise<string[]> {
  const steps = await db().sql.query<{ stepId: string }>(
    `SELECT "stepId" FROM "RunStep" WHERE "runId" = $1 AND "functionId" = 'feed-ingest' ORDER BY "startedAt"`,
    [runId],
  );
  return steps.map((s) => s.stepId);
}

async function runOf(runId: string) {
  const [run] = await db().sql.query(`SELECT status::text AS status, skipped, "skuCount", error FROM "Run" WHERE id = $1`, [runId]);
  const [ingest] = await db().sql.query(
    `SELECT status::text AS status, created, updated, unchanged FROM "AssetMaterialization" WHERE "runId" = $1 AND asset = 'FEED_INGEST'`,
    [runId],
  );
  return { run, ingest };
}

it("stages, plans, writes in batches and finalises in steps of their own, then matches", async () => {
  const { dealerId, runId } = await onboardTestDealer(db(), { slug: "batched", skus: 120, seed: "batched" });
  await waitFor(() => allRunsFinished(db()));
  expect(await runOf(runId)).toEqual({
    run: { status: "SUCCEEDED", skipped: false, skuCount: 120, error: null },
    ingest: { status: "SUCCEEDED", created: 120, updated: 0, unchanged: 0 },
  });
  expect(await ingestSteps(runId)).toEqual(["fetch", "parse", "diff", "write-batch-0", "write-batch-1", "write-batch-2", "finalize"]);
  const [listings] = await db().sql.query<{ n: number; matched: number }>(
    `SELECT count(*)::int AS n, count("matchedHash")::int AS matched FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive"`,
    [dealerId],
  );
  expect(listings).toEqual({ n: 120, matched: 120 });

  // The same listings in another byte layout: nothing staged, so the parse step plans and finalises the run itself.
  const v1 = generateFeed({ skus: 120, format: "csv", family: "ammoseek", seed: "batched" });
  const [feed] = await db().sql.query<{ id: string }>(`SELECT id FROM "Feed" WHERE "dealerId" = $1`, [dealerId]);
  await storeUpload(db().sql, { feedId: feed!.id, fileName: "batched.csv", content: new TextEncoder().encode(`${v1.text}\n\n`) });
  const { requestRun } = await import("@/lib/orchestrator");
  const again = await requestRun(db(), { dealerId, trigger: "MANUAL" });
  await waitFor(() => allRunsFinished(db()));
  expect(await runOf(again.runId)).toEqual({
    run: { status: "SUCCEEDED", skipped: false, skuCount: 120, error: null },
    ingest: { status: "SUCCEEDED", created: 0, updated: 0, unchanged: 120 },
  });
  expect(await ingestSteps(again.runId)).toEqual(["fetch", "parse"]);
});
