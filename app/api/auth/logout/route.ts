import type { NextRequest } from "next/server";
import { clearedSessionCookieHeader } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** POST /api/auth/logout: clears the session cookie. */
export async function POST(request: NextRequest): Promise<Response> {
  const secure = (request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(":", "")) === "https";
  return new Response(null, { status: 303, headers: { location: "/login", "set-cookie": clearedSessionCookieHeader(secure) } });
}
