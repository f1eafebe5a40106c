/**
 * `npm run pipeline -- run --dealer <slug> [--stage match|benchmark|insight] [--full] [--json]`
 *
 * Runs the stages after ingest for one dealer — SKU Match → Benchmark → Insight, or one of them alone —
 * as a Run (trigger CLI) on the embedded database (PIPELINE_DATA_DIR) or DATABASE_URL. Progress goes to
 * stderr; stdout gets a human summary, or with --json the run's materialisation records.
 *
 * Benchmark alone has no SKU Match of its own run to take its work list from: it recomputes every
 * canonical SKU the dealer's listings link to. --full recomputes every canonical SKU (backfill).
 */
import { parseArgs } from "node:util";
import type { PlanName } from "@/inngest/events";
import { closeDb, getDb, type SqlClient } from "../db";
import { createRuns, getRunRef, markRunFailed, markRunStage, markRunSucceeded, setRunSkuCount } from "../orchestrator/runs";
import { runBenchmark, type BenchmarkResult } from "../pipeline/benchmark";
import { runInsight, type InsightCounts } from "../pipeline/insight";
import { runMatch, type MatchResult } from "../pipeline/match";
import type { AssetKey } from "../pipeline/materializations";

const USAGE = "usage: npm run pipeline -- run --dealer <slug> [--stage match|benchmark|insight] [--full] [--json]\n";
const STAGES = ["match", "benchmark", "insight"] as const;
type Stage = (typeof STAGES)[number];
const ASSET: Record<Stage, AssetKey> = { match: "SKU_MATCH", benchmark: "BENCHMARK", insight: "INSIGHT" };

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

interface Options {
  slug: string;
  stages: readonly Stage[];
  full: boolean;
  json: boolean;
}

