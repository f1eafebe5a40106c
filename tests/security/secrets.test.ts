/**
 * No secret in logs or responses. With OPENAI_API_KEY, OPERATOR_PASSWORD, SESSION_SECRET,
 * INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY and a DATABASE_URL password set to recognisable values, the
 * failure paths are exercised — a feed host failing, a database refusing a write, the embeddings API
 * refusing the key, an unreachable or malformed DATABASE_URL, wrong logins, unsigned Inngest calls —
 * while everything written to the console is captured. No secret may appear in any captured line, any
 * API response (body or headers), or any error the database keeps (runs, materialisations, feeds,
 * products).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { formatWithOptions } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Executor } from "@/inngest/executor/executor";
import { closeDb, getDb, type Db } from "@/lib/db";
import { SESSION_COOKIE, signSession } from "@/lib/auth/session";
import { generateFeed } from "@/lib/feeds/generate";
import { freshDataDir } from "../support/db";
import { startOpenAIServer, type OpenAIServer } from "../support/openai-server";
import { allRunsFinished, startPipelineExecutor, waitFor } from "../support/pipeline";
import { envPatch } from "../support/env";

const SECRETS = {
  OPENAI_API_KEY: "sk-proj-SECRETopenaiKEY0123456789abcdef",
  OPERATOR_PASSWORD: "SECRET-operator-Passw0rd!",
  SESSION_SECRET: "SECRET-session-signing-0123456789abcdef",
  DB_PASSWORD: "SECRETdbPassw0rd",
  INNGEST_SIGNING_KEY: "signkey-prod-SECRET0123456789abcdef0123456789abcdef0123456789abcdef",
  INNGEST_EVENT_KEY: "SECRET-event-key-0123456789",
};

// ---------- everything the process writes to the console ----------
const captured: string[] = [];
const METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret) || text.includes(encodeURIComponent(secret)))
    .map(([name]) => name);
}

let db: Db;
let executor: Executor | null = null;
let openai: OpenAIServer;
let feedHost: http.Server;
let feedPort = 0;
const responses: Array<{ what: string; status: number; headers: string; body: string }> = [];
const env = envPatch();
const setEnv = env.set;

const cookie = () => signSession({ kind: "password", password: SECRETS.OPERATOR_PASSWORD, secret: SECRETS.SESSION_SECRET }).value;

function request(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string>; session?: boolean } = {}): NextRequest {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { host: "127.0.0.1:3000", ...(method === "GET" ? {} : { origin: "http://127.0.0.1:3000" }), ...init.headers };
  if (init.session !== false) headers.cookie = `${SESSION_COOKIE}=${cookie()}`;
  return new NextRequest(`http://127.0.0.1:3000${path}`, { method, body: init.body, headers });
}

async function keep(what: string, response: Response): Promise<Response> {
  const body = await response.clone().text();
  responses.push({ what, status: response.status, headers: JSON.stringify([...response.headers]), body });
  return response;
}

/** Calls a route handler, keeping its response; a handler that throws (as Next would turn into a 500) is kept as its inspected error. */
async function call(what: string, fn: () => Promise<Response>): Promise<Response | null> {
  try {
    return await keep(what, await fn());
  } catch (error) {
    captured.push(formatWithOptions({ depth: 6 }, "[thrown by %s]", what, error));
    return null;
  }
}
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) }) as never;

