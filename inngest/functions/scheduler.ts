import { inngest } from "@/inngest/client";
import { feedIngestRequested, schedulerTick } from "@/inngest/events";
import { getDb } from "@/lib/db";
import { fanOutBatch, schedulerCron } from "@/lib/orchestrator/config";
import { priorityFor } from "@/lib/orchestrator/priority";
import { createRuns } from "@/lib/orchestrator/runs";
import { failAbandonedRuns, findDueFeeds } from "@/lib/orchestrator/schedule";

/** Finds the feeds due for a poll and fans out one ingest event per dealer, sent in batches. */
export const scheduler = inngest.createFunction(
  {
    id: "scheduler",
    name: "Scheduler",
    triggers: [{ cron: schedulerCron }, schedulerTick],
    // One sweep at a time: a second tick while one runs would find the same feeds.
    concurrency: [{ limit: 1 }],
    retries: 1,
  },
  async ({ step }) => {
    const runs = await step.run("queue-due-feeds", async () => {
      const { sql } = await getDb();
      await failAbandonedRuns(sql);
      const due = await findDueFeeds(sql, new Date());
      const ids = await createRuns(
        sql,
        due.map((f) => ({ dealerId: f.dealerId, feedId: f.feedId, trigger: "SCHEDULE", plan: f.plan, priority: priorityFor(f.plan, f.firstRun) })),
      );
      return due.map((f, i) => ({ ...f, runId: ids[i]! }));
    });
    for (let i = 0; i < runs.length; i += fanOutBatch) {
      const batch = runs.slice(i, i + fanOutBatch);
      await step.sendEvent(
        `fan-out-${i / fanOutBatch}`,
        batch.map((r) =>
          feedIngestRequested.create({ runId: r.runId, dealerId: r.dealerId, feedId: r.feedId, plan: r.plan, firstRun: r.firstRun, trigger: "SCHEDULE" }),
        ),
      );
    }
    return { queued: runs.length };
  },
);
