import { NonRetriableError, type GetStepTools } from "inngest";
import { FeedUnreadableError } from "@/lib/feeds/types";
import type { inngest } from "@/inngest/client";
import { getDb } from "@/lib/db";
import { recordStep } from "./runs";

type Step = GetStepTools<typeof inngest>;
type Jsonish = string | number | boolean | null | undefined | object;

/**
 * `step.run` that also records the step's timing for the run page's timeline. The record is written
 * inside the step, so it exists whenever the step's result is memoised, under Inngest or embedded alike.
 */
export function timedStep<T extends Jsonish>(
  step: Step,
  ctx: { runId: string; functionId: string; attempt: number },
  id: string,
  fn: () => Promise<T>,
) {
  return step.run(id, async () => {
    const startedAt = new Date();
    const db = await getDb();
    try {
      const result = await fn();
      await recordStep(db.sql, { ...ctx, stepId: id, startedAt, finishedAt: new Date() });
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordStep(db.sql, { ...ctx, stepId: id, startedAt, finishedAt: new Date(), error: message }).catch(() => undefined);
      // A feed that cannot be read reads no better on a retry: fail the run now, with the reason.
      if (error instanceof FeedUnreadableError) throw new NonRetriableError(message, { cause: error });
      throw error;
    }
  });
}
