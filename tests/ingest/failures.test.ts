import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { renderFeed } from "@/lib/feeds/generate";
import { identityKey } from "@/lib/feeds/identity";
import { createRuns } from "@/lib/orchestrator/runs";
import { fetchAndHash, IngestFailedError, planIngest, stageRecords, storeUpload, writeBatch } from "@/lib/pipeline/ingest";
import { openTestDb } from "../support/db";
import { feed, nextFeed, tableRows, uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

async function listingState(dealerId: string) {
  return {
    skus: (await tableRows(db, "DealerSku")).filter((r) => r.dealerId === dealerId),
    quarantined: (await tableRows(db, "QuarantinedRecord")).filter((r) => r.dealerId === dealerId),
    hash: (await db.sql.query(`SELECT "lastFeedHash", "lastByteSize", family FROM "Feed" WHERE "dealerId" = $1`, [dealerId]))[0],
  };
}

async function expectFailed(promise: Promise<unknown>): Promise<IngestFailedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestFailedError);
  return error as IngestFailedError;
}

describe("a feed that cannot be read changes nothing", () => {
  const unreadable: Array<[string, Uint8Array | string, RegExp]> = [
    ["empty", "", /cannot read the feed: .*empty/],
    ["binary", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 0xff, 0xfe]), /cannot read the feed/],
    // Broken well after its start: records were already staged when the parser gave up.
    ["header only", "sku,title,price\n", /cannot read the feed: the feed has no listings/],
    ["no usable row", "sku,title,price\nA,,1.00\nB,,2.00\nC,Federal 9mm 115gr,\n", /cannot read the feed: no usable listings: all 3 rows were quarantined \(missing title ×2, .+ ×1\)/],
    ["JSON broken at the end", `[${Array.from({ length: 300 }, (_, i) => `{"title":"Federal 9mm 115gr FMJ 50 Rounds #${i}","price":"${(10 + i / 100).toFixed(2)}","sku":"B${i}"}`).join(",")}, {"title": `, /cannot read the feed/],
  ];
  for (const [name, content, message] of unreadable) {
    test(name, async () => {
      const f = await uploadDealer(db, `unreadable-${name.replace(/\W+/g, "-")}`);
      const good = feed(120, "csv", "gunengine", name);
      await uploadAndIngest(db, f, good.text);
      const before = await listingState(f.dealerId);

      let copies = 0;
      const counting: Db = { ...db, sql: { ...db.sql, copyFrom: (source) => ((copies += 1), db.sql.copyFrom(source)) } };
      // The broken JSON goes the staged way (as a feed beyond the one-step bound does): rows are COPYed before it fails.
      const staged = name.startsWith("JSON") ? { oneStepMaxBytes: 0 } : {};
      const error = await expectFailed(uploadAndIngest(counting, f, content, { copyRows: 50, ...staged }));
      expect(error.message).toMatch(message);
      if (name.startsWith("JSON")) expect(copies).toBeGreaterThan(0);

      expect(await listingState(f.dealerId)).toEqual(before);
      const [stored] = await db.sql.query(`SELECT status::text AS status, "lastError" FROM "Feed" WHERE id = $1`, [f.feedId]);
      expect(stored).toEqual({ status: "FAILED", lastError: error.message });
      const records = await db.sql.query(
        `SELECT status::text AS status, error, created, updated FROM "AssetMaterialization" WHERE "runId" = $1`,
        [error.runId],
      );
      expect(records).toEqual([{ status: "FAILED", error: error.message, created: 0, updated: 0 }]);
      expect(await db.sql.query(`SELECT status::text AS status, error FROM "Run" WHERE id = $1`, [error.runId])).toEqual([
        { status: "FAILED", error: error.message },
      ]);
      expect(await tableRows(db, "IngestSnapshot", `"runId"`)).toEqual([]);
      expect(await tableRows(db, "IngestStagedRecord", `"runId", "rowNumber"`)).toEqual([]);

      // The next readable feed ingests normally and clears the failure.
      const recovered = await uploadAndIngest(db, f, good.text);
      expect(recovered.status).toBe("SKIPPED");
      expect(await db.sql.query(`SELECT status::text AS status, "lastError" FROM "Feed" WHERE id = $1`, [f.feedId])).toEqual([
        { status: "OK", lastError: null },
      ]);
    });
  }
});

/** A dealer's listings without ids and timestamps: what two equivalent ingests must agree on. */
async function facts(target: Db, dealerId: string) {
  return target.sql.query(
    `SELECT "identityKey", "contentHash", "lastChangeType"::text AS "lastChangeType", title, price, "inStock", url, "isActive",
       ("deactivatedAt" IS NOT NULL) AS deactivated
     FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY "identityKey"`,
    [dealerId],
  );
}

