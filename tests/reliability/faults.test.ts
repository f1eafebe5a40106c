/**
 * Faults injected under the REAL pipeline functions on the embedded executor: a feed host that hangs,
 * fails, truncates or changes its feed; a database that refuses a write batch; an embeddings API in a
 * 429 storm, a 500 storm or hanging. Every case ends in a retried success with exactly one version of
 * the data, or in a clearly recorded failure (Run FAILED with its error, a FAILED materialisation)
 * that leaves no partial batch and the feed's last ingested hash as it was.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Read when the functions' config module loads: small write batches and a short fetch deadline. Feeds up to
// 8 KB (10 listings here) are parsed and written in the fetch step, larger ones (60) in a parse step of their own.
vi.hoisted(() => {
  process.env.PIPELINE_INGEST_BATCH = "20";
  process.env.PIPELINE_FEED_TIMEOUT_MS = "1000";
  process.env.PIPELINE_INLINE_PARSE_MAX_BYTES = "8192";
});
const INLINE_MAX_BYTES = 8192;

import type { Executor } from "@/inngest/executor/executor";
import { embedDueProducts } from "@/lib/embeddings/embed-products";
import { getEmbeddingProvider } from "@/lib/embeddings/provider";
import { generateFeed, type GeneratedFeed } from "@/lib/feeds/generate";
import { contentHash, identityKey } from "@/lib/feeds/identity";
import type { FeedRecord } from "@/lib/feeds/types";
import { useProcessDb } from "../support/db";
import { startOpenAIServer, type OpenAIServer } from "../support/openai-server";
import { allRunsFinished, startPipelineExecutor, waitFor } from "../support/pipeline";

const BATCH = 20;
const { db } = useProcessDb();
let executor: Executor;
let openai: OpenAIServer;

// ---------- a feed host whose every answer the test decides ----------

type Answer = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => unknown;
const feedHost = {
  server: null as http.Server | null,
  origin: "",
  sockets: new Set<Socket>(),
  /** path → how the n-th request (0-based) to it is answered */
  routes: new Map<string, Answer>(),
  hits: new Map<string, number>(),
};

function serve(path: string, answer: Answer): string {
  feedHost.routes.set(path, answer);
  feedHost.hits.set(path, 0);
  return `${feedHost.origin}${path}`;
}
const hits = (path: string) => feedHost.hits.get(path) ?? 0;

const csv = (res: http.ServerResponse, text: string) =>
  res.writeHead(200, { "content-type": "text/csv", "content-length": Buffer.byteLength(text) }).end(text);
/** Announces the whole length, sends part of it, then drops the connection. */
const truncated = (res: http.ServerResponse, text: string) => {
  const body = Buffer.from(text);
  res.writeHead(200, { "content-type": "text/csv", "content-length": body.length + 1_000 });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
};
/** Headers and the first part of the body, then nothing: a host that stalls mid-transfer. */
const stalled = (res: http.ServerResponse, text: string) => {
  const body = Buffer.from(text);
  res.writeHead(200, { "content-type": "text/csv", "content-length": body.length });
  res.write(body.subarray(0, 200));
};

// ---------- the data a run must end with ----------

const feedOf = (seed: string, skus = 60) => generateFeed({ skus, format: "csv", family: "ammoseek", seed });
const nextVersion = (prev: GeneratedFeed, seed: number) =>
  generateFeed({ format: "csv", mutateFrom: prev.records, changeRate: 0.4, vanishRate: 0.1, newRate: 0.1, seed });

/** identity → price, in identity order: what the dealer's active listings must be after ingesting `records`. */
function expected(records: readonly FeedRecord[]): Array<[string, number]> {
  const byKey = new Map(records.map((r) => [identityKey(r), r.price] as const));
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : 1));
}

async function activeListings(dealerId: string): Promise<Array<[string, number]>> {
  const rows = await db().sql.query<{ identityKey: string; price: number }>(
    `SELECT "identityKey", price FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive" ORDER BY "identityKey"`,
    [dealerId],
  );
  return rows.map((r) => [r.identityKey, Number(r.price)]);
}

async function listingHashes(dealerId: string): Promise<Map<string, string>> {
  const rows = await db().sql.query<{ identityKey: string; contentHash: string }>(
    `SELECT "identityKey", "contentHash" FROM "DealerSku" WHERE "dealerId" = $1`,
    [dealerId],
  );
  return new Map(rows.map((r) => [r.identityKey, r.contentHash]));
}

