/**
 * One tier size: a dealer's first ingest, an unchanged re-poll and a 1%-changed re-poll, each the full
 * pipeline (ingest → match → benchmark → insight), with other dealers' listings already in the market;
 * five first ingests (five new dealers) and five of each re-poll, the median standing for them.
 * `direct`: the stage step functions in sequence. `executor`: through the orchestrator (onboardDealer /
 * requestRun) and the embedded executor, timed as the dashboard times runs (Run.durationMs).
 */
import type { PlanName } from "@/inngest/events";
import type { Db } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import { tierFor } from "@/lib/metrics/tiers";
import { onboardDealer, requestRun } from "@/lib/orchestrator";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import type { DbSpec, PipelineMode, PipelineRunResult, PipelineScenarioResult, RunKind } from "../types";
import { closeScenarioDb, openScenarioDb } from "../support/database";
import { startFeedServer, type FeedServer } from "../support/feed-server";
import { processMaxRssMb, sampleMemory } from "../support/memory";
import { progress } from "../support/progress";
import { runPipelineDirect } from "../support/run-direct";
import { recordedRun, startBenchExecutor } from "../support/run-executor";
import { startCpuProfile, stopCpuProfile } from "../support/cpu-profiler";
import { dumpSqlProfile, resetSqlProfile } from "../support/sql-profile";
import { round } from "../support/stats";

const PLAN: PlanName = "PRO";
const WARMUP_SKUS = 150;
/**
 * Re-polls per kind: an unchanged re-poll is a few statements and one GET (~10 ms), so a single pause of this
 * VM moves it by half; three samples let one such pause decide the median.
 */
const REPEATS = 5;
/**
 * New dealers per size: the first of them is the server's first large run after the small warm-up and pays
 * one-time costs (in three full runs it was the slowest of three in 16 of 18 size/mode pairs), so five, not
 * three, for the median to describe a warm server.
 */
const FIRST_RUNS = 5;

/** What a driver measures of one run; the scenario derives the rest of its PipelineRunResult. */
type Measured = Pick<
  PipelineRunResult,
  "totalMs" | "wallMs" | "queueWaitMs" | "stages" | "skipped" | "records" | "created" | "changed" | "unchanged" | "downstream"
>;

/** Runs one poll of a dealer's feed, however the mode does it. */
interface Driver {
  /** The dealer's first run (onboarding). */
  first(slug: string): Promise<Measured>;
  /** A later poll of the same dealer. */
  poll(slug: string): Promise<Measured>;
  close(): Promise<void>;
}

function directDriver(db: Db, feeds: FeedServer): Driver {
  const dealers = new Map<string, { dealerId: string; feedId: string }>();
  const run = async (slug: string, firstRun: boolean): Promise<Measured> => {
    const ref = dealers.get(slug)!;
    const out = await runPipelineDirect(db, {
      ...ref,
      plan: PLAN,
      trigger: firstRun ? "ONBOARDING" : "SCHEDULE",
      firstRun,
      loopbackAllowList: [feeds.origin],
    });
    return {
      totalMs: out.totalMs,
      wallMs: out.totalMs,
      queueWaitMs: null,
      stages: out.stages,
      skipped: out.skipped,
      records: out.plan?.records ?? 0,
      created: out.plan?.created ?? 0,
      changed: out.plan?.changed ?? 0,
      unchanged: out.plan?.unchanged ?? 0,
      downstream: out.downstream,
    };
  };
  return {
    async first(slug) {
      const dealer = await findOrCreateDealer(db.sql, { slug, plan: PLAN });
      const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { url: feeds.url(slug) }, format: "csv" });
      dealers.set(slug, { dealerId: dealer.id, feedId: feed.id });
      return run(slug, true);
    },
    poll: (slug) => run(slug, false),
    close: async () => {},
  };
}

async function executorDriver(db: Db, feeds: FeedServer): Promise<Driver> {
  const executor = await startBenchExecutor(db);
  const dealers = new Map<string, string>();
  const measure = async (trigger: () => Promise<string>): Promise<Measured> => {
    const t0 = performance.now();
    const runId = await trigger();
    await executor.waitForIdle();
    const wallMs = Math.round(performance.now() - t0);
    const rec = await recordedRun(db, runId);
    if (rec.status !== "SUCCEEDED") throw new Error(`run ${runId} ended ${rec.status}`);
    return {
      totalMs: rec.durationMs,
      wallMs,
      queueWaitMs: rec.queueWaitMs,
      stages: rec.stages,
      skipped: rec.skipped,
      records: rec.ingest?.records ?? 0,
      created: rec.ingest?.created ?? 0,
      changed: rec.ingest?.updated ?? 0,
      unchanged: rec.ingest?.unchanged ?? 0,
      downstream: rec.downstream,
    };
  };
  return {
    first: (slug) =>
      measure(async () => {
        const { dealerId, runId } = await onboardDealer(db, {
          name: slug,
          slug,
          plan: PLAN,
          feed: { kind: "url", url: feeds.url(slug) },
          format: "CSV",
          pollIntervalMinutes: 5,
        });
        dealers.set(slug, dealerId);
        return runId;
      }),
    poll: (slug) => measure(async () => (await requestRun(db, { dealerId: dealers.get(slug)!, trigger: "SCHEDULE" })).runId),
    close: () => executor.stop(),
  };
}

