import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { ingestFeed, IngestFailedError } from "@/lib/pipeline/ingest";
import { openTestDb } from "../support/db";
import { feed } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
let server: http.Server;
let origin: string;
/** What the dealer's server answers next: a body, or a status. */
let answer: { body: string } | { status: number } = { status: 404 };

beforeAll(async () => {
  db = await openTestDb();
  server = http.createServer((_req, res) => {
    if ("body" in answer) res.writeHead(200, { "content-type": "text/csv" }).end(answer.body);
    else res.writeHead(answer.status).end();
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