async function onboardUrlDealer(slug: string, url: string): Promise<{ dealerId: string; runId: string }> {
  const { onboardDealer } = await import("@/lib/orchestrator");
  return onboardDealer(db(), { name: slug, slug, plan: "PRO", feed: { kind: "url", url }, format: "CSV", pollIntervalMinutes: 5 });
}

async function pollAgain(dealerId: string): Promise<string> {
  const { requestRun } = await import("@/lib/orchestrator");
  return (await requestRun(db(), { dealerId, trigger: "SCHEDULE" })).runId;
}

async function settled(runId: string) {
  await waitFor(() => allRunsFinished(db()), 90_000);
  // Deferred work too (the first run's embeddings): their synchronous database writes on this same event loop
  // would otherwise stall the next poll's fetch past its 1 s deadline on a busy machine.
  await executor.waitForIdle();
  const [run] = await db().sql.query<{ status: string; error: string | null }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [runId]);
  const assets = await db().sql.query<{ asset: string; status: string; error: string | null }>(
    `SELECT asset::text, status::text, error FROM "AssetMaterialization" WHERE "runId" = $1 ORDER BY "startedAt", asset`,
    [runId],
  );
  const steps = await db().sql.query<{ stepId: string; attempt: number; error: string | null }>(
    `SELECT "stepId", attempt, error FROM "RunStep" WHERE "runId" = $1 AND "functionId" = 'feed-ingest' ORDER BY "startedAt", attempt`,
    [runId],
  );
  return { run: run!, assets, steps };
}

const ALL_SUCCEEDED = ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT"].map((asset) => ({ asset, status: "SUCCEEDED", error: null }));

async function feedState(dealerId: string) {
  const [feed] = await db().sql.query<{ id: string; lastFeedHash: string | null; status: string; lastError: string | null }>(
    `SELECT id, "lastFeedHash", status::text, "lastError" FROM "Feed" WHERE "dealerId" = $1`,
    [dealerId],
  );
  return feed!;
}

/** A failed ingest keeps no run state behind (snapshot, staged rows). */
async function leftoverState(runId: string): Promise<number> {
  const [row] = await db().sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM "IngestSnapshot" WHERE "runId" = $1) + (SELECT count(*) FROM "IngestStagedRecord" WHERE "runId" = $1) AS n`,
    [runId],
  );
  return Number(row!.n);
}

async function expectCleanFailure(runId: string, dealerId: string, error: RegExp, before: { lastFeedHash: string | null; listings: Array<[string, number]> }) {
  const { run, assets } = await settled(runId);
  expect(run.status).toBe("FAILED");
  expect(run.error).toMatch(error);
  // The ingest's failure is recorded; nothing downstream ran on partial data.
  expect(assets.map((a) => [a.asset, a.status])).toEqual([["FEED_INGEST", "FAILED"]]);
  expect(assets[0]!.error).toMatch(error);
  const feed = await feedState(dealerId);
  expect(feed.lastFeedHash).toBe(before.lastFeedHash);
  expect(feed.status).toBe("FAILED");
  expect(feed.lastError).toMatch(error);
  expect(await activeListings(dealerId)).toEqual(before.listings);
  expect(await leftoverState(runId)).toBe(0);
}

beforeAll(async () => {
  feedHost.server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const answer = feedHost.routes.get(path);
    const n = hits(path);
    feedHost.hits.set(path, n + 1);
    if (!answer) return void res.writeHead(404).end("no such feed");
    Promise.resolve(answer(req, res, n)).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  feedHost.server.on("connection", (s) => {
    feedHost.sockets.add(s);
    s.on("close", () => feedHost.sockets.delete(s));
  });
  await new Promise<void>((resolve) => feedHost.server!.listen(0, "127.0.0.1", resolve));
  const { port } = feedHost.server.address() as AddressInfo;
  feedHost.origin = `http://127.0.0.1:${port}`;
  process.env.PIPELINE_FEED_LOOPBACK_ALLOW = `127.0.0.1:${port}`;

  // Embeddings go to the local OpenAI stand-in (never the local model: it is slow to load).
  openai = await startOpenAIServer();
  process.env.OPENAI_API_KEY = openai.apiKey;
  process.env.OPENAI_BASE_URL = openai.url;
  process.env.EMBEDDING_MAX_ATTEMPTS = "2";
  process.env.EMBEDDING_TIMEOUT_MS = "300";
  executor = await startPipelineExecutor();
});

