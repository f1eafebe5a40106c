import { z } from "zod";
import { getDb } from "@/lib/db";
import { getOverview } from "@/lib/metrics/overview";
import { windowSchema } from "@/lib/metrics/window";
import { coalesce } from "../_lib/coalesce";
import { api, parseQuery } from "../_lib/http";
import { readQueue } from "../_lib/orchestrator";

export const dynamic = "force-dynamic";

const query = z.object({ window: windowSchema });

/** GET /api/overview?window=1h|6h|24h|7d */
export const GET = api(async (request) => {
  const { window } = parseQuery(request, query);
  // Every open dashboard polls this: concurrent and sub-second repeats share one computation.
  const overview = await coalesce(`overview:${window}`, 1_000, async () => {
    const db = await getDb();
    return getOverview(db, window, await readQueue(db));
  });
  return Response.json(overview);
});
