/**
 * The seed's scale tiers: the single source for tier names, sizes and time targets. A run's tier comes from
 * the number of listings in its feed (`Run.tier` stores the tier's name); a run should finish inside its
 * tier's target, counted from its trigger event to its last stage's end.
 */
export type TierName = "Hobbyist" | "Serious" | "National" | "Top-Tier" | "Enterprise";

export interface Tier {
  name: TierName;
  /** Largest SKU count in the tier (the seed's size for it). The last tier also takes every larger feed. */
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

export const tierNames: readonly TierName[] = tiers.map((t) => t.name);

/** The tier a run belongs to by its feed's SKU count; beyond the largest tier it stays Enterprise. */
export function tierFor(skuCount: number): Tier {
  return tiers.find((t) => skuCount <= t.maxSkus) ?? tiers[tiers.length - 1]!;
}

/** The tier of this name, matched in any case and spacing ("Top-Tier", "top tier", "TOP_TIER"). */
export function parseTier(value: string | null | undefined): Tier | null {
  if (!value) return null;
  const key = value.trim().toLowerCase().replace(/[\s_-]+/g, "");
  return tiers.find((t) => t.name.toLowerCase().replace(/-/g, "") === key) ?? null;
}

/** The smallest SKU count of a tier (one more than the previous tier's maximum). */
export function minSkus(tier: Tier): number {
  const index = tiers.indexOf(tier);
  return index <= 0 ? 0 : tiers[index - 1]!.maxSkus + 1;
}

/** SKUs per second a full-size run of the tier needs to make its target (the seed's "Required Throughput"). */
export function requiredThroughput(tier: Tier): number {
  return tier.maxSkus / (tier.targetMs / 1000);
}

/**
 * SQL giving the tier name for a SKU-count expression, built from `tiers` so SQL and TypeScript agree.
 * `expr` must be trusted SQL (a column reference), never user input.
 */
export function tierCaseSql(expr: string): string {
  const whens = tiers.slice(0, -1).map((t) => `WHEN ${expr} <= ${t.maxSkus} THEN '${t.name}'`);
  return `(CASE WHEN ${expr} IS NULL THEN NULL ${whens.join(" ")} ELSE '${tiers[tiers.length - 1]!.name}' END)`;
}

/** SQL: a relation `alias(ord, name, "maxSkus", "targetMs")` holding every tier, for joins. */
export function tiersValuesSql(alias = "t"): string {
  return `(VALUES ${tiers.map((t, i) => `(${i}, '${t.name}', ${t.maxSkus}, ${t.targetMs})`).join(", ")}) AS ${alias}(ord, name, "maxSkus", "targetMs")`;
}