function toResult(run: RunKind, skus: number, targetMs: number, m: Measured, memory: PipelineRunResult["memory"]): PipelineRunResult {
  const records = m.skipped ? skus : m.records;
  return {
    run,
    totalMs: m.totalMs,
    wallMs: m.wallMs,
    queueWaitMs: m.queueWaitMs,
    stages: m.stages,
    skipped: m.skipped,
    records,
    created: m.created,
    changed: m.changed,
    unchanged: m.skipped ? skus : m.unchanged,
    skipRatio: m.skipped ? 1 : records > 0 ? round(m.unchanged / records, 4) : 0,
    skusPerSecond: m.totalMs > 0 ? Math.round((skus * 1000) / m.totalMs) : 0,
    memory,
    targetShare: round(m.totalMs / targetMs, 4),
    timesInsideTarget: m.totalMs > 0 ? round(targetMs / m.totalMs, 1) : 0,
    downstream: m.downstream,
    samples: [m.totalMs],
  };
}

export async function runPipelineScenario(spec: { skus: number; mode: PipelineMode; db: DbSpec }): Promise<PipelineScenarioResult> {
  const tier = tierFor(spec.skus);
  const db = await openScenarioDb(spec.db);
  const feeds = await startFeedServer();
  process.env.PIPELINE_FEED_LOOPBACK_ALLOW = feeds.origin;
  let driver: Driver | null = null;
  try {
    const [market] = await db.sql.query<{ dealers: number; listings: number }>(
      `SELECT (SELECT count(*)::int FROM "Dealer") AS dealers, (SELECT count(*)::int FROM "DealerSku") AS listings`,
    );
    const slug = `target-${spec.skus}`;
    const v1 = generateFeed({ skus: spec.skus, format: "csv", family: "ammoseek", seed: "target" });
    feeds.set(slug, "csv", v1.text);
    const warmup = generateFeed({ skus: WARMUP_SKUS, format: "csv", seed: "warmup" });
    feeds.set("warmup", "csv", warmup.text);

    driver = spec.mode === "direct" ? directDriver(db, feeds) : await executorDriver(db, feeds);
    // A long-running server is warm: one small dealer through the same path first (not timed), with each kind
    // of run the scenario measures (first run, unchanged and changed re-poll), so none is the process's first.
    await driver.first("warmup");
    await driver.poll("warmup");
    feeds.set("warmup", "csv", generateFeed({ format: "csv", seed: "warmup-v2", mutateFrom: warmup.records, changeRate: 0.01 }).text);
    await driver.poll("warmup");
    progress(`  ${spec.skus} SKUs (${spec.mode}): market has ${market!.dealers} other dealers, ${market!.listings} listings; warmed up`);

    const runs: PipelineRunResult[] = [];
    const measure = async (kind: RunKind, rep: number, fn: () => Promise<Measured>): Promise<PipelineRunResult> => {
      const label = `pipeline-${spec.skus}-${spec.mode}-${kind}${rep ? `-${rep + 1}` : ""}`;
      resetSqlProfile();
      await startCpuProfile();
      const memory = sampleMemory();
      const m = await fn();
      await stopCpuProfile(label);
      const result = toResult(kind, spec.skus, tier.targetMs, m, memory.stop());
      const s = result.stages;
      progress(
        `  ${spec.skus} SKUs ${kind.padEnd(9)}${rep ? ` #${rep + 1}` : "   "} (${spec.mode}): ${result.totalMs} ms` +
          (result.skipped ? " (feed unchanged: skipped)" : ` [ingest ${s.fetch + s.parse + s.diff + s.write + s.finalize}, match ${s.match}, benchmark ${s.benchmark}, insight ${s.insight}, other ${s.other}]`) +
          `, skip ${(result.skipRatio * 100).toFixed(1)}%, ${result.timesInsideTarget}× inside ${tier.targetMs / 1000} s`,
      );
      dumpSqlProfile(label);
      return result;
    };
    /** REPEATS of each kind of run; the run with the median total stands for them (all totals kept). */
    const medianOf = (samples: PipelineRunResult[]): PipelineRunResult => {
      const sorted = [...samples].sort((a, b) => a.totalMs - b.totalMs);
      return { ...sorted[Math.floor(sorted.length / 2)]!, samples: samples.map((r) => r.totalMs) };
    };
    const repeated = async (kind: RunKind, before: (rep: number) => void) => {
      const samples: PipelineRunResult[] = [];
      for (let rep = 0; rep < REPEATS; rep++) {
        before(rep);
        samples.push(await measure(kind, rep, () => driver!.poll(slug)));
      }
      runs.push(medianOf(samples));
    };
    const firsts = [await measure("first", 0, () => driver!.first(slug))];
    await repeated("unchanged", () => {});
    // Each changed re-poll changes ~1% of the listings of the feed as it last was.
    let records = v1.records;
    await repeated("changed", (rep) => {
      const next = generateFeed({ format: "csv", family: "ammoseek", seed: `target-v${rep + 2}`, mutateFrom: records, changeRate: 0.01 });
      records = next.records;
      feeds.set(slug, "csv", next.text);
    });
    // More new dealers of the same size, each with a catalog of its own, after the re-polls (so that those see
    // the same market as before): the market they join is a little larger, never smaller.
    for (let rep = 1; rep < FIRST_RUNS; rep++) {
      const other = `${slug}-${rep + 1}`;
      feeds.set(other, "csv", generateFeed({ skus: spec.skus, format: "csv", family: "ammoseek", seed: `target-${rep + 1}` }).text);
      firsts.push(await measure("first", rep, () => driver!.first(other)));
    }
    runs.unshift(medianOf(firsts));

    return {
      skus: spec.skus,
      tier: tier.name,
      targetMs: tier.targetMs,
      mode: spec.mode,
      otherDealers: market!.dealers,
      otherListings: market!.listings,
      runs,
      processMaxRssMb: processMaxRssMb(),
    };
  } finally {
    await driver?.close();
    await feeds.close();
    await closeScenarioDb(spec.db);
  }
}
