import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { getAssetsPage } from "@/lib/metrics/assets";
import { getDealerDetail, listDealers } from "@/lib/metrics/dealers";
import { getOverview } from "@/lib/metrics/overview";
import { getRunDetail, listRuns, runFilterSchema } from "@/lib/metrics/runs";
import { openTestDb } from "../support/db";
import { seedDealer, seedListings, seedRun } from "./seed";

describe("dashboard queries", () => {
  let db: Db;
  let hobby: { dealerId: string; feedId: string };
  let big: { dealerId: string; feedId: string };
  let failedRunId: string;
  let runningRunId: string;

  beforeAll(async () => {
    db = await openTestDb();
    hobby = await seedDealer(db, "Hobby Ammo", { plan: "NONE" });
    big = await seedDealer(db, "Big Box Ammo", { plan: "PRO" });
    const ingest = { created: 0, updated: 1, unchanged: 99 };
    for (const [i, ms] of [1_000, 2_000, 3_000, 4_000, 10_000].entries()) {
      await seedRun(db, { dealerId: hobby.dealerId, status: "SUCCEEDED", skuCount: 100, durationMs: ms, minutesAgo: 50 - i * 5, ingest });
    }
    // A whole-feed skip that never learnt its size: takes the previous run's (100).
    await seedRun(db, { dealerId: hobby.dealerId, status: "SUCCEEDED", skuCount: null, durationMs: 300, minutesAgo: 10, skipped: true, ingest: { created: 0, updated: 0, unchanged: 100 } });
    // Outside a 24-hour window.
    await seedRun(db, { dealerId: hobby.dealerId, status: "SUCCEEDED", skuCount: 100, durationMs: 90_000, minutesAgo: 3 * 24 * 60, ingest });
    await seedRun(db, { dealerId: big.dealerId, status: "SUCCEEDED", skuCount: 5_000, durationMs: 31_000, minutesAgo: 30, ingest: { created: 5_000, updated: 0, unchanged: 0, quarantined: 7 } });
    await seedRun(db, { dealerId: big.dealerId, status: "SUCCEEDED", skuCount: 5_000, durationMs: 33_000, minutesAgo: 20, ingest: { created: 0, updated: 50, unchanged: 4_950 } });
    failedRunId = await seedRun(db, { dealerId: big.dealerId, status: "FAILED", skuCount: null, durationMs: 500, minutesAgo: 2, error: "the feed server answered 503", stepError: "the feed server answered 503" });
    runningRunId = await seedRun(db, { dealerId: big.dealerId, status: "RUNNING", skuCount: 5_000, durationMs: 0, minutesAgo: 2 });
    await seedListings(db, hobby.dealerId, hobby.feedId, 100);
    await db.sql.query(`INSERT INTO "QuarantinedRecord" ("dealerId", "feedId", "rowNumber", raw, reason) VALUES ($1, $2, 7, '=HYPERLINK("x")', 'price missing')`, [hobby.dealerId, hobby.feedId]);
  });

  afterAll(async () => {
    await db.close();
  });

  it("computes p50/p95 per tier over runs that processed their feed", async () => {
    const o = await getOverview(db, "24h", { functions: [] });
    const hobbyist = o.tiers.find((t) => t.tier === "Hobbyist")!;
    expect(hobbyist.runs).toBe(5);
    expect(hobbyist.skippedRuns).toBe(1);
    expect(hobbyist.p50Ms).toBeCloseTo(3_000, 0);
    expect(hobbyist.p95Ms).toBeCloseTo(8_800, 0);
    expect(hobbyist.maxMs).toBe(10_000);
    expect(hobbyist.overTarget).toBe(1);
    expect(hobbyist.skusPerSecond).toBeCloseTo(500 / 20, 5);

    const topTier = o.tiers.find((t) => t.tier === "Top-Tier")!;
    expect(topTier.runs).toBe(2);
    expect(topTier.p95Ms).toBeCloseTo(32_900, 0);
    expect(o.tiers.find((t) => t.tier === "National")!.p95Ms).toBeNull();
    expect(o.tiers.map((t) => t.tier)).toEqual(["Hobbyist", "Serious", "National", "Top-Tier", "Enterprise"]);
  });

  it("weighs the skip ratio by listings, a whole-feed skip counting all of them", async () => {
    const o = await getOverview(db, "24h", { functions: [] });
    const hobbySkip = o.skipSeries.filter((p) => p.tier === "Hobbyist");
    const skipped = hobbySkip.reduce((s, p) => s + p.value * p.runs, 0);
    expect(skipped).toBeGreaterThan(0);
    // Totals: hobby 5×99 + 100 skipped of 600; big 0 + 4,950 of 10,000.
    expect(o.totals.skipRatio).toBeCloseTo((595 + 4_950) / (600 + 10_000), 6);
    expect(o.totals.finished).toBe(9);
    expect(o.totals.failed).toBe(1);
    expect(o.totals.errorRate).toBeCloseTo(1 / 9, 6);
    expect(o.totals.quarantined).toBe(7);
    for (const p of o.skipSeries) expect(p.bucket).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("counts processing errors per minute and lists failures and runs in flight", async () => {
    const o = await getOverview(db, "24h", { functions: [{ functionId: "feed-ingest", name: "Feed Ingest", waiting: 120, running: 5, delayed: 0 }] });
    expect(o.errorsPerMinute.peak).toBe(1);
    expect(o.recentFailures.map((f) => f.id)).toEqual([failedRunId]);
    expect(o.recentFailures[0]!.error).toBe("the feed server answered 503");
    expect(o.inFlight.running).toBe(1);
    expect(o.inFlight.runs[0]).toMatchObject({ id: runningRunId, tier: "Top-Tier", dealerName: "Big Box Ammo", currentStage: "SKU_MATCH" });
    expect(o.inFlight.runs[0]!.elapsedMs).toBeGreaterThan(110_000);
    expect(o.dealerCount).toBe(2);
    const ids = o.alerts.map((a) => `${a.id}:${a.level}`);
    expect(ids).toContain("job_duration:Top-Tier:warning");
    expect(ids).toContain("job_duration:Hobbyist:warning");
    expect(ids).toContain(`slow_run:${runningRunId}:critical`);
    expect(ids).toContain("queue_depth:warning");
    expect(ids).not.toContain("db_connections:critical");
  });

  it("narrows the window", async () => {
    const o = await getOverview(db, "1h", { functions: null });
    expect(o.totals.finished).toBe(9);
    const week = await getOverview(db, "7d", { functions: null });
    expect(week.totals.finished).toBe(10);
  });

  it("filters and pages the runs list", async () => {
    const all = await listRuns(db, runFilterSchema.parse({}));
    expect(all.runs).toHaveLength(11);
    expect(all.runs[0]!.queuedAt >= all.runs[1]!.queuedAt).toBe(true);
    const top = await listRuns(db, runFilterSchema.parse({ tier: "top tier" }));
    // The failed run never read its feed: it carries the size of the dealer's previous run.
    expect(top.runs.map((r) => r.tier)).toEqual(["Top-Tier", "Top-Tier", "Top-Tier", "Top-Tier"]);
    expect(top.runs.find((r) => r.id === failedRunId)?.skuCountCarried).toBe(true);
    const failed = await listRuns(db, runFilterSchema.parse({ status: "FAILED", plan: "" }));
    expect(failed.runs.map((r) => r.id)).toEqual([failedRunId]);
    const byDealer = await listRuns(db, runFilterSchema.parse({ dealer: hobby.dealerId, limit: "4" }));
    expect(byDealer.runs).toHaveLength(4);
    expect(byDealer.nextBefore).not.toBeNull();
    const next = await listRuns(db, runFilterSchema.parse({ dealer: hobby.dealerId, limit: "4", before: byDealer.nextBefore }));
    expect(next.runs).toHaveLength(3);
    expect(next.nextBefore).toBeNull();
    const recent = await listRuns(db, runFilterSchema.parse({ from: new Date(Date.now() - 60 * 60_000).toISOString() }));
    expect(recent.runs.length).toBe(10);
    expect(() => runFilterSchema.parse({ status: "DONE" })).toThrow();
    expect(() => runFilterSchema.parse({ tier: "Platinum" })).toThrow();
  });

  it("gives a run's detail with offsets from its queue time", async () => {
    const detail = await getRunDetail(db, failedRunId);
    expect(detail?.run.error).toBe("the feed server answered 503");
    expect(detail?.run.errorStack).toContain("at ingest");
    expect(detail?.steps).toHaveLength(1);
    expect(detail?.steps[0]!.offsetMs).toBeCloseTo(200, 0);
    expect(detail?.steps[0]!.error).toBe("the feed server answered 503");
    const ok = (await listRuns(db, runFilterSchema.parse({ dealer: big.dealerId, status: "SUCCEEDED" }))).runs[0]!;
    const okDetail = await getRunDetail(db, ok.id);
    expect(okDetail?.materializations.map((m) => m.asset)).toEqual(["FEED_INGEST", "SKU_MATCH"]);
    expect(okDetail?.materializations[0]!.startOffsetMs).toBeCloseTo(200, 0);
    expect(await getRunDetail(db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("lists dealers with size, tier and last run; details one", async () => {
    const dealers = await listDealers(db);
    expect(dealers.map((d) => d.name)).toEqual(["Big Box Ammo", "Hobby Ammo"]);
    const hobbyRow = dealers.find((d) => d.name === "Hobby Ammo")!;
    expect(hobbyRow).toMatchObject({ skuCount: 100, tier: "Hobbyist", quarantined: 1, feeds: 1, lastRunStatus: "SUCCEEDED" });
    const detail = await getDealerDetail(db, hobby.dealerId);
    expect(detail?.feeds[0]!.url).toBe("https://hobby-ammo.example.com/feed.csv");
    expect(detail?.runs).toHaveLength(7);
    expect(detail?.changeCounts.find((c) => c.changeType === "PRICE_CHANGE")).toMatchObject({ last24h: 100, last7d: 100 });
    expect(detail?.changes[0]!.title).toContain("<b>50 rounds</b>");
    expect(detail?.quarantined[0]).toMatchObject({ rowNumber: 7, reason: "price missing" });
  });

  it("builds the partitions grid with freshness per dealer and asset", async () => {
    const page = await getAssetsPage(db);
    expect(page.totalDealers).toBe(2);
    const hobbyRow = page.partitions.find((p) => p.dealerId === hobby.dealerId)!;
    expect(hobbyRow.cells.FEED_INGEST.status).toBe("SKIPPED");
    expect(hobbyRow.cells.FEED_INGEST.freshness.colour).toBe("amber"); // last checked 10 minutes ago, every 5
    expect(hobbyRow.cells.SKU_MATCH.freshness.colour).toBe("green");
    expect(hobbyRow.cells.BENCHMARK.freshness.colour).toBe("grey");
    const ingest = page.assets.find((a) => a.asset === "FEED_INGEST")!;
    expect(ingest.last).toMatchObject({ dealerName: "Hobby Ammo", status: "SKIPPED" });
    expect(ingest.day?.materializations).toBe(8);
    expect(ingest.day?.skipped).toBe(1);
    expect(page.counts.activeSkus).toBe(100);
    const embeddings = page.assets.find((a) => a.asset === "EMBEDDINGS")!;
    expect(embeddings.colour).toBe("grey");
  });
});
