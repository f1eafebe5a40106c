/**
 * The dashboard API's common ground: every handler checks the operator session itself (the proxy does too),
 * answers JSON, turns validation failures into 400 with per-field messages and unknown errors into 500.
 */
import type { NextRequest } from "next/server";
import { z } from "zod";
import { isCrossSite } from "@/lib/auth/origin";
import { authPolicy } from "@/lib/auth/policy";
import { SESSION_COOKIE, isAuthorized } from "@/lib/auth/session";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type FieldErrors = Record<string, string[]>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Parses the query string with a zod schema; 400 with the field errors when it does not fit. */
export function parseQuery<T extends z.ZodType>(request: NextRequest, schema: T): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw new HttpError(400, "invalid query", { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

export async function parseJson<T extends z.ZodType>(request: NextRequest, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, "the body must be JSON");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, "invalid body", { fields: fieldErrors(parsed.error) });
  return parsed.data;
}

export const uuidParam = z.uuid("not a valid id");

export function authorize(request: NextRequest): Response | null {
  const policy = authPolicy();
  if (isAuthorized(policy, request.cookies.get(SESSION_COOKIE)?.value)) return null;
  if (policy.kind === "misconfigured") return Response.json({ error: `dashboard locked: ${policy.reason}` }, { status: 503 });
  return Response.json({ error: "operator login required" }, { status: 401 });
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** Wraps a route handler: session check, JSON errors, no caching. */
export function api<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    if (isCrossSite(request.method, request.headers)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
    const denied = authorize(request);
    if (denied) return denied;
    try {
      const response = await handler(request, context);
      response.headers.set("cache-control", "no-store");
      return response;
    } catch (error) {
      if (error instanceof HttpError) return Response.json({ error: error.message, ...error.body }, { status: error.status });
      console.error(`[api] ${request.method} ${request.nextUrl.pathname}:`, error);
      const message = error instanceof Error ? error.message : String(error);
      return Response.json({ error: message }, { status: 500 });
    }
  };
}
