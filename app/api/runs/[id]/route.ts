import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { getRunDetail } from "@/lib/metrics/runs";
import { HttpError, api, uuidParam } from "../../_lib/http";

export const dynamic = "force-dynamic";

/** GET /api/runs/:id: the run with its steps, materialisations and replays. */
export const GET = api(async (_request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const id = uuidParam.safeParse((await params).id);
  if (!id.success) throw new HttpError(404, "no such run");
  const detail = await getRunDetail(await getDb(), id.data);
  if (!detail) throw new HttpError(404, "no such run");
  return Response.json(detail);
});
