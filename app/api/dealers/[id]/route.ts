import type { NextRequest } from "next/server";
import { getDb } from "@/lib/db";
import { getDealerDetail } from "@/lib/metrics/dealers";
import { HttpError, api, uuidParam } from "../../_lib/http";

export const dynamic = "force-dynamic";

/** GET /api/dealers/:id: feeds, runs, change history, insights, quarantined rows. */
export const GET = api(async (_request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const id = uuidParam.safeParse((await params).id);
  if (!id.success) throw new HttpError(404, "no such dealer");
  const detail = await getDealerDetail(await getDb(), id.data);
  if (!detail) throw new HttpError(404, "no such dealer");
  return Response.json(detail);
});
