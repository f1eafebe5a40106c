import { z } from "zod";
import { getDb } from "@/lib/db";
import { listRuns, runFilterSchema } from "@/lib/metrics/runs";
import { coalesce } from "../_lib/coalesce";
import { api, parseJson, parseQuery } from "../_lib/http";
import { requestRun } from "../_lib/orchestrator";

export const dynamic = "force-dynamic";

/** GET /api/runs?dealer=&plan=&tier=&status=&trigger=&from=&to=&before=&limit= */
export const GET = api(async (request) => {
  const filter = parseQuery(request, runFilterSchema);
  // Polled by every open runs list and overview: identical concurrent and sub-second repeats share one query.
  return Response.json(await coalesce(`runs:${JSON.stringify(filter)}`, 1_000, async () => listRuns(await getDb(), filter)));
});

const body = z.object({ dealerId: z.uuid("dealerId must be a dealer id") });

/** POST /api/runs { dealerId }: a manual run that re-reads the feed. */
export const POST = api(async (request) => {
  const { dealerId } = await parseJson(request, body);
  const db = await getDb();
  return Response.json(await requestRun(db, dealerId), { status: 202 });
});
