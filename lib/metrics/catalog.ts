/** Catalogue figures for the search page's filters. */
import type { Db } from "@/lib/db";

export async function listCalibers(db: Db): Promise<Array<{ caliber: string; products: number }>> {
  return db.sql.query(
    `SELECT caliber, count(*)::int AS products FROM "Product" WHERE caliber IS NOT NULL
     GROUP BY caliber ORDER BY count(*) DESC, caliber LIMIT 100`,
  );
}