describe("interrupted ingests converge on a replay", () => {
  const v1 = feed(600, "csv", "ammoseek", "converge");
  const v2 = nextFeed(v1.records, { changeRate: 0.05, vanishRate: 0.03, newRate: 0.1, seed: 99 });
  let reference: Array<Record<string, unknown>>;

  beforeAll(async () => {
    const straight = await openTestDb();
    try {
      const f = await uploadDealer(straight, "straight");
      await uploadAndIngest(straight, f, v1.text);
      const result = await uploadAndIngest(straight, f, v2.text, { batchSize: 25, oneStepMaxBytes: 0 });
      expect(result.plan!.batches).toBeGreaterThan(3);
      reference = await facts(straight, f.dealerId);
    } finally {
      await straight.close();
    }
  });

  test("a crash after batch 1, then a full replay: the same rows as an uninterrupted ingest", async () => {
    const f = await uploadDealer(db, "crashing");
    await uploadAndIngest(db, f, v1.text);
    const crash = new Error("simulated crash after batch 1");
    const error = await expectFailed(
      uploadAndIngest(db, f, v2.text, {
        batchSize: 25,
        oneStepMaxBytes: 0,
        afterBatch: (batch) => {
          if (batch === 1) throw crash;
        },
      }),
    );
    expect(error.cause).toBe(crash);
    const partial = await facts(db, f.dealerId);
    expect(partial).not.toEqual(reference);
    // Batches 0 and 1 are in; the vanished listings are not deactivated yet (that is the last step).
    expect(partial.filter((r) => r.deactivated)).toEqual([]);

    // The replay is written by its parse step (the feed is within the one-step bound): it converges all the same.
    const replay = await uploadAndIngest(db, f, v2.text);
    expect(replay.status).toBe("SUCCEEDED");
    expect(replay.plan).toMatchObject({ batches: 0 });
    expect(await facts(db, f.dealerId)).toEqual(reference);
  });

  test("the re-poll written by its parse step in one transaction: the same rows and counts as written in batches", async () => {
    const f = await uploadDealer(db, "one-step");
    await uploadAndIngest(db, f, v1.text);
    const oneStep = await uploadAndIngest(db, f, v2.text);
    expect(oneStep.plan).toMatchObject({ batches: 0 });
    expect(oneStep.stage!.written).toBe(oneStep.plan!.created + oneStep.plan!.changed);
    expect(oneStep.stage!.written).toBe(oneStep.stage!.staged);
    expect(await facts(db, f.dealerId)).toEqual(reference);
    const again = await uploadDealer(db, "batched");
    await uploadAndIngest(db, again, v1.text);
    const batched = await uploadAndIngest(db, again, v2.text, { batchSize: 25, oneStepMaxBytes: 0 });
    const counts = (m: typeof batched.materialization) => ({ ...m, id: null, runId: null, startedAt: null, finishedAt: null, durationMs: null, partition: null,
      metadata: { ...m.metadata, feedId: null, fetchMs: null, parseMs: null, stageMs: null, writeMs: null, batches: null, batchSize: null } });
    expect(counts(oneStep.materialization)).toEqual(counts(batched.materialization));
    expect(oneStep.materialization.metadata).toMatchObject({ batches: 0 });
  });

  test.each([
    // A quarter or more changed: the write hash-joins the dealer's listings; new rows too.
    ["most listings changed, some new", { changeRate: 0.6, vanishRate: 0.03, newRate: 0.1, seed: 61 }],
    // Every staged row has a listing: the write's INSERT reads nothing.
    ["every listing changed, none new", { changeRate: 1, vanishRate: 0, newRate: 0, seed: 62 }],
  ])("a re-poll with %s, written by its parse step: the same rows and counts as written in batches", async (_name, change) => {
    const v3 = nextFeed(v1.records, change);
    const [oneStep, batched] = await Promise.all(["hashed", "hashed-batched"].map((slug) => uploadDealer(db, slug + String(change.seed))));
    await uploadAndIngest(db, oneStep!, v1.text);
    await uploadAndIngest(db, batched!, v1.text);
    const written = await uploadAndIngest(db, oneStep!, v3.text);
    const reference = await uploadAndIngest(db, batched!, v3.text, { batchSize: 25, oneStepMaxBytes: 0 });
    expect(written.plan).toMatchObject({ batches: 0 });
    expect(4 * written.plan!.changed).toBeGreaterThanOrEqual(written.stage!.records);
    expect(written.plan!.created > 0).toBe(change.newRate > 0);
    expect(written.stage!.written).toBe(written.stage!.staged);
    expect(await facts(db, oneStep!.dealerId)).toEqual(await facts(db, batched!.dealerId));
    expect(written.materialization).toMatchObject({
      created: reference.materialization.created,
      updated: reference.materialization.updated,
      unchanged: reference.materialization.unchanged,
      deactivated: reference.materialization.deactivated,
    });
    expect(written.materialization.metadata).toMatchObject({ changeTypes: reference.materialization.metadata.changeTypes });
  });

  test("a process that died mid-run (no failure recorded), then a new run: same rows, the dead run's state dropped", async () => {
    const f = await uploadDealer(db, "dying");
    await uploadAndIngest(db, f, v1.text);
    await uploadAndIngest(db, f, v2.text);
    // A run of v3, by its steps, abandoned after one batch.
    const [dead] = await createRuns(db.sql, [{ dealerId: f.dealerId, feedId: f.feedId, trigger: "MANUAL", plan: "PRO", priority: 0 }]);
    const v3 = nextFeed(v2.records, { changeRate: 0.05, vanishRate: 0.05, seed: 7 });
    await storeUpload(db.sql, { feedId: f.feedId, fileName: "v3", content: new TextEncoder().encode(v3.text) });
    await fetchAndHash(db, { runId: dead!, feedId: f.feedId });
    await stageRecords(db, { runId: dead! }, { oneStepMaxBytes: 0 });
    const plan = await planIngest(db, { runId: dead! }, { batchSize: 10 });
    expect(plan.batches).toBeGreaterThan(1);
    await writeBatch(db, { runId: dead!, batch: 0 });
    // Only the new and changed listings are staged; the vanished ones are kept by identity.
    expect(plan.created + plan.changed).toBeLessThan(v3.records.length);
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestStagedRecord" WHERE "runId" = $1`, [dead!])).toEqual([{ n: plan.created + plan.changed }]);
    expect(plan.vanished).toBeGreaterThan(0);
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestVanishedListing" WHERE "runId" = $1`, [dead!])).toEqual([{ n: plan.vanished }]);

    const replay = await uploadAndIngest(db, f, v3.text);
    expect(replay.status).toBe("SUCCEEDED");
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestStagedRecord" WHERE "runId" = $1`, [dead!])).toEqual([{ n: 0 }]);
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestVanishedListing" WHERE "runId" = $1`, [dead!])).toEqual([{ n: 0 }]);
    expect(await tableRows(db, "IngestSnapshot", `"runId"`)).toEqual([]);

    const straight = await openTestDb();
    try {
      const s = await uploadDealer(straight, "straight");
      await uploadAndIngest(straight, s, v1.text);
      await uploadAndIngest(straight, s, v2.text);
      await uploadAndIngest(straight, s, v3.text);
      expect(await facts(db, f.dealerId)).toEqual(await facts(straight, s.dealerId));
    } finally {
      await straight.close();
    }
  });
});

