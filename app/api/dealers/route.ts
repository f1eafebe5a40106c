import { z } from "zod";
import { getDb } from "@/lib/db";
import { listDealers } from "@/lib/metrics/dealers";
import { api, parseQuery } from "../_lib/http";

export const dynamic = "force-dynamic";

const query = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
});

/** GET /api/dealers?q=&limit=: dealers with plan, status, size, tier, last run, insights. */
export const GET = api(async (request) => {
  const { q, limit } = parseQuery(request, query);
  return Response.json({ dealers: await listDealers(await getDb(), { search: q ?? null, limit }) });
});
