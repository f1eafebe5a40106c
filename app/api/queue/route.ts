import { getDb } from "@/lib/db";
import { api } from "../_lib/http";
import { readQueue } from "../_lib/orchestrator";

export const dynamic = "force-dynamic";

/** GET /api/queue: live queue depth per function. */
export const GET = api(async () => {
  const db = await getDb();
  return Response.json({ at: new Date().toISOString(), ...(await readQueue(db)) });
});
