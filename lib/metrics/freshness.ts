/**
 * Freshness of an asset partition against its expected cadence. Pure.
 *
 * - The root asset (Feed Ingest) is checked on a schedule: it is fresh while its last successful
 *   materialisation (a skip counts: the feed was read and found unchanged) is younger than its cadence
 *   with some grace, late after that, overdue after three cadences.
 * - A derived asset (SKU Match, Benchmark, Insight, Embeddings) is fresh when it is at least as new as the
 *   last upstream change; when upstream changed after it, it is stale, and overdue once that has lasted
 *   longer than the cadence (the change should have propagated within one run).
 * - A failed last materialisation is red whatever its age; a never-materialised partition is grey.
 */
export type FreshnessState = "fresh" | "late" | "stale" | "overdue" | "failed" | "never";
export type FreshnessColour = "green" | "amber" | "red" | "grey";

export interface FreshnessInput {
  kind: "root" | "derived";
  lastStatus: "SUCCEEDED" | "SKIPPED" | "FAILED" | null;
  /** Last SUCCEEDED or SKIPPED materialisation's end. */
  lastSuccessAt: Date | null;
  cadenceMs: number;
  now: Date;
  /** Derived assets: the end of the last upstream materialisation that changed something. */
  upstreamChangedAt?: Date | null;
}

export interface Freshness {
  state: FreshnessState;
  colour: FreshnessColour;
  /** Short words for a badge or tooltip. */
  label: string;
}

/** Grace on top of the cadence for the run itself (queue wait plus run time). */
export const LATE_FACTOR = 1.5;
export const OVERDUE_FACTOR = 3;

const colours: Record<FreshnessState, FreshnessColour> = {
  fresh: "green",
  late: "amber",
  stale: "amber",
  overdue: "red",
  failed: "red",
  never: "grey",
};

function result(state: FreshnessState, label: string): Freshness {
  return { state, colour: colours[state], label };
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.round(h / 24)}d`;
}

export function freshnessOf(input: FreshnessInput): Freshness {
  const { now, cadenceMs } = input;
  if (input.lastStatus === "FAILED") return result("failed", "last materialisation failed");
  if (!input.lastSuccessAt) return result("never", "never materialised");

  if (input.kind === "root") {
    const age = now.getTime() - input.lastSuccessAt.getTime();
    const every = `expected every ${formatAge(cadenceMs)}`;
    if (age <= cadenceMs * LATE_FACTOR) return result("fresh", `${formatAge(age)} old, ${every}`);
    if (age <= cadenceMs * OVERDUE_FACTOR) return result("late", `late: ${formatAge(age)} old, ${every}`);
    return result("overdue", `overdue: ${formatAge(age)} old, ${every}`);
  }

  const upstream = input.upstreamChangedAt;
  if (!upstream || upstream.getTime() <= input.lastSuccessAt.getTime()) return result("fresh", "up to date with upstream");
  const behind = now.getTime() - upstream.getTime();
  if (behind <= cadenceMs) return result("stale", `upstream changed ${formatAge(behind)} ago`);
  return result("overdue", `upstream changed ${formatAge(behind)} ago and has not propagated`);
}

const colourRank: Record<FreshnessColour, number> = { red: 3, amber: 2, green: 1, grey: 0 };

/** The worst colour of several partitions (an asset node's summary); grey only if all are grey. */
export function worstColour(colours: readonly FreshnessColour[]): FreshnessColour {
  return colours.reduce<FreshnessColour>((worst, c) => (colourRank[c] > colourRank[worst] ? c : worst), "grey");
}
