/** The seed's scale tiers: the single source for tier names, sizes and time targets. */
export interface Tier {
  name: "Hobbyist" | "Serious" | "National" | "Top-Tier" | "Enterprise";
  /** Largest SKU count in the tier (the seed's size for it). */
  maxSkus: number;
  targetMs: number;
}

export const tiers: readonly Tier[] = [
  { name: "Hobbyist", maxSkus: 150, targetMs: 5_000 },
  { name: "Serious", maxSkus: 800, targetMs: 10_000 },
  { name: "National", maxSkus: 3_000, targetMs: 20_000 },
  { name: "Top-Tier", maxSkus: 5_000, targetMs: 30_000 },
  { name: "Enterprise", maxSkus: 10_000, targetMs: 45_000 },
];

/** The tier a run belongs to by its feed's SKU count; beyond the largest tier it stays Enterprise. */
export function tierFor(skuCount: number): Tier {
  return tiers.find((t) => skuCount <= t.maxSkus) ?? tiers[tiers.length - 1]!;
}