/** Pure: the options, or the message to print with the usage. */
export function parseOptions(args: string[]): Options | { error: string } {
  let values: { dealer?: string; stage?: string; full?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { dealer: { type: "string" }, stage: { type: "string" }, full: { type: "boolean" }, json: { type: "boolean" } },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (!values.dealer) return { error: "--dealer <slug> is required" };
  if (values.stage !== undefined && !(STAGES as readonly string[]).includes(values.stage)) {
    return { error: `unknown stage "${values.stage}" (match, benchmark or insight)` };
  }
  const stage = values.stage as Stage | undefined;
  return { slug: values.dealer, stages: stage ? [stage] : STAGES, full: values.full ?? false, json: values.json ?? false };
}

interface DealerRow {
  id: string;
  plan: PlanName;
  feedId: string | null;
  activeListings: number;
}

async function findDealer(sql: SqlClient, slug: string): Promise<DealerRow | null> {
  const [row] = await sql.query<DealerRow>(
    `SELECT d.id, d.plan::text AS plan,
            (SELECT f.id FROM "Feed" f WHERE f."dealerId" = d.id AND f.active ORDER BY f."createdAt" LIMIT 1) AS "feedId",
            (SELECT count(*)::int FROM "DealerSku" s WHERE s."dealerId" = d.id AND s."isActive") AS "activeListings"
     FROM "Dealer" d WHERE d.slug = $1`,
    [slug],
  );
  return row ?? null;
}

type StageOutcome =
  | { stage: "match"; result: MatchResult }
  | { stage: "benchmark"; result: BenchmarkResult }
  | { stage: "insight"; result: InsightCounts };

/** Pure: one summary line per stage. */
export function describeOutcome(o: StageOutcome): string {
  switch (o.stage) {
    case "match": {
      const r = o.result;
      return (
        `SKU Match: ${r.matched.HIGH} HIGH, ${r.matched.MEDIUM} MEDIUM, ${r.matched.LOW} LOW, ${r.unmatched} unmatched; ` +
        `${r.unchanged} unchanged, ${r.deactivated} deactivated; ${r.createdCanonical} new canonical SKUs ` +
        `(${r.createdProducts} new products); ${r.touchedCanonical} SKUs to benchmark; ${r.productIdsToEmbed.length} products to embed`
      );
    }
    case "benchmark": {
      const r = o.result;
      return (
        `Benchmark (${r.targetKind}): ${r.targets} SKUs — ${r.high} HIGH, ${r.medium} MEDIUM, ${r.none} NONE; ` +
        `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; ${r.outliersDropped} outliers dropped`
      );
    }
    case "insight": {
      const r = o.result;
      return (
        `Insight: ${r.total} insights — ${r.overpriced} OVERPRICED, ${r.underpriced} UNDERPRICED, ` +
        `${r.stockOpportunity} STOCK_OPPORTUNITY, ${r.attributeGap} ATTRIBUTE_GAP; ` +
        `${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.removed} removed`
      );
    }
  }
}

export async function run(args: string[], io: Io = processIo): Promise<number> {
  const options = parseOptions(args);
  if ("error" in options) {
    io.err(`run: ${options.error}\n${USAGE}`);
    return 2;
  }
  const db = await getDb();
  try {
    const dealer = await findDealer(db.sql, options.slug);
    if (!dealer) {
      io.err(`run: no dealer with slug "${options.slug}"\n`);
      return 2;
    }
    const runId = (await createRuns(db.sql, [{ dealerId: dealer.id, feedId: dealer.feedId, trigger: "CLI", plan: dealer.plan, priority: 0 }]))[0]!;
    const firstRun = (await getRunRef(db.sql, runId))?.firstRun ?? false;
    await setRunSkuCount(db.sql, runId, dealer.activeListings);
    io.err(`run ${runId} for ${options.slug}${firstRun ? " (first run)" : ""}: ${options.stages.join(" → ")}\n`);

    const started = performance.now();
    const lines: string[] = [];
    try {
      for (const stage of options.stages) {
        await markRunStage(db.sql, runId, ASSET[stage]);
        io.err(`  ${stage}…\n`);
        const t0 = performance.now();
        const outcome = await runStage(stage, { runId: runId, dealerId: dealer.id, firstRun, full: options.full, alone: options.stages.length === 1 });
        const line = `${describeOutcome(outcome)} (${Math.round(performance.now() - t0)} ms)`;
        io.err(`  ${line}\n`);
        lines.push(line);
      }
      await markRunSucceeded(db.sql, runId);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      await markRunFailed(db.sql, runId, { message: e.message, stack: e.stack });
      io.err(`run: ${e.message}\n`);
      return 1;
    }

    if (options.json) {
      const records = await db.sql.query(
        `SELECT id, "runId", asset::text AS asset, partition, status::text AS status, created, updated, unchanged, quarantined,
                deactivated, "startedAt", "finishedAt", "durationMs", metadata, error
         FROM "AssetMaterialization" WHERE "runId" = $1 ORDER BY "startedAt", asset`,
        [runId],
      );
      io.out(`${JSON.stringify(records, null, 2)}\n`);
    } else {
      io.out(`Run ${runId} (${options.slug}) succeeded in ${Math.round(performance.now() - started)} ms\n${lines.map((l) => `  ${l}\n`).join("")}`);
    }
    return 0;
  } finally {
    await closeDb();
  }
}

async function runStage(
  stage: Stage,
  ctx: { runId: string; dealerId: string; firstRun: boolean; full: boolean; alone: boolean },
): Promise<StageOutcome> {
  const db = await getDb();
  switch (stage) {
    case "match":
      return { stage, result: await runMatch(db, { runId: ctx.runId, dealerId: ctx.dealerId, firstRun: ctx.firstRun }) };
    case "benchmark":
      return {
        stage,
        result: await runBenchmark(db, { runId: ctx.runId, dealerId: ctx.dealerId, full: ctx.full, wholeDealer: ctx.alone }),
      };
    case "insight":
      return { stage, result: await runInsight(db, { runId: ctx.runId, dealerId: ctx.dealerId }) };
  }
}