afterAll(async () => {
  await executor?.stop({ timeoutMs: 5_000 });
  for (const s of feedHost.sockets) s.destroy();
  await new Promise<void>((resolve) => feedHost.server?.close(() => resolve()));
  await openai?.close();
  for (const name of ["PIPELINE_FEED_LOOPBACK_ALLOW", "OPENAI_API_KEY", "OPENAI_BASE_URL", "EMBEDDING_MAX_ATTEMPTS", "EMBEDDING_TIMEOUT_MS"]) delete process.env[name];
});

describe("the feed host", () => {
  it("hangs on every attempt: each fetch times out, the run fails with the timeout and nothing is written", async () => {
    const v1 = feedOf("hang-always");
    const url = serve("/hang-always.csv", (_req, res) => stalled(res, v1.text));
    const { runId, dealerId } = await onboardUrlDealer("hang-always", url);
    await expectCleanFailure(runId, dealerId, /timed out after 1 s/, { lastFeedHash: null, listings: [] });
    expect(hits("/hang-always.csv")).toBe(4); // 1 + 3 retries
  });

  it("stalls mid-body once, then answers: the retried fetch ingests the whole feed", async () => {
    const v1 = feedOf("hang-once");
    const url = serve("/hang-once.csv", (_req, res, n) => (n === 0 ? stalled(res, v1.text) : csv(res, v1.text)));
    const { runId, dealerId } = await onboardUrlDealer("hang-once", url);
    const { run, assets, steps } = await settled(runId);
    expect(run).toEqual({ status: "SUCCEEDED", error: null });
    expect(assets).toEqual(ALL_SUCCEEDED);
    const fetches = steps.filter((s) => s.stepId === "fetch");
    expect(fetches[0]!.error).toMatch(/timed out after 1 s/);
    expect(fetches.at(-1)!.error).toBeNull();
    expect(hits("/hang-once.csv")).toBe(fetches.length);
    expect(await activeListings(dealerId)).toEqual(expected(v1.records));
  });

  it("answers 500 twice, then recovers: the run succeeds on the third attempt with exactly the feed's data", async () => {
    const v1 = feedOf("flaky-500");
    const url = serve("/flaky.csv", (_req, res, n) => (n < 2 ? res.writeHead(500).end("upstream exploded") : csv(res, v1.text)));
    const { runId, dealerId } = await onboardUrlDealer("flaky-500", url);
    const { run, assets, steps } = await settled(runId);
    expect(run).toEqual({ status: "SUCCEEDED", error: null });
    expect(assets).toEqual(ALL_SUCCEEDED);
    const fetches = steps.filter((s) => s.stepId === "fetch");
    // Three attempts (a fourth only if the machine was too slow for the fetch deadline once).
    expect(fetches.length).toBeGreaterThanOrEqual(3);
    expect(hits("/flaky.csv")).toBe(fetches.length);
    expect(fetches.slice(0, 2).every((s) => /answered 500 Internal Server Error/.test(s.error ?? ""))).toBe(true);
    expect(fetches.at(-1)!.error).toBeNull();
    expect(await activeListings(dealerId)).toEqual(expected(v1.records));
    expect((await feedState(dealerId)).status).toBe("OK");
  });

  it("sends a truncated body (Content-Length larger than sent) on every attempt: never ingested, the run fails", async () => {
    // A dealer with a good first version: a truncated second version must leave it exactly as it was.
    const v1 = feedOf("truncated");
    const v2 = nextVersion(v1, 21);
    const url = serve("/truncated.csv", (_req, res) => csv(res, v1.text));
    const first = await onboardUrlDealer("truncated", url);
    expect((await settled(first.runId)).run.status).toBe("SUCCEEDED");
    const before = { lastFeedHash: (await feedState(first.dealerId)).lastFeedHash, listings: await activeListings(first.dealerId) };
    expect(before.listings).toEqual(expected(v1.records));

    serve("/truncated.csv", (_req, res) => truncated(res, v2.text));
    const runId = await pollAgain(first.dealerId);
    await expectCleanFailure(runId, first.dealerId, /cut short: got \d+ of the \d+ bytes its Content-Length announced/, before);
    expect(hits("/truncated.csv")).toBe(4);
  });
});

