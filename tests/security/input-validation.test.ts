/**
 * Server-side validation on every input route, called through the real route handlers: malformed JSON,
 * wrong types, huge values, injection-looking strings and out-of-range dates all end in a 4xx with a
 * message an operator (or a script) can act on — never a 500, never a stack trace, nothing written.
 */
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useProcessDb } from "../support/db";

const { db } = useProcessDb();
const ORIGIN = "http://127.0.0.1:3000";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
const MB = "x".repeat(1024 * 1024);

function request(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}): NextRequest {
  const method = init.method ?? "GET";
  const headers = { host: "127.0.0.1:3000", ...(method === "GET" ? {} : { origin: ORIGIN }), ...init.headers };
  return new NextRequest(`${ORIGIN}${path}`, { method, body: init.body, headers });
}
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) }) as never;

let consoleErrors: unknown[][] = [];
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void consoleErrors.push(args));
});
afterEach(() => {
  // A 500 is logged by the api() wrapper: none may have happened.
  const logged = consoleErrors.map((args) => String(args[0]));
  consoleErrors = [];
  expect(logged).toEqual([]);
});
afterAll(() => {
  vi.restoreAllMocks();
});

/** A refusal the caller can act on: 4xx, JSON, a short `error` message, no internals. */
async function expectRefusal(response: Response, status: number | number[], message?: RegExp): Promise<Record<string, unknown>> {
  const text = await response.text();
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, text.slice(0, 300)).toContain(response.status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(typeof body.error).toBe("string");
  expect((body.error as string).length).toBeGreaterThan(0);
  expect((body.error as string).length).toBeLessThan(300);
  if (message) expect(body.error).toMatch(message);
  expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|SELECT |INSERT |syntax error/);
  expect(text.length).toBeLessThan(20_000); // a huge input is not echoed back whole
  return body;
}

const BAD_JSON: Array<[string, string]> = [
  ["empty body", ""],
  ["not JSON", "dealerId=1"],
  ["truncated JSON", '{"dealerId": "'],
  ["a bare null", "null"],
  ["an array", "[]"],
  ["a string", '"00000000-0000-4000-8000-000000000000"'],
  ["a number overflowing to Infinity", "1e999"],
  ["nested 100,000 deep", "[".repeat(100_000) + "]".repeat(100_000)],
];
const BAD_DEALER_IDS: Array<[string, unknown]> = [
  ["a number", 5],
  ["null", null],
  ["an array", [UNKNOWN_ID]],
  ["an operator object", { $ne: null }],
  ["SQL", "' OR 1=1 --"],
  ["markup", "<script>alert(1)</script>"],
  ["1 MB string", MB],
  ["a uuid with a NUL", `${UNKNOWN_ID}\u0000`],
];