beforeAll(async () => {
  for (const method of METHODS) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(formatWithOptions({ depth: 6 }, ...args)));
  }
  openai = await startOpenAIServer({ apiKey: SECRETS.OPENAI_API_KEY });
  feedHost = http.createServer((req, res) => {
    if (req.url === "/down.csv") return void res.writeHead(500).end("internal error");
    res.writeHead(200, { "content-type": "text/csv" }).end(generateFeed({ skus: 30, format: "csv", seed: req.url ?? "x" }).text);
  });
  await new Promise<void>((resolve) => feedHost.listen(0, "127.0.0.1", resolve));
  feedPort = (feedHost.address() as AddressInfo).port;
  setEnv({
    PIPELINE_DATA_DIR: await freshDataDir(),
    DATABASE_URL: undefined,
    OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
    OPENAI_BASE_URL: openai.url,
    OPERATOR_PASSWORD: SECRETS.OPERATOR_PASSWORD,
    SESSION_SECRET: SECRETS.SESSION_SECRET,
    PIPELINE_FEED_LOOPBACK_ALLOW: `127.0.0.1:${feedPort}`,
    PIPELINE_FEED_TIMEOUT_MS: "2000",
    EMBEDDING_MAX_ATTEMPTS: "1",
  });
  db = await getDb();
  executor = await startPipelineExecutor();
});

afterAll(async () => {
  await executor?.stop({ timeoutMs: 5_000 });
  await closeDb();
  await openai?.close();
  await new Promise<void>((resolve) => feedHost?.close(() => resolve()));
  vi.restoreAllMocks();
  env.restore();
});

async function onboard(slug: string, path: string) {
  const { onboardDealer } = await import("@/lib/orchestrator");
  return onboardDealer(db, { name: slug, slug, plan: "PRO", feed: { kind: "url", url: `http://127.0.0.1:${feedPort}${path}` }, format: "CSV", pollIntervalMinutes: 5 });
}

