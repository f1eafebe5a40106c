/**
 * Seeds the embedded default with demo dealers of every plan and several sizes, whose feeds the app serves
 * itself (app/api/demo-feeds) and the scheduler polls like any other. Idempotent: a restart changes nothing
 * but the feeds' origin, should the port have changed.
 */
import type { Db } from "@/lib/db";
import { demoDealers } from "@/lib/demo/feeds";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";

export function demoOrigin(): string {
  return `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
}

export async function seedDemo(db: Db): Promise<void> {
  const origin = demoOrigin();
  for (const d of demoDealers) {
    const dealer = await findOrCreateDealer(db.sql, { slug: d.slug, name: d.name, plan: d.plan });
    if (!dealer.created) {
      await db.sql.query(
        `UPDATE "Feed" SET url = $2 || substring(url FROM '/api/demo-feeds/.*$')
         WHERE "dealerId" = $1 AND source = 'URL' AND url LIKE '%/api/demo-feeds/%' AND url NOT LIKE $2 || '%'`,
        [dealer.id, origin],
      );
      continue;
    }
    const feed = await findOrCreateFeed(db.sql, {
      dealerId: dealer.id,
      location: { url: `${origin}/api/demo-feeds/${d.slug}` },
      format: d.format,
    });
    await db.sql.query(`UPDATE "Feed" SET "pollIntervalMinutes" = $2 WHERE id = $1`, [feed.id, d.pollIntervalMinutes]);
  }
}