describe("POST /api/runs { dealerId }", () => {
  const post = async (body: string) => (await import("@/app/api/runs/route")).POST(request("/api/runs", { method: "POST", body, headers: { "content-type": "application/json" } }), ctx());

  it.each(BAD_JSON)("refuses %s", async (_name, body) => {
    await expectRefusal(await post(body), 400, /^(the body must be JSON|invalid body)$/);
  });

  it.each(BAD_DEALER_IDS)("refuses a dealerId that is %s, naming the field", async (_name, dealerId) => {
    const body = await expectRefusal(await post(JSON.stringify({ dealerId })), 400, /^invalid body$/);
    expect(body.fields).toEqual({ dealerId: [expect.stringMatching(/dealerId/)] });
  });

  it("refuses a prototype-pollution payload and leaves Object.prototype alone", async () => {
    await expectRefusal(await post(`{"__proto__": {"dealerId": "${UNKNOWN_ID}", "polluted": true}}`), 400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers 409 with the reason for a well-formed id of no dealer (nothing queued)", async () => {
    await expectRefusal(await post(JSON.stringify({ dealerId: UNKNOWN_ID })), 409, /no dealer/);
    expect(await db().sql.query(`SELECT id FROM "Run"`)).toEqual([]);
  });

  it("refuses a 5 MB body", async () => {
    await expectRefusal(await post(JSON.stringify({ dealerId: MB.repeat(5) })), 400);
  });
});

describe("POST /api/assets/rematerialize { asset, dealerId? }", () => {
  const post = async (body: string) =>
    (await import("@/app/api/assets/rematerialize/route")).POST(request("/api/assets/rematerialize", { method: "POST", body, headers: { "content-type": "application/json" } }), ctx());

  it.each(BAD_JSON)("refuses %s", async (_name, body) => {
    await expectRefusal(await post(body), 400);
  });

  it.each<[string, unknown, string]>([
    ["an unknown asset", { asset: "EVERYTHING" }, "asset"],
    ["a lowercase asset", { asset: "feed_ingest" }, "asset"],
    ["an asset that is a number", { asset: 1 }, "asset"],
    ["no asset", { dealerId: UNKNOWN_ID }, "asset"],
    ["a 1 MB asset", { asset: MB }, "asset"],
    ["a dealerId that is not an id", { asset: "SKU_MATCH", dealerId: "acme" }, "dealerId"],
    ["a dealerId that is SQL", { asset: "SKU_MATCH", dealerId: "1; DROP TABLE \"Run\"" }, "dealerId"],
  ])("refuses %s, naming the field", async (_name, payload, field) => {
    const body = await expectRefusal(await post(JSON.stringify(payload)), 400, /^invalid body$/);
    expect(Object.keys(body.fields as object)).toEqual([field]);
  });

  it("answers 404 for a well-formed id of no dealer", async () => {
    await expectRefusal(await post(JSON.stringify({ asset: "INSIGHT", dealerId: UNKNOWN_ID })), 404, /no such dealer/);
  });
});

describe("routes with an id in the path", () => {
  const ids = ["not-a-uuid", "' OR 1=1 --", "..%2F..%2Fetc%2Fpasswd", "x".repeat(10_000), UNKNOWN_ID, "00000000-0000-0000-0000-00000000000g"];
  it.each(ids.map((id) => [id.slice(0, 40), id]))("GET /api/runs/%s, /api/dealers/…, POST …/replay → 404", async (_label, id) => {
    const runs = await import("@/app/api/runs/[id]/route");
    const dealers = await import("@/app/api/dealers/[id]/route");
    const replay = await import("@/app/api/runs/[id]/replay/route");
    await expectRefusal(await runs.GET(request(`/api/runs/${encodeURIComponent(id)}`), ctx({ id })), 404, /^no such run$/);
    await expectRefusal(await dealers.GET(request(`/api/dealers/${encodeURIComponent(id)}`), ctx({ id })), 404, /^no such dealer$/);
    await expectRefusal(await replay.POST(request(`/api/runs/${encodeURIComponent(id)}/replay`, { method: "POST" }), ctx({ id })), 404, /^no such run$/);
  });
});

describe("query strings", () => {
  const cases: Array<[route: string, query: string, field: string]> = [
    ["overview", "window=1y", "window"],
    ["overview", "window=%00", "window"],
    ["overview", `window=${"24h".repeat(10_000)}`, "window"],
    ["runs", "limit=abc", "limit"],
    ["runs", "limit=0", "limit"],
    ["runs", "limit=-1", "limit"],
    ["runs", "limit=1.5", "limit"],
    ["runs", "limit=1e9", "limit"],
    ["runs", "limit=Infinity", "limit"],
    ["runs", "status=BOGUS", "status"],
    ["runs", "status=succeeded", "status"],
    ["runs", "trigger=CRON", "trigger"],
    ["runs", "plan=GOLD", "plan"],
    ["runs", "tier=Galactic", "tier"],
    ["runs", "dealer=acme", "dealer"],
    ["runs", `dealer=${encodeURIComponent("' OR 1=1 --")}`, "dealer"],
    ["runs", "from=yesterday", "from"],
    ["runs", "to=99999999999999999999", "to"],
    ["runs", "before=not-a-date", "before"],
    // Dates JavaScript accepts but PostgreSQL cannot hold: a 4xx, not a database error.
    ["runs", "from=-271821-04-20T00:00:00.000Z", "from"],
    ["runs", "to=%2B275760-09-13T00:00:00.000Z", "to"],
    ["runs", "before=-001000-01-01T00:00:00.000Z", "before"],
    ["dealers", "limit=0", "limit"],
    ["dealers", "limit=100000", "limit"],
    ["dealers", `q=${"a".repeat(101)}`, "q"],
    ["dealers", `q=${MB}`, "q"],
    ["assets", "limit=501", "limit"],
    ["assets", `q=${"%25".repeat(200)}`, "q"],
  ];

  it.each(cases.map(([route, query, field]) => [route, query.length > 60 ? `${query.slice(0, 40)}… (${query.length} chars)` : query, field, query] as const))(
    "GET /api/%s?%s → 400 naming %s",
    async (route, _label, field, query) => {
    const modules = {
      overview: () => import("@/app/api/overview/route"),
      runs: () => import("@/app/api/runs/route"),
      dealers: () => import("@/app/api/dealers/route"),
      assets: () => import("@/app/api/assets/route"),
    };
    const mod = await modules[route as keyof typeof modules]();
    const body = await expectRefusal(await mod.GET(request(`/api/${route}?${query}`), ctx()), 400, /^invalid query$/);
    expect(Object.keys(body.fields as object)).toEqual([field]);
    },
  );

  it.each<[string, string]>([
    ["q missing", ""],
    ["q empty", "q="],
    ["q blank", "q=%20%20"],
    ["q too long", `q=${"9mm ".repeat(60)}`],
    ["q 1 MB", `q=${MB}`],
    ["limit 0", "q=9mm&limit=0"],
    ["limit 1000", "q=9mm&limit=1000"],
    ["inStock maybe", "q=9mm&inStock=maybe"],
    ["caliber too long", `q=9mm&caliber=${"c".repeat(41)}`],
  ])("GET /api/search with %s → 400", async (_name, query) => {
    const { GET } = await import("@/app/api/search/route");
    await expectRefusal(await GET(request(`/api/search?${query}`), ctx()), 400, /^invalid query$/);
  });
});

describe("POST /api/onboard (multipart)", () => {
  const post = async (body: BodyInit, headers: Record<string, string> = {}) =>
    (await import("@/app/api/onboard/route")).POST(request("/api/onboard", { method: "POST", body, headers }), ctx());
  const valid = { name: "Validation Ammo", plan: "PRO", source: "upload", format: "AUTO", pollIntervalMinutes: "15" };
  const file = () => new File(["sku,title,price\nA1,Federal 9mm 115gr FMJ 50 Rounds,18.99\n"], "feed.csv", { type: "text/csv" });
  function form(fields: Record<string, string | File | undefined>): FormData {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) data.set(k, v);
    return data;
  }
  const dealers = async () => (await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Dealer"`))[0]!.n;

  it("reads a urlencoded body as the (empty) form it is: 422 with every field named", async () => {
    const body = await expectRefusal(await post("%%%", { "content-type": "application/x-www-form-urlencoded" }), 422);
    expect(Object.keys(body.fields as object)).toContain("name");
  });

  it.each<[string, BodyInit, Record<string, string>]>([
    ["JSON", JSON.stringify(valid), { "content-type": "application/json" }],
    ["a multipart type without a body", "", { "content-type": "multipart/form-data; boundary=x" }],
    ["a broken multipart body", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nunterminated", { "content-type": "multipart/form-data; boundary=x" }],
  ])("refuses %s that is not a form", async (_name, body, headers) => {
    await expectRefusal(await post(body, headers), 400, /multipart\/form-data/);
  });

  it.each<[string, Record<string, string | File | undefined>, string[]]>([
    ["an empty form", {}, ["name", "plan", "source", "format", "pollIntervalMinutes"]],
    ["a 100,000-character name", { ...valid, name: "N".repeat(100_000), file: file() }, ["name"]],
    ["a name of spaces", { ...valid, name: "   ", file: file() }, ["name"]],
    ["an unknown plan", { ...valid, plan: "ROOT", file: file() }, ["plan"]],
    ["an unknown format", { ...valid, format: "EXE", file: file() }, ["format"]],
    ["an unknown source", { ...valid, source: "ftp" }, ["source"]],
    ["a poll interval of letters", { ...valid, pollIntervalMinutes: "abc", file: file() }, ["pollIntervalMinutes"]],
    ["a poll interval of 1e9", { ...valid, pollIntervalMinutes: "1e9", file: file() }, ["pollIntervalMinutes"]],
    ["a negative poll interval", { ...valid, pollIntervalMinutes: "-5", file: file() }, ["pollIntervalMinutes"]],
    ["a fractional poll interval", { ...valid, pollIntervalMinutes: "1.5", file: file() }, ["pollIntervalMinutes"]],
    ["an infinite poll interval", { ...valid, pollIntervalMinutes: "Infinity", file: file() }, ["pollIntervalMinutes"]],
    ["a slug with a path", { ...valid, slug: "../../etc/passwd", file: file() }, ["slug"]],
    ["a 1,000-character slug", { ...valid, slug: "a".repeat(1_000), file: file() }, ["slug"]],
    ["a 10,000-character URL", { ...valid, source: "url", url: `https://feeds.example/${"p".repeat(10_000)}` }, ["url"]],
    ["a URL feed without a URL", { ...valid, source: "url" }, ["url"]],
    ["an upload without a file", { ...valid }, ["file"]],
    ["an upload whose file is a string", { ...valid, file: "sku,title,price" }, ["file"]],
    ["an empty file", { ...valid, file: new File([], "empty.csv") }, ["file"]],
  ])("answers 422 for %s, naming each field", async (_name, fields, expected) => {
    const response = await post(form(fields));
    const body = await expectRefusal(response, 422, /^Please correct the highlighted fields$/);
    const problems = body.fields as Record<string, string[]>;
    expect(Object.keys(problems).sort()).toEqual([...expected].sort());
    for (const messages of Object.values(problems)) for (const m of messages) expect(m.length).toBeLessThan(300);
    expect(await dealers()).toBe(0);
  });
});

describe("POST /api/auth/login", () => {
  it.each<[string, BodyInit, Record<string, string>]>([
    ["JSON", '{"password":"x"}', { "content-type": "application/json" }],
    ["no body", "", {}],
    ["a 1 MB password", `password=${MB}`, { "content-type": "application/x-www-form-urlencoded" }],
  ])("takes %s without a 500 (open in development: straight through)", async (_name, body, headers) => {
    const { POST } = await import("@/app/api/auth/login/route");
    const response = await POST(request("/api/auth/login", { method: "POST", body, headers }));
    expect(response.status).toBe(303);
  });
});
