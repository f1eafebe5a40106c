/**
 * The fleet: N dealers of mixed tiers and plans whose feeds average a given size. Pure and deterministic.
 * Sizes are each tier's size less up to 15%, in a mix tuned so the average lands near 3,000; then all
 * sizes are scaled (within their tier) to make the average exact where the tiers allow.
 */
import type { PlanName } from "@/inngest/events";
import { hashSeed, Rng } from "@/lib/feeds/generate/prng";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";
import { minSkus, tiers } from "@/lib/metrics/tiers";

export interface FleetDealer {
  slug: string;
  skus: number;
  plan: PlanName;
  format: FeedFormat;
  family: FeedFamily;
}

/** Share of dealers per tier, in `tiers` order (Hobbyist … Enterprise). */
const TIER_MIX = [0.18, 0.22, 0.3, 0.18, 0.12];
const PLAN_MIX: ReadonlyArray<readonly [PlanName, number]> = [["FOUNDING", 0.1], ["PRO", 0.25], ["STANDARD", 0.4], ["NONE", 0.25]];
const SHAPES: ReadonlyArray<{ format: FeedFormat; family: FeedFamily }> = [
  { format: "csv", family: "ammoseek" },
  { format: "csv", family: "ammoseek" },
  { format: "json", family: "gunengine" },
  { format: "csv", family: "gunengine" },
  { format: "xml", family: "generic" },
  { format: "json", family: "generic" },
];

/** Splits n by shares with largest remainders: counts that sum to exactly n. */
export function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (s / total) * n);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < n; k++) counts[order[k % order.length]![1]]! += 1;
  return counts;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function planFleet(dealers: number, avgSkus: number, seed = "fleet"): FleetDealer[] {
  const rng = new Rng(hashSeed("fleet-plan", seed));
  const tierOf = shuffle(apportion(dealers, TIER_MIX).flatMap((count, t) => Array<number>(count).fill(t)), rng);
  const planOf = shuffle(
    apportion(dealers, PLAN_MIX.map(([, share]) => share)).flatMap((count, p) => Array<PlanName>(count).fill(PLAN_MIX[p]![0])),
    rng,
  );
  const raw = tierOf.map((t) => tiers[t]!.maxSkus * rng.between(0.85, 1));
  const scale = (avgSkus * dealers) / raw.reduce((a, b) => a + b, 0);
  return tierOf.map((t, i) => {
    const tier = tiers[t]!;
    const skus = Math.min(tier.maxSkus, Math.max(minSkus(tier), Math.round(raw[i]! * scale)));
    return { slug: `fleet-${String(i + 1).padStart(3, "0")}`, skus, plan: planOf[i]!, ...SHAPES[i % SHAPES.length]! };
  });
}
