/** Flow control shared by the pipeline's stage functions. */
import { priorityExpression } from "@/lib/orchestrator/priority";
import { retries } from "@/lib/orchestrator/config";

/**
 * At most one pipeline stage per dealer at a time, across all stage functions: the account-scoped key
 * is shared by every function that declares it.
 */
export const onePerDealer = { key: `"dealer-" + event.data.dealerId`, limit: 1, scope: "account" } as const;

export const stageFlow = {
  priority: { run: priorityExpression },
  retries,
  /** A duplicated event (same run) does not run twice. */
  idempotency: "event.data.runId",
} as const;
