import type { SqlClient } from "@/lib/db";
import type { PlanName } from "@/inngest/events";

/** A run queued or running this long is taken as lost (its event never delivered, its process gone). */
export const abandonedAfterMinutes = 60;

/**
 * Fails runs that have been open for longer than any run can take, so their dealers are polled again;
 * the error says why. Returns how many.
 */
export async function failAbandonedRuns(sql: SqlClient): Promise<number> {
  const rows = await sql.query<{ id: string }>(
    `UPDATE "Run" SET status = 'FAILED', "finishedAt" = now(),
       error = 'abandoned: still ' || lower(status::text) || ' after ${abandonedAfterMinutes} minutes (its event was lost or its process died)'
     WHERE status IN ('QUEUED', 'RUNNING') AND "queuedAt" < now() - make_interval(mins => ${abandonedAfterMinutes})
     RETURNING id`,
  );
  return rows.length;
}

export interface DueFeed {
  feedId: string;
  dealerId: string;
  plan: PlanName;
  firstRun: boolean;
}

/**
 * Feeds due for a poll: active feeds of active dealers whose poll interval has elapsed since the last
 * poll, and whose dealer has no run queued or running (a slow run is never stacked up behind itself).
 */
export async function findDueFeeds(sql: SqlClient, now: Date): Promise<DueFeed[]> {
  return sql.query<DueFeed>(
    `SELECT f.id AS "feedId", d.id AS "dealerId", d.plan::text AS plan, d."firstRunAt" IS NULL AS "firstRun"
     FROM "Feed" f JOIN "Dealer" d ON d.id = f."dealerId"
     WHERE f.active AND d.status = 'ACTIVE'
       AND (f."lastPolledAt" IS NULL OR f."lastPolledAt" + make_interval(mins => f."pollIntervalMinutes") <= $1)
       AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r."dealerId" = d.id AND r.status IN ('QUEUED', 'RUNNING'))
     ORDER BY f."lastPolledAt" NULLS FIRST`,
    [now],
  );
}
