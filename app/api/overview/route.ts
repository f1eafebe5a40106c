import { z } from "zod";
import { getDb } from "@/lib/db";
import { getOverview } from "@/lib/metrics/overview";
import { windowSchema } from "@/lib/metrics/window";
import { api, parseQuery } from "../_lib/http";
import { readQueue } from "../_lib/orchestrator";

export const dynamic = "force-dynamic";

const query = z.object({ window: windowSchema });

/** GET /api/overview?window=1h|6h|24h|7d */
export const GET = api(async (request) => {
  const { window } = parseQuery(request, query);
  const db = await getDb();
  return Response.json(await getOverview(db, window, await readQueue(db)));
});
