import { z } from "zod";
import { parseDuration } from "./duration";
import type { ExecutorEvent, JsonError, MemoResult } from "./types";

/** The SDK's serve handler: the same one `serve()` builds for the Next.js route. */
export type ServeHandler = (request: Request) => Promise<Response>;

/** Only used to build in-memory Requests; nothing is ever sent to it. */
const serveUrl = "http://127.0.0.1/api/inngest";
// The SDK resolves the request URL against the host header.
const serverHeaders = { host: "127.0.0.1", "content-type": "application/json", "x-inngest-server-kind": "dev" };

/** In-band sync: the SDK answers a PUT with every function's config instead of calling a server. */
export function syncRequest(): Request {
  return new Request(serveUrl, {
    method: "PUT",
    headers: { ...serverHeaders, "x-inngest-sync-kind": "in_band" },
    body: JSON.stringify({ url: serveUrl }),
  });
}

export interface CallRequest {
  functionId: string;
  /** "step" to run/discover the next steps, or a planned step's hashed id to run only that one. */
  stepId: string;
  runId: string;
  events: ExecutorEvent[];
  memo: Record<string, MemoResult>;
  stack: string[];
  attempt: number;
  maxAttempts: number;
  disableImmediate: boolean;
}

export function callRequest(call: CallRequest): Request {
  const url = new URL(serveUrl);
  url.searchParams.set("fnId", call.functionId);
  url.searchParams.set("stepId", call.stepId);
  return new Request(url, {
    method: "POST",
    headers: serverHeaders,
    body: JSON.stringify({
      version: 2,
      event: call.events[0],
      events: call.events,
      steps: call.memo,
      ctx: {
        run_id: call.runId,
        attempt: call.attempt,
        max_attempts: call.maxAttempts,
        disable_immediate_execution: call.disableImmediate,
        use_api: false,
        stack: { stack: call.stack, current: call.stack.length - 1 },
      },
    }),
  });
}

const opSchema = z.object({
  id: z.string(),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).optional(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Op = z.infer<typeof opSchema>;

export type CallOutcome =
  | { kind: "completed"; output: unknown }
  | { kind: "ops"; ops: Op[] }
  | { kind: "failed"; error: JsonError; retriable: boolean; retryAfterMs?: number };

export function toJsonError(value: unknown): JsonError {
  if (value !== null && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const message = typeof v["message"] === "string" ? v["message"] : typeof v["error"] === "string" ? v["error"] : undefined;
    return {
      name: typeof v["name"] === "string" && v["name"] ? v["name"] : "Error",
      message: message ?? JSON.stringify(value),
      ...(typeof v["stack"] === "string" ? { stack: v["stack"] } : {}),
    };
  }
  return { name: "Error", message: String(value) };
}

/** Retry-After: seconds, a date, or (as the SDK's RetryAfterError sends) a time string. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  if (!Number.isNaN(at)) return Math.max(0, at - now);
  try {
    return parseDuration(header);
  } catch {
    return undefined;
  }
}

/** 200 = the run finished, 206 = step ops to act on, anything else = the call failed. */
export async function decodeCallResponse(response: Response, now: number): Promise<CallOutcome> {
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (response.status === 200) return { kind: "completed", output: body };
  if (response.status === 206) {
    const ops = z.array(opSchema).parse(Array.isArray(body) ? body : [body]);
    const complete = ops.find((op) => op.op === "RunComplete");
    return complete ? { kind: "completed", output: complete.data ?? null } : { kind: "ops", ops };
  }
  const retryAfter = retryAfterMs(response.headers.get("retry-after"), now);
  return {
    kind: "failed",
    error: toJsonError(body),
    retriable: response.headers.get("x-inngest-no-retry") !== "true",
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  };
}
