import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { failAbandonedRuns, findDueFeeds } from "@/lib/orchestrator/schedule";
import { openTestDb } from "../support/db";

let db: Db;

async function dealerWithFeed(slug: string, opts: { status?: string; lastPolledMinutesAgo?: number | null; interval?: number; active?: boolean }) {
  const [dealer] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Dealer" (slug, name, plan, status) VALUES ($1, $1, 'PRO', $2::"DealerStatus") RETURNING id`,
    [slug, opts.status ?? "ACTIVE"],
  );
  await db.sql.query(
    `INSERT INTO "Feed" ("dealerId", source, url, "pollIntervalMinutes", "lastPolledAt", active)
     VALUES ($1, 'URL', 'https://feeds.example/' || $2, $3, CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(mins => $4::int) END, $5)`,
    [dealer!.id, slug, opts.interval ?? 5, opts.lastPolledMinutesAgo ?? null, opts.active ?? true],
  );
  return dealer!.id;
}

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

describe("the scheduler's choice of due feeds", () => {
  it("takes never-polled and overdue feeds of active dealers, and nothing else", async () => {
    const never = await dealerWithFeed("never-polled", { lastPolledMinutesAgo: null });
    const overdue = await dealerWithFeed("overdue", { lastPolledMinutesAgo: 6, interval: 5 });
    await dealerWithFeed("fresh", { lastPolledMinutesAgo: 2, interval: 5 });
    await dealerWithFeed("suspended", { status: "SUSPENDED", lastPolledMinutesAgo: null });
    await dealerWithFeed("inactive-feed", { active: false, lastPolledMinutesAgo: null });
    const busy = await dealerWithFeed("busy", { lastPolledMinutesAgo: null });
    await db.sql.query(`INSERT INTO "Run" ("dealerId", trigger, plan, status) VALUES ($1, 'SCHEDULE', 'PRO', 'RUNNING')`, [busy]);
    const due = await findDueFeeds(db.sql, new Date());
    expect(due.map((d) => d.dealerId).sort()).toEqual([never, overdue].sort());
    expect(due.every((d) => d.plan === "PRO" && d.firstRun)).toBe(true);
  });

  it("fails runs left open past the abandonment limit, which frees their dealer for the next poll", async () => {
    const stuck = await dealerWithFeed("stuck", { lastPolledMinutesAgo: null });
    const [run] = await db.sql.query<{ id: string }>(
      `INSERT INTO "Run" ("dealerId", trigger, plan, status, "queuedAt") VALUES ($1, 'SCHEDULE', 'PRO', 'QUEUED', now() - interval '2 hours') RETURNING id`,
      [stuck],
    );
    expect((await findDueFeeds(db.sql, new Date())).map((d) => d.dealerId)).not.toContain(stuck);
    expect(await failAbandonedRuns(db.sql)).toBe(1);
    const [after] = await db.sql.query<{ status: string; error: string }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [run!.id]);
    expect(after!.status).toBe("FAILED");
    expect(after!.error).toMatch(/abandoned: still queued after 60 minutes/);
    expect((await findDueFeeds(db.sql, new Date())).map((d) => d.dealerId)).toContain(stuck);
  });
});