describe("no secret leaks", () => {
  it("through failing and succeeding pipeline runs, embeddings refused, and every dashboard API afterwards", async () => {
    // A run that succeeds (its products go to the embeddings API with the right key)…
    const ok = await onboard("secret-ok", "/ok.csv");
    // …one whose feed host fails on every attempt…
    const down = await onboard("secret-down", "/down.csv");
    await waitFor(() => allRunsFinished(db), 90_000);
    await executor!.waitForIdle();
    // …one whose write the database refuses (the error travels through step errors, onFailure and the run record)…
    await db.sql.exec(`
      CREATE FUNCTION secret_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'write refused (connection % )', current_setting('application_name'); END $$;
      CREATE TRIGGER secret_refuse BEFORE INSERT OR UPDATE ON "DealerSku" FOR EACH ROW EXECUTE FUNCTION secret_refuse();`);
    const refused = await onboard("secret-refused", "/refused.csv");
    await waitFor(() => allRunsFinished(db), 90_000);
    await db.sql.exec(`DROP TRIGGER secret_refuse ON "DealerSku"; DROP FUNCTION secret_refuse();`);
    // …and embeddings with a key the API refuses.
    setEnv({ OPENAI_API_KEY: `${SECRETS.OPENAI_API_KEY}-revoked` });
    await db.sql.query(`UPDATE "Product" SET "embeddingModel" = 'older'`);
    const { embedDueProducts } = await import("@/lib/embeddings/embed-products");
    const { getEmbeddingProvider } = await import("@/lib/embeddings/provider");
    const refusedEmbeddings = await embedDueProducts(db, getEmbeddingProvider(), { limit: 1_000, attemptedBefore: new Date(Date.now() + 1_000) });
    setEnv({ OPENAI_API_KEY: SECRETS.OPENAI_API_KEY });

    const statuses = await db.sql.query<{ id: string; status: string }>(`SELECT id, status::text FROM "Run" WHERE id = ANY($1::uuid[]) ORDER BY "queuedAt"`, [[ok.runId, down.runId, refused.runId]]);
    expect(statuses.map((r) => r.status)).toEqual(["SUCCEEDED", "FAILED", "FAILED"]);
    expect(refusedEmbeddings.failed).toBeGreaterThan(0);
    expect(openai.stats.unauthorized).toBeGreaterThan(0);

    // Every dashboard API, as an operator sees it after all this.
    const routes = {
      overview: await import("@/app/api/overview/route"),
      runs: await import("@/app/api/runs/route"),
      run: await import("@/app/api/runs/[id]/route"),
      dealers: await import("@/app/api/dealers/route"),
      dealer: await import("@/app/api/dealers/[id]/route"),
      assets: await import("@/app/api/assets/route"),
      queue: await import("@/app/api/queue/route"),
      calibers: await import("@/app/api/calibers/route"),
      search: await import("@/app/api/search/route"),
      health: await import("@/app/api/health/route"),
      login: await import("@/app/api/auth/login/route"),
    };
    await call("overview", () => routes.overview.GET(request("/api/overview"), ctx()));
    await call("runs", () => routes.runs.GET(request("/api/runs?limit=200"), ctx()));
    await call("failed runs", () => routes.runs.GET(request("/api/runs?status=FAILED"), ctx()));
    for (const r of [ok, down, refused]) {
      await call(`run ${r.runId}`, () => routes.run.GET(request(`/api/runs/${r.runId}`), ctx({ id: r.runId })));
      await call(`dealer ${r.dealerId}`, () => routes.dealer.GET(request(`/api/dealers/${r.dealerId}`), ctx({ id: r.dealerId })));
    }
    await call("dealers", () => routes.dealers.GET(request("/api/dealers"), ctx()));
    await call("assets", () => routes.assets.GET(request("/api/assets"), ctx()));
    await call("queue", () => routes.queue.GET(request("/api/queue"), ctx()));
    await call("calibers", () => routes.calibers.GET(request("/api/calibers"), ctx()));
    await call("search", () => routes.search.GET(request("/api/search?q=9mm%20range%20ammo"), ctx()));
    await call("health", () => routes.health.GET());
    await call("anonymous overview", () => routes.overview.GET(request("/api/overview", { session: false }), ctx()));
    for (const password of ["wrong", SECRETS.OPERATOR_PASSWORD.slice(0, -1), SECRETS.OPERATOR_PASSWORD]) {
      const form = new FormData();
      form.set("password", password);
      await call("login", () => routes.login.POST(request("/api/auth/login", { method: "POST", body: form, session: false, headers: { "x-forwarded-for": "192.0.2.10" } })));
    }

    expect(responses.filter((r) => r.status >= 500).map((r) => r.what)).toEqual([]);
    const stored = await db.sql.query<{ text: string }>(
      `SELECT concat_ws(' | ', error, "errorStack") AS text FROM "Run"
       UNION ALL SELECT error FROM "AssetMaterialization" WHERE error IS NOT NULL
       UNION ALL SELECT "lastError" FROM "Feed" WHERE "lastError" IS NOT NULL
       UNION ALL SELECT "embeddingError" FROM "Product" WHERE "embeddingError" IS NOT NULL
       UNION ALL SELECT error FROM "RunStep" WHERE error IS NOT NULL`,
    );
    expect(stored.some((r) => /answered 500/.test(r.text))).toBe(true);
    expect(stored.some((r) => /write refused/.test(r.text))).toBe(true);
    expect(stored.some((r) => /auth \(HTTP 401\)/.test(r.text))).toBe(true);
    expect(captured.length).toBeGreaterThan(0); // the failures above were logged

    expect({ logs: captured.flatMap(leaks), responses: responses.flatMap((r) => leaks(r.headers + r.body).map((s) => `${r.what}: ${s}`)), stored: stored.flatMap((r) => leaks(r.text)) }).toEqual({
      logs: [],
      responses: [],
      stored: [],
    });
  });

  it("when DATABASE_URL is unreachable or malformed: the password is in no log line, error or response", async () => {
    await executor?.stop({ timeoutMs: 5_000 });
    executor = null;
    await closeDb();
    const closedPort = await new Promise<number>((resolve) => {
      const s = http.createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const urls = {
      unreachable: `postgres://dealer:${SECRETS.DB_PASSWORD}@127.0.0.1:${closedPort}/pipeline?connect_timeout=2`,
      "bad port": `postgres://dealer:${SECRETS.DB_PASSWORD}@db.internal:port/pipeline`,
      "unencoded characters": `postgres://dealer:${SECRETS.DB_PASSWORD}@db internal/pipeline`,
    };
    const start = captured.length;
    const { GET: overview } = await import("@/app/api/overview/route");
    const { GET: health } = await import("@/app/api/health/route");
    try {
      for (const [name, url] of Object.entries(urls)) {
        setEnv({ DATABASE_URL: url });
        // A window no earlier call used: a recent overview of the embedded database may still be shared (app/api/_lib/coalesce.ts).
        const response = await call(`overview on ${name} DATABASE_URL`, () => overview(request("/api/overview?window=7d"), ctx()));
        expect(response?.status).toBe(500);
        await call(`health on ${name} DATABASE_URL`, () => health());
        await closeDb().catch((error: unknown) => void captured.push(formatWithOptions({ depth: 6 }, "[close]", error)));
      }
    } finally {
      setEnv({ DATABASE_URL: undefined });
      await closeDb().catch(() => undefined);
      db = await getDb();
    }
    const logged = captured.slice(start);
    expect(logged.length).toBeGreaterThan(0);
    expect({ logs: logged.flatMap(leaks), responses: responses.flatMap((r) => leaks(r.headers + r.body).map((s) => `${r.what}: ${s}`)) }).toEqual({ logs: [], responses: [] });
  });

  it("with Inngest keys set: the serve endpoint's answers to unsigned and wrongly signed calls carry neither key", async () => {
    await executor?.stop({ timeoutMs: 5_000 });
    executor = null;
    const start = captured.length;
    // Any call the SDK might make to an Inngest server goes to a closed loopback port, never off this machine.
    setEnv({ INNGEST_SIGNING_KEY: SECRETS.INNGEST_SIGNING_KEY, INNGEST_EVENT_KEY: SECRETS.INNGEST_EVENT_KEY, INNGEST_BASE_URL: "http://127.0.0.1:9" });
    vi.resetModules(); // a fresh client, out of embedded mode, as a deployment with these keys starts
    const route = await import("@/app/api/inngest/route");
    const url = "http://127.0.0.1:3000/api/inngest";
    const body = JSON.stringify({ version: 2, event: { name: "pipeline/feed.ingest.requested", data: {} }, events: [], steps: {}, ctx: { run_id: "r1", attempt: 0, stack: { stack: [], current: 0 } } });
    await call("inngest GET", () => route.GET(new NextRequest(url, { headers: { host: "127.0.0.1:3000" } }), undefined as never));
    await call("inngest POST unsigned", () => route.POST(new NextRequest(`${url}?fnId=dealer-pipeline-feed-ingest&stepId=step`, { method: "POST", body, headers: { host: "127.0.0.1:3000", "content-type": "application/json" } }), undefined as never));
    await call("inngest POST badly signed", () =>
      route.POST(
        new NextRequest(`${url}?fnId=dealer-pipeline-feed-ingest&stepId=step`, {
          method: "POST",
          body,
          headers: { host: "127.0.0.1:3000", "content-type": "application/json", "x-inngest-signature": `t=${Math.floor(Date.now() / 1000)}&s=${"0".repeat(64)}` },
        }),
        undefined as never,
      ),
    );
    const inngestResponses = responses.filter((r) => r.what.startsWith("inngest"));
    expect(inngestResponses).toHaveLength(3);
    expect(inngestResponses.filter((r) => r.what.includes("POST")).map((r) => r.status)).toEqual([401, 401]);
    expect({ logs: captured.slice(start).flatMap(leaks), responses: inngestResponses.flatMap((r) => leaks(r.headers + r.body).map((s) => `${r.what}: ${s}`)) }).toEqual({ logs: [], responses: [] });
  });
});
