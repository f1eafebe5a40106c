import { describe, expect, it } from "vitest";
import { isCrossSite } from "@/lib/auth/origin";
import { authPolicy, isPublicPath, safeNextPath } from "@/lib/auth/policy";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure } from "@/lib/auth/rate-limit";
import { isAuthorized, passwordMatches, signSession, verifySession, SESSION_TTL_MS } from "@/lib/auth/session";

const secret = "s".repeat(40);

describe("authPolicy", () => {
  it("is open in development and on the embedded database in production", () => {
    expect(authPolicy({ NODE_ENV: "development" }).kind).toBe("open");
    expect(authPolicy({ NODE_ENV: "production" })).toEqual({ kind: "open", reason: "embedded database without OPERATOR_PASSWORD" });
  });

  it("locks production on PostgreSQL without a password instead of leaving it open", () => {
    expect(authPolicy({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x" }).kind).toBe("misconfigured");
    expect(authPolicy({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x", PIPELINE_AUTH: "off" }).kind).toBe("open");
  });

  it("requires a login whenever a password is set, and a long enough secret to sign with", () => {
    expect(authPolicy({ NODE_ENV: "development", OPERATOR_PASSWORD: "pw", SESSION_SECRET: secret }).kind).toBe("password");
    expect(authPolicy({ NODE_ENV: "production", OPERATOR_PASSWORD: "pw", SESSION_SECRET: "short" }).kind).toBe("misconfigured");
    expect(authPolicy({ NODE_ENV: "development", PIPELINE_AUTH: "on" }).kind).toBe("misconfigured");
  });
});

describe("sessions", () => {
  const policy = { kind: "password" as const, password: "correct horse", secret };

  it("verifies its own cookie and nothing else", () => {
    const now = Date.now();
    const { value, expires } = signSession(policy, now);
    expect(expires.getTime()).toBe(now + SESSION_TTL_MS);
    expect(verifySession(policy, value, now + 1000)).toBe(true);
    expect(isAuthorized(policy, value)).toBe(true);
    expect(verifySession(policy, value, now + SESSION_TTL_MS + 1)).toBe(false);
    const [v, exp, sig] = value.split(".");
    expect(verifySession(policy, `${v}.${Number(exp) + 1000}.${sig}`, now)).toBe(false);
    expect(verifySession(policy, `${v}.${exp}.${sig!.slice(0, -2)}AA`, now)).toBe(false);
    expect(verifySession(policy, "", now)).toBe(false);
    expect(verifySession(policy, "v1.x.y", now)).toBe(false);
  });

  it("is invalidated by a password or secret change", () => {
    const { value } = signSession(policy);
    expect(verifySession({ ...policy, password: "new password" }, value)).toBe(false);
    expect(verifySession({ ...policy, secret: "t".repeat(40) }, value)).toBe(false);
  });

  it("checks passwords", () => {
    expect(passwordMatches(policy, "correct horse")).toBe(true);
    expect(passwordMatches(policy, "correct horse ")).toBe(false);
    expect(passwordMatches(policy, "")).toBe(false);
  });

  it("lets everyone in when open and no one when misconfigured", () => {
    expect(isAuthorized({ kind: "open", reason: "dev" }, undefined)).toBe(true);
    expect(isAuthorized({ kind: "misconfigured", reason: "x" }, "anything")).toBe(false);
  });
});

describe("paths and origins", () => {
  it("keeps Inngest, health and the login public", () => {
    for (const p of ["/api/inngest", "/api/health", "/login", "/api/auth/login", "/api/demo-feeds/ammo-depot"]) expect(isPublicPath(p)).toBe(true);
    for (const p of ["/", "/runs", "/api/runs", "/api/dealers", "/api/inngestx"]) expect(isPublicPath(p)).toBe(false);
  });

  it("only redirects to paths on this site after login", () => {
    expect(safeNextPath("/runs?status=FAILED")).toBe("/runs?status=FAILED");
    expect(safeNextPath("//evil.example")).toBe("/");
    expect(safeNextPath("https://evil.example")).toBe("/");
    expect(safeNextPath("/\\evil.example")).toBe("/");
    expect(safeNextPath(null)).toBe("/");
  });

  it("refuses cross-site writes and allows same-site ones and reads", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(isCrossSite("POST", h({ host: "ops.example", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSite("POST", h({ host: "ops.example", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite("POST", h({ host: "ops.example", origin: "null" }))).toBe(true);
    expect(isCrossSite("POST", h({ host: "ops.example", origin: "https://ops.example" }))).toBe(false);
    expect(isCrossSite("POST", h({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite("POST", h({ host: "internal:3000", "x-forwarded-host": "ops.example", origin: "https://ops.example" }))).toBe(false);
    expect(isCrossSite("POST", h({ host: "ops.example" }))).toBe(false);
    expect(isCrossSite("GET", h({ host: "ops.example", origin: "https://evil.example" }))).toBe(false);
  });

  it("blocks a client after repeated failed logins", () => {
    const key = `test-${Math.random()}`;
    const t = 1_000_000;
    for (let i = 0; i < 9; i++) recordLoginFailure(key, t + i);
    expect(loginBlockedFor(key, t + 10)).toBe(0);
    recordLoginFailure(key, t + 10);
    expect(loginBlockedFor(key, t + 11)).toBeGreaterThan(0);
    expect(loginBlockedFor(key, t + 16 * 60_000)).toBe(0);
    clearLoginFailures(key);
  });
});
