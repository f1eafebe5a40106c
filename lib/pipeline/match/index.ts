/**
 * SKU Match (DOMAIN.md "Matching to canonical products") for one dealer's new and changed listings:
 * 1. UPC equal to a canonical SKU's → HIGH; 2. caliber + brand + grain + round count equal → MEDIUM;
 * 3. caliber + brand equal, grain or round count missing → best candidate, LOW, needs review;
 * 4. all four known → a new canonical SKU (and product); otherwise unmatched, needs review.
 * Rule 4 runs first so that the new canonical SKUs take part in rules 1–3: a listing that created one is
 * matched to it HIGH (its UPC was carried) or MEDIUM, and a sibling missing its grain finds it LOW.
 */
import type { Db } from "@/lib/db";
import { materialize } from "../materializations";
import { planNewCanonicals } from "./plan";
import { FIRST_RUN_EMBEDDING_PRIORITY, planSemanticRefresh } from "./semantic";
import {
  assignMatches,
  insertCanonicals,
  insertProducts,
  selectCreationCandidates,
  selectTouchedProducts,
  updateProducts,
} from "./sql";

export { touchedCanonicalIds } from "./sql";
export { FIRST_RUN_EMBEDDING_PRIORITY } from "./semantic";

export interface MatchInput {
  runId: string;
  dealerId: string;
  /** The dealer's first run: its products are embedded first. */
  firstRun?: boolean;
}

export interface MatchResult {
  matched: { HIGH: number; MEDIUM: number; LOW: number };
  unmatched: number;
  /** Active listings that had not changed since their last match (skipped). */
  unchanged: number;
  /** Listings deactivated since their last match. */
  deactivated: number;
  createdCanonical: number;
  createdProducts: number;
  /** Canonical SKUs added to the run's touched set (RunTouchedCanonical), the Benchmark stage's input. */
  touchedCanonical: number;
  /** Products of the touched canonical SKUs whose embedding is missing or stale. */
  productIdsToEmbed: string[];
}

export async function runMatch(db: Db, input: MatchInput): Promise<MatchResult> {
  return materialize(
    db.sql,
    { runId: input.runId, asset: "SKU_MATCH", partition: input.dealerId },
    () => match(db, input),
    (result) => ({
      counts: {
        created: result.createdCanonical,
        updated: result.matched.HIGH + result.matched.MEDIUM + result.matched.LOW + result.unmatched,
        unchanged: result.unchanged,
        deactivated: result.deactivated,
      },
      metadata: {
        matched: result.matched,
        unmatched: result.unmatched,
        createdCanonical: result.createdCanonical,
        createdProducts: result.createdProducts,
        touchedCanonical: result.touchedCanonical,
        productsToEmbed: result.productIdsToEmbed.length,
        firstRun: input.firstRun ?? false,
      },
    }),
  );
}

async function match(db: Db, { runId, dealerId, firstRun = false }: MatchInput): Promise<MatchResult> {
  const { sql } = db;
  const plan = planNewCanonicals(await selectCreationCandidates(sql, dealerId));
  const createdProducts = await insertProducts(sql, plan.products, firstRun ? FIRST_RUN_EMBEDDING_PRIORITY : 0);
  let createdCanonical = await insertCanonicals(sql, plan.canonicals, true);
  if (createdCanonical < plan.canonicals.length) createdCanonical += await insertCanonicals(sql, plan.canonicals, false);

  const counts = await assignMatches(sql, dealerId, runId);

  const refresh = planSemanticRefresh(await selectTouchedProducts(sql, runId), firstRun);
  await updateProducts(sql, refresh.updates);

  return {
    matched: { HIGH: counts.high, MEDIUM: counts.medium, LOW: counts.low },
    unmatched: counts.unmatched,
    unchanged: counts.unchanged,
    deactivated: counts.deactivated,
    createdCanonical,
    createdProducts,
    touchedCanonical: counts.touched,
    productIdsToEmbed: refresh.dueIds,
  };
}