describe("a feed that changes mid-poll", () => {
  it("between two polls: each run ingests exactly one version", async () => {
    const v1 = feedOf("drift");
    const v2 = nextVersion(v1, 31);
    let current = v1;
    const url = serve("/drift.csv", (_req, res) => csv(res, current.text));
    const { runId, dealerId } = await onboardUrlDealer("drift", url);
    expect((await settled(runId)).run.status).toBe("SUCCEEDED");
    expect(await activeListings(dealerId)).toEqual(expected(v1.records));
    current = v2;

    const second = await pollAgain(dealerId);
    expect((await settled(second)).run.status).toBe("SUCCEEDED");
    expect(await activeListings(dealerId)).toEqual(expected(v2.records));
  });

  it("between retries of the fetch: a truncated v2, then a complete v3 → the run ingests exactly v3, no v2 row", async () => {
    const v1 = feedOf("retry-drift");
    const v2 = nextVersion(v1, 41);
    const v3 = nextVersion(v2, 42);
    const url = serve("/retry-drift.csv", (_req, res) => csv(res, v1.text));
    const { runId, dealerId } = await onboardUrlDealer("retry-drift", url);
    expect((await settled(runId)).run.status).toBe("SUCCEEDED");

    serve("/retry-drift.csv", (_req, res, n) => (n === 0 ? truncated(res, v2.text) : csv(res, v3.text)));
    const second = await pollAgain(dealerId);
    const { run, steps } = await settled(second);
    expect(run.status).toBe("SUCCEEDED");
    const fetches = steps.filter((s) => s.stepId === "fetch");
    expect(fetches[0]!.error).toMatch(/cut short/);
    expect(fetches.at(-1)!.error).toBeNull();
    expect(await activeListings(dealerId)).toEqual(expected(v3.records));
    // Not only the prices: every field of every listing is v3's.
    const hashes = await listingHashes(dealerId);
    for (const r of v3.records) expect(hashes.get(identityKey(r))).toBe(contentHash(r));
  });
});

/** Raises for one listing identity: on the first `times` attempts only (a sequence survives the rollback a marker row would not). */
async function refuseListing(key: string, times: number | "always"): Promise<() => Promise<void>> {
  const literal = `'${key.replace(/'/g, "''")}'`;
  const condition = times === "always" ? "true" : `nextval('fault_refusals') <= ${times}`;
  await db().sql.exec(`
    CREATE SEQUENCE IF NOT EXISTS fault_refusals;
    CREATE OR REPLACE FUNCTION fault_refuse_listing() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."identityKey" = ${literal} AND ${condition} THEN RAISE EXCEPTION 'write refused by fault injection (%)', NEW."identityKey"; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fault_refuse_listing BEFORE INSERT OR UPDATE ON "DealerSku" FOR EACH ROW EXECUTE FUNCTION fault_refuse_listing();`);
  return async () => {
    await db().sql.exec(`DROP TRIGGER fault_refuse_listing ON "DealerSku"; DROP FUNCTION fault_refuse_listing(); DROP SEQUENCE fault_refusals;`);
  };
}

/** Records of `next` that a run of it writes (new or with another content hash than `stored`), in feed order. */
function pendingWrites(next: readonly FeedRecord[], stored: Map<string, string>): FeedRecord[] {
  return next.filter((r) => stored.get(identityKey(r)) !== contentHash(r));
}

