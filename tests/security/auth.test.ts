/**
 * The operator login in production mode, through the real proxy and the real route handlers: no session →
 * pages redirect to /login and APIs answer 401; a valid session → through; a tampered, expired or foreign
 * cookie → refused. Every route handler checks the session itself too (the onboarding upload is outside the
 * proxy's matcher), and a production deployment on PostgreSQL without a password is locked, not open.
 */
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { proxy, config as proxyConfig } from "@/proxy";
import { authPolicy, type AuthPolicy } from "@/lib/auth/policy";
import { loginClientKey } from "@/lib/auth/client-key";
import { SESSION_COOKIE, SESSION_TTL_MS, signSession } from "@/lib/auth/session";
import { useProcessDb } from "../support/db";
import { envPatch } from "../support/env";

const PASSWORD = "correct horse battery staple";
const SECRET = "0123456789abcdef0123456789abcdef-session";
const ORIGIN = "https://ops.dealer-pipeline.test";
const env = envPatch();
const setEnv = env.set;

const { db } = useProcessDb();

// Production mode for the whole file (set at load: the case tables below are built at collection time).
setEnv({ NODE_ENV: "production", OPERATOR_PASSWORD: PASSWORD, SESSION_SECRET: SECRET, PIPELINE_AUTH: undefined, DATABASE_URL: undefined });
afterAll(() => {
  env.restore();
});

type PasswordPolicy = Extract<AuthPolicy, { kind: "password" }>;
const POLICY: PasswordPolicy = { kind: "password", password: PASSWORD, secret: SECRET };
const policy = () => {
  // What the proxy and the handlers will use, read from the environment just like them.
  expect(authPolicy()).toEqual(POLICY);
  return POLICY;
};
const validCookie = () => signSession(policy()).value;

function request(path: string, init: { method?: string; cookie?: string; headers?: Record<string, string>; body?: BodyInit } = {}): NextRequest {
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...init.headers };
  if (init.cookie !== undefined) headers.cookie = `${SESSION_COOKIE}=${init.cookie}`;
  if (init.method && init.method !== "GET") headers.origin ??= ORIGIN;
  return new NextRequest(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, body: init.body });
}

const passedThrough = (r: Response) => r.headers.get("x-middleware-next") === "1";

const PAGES = ["/", "/runs", "/runs/7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f", "/dealers", "/dealers/7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f", "/assets", "/search?q=9mm", "/onboard"];
const APIS: Array<[method: string, path: string]> = [
  ["GET", "/api/overview"],
  ["GET", "/api/runs"],
  ["GET", "/api/runs/7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f"],
  ["GET", "/api/dealers"],
  ["GET", "/api/dealers/7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f"],
  ["GET", "/api/assets"],
  ["GET", "/api/queue"],
  ["GET", "/api/calibers"],
  ["GET", "/api/search?q=9mm"],
  ["POST", "/api/runs"],
  ["POST", "/api/runs/7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f/replay"],
  ["POST", "/api/assets/rematerialize"],
  ["POST", "/api/auth/logout"],
];

/** Every way a session cookie can be wrong. */
function badCookies(): Array<[string, string]> {
  const now = Date.now();
  const good = signSession(policy(), now).value;
  const [v, exp, sig] = good.split(".") as [string, string, string];
  const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);
  return [
    ["empty", ""],
    ["garbage", "hello"],
    ["signature flipped", `${v}.${exp}.${flip(sig)}`],
    ["signature truncated", `${v}.${exp}.${sig.slice(0, -4)}`],
    ["expiry extended, old signature", `${v}.${Number(exp) + 3_600_000}.${sig}`],
    ["expired", signSession(policy(), now - SESSION_TTL_MS - 1000).value],
    ["signed with another secret", signSession({ ...policy(), secret: "another-secret-of-more-than-32-characters" }).value],
    ["signed for another password", signSession({ ...policy(), password: "an old password" }).value],
    ["unknown version", `v2.${exp}.${sig}`],
    ["extra part", `${good}.x`],
    ["far-future expiry", `${v}.${now + 10 * 365 * 86_400_000}.${sig}`],
    ["the password itself", PASSWORD],
    ["the secret itself", SECRET],
  ];
}

