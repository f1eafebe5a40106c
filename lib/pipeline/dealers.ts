/** Finding or creating a dealer and its feeds (onboarding, the CLI). */
import type { PlanName } from "@/inngest/events";
import type { SqlClient } from "@/lib/db";
import type { FeedFormat } from "@/lib/feeds/types";

export interface DealerRef {
  id: string;
  slug: string;
  name: string;
  plan: PlanName;
  created: boolean;
}

export interface FeedRef {
  id: string;
  dealerId: string;
  source: "URL" | "UPLOAD";
  created: boolean;
}

export type FeedLocation = { url: string } | { fileName: string };

/** `acme-ammo_co` → `Acme Ammo Co`. */
export function nameFromSlug(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/** The dealer with this slug, created when missing; a given plan (or name) replaces the stored one. */
export async function findOrCreateDealer(sql: SqlClient, d: { slug: string; name?: string; plan?: PlanName }): Promise<DealerRef> {
  const rows = await sql.query<DealerRef>(
    `INSERT INTO "Dealer" (slug, name, plan) VALUES ($1, COALESCE($2::text, $3), COALESCE($4::text, 'NONE')::"Plan")
     ON CONFLICT (slug) DO UPDATE SET name = COALESCE($2::text, "Dealer".name), plan = COALESCE($4::text::"Plan", "Dealer".plan),
       "updatedAt" = CASE WHEN $2::text IS NULL AND $4::text IS NULL THEN "Dealer"."updatedAt" ELSE now() END
     RETURNING id, slug, name, plan::text AS plan, (xmax = 0) AS created`,
    [d.slug, d.name ?? null, nameFromSlug(d.slug), d.plan ?? null],
  );
  return rows[0]!;
}

/**
 * The dealer's feed at this URL, or its upload feed of this file name, created when missing. A given
 * format (else sniffed) is stored on the feed: later polls read it the same way.
 */
export async function findOrCreateFeed(
  sql: SqlClient,
  f: { dealerId: string; location: FeedLocation; format?: FeedFormat },
): Promise<FeedRef> {
  const source = "url" in f.location ? "URL" : "UPLOAD";
  const url = "url" in f.location ? f.location.url : null;
  const fileName = "fileName" in f.location ? f.location.fileName : null;
  const format = f.format ? f.format.toUpperCase() : null;
  const rows = await sql.query<FeedRef>(
    `WITH found AS (
       SELECT id FROM "Feed"
       WHERE "dealerId" = $1 AND source = $2::"FeedSource"
         AND ((source = 'URL' AND url = $3) OR (source = 'UPLOAD' AND "fileName" = $4))
       ORDER BY "createdAt" LIMIT 1
     ), added AS (
       INSERT INTO "Feed" ("dealerId", source, url, "fileName", format)
       SELECT $1, $2::"FeedSource", $3, $4, COALESCE($5::text, 'AUTO')::"FeedFormat" WHERE NOT EXISTS (SELECT 1 FROM found)
       RETURNING id
     ), chosen AS (
       SELECT id, false AS created FROM found UNION ALL SELECT id, true AS created FROM added
     ), reformatted AS (
       UPDATE "Feed" SET format = $5::text::"FeedFormat", "updatedAt" = now()
       WHERE id IN (SELECT id FROM found) AND $5::text IS NOT NULL AND format::text <> $5::text
     )
     SELECT id, $1::uuid AS "dealerId", $2 AS source, created FROM chosen`,
    [f.dealerId, source, url, fileName, format],
  );
  return rows[0]!;
}
