/**
 * Next 16 Proxy (formerly middleware): the operator login in front of every dashboard page and API, and the
 * refusal of cross-site state-changing requests. The policy is in lib/auth/policy.ts; route handlers and the
 * dashboard layout check the session again themselves.
 */
import { NextResponse, type NextRequest } from "next/server";
import { isCrossSite } from "@/lib/auth/origin";
import { authPolicy, isPublicPath } from "@/lib/auth/policy";
import { SESSION_COOKIE, isAuthorized } from "@/lib/auth/session";

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isCrossSite(request.method, request.headers)) {
    return Response.json({ error: "cross-site request refused" }, { status: 403 });
  }
  if (isPublicPath(pathname)) return NextResponse.next();

  const policy = authPolicy();
  if (isAuthorized(policy, request.cookies.get(SESSION_COOKIE)?.value)) return NextResponse.next();

  if (policy.kind === "misconfigured") {
    return pathname.startsWith("/api/")
      ? Response.json({ error: `dashboard locked: ${policy.reason}` }, { status: 503 })
      : NextResponse.redirect(new URL("/login", request.url));
  }
  if (pathname.startsWith("/api/")) return Response.json({ error: "operator login required" }, { status: 401 });
  const login = new URL("/login", request.url);
  login.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything but static assets, the endpoints that must stay reachable without a login (Inngest, health,
  // the embedded demo's feeds, which the app fetches from itself), and the
  // onboarding upload: the proxy would buffer (and cut off) bodies over 10 MB, and feeds can be 100 MB.
  // /api/onboard checks the session and the origin itself, like every dashboard API handler.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/inngest|api/health|api/demo-feeds|api/onboard).*)"],
};
