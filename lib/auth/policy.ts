/**
 * Who may use the dashboard and its APIs. Pure: reads only the environment it is given.
 *
 * - `OPERATOR_PASSWORD` set: an operator login is required, in every mode. `SESSION_SECRET` (32+ chars)
 *   must be set too: it signs the session cookie.
 * - No `OPERATOR_PASSWORD`: open in development (`NODE_ENV` not `production`), and in production only on the
 *   embedded database (no `DATABASE_URL`: the single-machine default, meant for localhost). Production on
 *   PostgreSQL without a password is refused (503 with the reason) rather than left open.
 * - `PIPELINE_AUTH=off` opens everything explicitly (e.g. behind an authenticating reverse proxy);
 *   `PIPELINE_AUTH=on` demands a login even where the default would be open.
 * `/api/inngest` (Inngest signs its own requests), `/api/health` and the embedded demo's own feeds
 * (`/api/demo-feeds/…`, fetched by the app itself over loopback) are never behind the login.
 */
export type AuthPolicy =
  | { kind: "open"; reason: string }
  | { kind: "password"; password: string; secret: string }
  | { kind: "misconfigured"; reason: string };

type Env = Record<string, string | undefined>;

export const MIN_SECRET_LENGTH = 32;

export function authPolicy(env: Env = process.env): AuthPolicy {
  const flag = env.PIPELINE_AUTH?.trim().toLowerCase();
  const password = env.OPERATOR_PASSWORD ?? "";
  if (flag === "off") return { kind: "open", reason: "PIPELINE_AUTH=off" };
  if (password !== "") {
    const secret = env.SESSION_SECRET ?? "";
    if (secret.length < MIN_SECRET_LENGTH) {
      return { kind: "misconfigured", reason: `OPERATOR_PASSWORD is set but SESSION_SECRET is not (it must be at least ${MIN_SECRET_LENGTH} characters): sessions cannot be signed` };
    }
    return { kind: "password", password, secret };
  }
  if (flag === "on") return { kind: "misconfigured", reason: "PIPELINE_AUTH=on needs OPERATOR_PASSWORD and SESSION_SECRET" };
  if (env.NODE_ENV !== "production") return { kind: "open", reason: "development mode" };
  if (!env.DATABASE_URL?.trim()) return { kind: "open", reason: "embedded database without OPERATOR_PASSWORD" };
  return { kind: "misconfigured", reason: "production on PostgreSQL needs OPERATOR_PASSWORD and SESSION_SECRET (or PIPELINE_AUTH=off)" };
}

/** Paths that never need a login: the login itself, Inngest's signed endpoint, the health check. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/login" ||
    pathname === "/api/auth/login" ||
    pathname === "/api/health" ||
    pathname === "/api/inngest" ||
    pathname.startsWith("/api/inngest/") ||
    pathname.startsWith("/api/demo-feeds/") ||
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico"
  );
}

/** A post-login destination: only a path on this site (no `//host`, no scheme). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/api/auth")) return "/";
  return next;
}
