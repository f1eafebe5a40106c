import type { NextRequest } from "next/server";
import { authPolicy, safeNextPath } from "@/lib/auth/policy";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from "@/lib/auth/rate-limit";
import { passwordMatches, sessionCookieHeader, signSession } from "@/lib/auth/session";
import { isCrossSite } from "@/lib/auth/origin";
import { loginClientKey } from "@/lib/auth/client-key";

export const dynamic = "force-dynamic";

function isSecure(request: NextRequest): boolean {
  return (request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(":", "")) === "https";
}

function backToLogin(request: NextRequest, next: string, error: string): Response {
  const url = new URL("/login", request.url);
  url.searchParams.set("error", error);
  if (next !== "/") url.searchParams.set("next", next);
  return new Response(null, { status: 303, headers: { location: url.pathname + url.search } });
}

/** POST /api/auth/login (form: password, next): sets the signed session cookie and goes to `next`. */
export async function POST(request: NextRequest): Promise<Response> {
  if (isCrossSite(request.method, request.headers)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  const form = await request.formData().catch(() => null);
  const password = form?.get("password");
  const next = safeNextPath(typeof form?.get("next") === "string" ? (form!.get("next") as string) : null);
  const policy = authPolicy();
  if (policy.kind === "open") return new Response(null, { status: 303, headers: { location: next } });
  if (policy.kind === "misconfigured") return backToLogin(request, next, "misconfigured");

  const key = loginClientKey(request.headers);
  if (loginBlockedFor(key) > 0) return backToLogin(request, next, "blocked");
  if (typeof password !== "string" || !passwordMatches(policy, password)) {
    recordLoginFailure(key);
    return backToLogin(request, next, "wrong");
  }
  clearLoginFailures(key);
  const session = signSession(policy);
  return new Response(null, {
    status: 303,
    headers: { location: next, "set-cookie": sessionCookieHeader(session.value, session.expires, isSecure(request)) },
  });
}
