/** Insight (DOMAIN.md "Insights"; precise rules in ./rules.ts): replaces one dealer's insight set. */
import type { Db } from "@/lib/db";
import { materialize } from "../materializations";
import { replaceDealerInsights, type InsightCounts } from "./sql";

export type { InsightCounts } from "./sql";

export interface InsightInput {
  runId: string;
  dealerId: string;
}

export async function runInsight(db: Db, input: InsightInput): Promise<InsightCounts> {
  return materialize(
    db.sql,
    { runId: input.runId, asset: "INSIGHT", partition: input.dealerId },
    () => replaceDealerInsights(db.sql, input.dealerId, input.runId),
    (result) => ({
      counts: { created: result.created, updated: result.updated, unchanged: result.unchanged },
      metadata: {
        total: result.total,
        removed: result.removed,
        byType: {
          OVERPRICED: result.overpriced,
          UNDERPRICED: result.underpriced,
          STOCK_OPPORTUNITY: result.stockOpportunity,
          ATTRIBUTE_GAP: result.attributeGap,
        },
      },
    }),
  );
}
