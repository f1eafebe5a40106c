import { getDb } from "@/lib/db";
import { HttpError, api } from "../_lib/http";
import { onboardDealer } from "../_lib/orchestrator";
import { validateOnboarding } from "./validation";

export const dynamic = "force-dynamic";

/**
 * POST /api/onboard (multipart/form-data: name, slug?, plan, source=url|upload, url | file, format,
 * pollIntervalMinutes). 422 { fields } when the form needs correcting; 201 { dealerId, runId } once the
 * dealer exists and its first run is queued at onboarding priority.
 * Outside the proxy's matcher (uploads can exceed its 10 MB body buffer): `api()` checks session and origin.
 */
export const POST = api(async (request) => {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new HttpError(400, "send the form as multipart/form-data");
  }
  const db = await getDb();
  const result = await validateOnboarding(db, form);
  if (!result.ok) return Response.json({ error: "Please correct the highlighted fields", fields: result.fields }, { status: 422 });
  const created = await onboardDealer(db, result.input);
  return Response.json(created, { status: 201 });
});
