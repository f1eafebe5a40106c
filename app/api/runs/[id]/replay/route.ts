import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { HttpError, api, uuidParam } from "../../../_lib/http";
import { replayRun } from "../../../_lib/orchestrator";

export const dynamic = "force-dynamic";

/** POST /api/runs/:id/replay: a new run of the same dealer's feed; answers { runId } of the new run. */
export const POST = api(async (_request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const id = uuidParam.safeParse((await params).id);
  if (!id.success) throw new HttpError(404, "no such run");
  const db = await getDb();
  const [exists] = await db.sql.query(`SELECT 1 FROM "Run" WHERE id = $1::uuid`, [id.data]);
  if (!exists) throw new HttpError(404, "no such run");
  return Response.json(await replayRun(db, id.data), { status: 202 });
});
