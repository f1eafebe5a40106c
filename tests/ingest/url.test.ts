import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { ingestFeed, IngestFailedError } from "@/lib/pipeline/ingest";
import { openTestDb } from "../support/db";
import { feed, nextFeed } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
let server: http.Server;
let origin: string;
/** What the dealer's server answers next: a body (with its ETag, if it sends one), or a status. */
let answer: { body: string; etag?: string } | { status: number } = { status: 404 };
/** The If-None-Match of each request the server saw, and what it answered. */
const seen: Array<{ ifNoneMatch: string | undefined; status: number }> = [];

beforeAll(async () => {
  db = await openTestDb();
  server = http.createServer((req, res) => {
    const ifNoneMatch = req.headers["if-none-match"];
    const status = "body" in answer ? (answer.etag && ifNoneMatch === answer.etag ? 304 : 200) : answer.status;
    seen.push({ ifNoneMatch, status });
    if (!("body" in answer)) return void res.writeHead(status).end();
    const etag = answer.etag ? { etag: answer.etag } : {};
    if (status === 304) res.writeHead(304, etag).end();
    else res.writeHead(200, { "content-type": "text/csv", ...etag }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

async function failure(promise: Promise<unknown>): Promise<IngestFailedError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(IngestFailedError);
  return error as IngestFailedError;
}

test("a URL feed is fetched through the guard, hashed, ingested, and skipped when unchanged", async () => {
  const dealer = await findOrCreateDealer(db.sql, { slug: "by-url", plan: "STANDARD" });
  const f = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { url: `http://${origin}/feed.csv` } });
  const generated = feed(150, "csv", "gunengine", "by-url");
  answer = { body: generated.text };
  const fetch = { loopbackAllowList: [origin] };

  const first = await ingestFeed(db, { feedId: f.id, fetch });
  expect(first.materialization).toMatchObject({ status: "SUCCEEDED", created: 150 });
  expect(first.materialization.metadata).toMatchObject({ feedBytes: Buffer.byteLength(generated.text), family: "gunengine" });
  // Nothing of a fetched feed's bytes outlives its run.
  expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestSnapshot"`)).toEqual([{ n: 0 }]);

  const second = await ingestFeed(db, { feedId: f.id, fetch });
  expect(second.status).toBe("SKIPPED");

  // The guard refuses loopback unless allowed: the run fails with the reason, nothing changes.
  const before = await db.sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [dealer.id]);
  const blocked = await failure(ingestFeed(db, { feedId: f.id }));
  expect(blocked.message).toMatch(/^cannot fetch the feed: /);
  answer = { status: 500 };
  const broken = await failure(ingestFeed(db, { feedId: f.id, fetch, force: true }));
  expect(broken.message).toMatch(/cannot fetch the feed: .*500/);
  expect(await db.sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [dealer.id])).toEqual(before);
  const [stored] = await db.sql.query<{ status: string; lastError: string; lastFeedHash: string }>(
    `SELECT status::text AS status, "lastError", "lastFeedHash" FROM "Feed" WHERE id = $1`,
    [f.id],
  );
  expect(stored).toEqual({ status: "FAILED", lastError: broken.message, lastFeedHash: first.materialization.metadata.sha256 });
});

test("a host that sends an ETag is asked conditionally: 304 is a skip, a new version is ingested, force asks plainly", async () => {
  const dealer = await findOrCreateDealer(db.sql, { slug: "by-etag", plan: "STANDARD" });
  const url = `http://${origin}/etag.csv`;
  const f = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { url } });
  const feedState = async () =>
    (await db.sql.query<{ lastFeedHash: string; lastValidators: unknown }>(`SELECT "lastFeedHash", "lastValidators" FROM "Feed" WHERE id = $1`, [f.id]))[0]!;
  const fetch = { loopbackAllowList: [origin] };
  const v1 = feed(120, "csv", "ammoseek", "by-etag");
  answer = { body: v1.text, etag: '"v1"' };
  seen.length = 0;

  expect((await ingestFeed(db, { feedId: f.id, fetch })).status).toBe("SUCCEEDED");
  const ingested = await feedState();
  expect(ingested.lastValidators).toEqual({ url, etag: '"v1"' });
  expect(seen).toEqual([{ ifNoneMatch: undefined, status: 200 }]);

  // Unchanged: the host answers 304 and no body crosses the wire; the run is a skip of the listings last ingested.
  const listings = await db.sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [dealer.id]);
  const skipped = await ingestFeed(db, { feedId: f.id, fetch });
  expect(skipped.status).toBe("SKIPPED");
  expect(skipped.materialization).toMatchObject({ status: "SKIPPED", unchanged: 120, created: 0, updated: 0 });
  expect(skipped.materialization.metadata).toMatchObject({
    sha256: ingested.lastFeedHash,
    reason: "feed unchanged (HTTP 304 Not Modified)",
  });
  expect(seen.slice(1)).toEqual([{ ifNoneMatch: '"v1"', status: 304 }]);
  expect(await db.sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [dealer.id])).toEqual(listings);
  expect(await feedState()).toEqual(ingested);

  // A new version under a new ETag: asked with the old one, answered in full, ingested, its ETag kept.
  answer = { body: nextFeed(v1.records, { changeRate: 0.1, seed: 2 }).text, etag: '"v2"' };
  const changed = await ingestFeed(db, { feedId: f.id, fetch });
  expect(changed.status).toBe("SUCCEEDED");
  expect(changed.materialization.updated).toBeGreaterThan(0);
  expect(seen.slice(2)).toEqual([{ ifNoneMatch: '"v1"', status: 200 }]);
  expect((await feedState()).lastValidators).toEqual({ url, etag: '"v2"' });

  // A forced run reads the bytes whatever the host would say: no conditional header.
  const forced = await ingestFeed(db, { feedId: f.id, fetch, force: true });
  expect(forced.status).toBe("SUCCEEDED");
  expect(seen.slice(3)).toEqual([{ ifNoneMatch: undefined, status: 200 }]);
});
