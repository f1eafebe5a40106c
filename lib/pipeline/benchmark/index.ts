/**
 * Benchmark (DOMAIN.md "Benchmarks"): recomputes the market price per round of the canonical SKUs a run
 * touched — or of explicit ones, a dealer's, or all of them (backfill) — and upserts their Benchmark rows.
 */
import type { Db } from "@/lib/db";
import { materialize } from "../materializations";
import { upsertBenchmarks, type BenchmarkCounts, type BenchmarkTargets } from "./sql";

export type { BenchmarkTargets, BenchmarkCounts } from "./sql";

export interface BenchmarkInput {
  runId: string;
  /** The run's dealer: the materialisation's partition ("all" without one, and for a full refresh). */
  dealerId?: string;
  /** Recompute exactly these. Default: the canonical SKUs the run's SKU Match touched. */
  canonicalSkuIds?: readonly string[];
  /**
   * Every canonical SKU: the backfill, and what ages listings out of benchmarks on time when no run touches
   * their SKUs (staleness, a dealer's suspension). Wins over the other choices.
   */
  full?: boolean;
  /** With dealerId: every canonical SKU the dealer's listings link to (a stage run on its own). */
  wholeDealer?: boolean;
}

export interface BenchmarkResult extends BenchmarkCounts {
  targetKind: BenchmarkTargets["kind"];
}

export function resolveTargets(input: BenchmarkInput): BenchmarkTargets {
  if (input.full) return { kind: "full" };
  if (input.canonicalSkuIds) return { kind: "ids", ids: input.canonicalSkuIds };
  if (input.wholeDealer && input.dealerId) return { kind: "dealer", dealerId: input.dealerId };
  return { kind: "run", runId: input.runId };
}

export async function runBenchmark(db: Db, input: BenchmarkInput): Promise<BenchmarkResult> {
  const targets = resolveTargets(input);
  const result = await materialize(
    db.sql,
    { runId: input.runId, asset: "BENCHMARK", partition: targets.kind === "full" ? "all" : (input.dealerId ?? "all") },
    () => upsertBenchmarks(db.sql, input.runId, targets),
    (r) => ({
      counts: { created: r.created, updated: r.updated, unchanged: r.unchanged },
      metadata: {
        targets: r.targets,
        targetKind: targets.kind,
        confidence: { HIGH: r.high, MEDIUM: r.medium, NONE: r.none },
        outliersDropped: r.outliersDropped,
      },
    }),
  );
  return { ...result, targetKind: targets.kind };
}
