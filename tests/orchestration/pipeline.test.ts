import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { useProcessDb } from "../support/db";
import { allRunsFinished, onboardTestDealer, waitFor } from "../support/pipeline";
import { usePipelineExecutor } from "../support/use-executor";

const { db } = useProcessDb();
usePipelineExecutor();

describe("a pipeline run through the embedded executor", () => {
  it("materialises ingest → match → benchmark → insight for an onboarded dealer and records the run", async () => {
    const { runId, dealerId } = await onboardTestDealer(db(), { slug: "first-dealer", plan: "PRO", skus: 60 });
    await waitFor(() => allRunsFinished(db()));
    const [run] = await db().sql.query<Record<string, unknown>>(
      `SELECT status::text, trigger::text, "skuCount", tier, "durationMs", "queueWaitMs", priority, error FROM "Run" WHERE id = $1`,
      [runId],
    );
    expect(run).toMatchObject({ status: "SUCCEEDED", trigger: "ONBOARDING", skuCount: 60, tier: "Hobbyist", priority: 600, error: null });
    expect(run!.durationMs as number).toBeGreaterThan(0);
    const assets = await db().sql.query<{ asset: string; status: string; partition: string }>(
      `SELECT asset::text, status::text, partition FROM "AssetMaterialization" WHERE "runId" = $1 ORDER BY "startedAt"`,
      [runId],
    );
    expect(assets.map((a) => a.asset)).toEqual(["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT"]);
    expect(assets.every((a) => a.status === "SUCCEEDED")).toBe(true);
    const steps = await db().sql.query<{ functionId: string; stepId: string }>(
      `SELECT "functionId", "stepId" FROM "RunStep" WHERE "runId" = $1 ORDER BY "startedAt"`,
      [runId],
    );
    // A new dealer: the parse step writes its listings, so there is no write batch, and it plans and finalises too.
    expect(steps.map((s) => `${s.functionId}/${s.stepId}`)).toEqual([
      "feed-ingest/fetch", "feed-ingest/parse", "sku-match/match", "benchmark/benchmark", "insight/insight",
    ]);
    const [listings] = await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = $1`, [dealerId]);
    expect(listings!.n).toBe(60);
    const [dealer] = await db().sql.query<{ firstRunAt: Date | null }>(`SELECT "firstRunAt" FROM "Dealer" WHERE id = $1`, [dealerId]);
    expect(dealer!.firstRunAt).not.toBeNull();

    // The same feed again: a skip that ends in the fetch step, the run's one step, and still counts its dealer's
    // listings in the tier.
    const { requestRun } = await import("@/lib/orchestrator");
    const again = await requestRun(db(), { dealerId, trigger: "SCHEDULE" });
    await waitFor(() => allRunsFinished(db()));
    const [skip] = await db().sql.query<Record<string, unknown>>(
      `SELECT status::text, skipped, "skuCount", tier FROM "Run" WHERE id = $1`,
      [again.runId],
    );
    expect(skip).toEqual({ status: "SUCCEEDED", skipped: true, skuCount: 60, tier: "Hobbyist" });
    const skipSteps = await db().sql.query<{ stepId: string }>(`SELECT "stepId" FROM "RunStep" WHERE "runId" = $1 ORDER BY "startedAt"`, [again.runId]);
    expect(skipSteps.map((s) => s.stepId)).toEqual(["fetch"]);
  });

  it("never overlaps two ingests of one dealer, while different dealers run side by side", async () => {
    const { requestRun } = await import("@/lib/orchestrator");
    const dealers = [];
    for (const slug of ["overlap-a", "overlap-b", "overlap-c"]) dealers.push(await onboardTestDealer(db(), { slug, skus: 300 }));
    for (let i = 0; i < 2; i++) {
      for (const d of dealers) await requestRun(db(), { dealerId: d.dealerId, trigger: "MANUAL", force: true });
    }
    await waitFor(() => allRunsFinished(db()), 120_000);
    const spans = await db().sql.query<{ dealerId: string; runId: string; start: Date; end: Date }>(
      `SELECT r."dealerId", r.id AS "runId", min(s."startedAt") AS start, max(s."finishedAt") AS end
       FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
       WHERE s."functionId" = 'feed-ingest' AND r."dealerId" = ANY($1::uuid[])
       GROUP BY 1, 2 ORDER BY 3`,
      [dealers.map((d) => d.dealerId)],
    );
    expect(spans).toHaveLength(9);
    for (const d of dealers) {
      const mine = spans.filter((s) => s.dealerId === d.dealerId);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.start.getTime()).toBeGreaterThanOrEqual(mine[i - 1]!.end.getTime());
    }
    const overlapsAcrossDealers = spans.some((a) => spans.some((b) => a.dealerId !== b.dealerId && a.start < b.end && b.start < a.end));
    expect(overlapsAcrossDealers).toBe(true);
  });

  it("retries a failing step, then lands in onFailure with the run marked failed and nothing else changed", async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(500).end("feed host is down");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    process.env.PIPELINE_FEED_LOOPBACK_ALLOW = `127.0.0.1:${port}`;
    try {
      const { onboardDealer } = await import("@/lib/orchestrator");
      const { runId, dealerId } = await onboardDealer(db(), {
        name: "Down Host",
        slug: "down-host",
        plan: "STANDARD",
        feed: { kind: "url", url: `http://127.0.0.1:${port}/feed.csv` },
        format: "CSV",
        pollIntervalMinutes: 5,
      });
      await waitFor(() => allRunsFinished(db()));
      const [run] = await db().sql.query<{ status: string; error: string }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [runId]);
      expect(run!.status).toBe("FAILED");
      expect(run!.error).toMatch(/500/);
      expect(requests).toBe(4);
      const [m] = await db().sql.query<{ status: string; error: string }>(
        `SELECT status::text, error FROM "AssetMaterialization" WHERE "runId" = $1 AND asset = 'FEED_INGEST'`,
        [runId],
      );
      expect(m!.status).toBe("FAILED");
      const [listings] = await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = $1`, [dealerId]);
      expect(listings!.n).toBe(0);
    } finally {
      server.close();
      delete process.env.PIPELINE_FEED_LOOPBACK_ALLOW;
    }
  });

  it("fails an unreadable feed at once, without retries, and records the reason", async () => {
    const { onboardDealer } = await import("@/lib/orchestrator");
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const { runId } = await onboardDealer(db(), {
      name: "Garbage Feed",
      slug: "garbage-feed",
      plan: "NONE",
      feed: { kind: "upload", fileName: "feed.bin", content: garbage },
      format: "AUTO",
      pollIntervalMinutes: 5,
    });
    await waitFor(() => allRunsFinished(db()));
    const [run] = await db().sql.query<{ status: string; error: string }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [runId]);
    expect(run!.status).toBe("FAILED");
    expect(run!.error).toMatch(/binary|unreadable|not a feed|cannot/i);
    const attempts = await db().sql.query<{ attempt: number }>(
      `SELECT DISTINCT attempt FROM "RunStep" WHERE "runId" = $1 AND error IS NOT NULL`,
      [runId],
    );
    expect(attempts.map((a) => a.attempt)).toEqual([0]);
  });
});
