import { z } from "zod";
import { getDb } from "@/lib/db";
import { assetKeys } from "@/lib/metrics/runs";
import { HttpError, api, parseJson } from "../../_lib/http";
import { rematerialize } from "../../_lib/orchestrator";

export const dynamic = "force-dynamic";

const body = z.object({
  asset: z.enum(assetKeys, "asset must be one of " + assetKeys.join(", ")),
  /** Omitted: backfill every active dealer. */
  dealerId: z.uuid("dealerId must be a dealer id").optional(),
});

/** POST /api/assets/rematerialize { asset, dealerId? } → { runIds } */
export const POST = api(async (request) => {
  const input = await parseJson(request, body);
  const db = await getDb();
  if (input.dealerId) {
    const [exists] = await db.sql.query(`SELECT 1 FROM "Dealer" WHERE id = $1::uuid`, [input.dealerId]);
    if (!exists) throw new HttpError(404, "no such dealer");
  }
  return Response.json(await rematerialize(db, input), { status: 202 });
});
