/** DOMAIN.md "Benchmarks": the figures that define which listings count and how much a benchmark is worth. */

/** A listing counts while its dealer was seen within this many days: greatest(lastSeenAt, feed.lastSuccessAt). */
export const SEEN_WITHIN_DAYS = 7;
/** With at least this many data points, points outside the Tukey fences are dropped first. */
export const OUTLIER_MIN_POINTS = 4;
export const IQR_FACTOR = 1.5;
/** Distinct sellers for a HIGH / MEDIUM benchmark; fewer publish nothing (confidence NONE). */
export const HIGH_MIN_SELLERS = 3;
export const MEDIUM_MIN_SELLERS = 2;
/**
 * Matches a benchmark trusts. A LOW match is a guess waiting for review (its grain or round count is
 * missing): DOMAIN.md's ATTRIBUTE_GAP says such a listing is kept out of the benchmark.
 */
export const BENCHMARKED_MATCHES = ["HIGH", "MEDIUM"] as const;

export type BenchmarkConfidence = "HIGH" | "MEDIUM" | "NONE";

/** SQL (trusted: built from the constants above) for the confidence of a distinct-seller count. */
export function confidenceSql(sellers: string): string {
  return `(CASE WHEN ${sellers} >= ${HIGH_MIN_SELLERS} THEN 'HIGH' WHEN ${sellers} >= ${MEDIUM_MIN_SELLERS} THEN 'MEDIUM' ELSE 'NONE' END)`;
}

/** SQL list literal of BENCHMARKED_MATCHES, for `IN (...)`. */
export const benchmarkedMatchesSql = BENCHMARKED_MATCHES.map((m) => `'${m}'`).join(", ");