describe("the proxy in production mode", () => {
  it("redirects every dashboard page to the login without a session, keeping where the operator was going", () => {
    for (const path of PAGES) {
      const response = proxy(request(path));
      expect(response.status, path).toBe(307);
      const location = new URL(response.headers.get("location")!);
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("next")).toBe(path);
    }
  });

  it("answers 401 JSON for every dashboard API without a session", async () => {
    for (const [method, path] of APIS) {
      const response = proxy(request(path, { method }));
      expect([method, path, response.status]).toEqual([method, path, 401]);
      expect(await response.json()).toEqual({ error: "operator login required" });
    }
  });

  it("lets a valid session through to every page and API", () => {
    const cookie = validCookie();
    for (const path of [...PAGES, ...APIS.map(([, p]) => p)]) expect(passedThrough(proxy(request(path, { cookie }))), path).toBe(true);
    for (const [method, path] of APIS) expect(passedThrough(proxy(request(path, { method, cookie }))), path).toBe(true);
  });

  it.each(badCookies())("refuses a cookie: %s", async (_name, cookie) => {
    const page = proxy(request("/runs", { cookie }));
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location")!).pathname).toBe("/login");
    const api = proxy(request("/api/overview", { cookie }));
    expect(api.status).toBe(401);
  });

  it("keeps only the login, health, Inngest and demo feeds public, also against path tricks", () => {
    for (const path of ["/login", "/api/auth/login", "/api/health", "/api/inngest", "/api/demo-feeds/ammo-depot"]) {
      expect(passedThrough(proxy(request(path))), path).toBe(true);
    }
    for (const path of [
      "/api/inngest/../runs",
      "/api/inngest/%2e%2e/overview",
      "/api/health/..%2f..%2fapi/runs",
      "/login/../dealers",
      "/api/demo-feeds/../../api/dealers",
      "/API/overview",
      "/api/inngestx",
      "/api/healthz",
      "//api/runs",
    ]) {
      const response = proxy(request(path));
      expect([path, passedThrough(response)]).toEqual([path, false]);
    }
  });

  it("refuses cross-site writes before anything else, even with a valid session", async () => {
    const cookie = validCookie();
    const attempts: Array<Record<string, string>> = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of attempts) {
      const response = proxy(request("/api/runs", { method: "POST", cookie, headers }));
      expect(response.status).toBe(403);
    }
  });

  it("applies to every path but static assets and the four public endpoints (the matcher)", () => {
    const matcher = new RegExp(`^${proxyConfig.matcher[0]}$`);
    for (const path of [...PAGES.map((p) => p.split("?")[0]!), ...APIS.map(([, p]) => p.split("?")[0]!), "/login"]) expect(matcher.test(path), path).toBe(true);
    for (const path of ["/_next/static/chunks/app.js", "/api/inngest", "/api/health", "/api/demo-feeds/x", "/api/onboard"]) expect(matcher.test(path), path).toBe(false);
  });

  it("locks production on PostgreSQL without a password (503), rather than leaving it open", async () => {
    setEnv({ OPERATOR_PASSWORD: undefined, DATABASE_URL: "postgres://dp:pw@127.0.0.1:1/dp" });
    try {
      const response = proxy(request("/api/overview", { cookie: "anything" }));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toMatch(/^dashboard locked: production on PostgreSQL needs OPERATOR_PASSWORD/);
      expect(proxy(request("/runs")).headers.get("location")).toMatch(/\/login$/);
    } finally {
      setEnv({ OPERATOR_PASSWORD: PASSWORD, DATABASE_URL: undefined });
    }
  });
});

/** Every route handler, called directly: the second line of defence behind the proxy. */
const ID = "7d3f3c3e-6a43-4f57-9a3a-1f1f1f1f1f1f";
type RouteCall = [name: string, call: (cookie?: string) => Promise<Response>, authorizedStatus: number];
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) }) as never;
const routes: RouteCall[] = [
  ["GET /api/overview", async (c) => (await import("@/app/api/overview/route")).GET(request("/api/overview", { cookie: c }), ctx()), 200],
  ["GET /api/runs", async (c) => (await import("@/app/api/runs/route")).GET(request("/api/runs", { cookie: c }), ctx()), 200],
  ["GET /api/runs/:id", async (c) => (await import("@/app/api/runs/[id]/route")).GET(request(`/api/runs/${ID}`, { cookie: c }), ctx({ id: ID })), 404],
  ["GET /api/dealers", async (c) => (await import("@/app/api/dealers/route")).GET(request("/api/dealers", { cookie: c }), ctx()), 200],
  ["GET /api/dealers/:id", async (c) => (await import("@/app/api/dealers/[id]/route")).GET(request(`/api/dealers/${ID}`, { cookie: c }), ctx({ id: ID })), 404],
  ["GET /api/assets", async (c) => (await import("@/app/api/assets/route")).GET(request("/api/assets", { cookie: c }), ctx()), 200],
  ["GET /api/queue", async (c) => (await import("@/app/api/queue/route")).GET(request("/api/queue", { cookie: c }), ctx()), 200],
  ["GET /api/calibers", async (c) => (await import("@/app/api/calibers/route")).GET(request("/api/calibers", { cookie: c }), ctx()), 200],
  // No q: with a session the handler's own validation answers (a search would load the embedding model).
  ["GET /api/search", async (c) => (await import("@/app/api/search/route")).GET(request("/api/search", { cookie: c }), ctx()), 400],
  ["POST /api/runs", async (c) => (await import("@/app/api/runs/route")).POST(request("/api/runs", { method: "POST", cookie: c, body: "{}" }), ctx()), 400],
  ["POST /api/runs/:id/replay", async (c) => (await import("@/app/api/runs/[id]/replay/route")).POST(request(`/api/runs/${ID}/replay`, { method: "POST", cookie: c }), ctx({ id: ID })), 404],
  ["POST /api/assets/rematerialize", async (c) => (await import("@/app/api/assets/rematerialize/route")).POST(request("/api/assets/rematerialize", { method: "POST", cookie: c, body: "{}" }), ctx()), 400],
  ["POST /api/onboard", async (c) => (await import("@/app/api/onboard/route")).POST(request("/api/onboard", { method: "POST", cookie: c, body: new FormData() }), ctx()), 422],
];

