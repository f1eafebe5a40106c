import type { SeriesPoint } from "@/lib/metrics/overview";
import { tierNames, type TierName } from "@/lib/metrics/tiers";

export type SeriesRow = { t: number } & Partial<Record<TierName, number>>;

/** Long (bucket, tier, value) points to one row per bucket with a column per tier, buckets filled in. */
export function pivotSeries(points: readonly SeriesPoint[], bucketMs: number, windowMs: number, now: number, map: (p: SeriesPoint) => number): SeriesRow[] {
  const rows = new Map<number, SeriesRow>();
  const first = Math.floor((now - windowMs) / bucketMs) * bucketMs;
  for (let t = first; t <= now; t += bucketMs) rows.set(t, { t });
  for (const p of points) {
    const t = new Date(p.bucket).getTime();
    const row = rows.get(t) ?? { t };
    row[p.tier] = map(p);
    rows.set(t, row);
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

export function tiersIn(points: readonly SeriesPoint[]): TierName[] {
  const present = new Set(points.map((p) => p.tier));
  return tierNames.filter((t) => present.has(t));
}

export const windowMs: Record<string, number> = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 24 * 3_600_000, "7d": 7 * 24 * 3_600_000 };

export function timeTick(windowKey: string) {
  return (t: number) => {
    const d = new Date(t);
    return windowKey === "7d"
      ? d.toLocaleDateString("en-US", { weekday: "short", hour: "2-digit", hour12: false })
      : d.toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit", hour12: false });
  };
}
