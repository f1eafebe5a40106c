import { z } from "zod";
import { getDb } from "@/lib/db";
import { getAssetsPage } from "@/lib/metrics/assets";
import { api, parseQuery } from "../_lib/http";

export const dynamic = "force-dynamic";

const query = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** GET /api/assets?q=&limit=: asset summaries, counts and the partitions grid. */
export const GET = api(async (request) => {
  const { q, limit } = parseQuery(request, query);
  return Response.json(await getAssetsPage(await getDb(), { search: q ?? null, limit }));
});