describe("the database refuses a write mid-batch", () => {
  it("on the first attempt only: the writing step (a new dealer's parse step) is retried from the run's own snapshot → full, consistent data (fetched once, although the feed changed meanwhile)", async () => {
    const v1 = feedOf("refused-once");
    const v2 = nextVersion(v1, 51);
    const batch1 = v1.records.slice(BATCH, 2 * BATCH);
    const restore = await refuseListing(identityKey(batch1[BATCH / 2]!), 1);
    // The feed changes as soon as the database has refused the batch: a retry that re-fetched would mix versions.
    const refused = async () => (await db().sql.query<{ is_called: boolean }>(`SELECT is_called FROM fault_refusals`))[0]!.is_called;
    const url = serve("/refused-once.csv", async (_req, res) => csv(res, (await refused()) ? v2.text : v1.text));
    let runId: string;
    let dealerId: string;
    try {
      ({ runId, dealerId } = await onboardUrlDealer("refused-once", url));
      const { run, assets, steps } = await settled(runId);
      expect(run).toEqual({ status: "SUCCEEDED", error: null });
      expect(assets).toEqual(ALL_SUCCEEDED);
      const fetches = steps.filter((s) => s.stepId === "fetch");
      expect(steps.filter((s) => s.stepId !== "fetch").map((s) => `${s.stepId}#${s.attempt}${s.error ? " ✗" : ""}`)).toEqual([
        "parse#0 ✗", "parse#1",
      ]);
      expect(steps.find((s) => s.stepId === "parse")!.error).toMatch(/write refused by fault injection/);
      // The retried batch worked from the run's snapshot: no fetch after the refusal.
      expect(await refused()).toBe(true);
      expect(fetches.at(-1)!.error).toBeNull();
      expect(hits("/refused-once.csv")).toBe(fetches.length);
    } finally {
      await restore();
    }
    expect(await activeListings(dealerId)).toEqual(expected(v1.records));
    // The content hashes the ingest stored are the records' own: the next test's arithmetic rests on it.
    expect(await listingHashes(dealerId)).toEqual(new Map(v1.records.map((r) => [identityKey(r), contentHash(r)])));

    serve("/refused-once.csv", (_req, res) => csv(res, v2.text));
    const second = await pollAgain(dealerId);
    expect((await settled(second)).run.status).toBe("SUCCEEDED");
    expect(await activeListings(dealerId)).toEqual(expected(v2.records));
  });

  it("on every attempt: the run fails with the database's error, the re-poll wholly unwritten (its parse step writes it in one transaction), the feed's hash unchanged", async () => {
    const v1 = feedOf("refused-always", 100);
    const v2 = nextVersion(v1, 61);
    const url = serve("/refused-always.csv", (_req, res) => csv(res, v1.text));
    const first = await onboardUrlDealer("refused-always", url);
    expect((await settled(first.runId)).run.status).toBe("SUCCEEDED");
    const dealerId = first.dealerId;
    const stored = await listingHashes(dealerId);
    const feedBefore = await feedState(dealerId);

    const writes = pendingWrites(v2.records, stored);
    expect(writes.length).toBeGreaterThan(2 * BATCH);
    const restore = await refuseListing(identityKey(writes[writes.length - 1]!), "always"); // the last row: the rest went in first
    serve("/refused-always.csv", (_req, res) => csv(res, v2.text));
    let runId: string;
    try {
      runId = await pollAgain(dealerId);
      const { run, assets, steps } = await settled(runId);
      expect(run.status).toBe("FAILED");
      expect(run.error).toMatch(/write refused by fault injection/);
      expect(assets.map((a) => [a.asset, a.status])).toEqual([["FEED_INGEST", "FAILED"]]);
      expect(steps.filter((s) => s.stepId === "parse").map((s) => s.attempt)).toEqual([0, 1, 2, 3]);
      expect(steps.some((s) => s.stepId === "diff" || s.stepId.startsWith("write-batch") || s.stepId === "finalize")).toBe(false);
    } finally {
      await restore();
    }

    const now = await listingHashes(dealerId);
    // Not one row of the re-poll was written: the write and the step's record are one transaction.
    for (const r of writes) expect(now.get(identityKey(r))).toBe(stored.get(identityKey(r)));
    // Nothing vanished was deactivated (finalize never ran), the feed still names v1 as last ingested and is marked failing.
    const [{ n: inactive }] = (await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = $1 AND NOT "isActive"`, [dealerId])) as [{ n: number }];
    expect(inactive).toBe(0);
    const feed = await feedState(dealerId);
    expect(feed.lastFeedHash).toBe(feedBefore.lastFeedHash);
    expect(feed.status).toBe("FAILED");
    expect(feed.lastError).toMatch(/write refused by fault injection/);
    expect(await leftoverState(runId)).toBe(0);

    // Once the database takes writes again, the next poll converges on exactly v2.
    const healed = await pollAgain(dealerId);
    expect((await settled(healed)).run.status).toBe("SUCCEEDED");
    expect(await activeListings(dealerId)).toEqual(expected(v2.records));
    expect((await feedState(dealerId)).status).toBe("OK");
  });
});

/** Refuses the first success record of the ingest step `stepId`: its body has committed, its result is lost. */
async function refuseStepRecordOnce(stepId: string): Promise<() => Promise<void>> {
  await db().sql.exec(`
    CREATE SEQUENCE fault_step_refusals;
    CREATE FUNCTION fault_refuse_step() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."stepId" = '${stepId}' AND NEW.error IS NULL AND nextval('fault_step_refusals') = 1 THEN
        RAISE EXCEPTION 'step record refused by fault injection';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fault_refuse_step BEFORE INSERT ON "RunStep" FOR EACH ROW EXECUTE FUNCTION fault_refuse_step();`);
  return async () => {
    await db().sql.exec(`DROP TRIGGER fault_refuse_step ON "RunStep"; DROP FUNCTION fault_refuse_step(); DROP SEQUENCE fault_step_refusals;`);
  };
}

async function ingestCounts(runId: string) {
  const [ingest] = await db().sql.query<{ created: number; updated: number; unchanged: number }>(
    `SELECT created, updated, unchanged FROM "AssetMaterialization" WHERE "runId" = $1 AND asset = 'FEED_INGEST'`,
    [runId],
  );
  return ingest;
}

const stepLog = (steps: Array<{ stepId: string; attempt: number; error: string | null }>) =>
  steps.map((s) => `${s.stepId}#${s.attempt}${s.error ? " ✗" : ""}`);

describe("a step that fails after its writes committed", () => {
  const cases = [
    {
      what: "the parse step's own record refused once after it wrote and finalised the ingest",
      slug: "finalised-then-failed", skus: 60, stepId: "parse", log: ["fetch#0", "parse#0 ✗", "parse#1"],
    },
    {
      what: "a small feed's fetch step (it parsed, wrote and finalised the ingest) loses its record once",
      slug: "inline-finalised", skus: 10, stepId: "fetch", log: ["fetch#0 ✗", "fetch#1"],
    },
  ];
  for (const { what, slug, skus, stepId, log } of cases) {
    it(`${what}: the retry finds the run finalised, fetches nothing more and goes on`, async () => {
      const v1 = feedOf(slug, skus);
      // Parsed in the fetch step exactly when the feed is within the inline bound.
      expect(Buffer.byteLength(v1.text) <= INLINE_MAX_BYTES).toBe(stepId === "fetch");
      const restore = await refuseStepRecordOnce(stepId);
      try {
        const url = serve(`/${slug}.csv`, (_req, res) => csv(res, v1.text));
        const { runId, dealerId } = await onboardUrlDealer(slug, url);
        const { run, assets, steps } = await settled(runId);
        expect(run).toEqual({ status: "SUCCEEDED", error: null });
        expect(assets).toEqual(ALL_SUCCEEDED);
        expect(stepLog(steps)).toEqual(log);
        expect(steps.find((s) => s.error)!.error).toMatch(/step record refused by fault injection/);
        expect(hits(`/${slug}.csv`)).toBe(1);
        expect(await activeListings(dealerId)).toEqual(expected(v1.records));
        expect(await ingestCounts(runId)).toEqual({ created: v1.records.length, updated: 0, unchanged: 0 });
        expect(await leftoverState(runId)).toBe(0);
      } finally {
        await restore();
      }
    });
  }
});

describe("a small feed parsed and written in its fetch step", () => {
  it("a write refused once: the retry fetches again and writes the feed as it is then, whole, never a mix of two versions", async () => {
    const v1 = feedOf("inline-refused", 10);
    const v2 = nextVersion(v1, 71);
    expect(Buffer.byteLength(v2.text)).toBeLessThanOrEqual(INLINE_MAX_BYTES);
    const restore = await refuseListing(identityKey(v1.records[5]!), 1);
    const refused = async () => (await db().sql.query<{ is_called: boolean }>(`SELECT is_called FROM fault_refusals`))[0]!.is_called;
    const url = serve("/inline-refused.csv", async (_req, res) => csv(res, (await refused()) ? v2.text : v1.text));
    let dealerId: string;
    try {
      const onboarded = await onboardUrlDealer("inline-refused", url);
      dealerId = onboarded.dealerId;
      const { run, assets, steps } = await settled(onboarded.runId);
      expect(run).toEqual({ status: "SUCCEEDED", error: null });
      expect(assets).toEqual(ALL_SUCCEEDED);
      expect(stepLog(steps)).toEqual(["fetch#0 ✗", "fetch#1"]);
      expect(steps[0]!.error).toMatch(/write refused by fault injection/);
      // The bytes were never kept: the retry read the feed again, and found its next version.
      expect(hits("/inline-refused.csv")).toBe(2);
      expect(await leftoverState(onboarded.runId)).toBe(0);
    } finally {
      await restore();
    }
    expect(await activeListings(dealerId)).toEqual(expected(v2.records));
    expect(await listingHashes(dealerId)).toEqual(new Map(v2.records.map((r) => [identityKey(r), contentHash(r)])));
  });

  it("a re-poll's write refused on every attempt: the run fails, nothing of it written, the feed's hash unchanged", async () => {
    const v1 = feedOf("inline-refused-always", 10);
    const v2 = nextVersion(v1, 73);
    const url = serve("/inline-refused-always.csv", (_req, res) => csv(res, v1.text));
    const first = await onboardUrlDealer("inline-refused-always", url);
    expect((await settled(first.runId)).run.status).toBe("SUCCEEDED");
    const stored = await listingHashes(first.dealerId);
    const feedBefore = await feedState(first.dealerId);
    const writes = pendingWrites(v2.records, stored);
    expect(writes.length).toBeGreaterThan(1);
    const restore = await refuseListing(identityKey(writes.at(-1)!), "always");
    serve("/inline-refused-always.csv", (_req, res) => csv(res, v2.text));
    let runId: string;
    try {
      runId = await pollAgain(first.dealerId);
      const { run, assets, steps } = await settled(runId);
      expect(run.status).toBe("FAILED");
      expect(run.error).toMatch(/write refused by fault injection/);
      expect(assets.map((a) => [a.asset, a.status])).toEqual([["FEED_INGEST", "FAILED"]]);
      expect(stepLog(steps)).toEqual(["fetch#0 ✗", "fetch#1 ✗", "fetch#2 ✗", "fetch#3 ✗"]);
    } finally {
      await restore();
    }
    expect(await listingHashes(first.dealerId)).toEqual(stored);
    const feed = await feedState(first.dealerId);
    expect(feed.lastFeedHash).toBe(feedBefore.lastFeedHash);
    expect(feed.status).toBe("FAILED");
    expect(await leftoverState(runId)).toBe(0);
  });
});

// ---------- embeddings ----------

interface ProductState {
  total: number;
  current: number;
  dueWithError: number;
  dueWithoutError: number;
  withVector: number;
  errors: string[];
}

/** Every product is either embedded for its current text, or due with the reason it is not. */
async function productState(): Promise<ProductState> {
  const model = getEmbeddingProvider().model;
  const [row] = await db().sql.query<ProductState>(
    `SELECT count(*)::int AS total,
       count(*) FILTER (WHERE embedding IS NOT NULL AND "lastEmbeddingHash" = "semanticHash" AND "embeddingModel" = $1)::int AS current,
       count(*) FILTER (WHERE NOT (embedding IS NOT NULL AND "lastEmbeddingHash" = "semanticHash" AND "embeddingModel" = $1) AND "embeddingError" IS NOT NULL)::int AS "dueWithError",
       count(*) FILTER (WHERE NOT (embedding IS NOT NULL AND "lastEmbeddingHash" = "semanticHash" AND "embeddingModel" = $1) AND "embeddingError" IS NULL)::int AS "dueWithoutError",
       count(*) FILTER (WHERE embedding IS NOT NULL)::int AS "withVector",
       COALESCE(array_agg(DISTINCT "embeddingError") FILTER (WHERE "embeddingError" IS NOT NULL), '{}') AS errors
     FROM "Product"`,
    [model],
  );
  return row!;
}

/** Makes `n` products due again, as a model change would, keeping their current vectors. */
async function makeDue(n = 40): Promise<number> {
  const rows = await db().sql.query(
    `UPDATE "Product" SET "embeddingModel" = 'an-older-model', "embeddingError" = NULL
     WHERE id IN (SELECT id FROM "Product" ORDER BY id LIMIT $1) RETURNING id`,
    [n],
  );
  return rows.length;
}

const embedNow = () => embedDueProducts(db(), getEmbeddingProvider(), { limit: 1_000, attemptedBefore: new Date(Date.now() + 1_000) });

describe("the embeddings API misbehaves", () => {
  it("a 429 storm during a pipeline run: the run is unaffected, the products stay due with the reason, none lost; embedded once the storm ends", async () => {
    await executor.waitForIdle();
    await embedNow(); // whatever earlier tests left due
    const embeddingRecords = async () =>
      (await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AssetMaterialization" WHERE asset = 'EMBEDDINGS'`))[0]!.n;
    const recordsBefore = await embeddingRecords();
    openai.setFaults({ storm429: Number.POSITIVE_INFINITY, storm429RetryAfterMs: 20 });
    const v1 = feedOf("embedding-storm", 40);
    const url = serve("/embedding-storm.csv", (_req, res) => csv(res, v1.text));
    const { runId, dealerId } = await onboardUrlDealer("embedding-storm", url);
    const { run, assets } = await settled(runId);
    expect(run).toEqual({ status: "SUCCEEDED", error: null });
    expect(assets).toEqual(ALL_SUCCEEDED);
    expect(await activeListings(dealerId)).toEqual(expected(v1.records));
    await waitFor(async () => (await embeddingRecords()) > recordsBefore);
    await executor.waitForIdle();
    expect(openai.stats.stormed).toBeGreaterThan(0);

    const stormed = await productState();
    expect(stormed.dueWithError).toBeGreaterThan(0);
    expect(stormed.dueWithoutError).toBe(0);
    expect(stormed.current + stormed.dueWithError).toBe(stormed.total);
    expect(stormed.errors.every((e) => /rate_limited \(HTTP 429\).*after 2 attempts/.test(e))).toBe(true);
    const [record] = await db().sql.query<{ status: string; quarantined: number }>(
      `SELECT status::text, quarantined FROM "AssetMaterialization" WHERE asset = 'EMBEDDINGS' ORDER BY "finishedAt" DESC LIMIT 1`,
    );
    expect(record).toEqual({ status: "FAILED", quarantined: stormed.dueWithError });

    openai.setFaults({ storm429: 0 });
    const healed = await embedNow();
    expect(healed).toMatchObject({ selected: stormed.dueWithError, embedded: stormed.dueWithError, failed: 0 });
    expect(await productState()).toMatchObject({ total: stormed.total, current: stormed.total, dueWithError: 0, dueWithoutError: 0 });
  });

  it("a 500 storm: nothing embedded, every due product left due with the server error and its previous vector kept; a short storm is retried through", async () => {
    const { total } = await productState();
    const due = await makeDue();
    expect(due).toBe(40);
    openai.setFaults({ fail500: Number.POSITIVE_INFINITY });
    const stormed = await embedNow();
    expect(stormed).toMatchObject({ selected: due, embedded: 0, failed: due });
    const state = await productState();
    expect(state).toMatchObject({ total, current: total - due, dueWithError: due, dueWithoutError: 0, withVector: total });
    expect(state.errors.every((e) => /server \(HTTP 500\).*after 2 attempts/.test(e))).toBe(true);

    // One failure per request at most: each batch's retry gets through.
    openai.setFaults({ fail500: 1 });
    const retried = await embedNow();
    expect(retried).toMatchObject({ selected: due, embedded: due, failed: 0 });
    expect(await productState()).toMatchObject({ total, current: total, dueWithError: 0, dueWithoutError: 0 });
  });

  it("a hanging API: each request times out, the due products stay due with the timeout, none lost; embedded once it answers", async () => {
    const { total } = await productState();
    const due = await makeDue();
    openai.setFaults({ hang: Number.POSITIVE_INFINITY });
    const t0 = performance.now();
    const hung = await embedNow();
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(hung).toMatchObject({ selected: due, embedded: 0, failed: due });
    const state = await productState();
    expect(state).toMatchObject({ total, current: total - due, dueWithError: due, dueWithoutError: 0, withVector: total });
    expect(state.errors.every((e) => /timeout/.test(e))).toBe(true);

    openai.setFaults({ hang: 0 });
    expect(await embedNow()).toMatchObject({ embedded: due, failed: 0 });
    expect(await productState()).toMatchObject({ total, current: total, dueWithError: 0, dueWithoutError: 0 });
  });
});
