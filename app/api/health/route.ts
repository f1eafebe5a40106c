import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

/** Liveness plus a real database round trip. */
export async function GET(): Promise<Response> {
  const db = await getDb();
  await db.sql.query("SELECT 1");
  return Response.json({ ok: true, database: db.kind });
}