describe("every route handler checks the session itself", () => {

  it.each(routes)("%s", async (_name, call, authorizedStatus) => {
    const anonymous = await call();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "operator login required" });
    for (const [, bad] of badCookies().slice(0, 6)) expect((await call(bad)).status).toBe(401);
    const authorized = await call(validCookie());
    expect(authorized.status).toBe(authorizedStatus);
    expect(authorized.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("the onboarding upload, outside the proxy, also refuses cross-site posts", async () => {
    const { POST } = await import("@/app/api/onboard/route");
    const response = await POST(request("/api/onboard", { method: "POST", cookie: validCookie(), headers: { origin: "https://evil.example" }, body: new FormData() }), ctx());
    expect(response.status).toBe(403);
  });
});

describe("login and logout", () => {
  async function login(password: unknown, extra: { next?: string; headers?: Record<string, string> } = {}) {
    const { POST } = await import("@/app/api/auth/login/route");
    const form = new FormData();
    if (typeof password === "string") form.set("password", password);
    if (extra.next) form.set("next", extra.next);
    return POST(request("/api/auth/login", { method: "POST", body: form, headers: { "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250)}`, ...extra.headers } }));
  }

  it("issues an HttpOnly, SameSite, Secure-over-https session cookie that the proxy accepts", async () => {
    const response = await login(PASSWORD, { next: "/runs?status=FAILED", headers: { "x-forwarded-proto": "https" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/runs?status=FAILED");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.\\d+\\.[\\w-]+; Path=/; HttpOnly; SameSite=Lax; Expires=.+; Secure$`));
    expect(setCookie).not.toContain(PASSWORD);
    expect(setCookie).not.toContain(SECRET);
    const value = /=([^;]+)/.exec(setCookie)![1]!;
    expect(passedThrough(proxy(request("/api/overview", { cookie: value })))).toBe(true);
  });

  it("refuses a wrong, missing or non-text password without a cookie, and never redirects off-site", async () => {
    for (const attempt of ["wrong", "", PASSWORD + " ", PASSWORD.toUpperCase(), undefined]) {
      const response = await login(attempt);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toMatch(/^\/login\?error=wrong/);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    for (const next of ["//evil.example/phish", "https://evil.example", "/\\evil.example"]) {
      const response = await login(PASSWORD, { next });
      expect(response.headers.get("location")).toBe("/");
    }
  });

  it("blocks a client after repeated failures, even with the right password then", async () => {
    const headers = { "x-forwarded-for": "198.51.100.77" };
    for (let i = 0; i < 10; i++) await login(`guess-${i}`, { headers });
    const blocked = await login(PASSWORD, { headers });
    expect(blocked.headers.get("location")).toMatch(/^\/login\?error=blocked/);
    expect(blocked.headers.get("set-cookie")).toBeNull();
  });

  it("logout clears the cookie", async () => {
    const { POST } = await import("@/app/api/auth/logout/route");
    const response = await POST(request("/api/auth/logout", { method: "POST", cookie: validCookie() }));
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`));
  });
});

describe("login failures are counted against the address our proxy saw, not what the client claims", () => {
  const headers = (xff: string | null, realIp?: string) => {
    const h = new Headers();
    if (xff !== null) h.set("x-forwarded-for", xff);
    if (realIp) h.set("x-real-ip", realIp);
    return h;
  };
  it("one trusted proxy: the rightmost entry, whatever the client prepended", () => {
    expect(loginClientKey(headers("203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(loginClientKey(headers("1.1.1.1, 2.2.2.2, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(loginClientKey(headers("spoofed-1, 203.0.113.9"), 1)).toBe(loginClientKey(headers("spoofed-2, 203.0.113.9"), 1));
  });
  it("two trusted proxies: the second from the right; fewer entries than hops: the leftmost", () => {
    expect(loginClientKey(headers("1.1.1.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
    expect(loginClientKey(headers("203.0.113.9"), 2)).toBe("203.0.113.9");
  });
  it("no proxy header, or no trusted proxy: X-Real-IP, else one bucket", () => {
    expect(loginClientKey(headers(null, "198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(loginClientKey(headers(null), 1)).toBe("direct");
    expect(loginClientKey(headers("1.1.1.1"), 0)).toBe("direct");
  });
});
