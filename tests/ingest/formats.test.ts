import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Db } from "@/lib/db";
import { identityKey } from "@/lib/feeds/identity";
import type { FeedFamily, FeedFormat } from "@/lib/feeds/types";
import { openTestDb } from "../support/db";
import { feed, uploadAndIngest, uploadDealer } from "./helpers";

// Whole ingests on a shared, often busy 2-core machine: allow for it.
vi.setConfig({ testTimeout: 180_000 });

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const FORMATS: FeedFormat[] = ["csv", "json", "xml"];
const FAMILIES: FeedFamily[] = ["ammoseek", "gunengine", "generic"];

describe("every format × family ingests", () => {
  for (const format of FORMATS) {
    for (const family of FAMILIES) {
      test(`${format} / ${family}`, async () => {
        const generated = feed(60, format, family, `${format}-${family}`);
        const f = await uploadDealer(db, `dealer-${format}-${family}`);
        const result = await uploadAndIngest(db, f, generated.text);

        expect(result.status).toBe("SUCCEEDED");
        expect(result.stage).toMatchObject({ format, family, records: 60, quarantined: 0 });
        expect(result.materialization).toMatchObject({ status: "SUCCEEDED", created: 60, updated: 0, unchanged: 0, deactivated: 0 });

        const rows = await db.sql.query<{ identityKey: string; price: number; inStock: boolean; title: string; caliber: string | null; lastChangeType: string; isActive: boolean }>(
          `SELECT "identityKey", price, "inStock", title, caliber, "lastChangeType"::text AS "lastChangeType", "isActive"
           FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY "identityKey"`,
          [f.dealerId],
        );
        const expected = generated.records
          .map((r) => ({ identityKey: identityKey(r), price: r.price, inStock: r.inStock, title: r.title, caliber: r.caliber, lastChangeType: "CREATED", isActive: true }))
          .sort((a, b) => (a.identityKey < b.identityKey ? -1 : 1));
        expect(rows).toEqual(expected);

        const [stored] = await db.sql.query<{ family: string; status: string; lastFeedHash: string; lastByteSize: number; lastRecordCount: number }>(
          `SELECT family, status::text AS status, "lastFeedHash", "lastByteSize", "lastRecordCount" FROM "Feed" WHERE id = $1`,
          [f.feedId],
        );
        expect(stored).toMatchObject({ family, status: "OK", lastFeedHash: result.materialization.metadata.sha256, lastByteSize: Buffer.byteLength(generated.text), lastRecordCount: 60 });
      });
    }
  }
});
