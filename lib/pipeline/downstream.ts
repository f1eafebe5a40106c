/** The stages after ingest, in order, for one dealer's run: SKU Match → Benchmark → Insight. */
import type { Db } from "@/lib/db";
import { runBenchmark, type BenchmarkResult } from "./benchmark";
import { runInsight, type InsightCounts } from "./insight";
import { runMatch, type MatchResult } from "./match";

export interface DownstreamInput {
  runId: string;
  dealerId: string;
  firstRun?: boolean;
  /** Benchmark every canonical SKU instead of the ones this run touched. */
  fullBenchmark?: boolean;
}

export interface DownstreamResult {
  match: MatchResult;
  benchmark: BenchmarkResult;
  insight: InsightCounts;
}

export async function runDownstream(db: Db, input: DownstreamInput): Promise<DownstreamResult> {
  const match = await runMatch(db, { runId: input.runId, dealerId: input.dealerId, firstRun: input.firstRun });
  const benchmark = await runBenchmark(db, { runId: input.runId, dealerId: input.dealerId, full: input.fullBenchmark });
  const insight = await runInsight(db, { runId: input.runId, dealerId: input.dealerId });
  return { match, benchmark, insight };
}
