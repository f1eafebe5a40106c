import { getDb } from "@/lib/db";
import { listCalibers } from "@/lib/metrics/catalog";
import { api } from "../_lib/http";

export const dynamic = "force-dynamic";

/** GET /api/calibers: the calibers products exist in, most common first (the search page's filter). */
export const GET = api(async () => Response.json({ calibers: await listCalibers(await getDb()) }));
