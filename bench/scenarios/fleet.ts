/**
 * A fleet cycle through the orchestrator: N dealers (mixed tiers and plans) onboarded first — every first
 * run through the embedded executor, timed as set-up — then one poll each with ~1% of listings changed,
 * fanned out by the scheduler function (a `pipeline/scheduler.tick`, as its cron would), under the
 * functions' concurrency limits and plan priorities. Measures wall time, Run.queueWaitMs per plan and the
 * process's CPU share.
 */
import { inngest } from "@/inngest/client";
import { schedulerTick, type PlanName } from "@/inngest/events";
import type { Executor } from "@/inngest/executor/executor";
import type { Db } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import { tierFor } from "@/lib/metrics/tiers";
import { onboardDealer } from "@/lib/orchestrator";
import { stageConcurrency } from "@/lib/orchestrator/config";
import type { DbSpec, FleetPhaseResult, FleetScenarioResult, Percentiles } from "../types";
import { closeScenarioDb, openScenarioDb } from "../support/database";
import { startFeedServer } from "../support/feed-server";
import { planFleet, type FleetDealer } from "../support/fleet-plan";
import { processMaxRssMb, sampleMemory } from "../support/memory";
import { progress, ticker } from "../support/progress";
import { startBenchExecutor } from "../support/run-executor";
import { startCpuProfile, stopCpuProfile } from "../support/cpu-profiler";
import { dumpSqlProfile, resetSqlProfile } from "../support/sql-profile";
import { percentiles, round } from "../support/stats";

interface RunRow {
  plan: PlanName;
  status: string;
  skipped: boolean;
  queueWaitMs: number | null;
  durationMs: number | null;
  skuCount: number | null;
}

async function runsOf(db: Db, trigger: string): Promise<RunRow[]> {
  return db.sql.query<RunRow>(
    `SELECT plan::text AS plan, status::text AS status, skipped, "queueWaitMs", "durationMs", "skuCount" FROM "Run" WHERE trigger = $1::"RunTrigger"`,
    [trigger],
  );
}

function byPlan(rows: RunRow[], value: (r: RunRow) => number | null): Partial<Record<PlanName, Percentiles>> {
  const out: Partial<Record<PlanName, Percentiles>> = {};
  for (const plan of ["FOUNDING", "PRO", "STANDARD", "NONE"] as const) {
    const values = rows.filter((r) => r.plan === plan).map(value).filter((v): v is number => v !== null);
    if (values.length) out[plan] = percentiles(values);
  }
  return out;
}

