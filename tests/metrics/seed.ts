/**
 * Writes dashboard-shaped history straight into the tables (dealers, feeds, runs, materialisations, steps,
 * listings, insights), so the metrics SQL can be checked against numbers known in advance.
 */
import type { Db } from "@/lib/db";

export interface SeedRun {
  dealerId: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  skuCount: number | null;
  durationMs: number;
  /** Minutes before now the run finished (or, in flight, was queued). */
  minutesAgo: number;
  skipped?: boolean;
  trigger?: string;
  plan?: string;
  ingest?: { created: number; updated: number; unchanged: number; quarantined?: number; deactivated?: number };
  error?: string;
  stepError?: string;
  replayOfId?: string;
}

export async function seedDealer(db: Db, name: string, opts: { plan?: string; pollIntervalMinutes?: number } = {}): Promise<{ dealerId: string; feedId: string }> {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const [dealer] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Dealer" (slug, name, plan) VALUES ($1, $2, $3::"Plan") RETURNING id`,
    [slug, name, opts.plan ?? "STANDARD"],
  );
  const [feed] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Feed" ("dealerId", source, url, format, "pollIntervalMinutes", status)
     VALUES ($1, 'URL', $2, 'CSV', $3, 'OK') RETURNING id`,
    [dealer!.id, `https://${slug}.example.com/feed.csv`, opts.pollIntervalMinutes ?? 5],
  );
  return { dealerId: dealer!.id, feedId: feed!.id };
}

export async function seedRun(db: Db, r: SeedRun): Promise<string> {
  const inFlight = r.status === "QUEUED" || r.status === "RUNNING";
  const [row] = await db.sql.query<{ id: string }>(
    `INSERT INTO "Run" ("dealerId", trigger, plan, status, "skuCount", tier, skipped, "queuedAt", "startedAt", "finishedAt",
       "durationMs", "queueWaitMs", error, "errorStack", "currentStage", "replayOfId")
     VALUES ($1, $2::"RunTrigger", $3::"Plan", $4::"RunStatus", $5, NULL, $6,
       CASE WHEN $7 THEN now() - make_interval(mins => $8) ELSE now() - make_interval(mins => $8) - make_interval(secs => $9 / 1000.0) END,
       CASE WHEN $4 = 'QUEUED' THEN NULL WHEN $7 THEN now() - make_interval(mins => $8) + interval '1 second'
            ELSE now() - make_interval(mins => $8) - make_interval(secs => $9 / 1000.0) + interval '200 milliseconds' END,
       CASE WHEN $7 THEN NULL ELSE now() - make_interval(mins => $8) END,
       CASE WHEN $7 THEN NULL ELSE $9::int END, CASE WHEN $7 THEN NULL ELSE 200 END, $10, $11,
       CASE WHEN $4 = 'RUNNING' THEN 'SKU_MATCH'::"AssetKey" WHEN $4 = 'FAILED' THEN 'FEED_INGEST'::"AssetKey" END, $12::uuid)
     RETURNING id`,
    [
      r.dealerId, r.trigger ?? "SCHEDULE", r.plan ?? "STANDARD", r.status, r.skuCount, r.skipped ?? false, inFlight,
      r.minutesAgo, r.durationMs, r.error ?? null, r.error ? `Error: ${r.error}\n    at ingest (lib/pipeline/ingest.ts:10:5)` : null,
      r.replayOfId ?? null,
    ],
  );
  const runId = row!.id;
  if (r.ingest && !inFlight) {
    await db.sql.query(
      `INSERT INTO "AssetMaterialization" ("runId", asset, partition, status, created, updated, unchanged, quarantined, deactivated,
         "queuedAt", "startedAt", "finishedAt", "durationMs")
       SELECT r.id, 'FEED_INGEST', r."dealerId"::text, $2::"MaterializationStatus", $3, $4, $5, $6, $7,
         r."startedAt", r."startedAt", r."startedAt" + make_interval(secs => r."durationMs" / 2000.0), r."durationMs" / 2
       FROM "Run" r WHERE r.id = $1`,
      [runId, r.skipped ? "SKIPPED" : "SUCCEEDED", r.ingest.created, r.ingest.updated, r.ingest.unchanged, r.ingest.quarantined ?? 0, r.ingest.deactivated ?? 0],
    );
    await db.sql.query(
      `INSERT INTO "AssetMaterialization" ("runId", asset, partition, status, created, updated, unchanged,
         "queuedAt", "startedAt", "finishedAt", "durationMs")
       SELECT r.id, 'SKU_MATCH', r."dealerId"::text, 'SUCCEEDED', 0, $2, 0,
         r."startedAt" + make_interval(secs => r."durationMs" / 2000.0), r."startedAt" + make_interval(secs => r."durationMs" / 2000.0),
         r."finishedAt", r."durationMs" / 2 - 200
       FROM "Run" r WHERE r.id = $1`,
      [runId, r.ingest.created + r.ingest.updated],
    );
  }
  if (!inFlight) {
    await db.sql.query(
      `INSERT INTO "RunStep" ("runId", "functionId", "stepId", name, attempt, "startedAt", "finishedAt", error)
       SELECT r.id, 'feed-ingest', 'parse', 'parse', 0, r."startedAt", r."startedAt" + interval '100 milliseconds', $2 FROM "Run" r WHERE r.id = $1`,
      [runId, r.stepError ?? null],
    );
  }
  return runId;
}

export async function seedListings(db: Db, dealerId: string, feedId: string, n: number, changeType = "PRICE_CHANGE"): Promise<void> {
  await db.sql.query(
    `INSERT INTO "DealerSku" ("dealerId", "feedId", "identityKey", "contentHash", title, price, "inStock", "lastChangeType", "lastChangedAt", caliber)
     SELECT $1, $2, 'sku-' || i, md5(i::text)::varchar(32), 'Federal 9mm 115gr FMJ <b>50 rounds</b> #' || i, 18.99, true,
       $4::"ChangeType", now() - make_interval(mins => i), '9mm'
     FROM generate_series(1, $3) AS i`,
    [dealerId, feedId, n, changeType],
  );
}
