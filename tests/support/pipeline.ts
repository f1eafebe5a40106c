/** Helpers for tests that drive the real pipeline functions through the embedded executor. */
import { inngest } from "@/inngest/client";
import { createExecutor, type Executor } from "@/inngest/executor/executor";
import type { PlanName } from "@/inngest/events";
import type { Db } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";

export async function startPipelineExecutor(options: { maxParallel?: number } = {}): Promise<Executor> {
  const { functions } = await import("@/inngest/functions");
  const executor = createExecutor({ client: inngest, functions, crons: false, backoff: () => 25, maxParallel: options.maxParallel ?? 8 });
  await executor.start();
  return executor;
}

export async function onboardTestDealer(
  db: Db,
  d: { slug: string; plan?: PlanName; skus?: number; seed?: string | number; format?: FeedFormat; family?: FeedFamily },
): Promise<{ dealerId: string; runId: string }> {
  const { onboardDealer } = await import("@/lib/orchestrator");
  const feed = generateFeed({ skus: d.skus ?? 40, format: d.format ?? "csv", family: d.family ?? "ammoseek", seed: d.seed ?? d.slug });
  return onboardDealer(db, {
    name: d.slug,
    slug: d.slug,
    plan: d.plan ?? "STANDARD",
    feed: { kind: "upload", fileName: `${d.slug}.${d.format ?? "csv"}`, content: new TextEncoder().encode(feed.text) },
    format: "AUTO",
    pollIntervalMinutes: 5,
  });
}

/** Full contents of the product's tables, ordered, for before/after comparisons. */
export async function snapshotTables(db: Db, tables: string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const columns = await db.sql.query<{ column_name: string; udt_name: string }>(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const list = columns.map((c) => (c.udt_name === "vector" ? `"${c.column_name}"::text` : `"${c.column_name}"`)).join(", ");
    out[table] = await db.sql.query(`SELECT ${list} FROM "${table}" ORDER BY 1`);
  }
  return out;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runStatuses(db: Db): Promise<Array<{ id: string; status: string }>> {
  return db.sql.query(`SELECT id, status::text AS status FROM "Run" ORDER BY "queuedAt", id`);
}

export async function allRunsFinished(db: Db): Promise<boolean> {
  const rows = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Run" WHERE status IN ('QUEUED', 'RUNNING')`);
  return rows[0]!.n === 0;
}