/** Runs `work` (which triggers runs), waits for the executor to be idle, and summarises the runs of `trigger`. */
async function phase(db: Db, executor: Executor, label: string, trigger: string, expected: number, work: () => Promise<void>): Promise<FleetPhaseResult> {
  resetSqlProfile();
  await startCpuProfile();
  const memory = sampleMemory(100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stop = ticker(10_000, async () => {
    const [row] = await db.sql.query<{ done: number; running: number }>(
      `SELECT count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED'))::int AS done, count(*) FILTER (WHERE status = 'RUNNING')::int AS running
       FROM "Run" WHERE trigger = $1::"RunTrigger"`,
      [trigger],
    );
    progress(`  ${label}: ${row!.done}/${expected} runs done, ${row!.running} running, ${Math.round((performance.now() - t0) / 1000)} s`);
  });
  try {
    await work();
    await executor.waitForIdle();
  } finally {
    stop();
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await stopCpuProfile(`fleet-${label}`);
  dumpSqlProfile(`fleet-${label}`);
  const rows = await runsOf(db, trigger);
  return {
    wallMs: Math.round(wallMs),
    runs: rows.length,
    succeeded: rows.filter((r) => r.status === "SUCCEEDED").length,
    skipped: rows.filter((r) => r.skipped).length,
    failed: rows.filter((r) => r.status === "FAILED").length,
    listings: rows.reduce((sum, r) => sum + (r.skuCount ?? 0), 0),
    queueWaitByPlan: byPlan(rows, (r) => r.queueWaitMs),
    durationByPlan: byPlan(rows, (r) => r.durationMs),
    cpuShare: round((cpu.user + cpu.system) / 1000 / wallMs, 2),
    cpuUserMs: Math.round(cpu.user / 1000),
    cpuSystemMs: Math.round(cpu.system / 1000),
    memory: memory.stop(),
  };
}

function feedText(d: FleetDealer, version: 1 | 2): string {
  const v1 = generateFeed({ skus: d.skus, format: d.format, family: d.family, seed: d.slug });
  if (version === 1) return v1.text;
  return generateFeed({ format: d.format, family: d.family, seed: `${d.slug}-v2`, mutateFrom: v1.records, changeRate: 0.01 }).text;
}

export async function runFleetScenario(spec: { dealers: number; avgSkus: number; maxParallel: number; db: DbSpec }): Promise<FleetScenarioResult> {
  const fleet = planFleet(spec.dealers, spec.avgSkus);
  const db = await openScenarioDb(spec.db);
  const feeds = await startFeedServer();
  process.env.PIPELINE_FEED_LOOPBACK_ALLOW = feeds.origin;
  let executor: Executor | null = null;
  try {
    const g0 = performance.now();
    for (const d of fleet) feeds.set(d.slug, d.format, feedText(d, 1));
    const generateMs = Math.round(performance.now() - g0);
    const totalSkus = fleet.reduce((sum, d) => sum + d.skus, 0);
    progress(`  fleet: ${fleet.length} dealers, ${totalSkus} listings (avg ${Math.round(totalSkus / fleet.length)}); feeds generated in ${generateMs} ms`);

    executor = await startBenchExecutor(db, spec.maxParallel);
    const initialLoad = await phase(db, executor, "initial load", "ONBOARDING", fleet.length, async () => {
      for (const d of fleet) {
        await onboardDealer(db, {
          name: d.slug,
          slug: d.slug,
          plan: d.plan,
          feed: { kind: "url", url: feeds.url(d.slug) },
          format: "AUTO",
          pollIntervalMinutes: 5,
        });
      }
    });
    progress(`  initial load: ${initialLoad.succeeded}/${fleet.length} runs in ${initialLoad.wallMs} ms (${initialLoad.failed} failed)`);

    // The next poll: every feed ~1% changed, every feed due (not timed).
    const m0 = performance.now();
    for (const d of fleet) feeds.set(d.slug, d.format, feedText(d, 2));
    await db.sql.query(`UPDATE "Feed" SET "lastPolledAt" = now() - interval '1 hour'`);
    progress(`  cycle: feeds mutated (1%) in ${Math.round(performance.now() - m0)} ms; scheduler tick`);

    const cycle = await phase(db, executor, "cycle", "SCHEDULE", fleet.length, async () => {
      await inngest.send(schedulerTick.create({ at: new Date().toISOString() }));
    });
    const [changed] = await db.sql.query<{ n: number }>(
      `SELECT coalesce(sum(m.updated + m.created), 0)::int AS n FROM "AssetMaterialization" m JOIN "Run" r ON r.id = m."runId"
       WHERE r.trigger = 'SCHEDULE' AND m.asset = 'FEED_INGEST'`,
    );
    progress(`  cycle: ${cycle.succeeded}/${fleet.length} runs in ${cycle.wallMs} ms, ${changed!.n} listings written, CPU ${cycle.cpuShare}`);

    const byTier: Record<string, number> = {};
    for (const d of fleet) byTier[tierFor(d.skus).name] = (byTier[tierFor(d.skus).name] ?? 0) + 1;
    const byPlanCount: Partial<Record<PlanName, number>> = {};
    for (const d of fleet) byPlanCount[d.plan] = (byPlanCount[d.plan] ?? 0) + 1;
    return {
      dealers: fleet.length,
      avgSkus: Math.round(totalSkus / fleet.length),
      totalSkus,
      byTier,
      byPlan: byPlanCount,
      maxParallel: spec.maxParallel,
      concurrency: { ...stageConcurrency },
      generateMs,
      initialLoad,
      cycle,
      changedListings: changed!.n,
      processMaxRssMb: processMaxRssMb(),
    };
  } finally {
    await executor?.stop();
    await feeds.close();
    await closeScenarioDb(spec.db);
  }
}