test("a write the database refuses changes nothing of it (a first ingest wholly, a re-poll batch by batch); a replay completes it", async () => {
  const f = await uploadDealer(db, "refused");
  const v1 = feed(300, "json", "ammoseek", "refused");
  const refusedKey = identityKey(v1.records[150]!);
  const refuse = async () =>
    db.sql.exec(`
      CREATE FUNCTION refuse_one_listing() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."identityKey" = '${refusedKey.replace(/'/g, "''")}' THEN RAISE EXCEPTION 'listing refused by test trigger'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_one_listing BEFORE INSERT OR UPDATE ON "DealerSku" FOR EACH ROW EXECUTE FUNCTION refuse_one_listing();`);
  const allow = async () => db.sql.exec(`DROP TRIGGER refuse_one_listing ON "DealerSku"; DROP FUNCTION refuse_one_listing();`);
  const stored = async () =>
    new Set((await db.sql.query<{ identityKey: string }>(`SELECT "identityKey" FROM "DealerSku" WHERE "dealerId" = $1`, [f.dealerId])).map((r) => r.identityKey));
  const feedHash = async () => db.sql.query(`SELECT "lastFeedHash" FROM "Feed" WHERE id = $1`, [f.feedId]);

  // A first ingest is written in one transaction by the parse step: all of it or nothing.
  await refuse();
  try {
    const error = await expectFailed(uploadAndIngest(db, f, v1.text, { batchSize: 100 }));
    expect(error.message).toContain("listing refused by test trigger");
    expect(await stored()).toEqual(new Set());
    expect(await feedHash()).toEqual([{ lastFeedHash: null }]);
  } finally {
    await allow();
  }

  // With 50 listings stored, the same feed is a re-poll: 250 new listings in batches [50..149], [150..249], [250..299].
  await uploadAndIngest(db, f, renderFeed(v1.records.slice(0, 50), "json", "ammoseek"));
  await refuse();
  try {
    const error = await expectFailed(uploadAndIngest(db, f, v1.text, { batchSize: 100, oneStepMaxBytes: 0 }));
    expect(error.message).toContain("listing refused by test trigger");
    expect(await stored()).toEqual(new Set(v1.records.slice(0, 150).map(identityKey)));
    expect(await feedHash()).not.toEqual([{ lastFeedHash: null }]);
  } finally {
    await allow();
  }

  const replay = await uploadAndIngest(db, f, v1.text, { batchSize: 100 });
  expect(replay.materialization).toMatchObject({ status: "SUCCEEDED", created: 150, unchanged: 150 });
  expect(await db.sql.query(`SELECT count(*)::int AS n FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive"`, [f.dealerId])).toEqual([{ n: 300 }]);
});
