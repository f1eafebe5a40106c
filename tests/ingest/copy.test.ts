/** db.copyFrom: COPY (CSV) into a table, values exactly as given. */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { CopyValue, Db } from "@/lib/db";
import { toCopyCsv } from "@/lib/db/copy";
import { openTestDb } from "../support/db";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
  await db.sql.exec(`CREATE TABLE copy_probe (n int, t text, b boolean, x numeric(12, 2))`);
});
afterAll(async () => {
  await db.close();
});

test("NULL, empty strings, quotes, commas, newlines, backslashes and the end-of-data marker survive", async () => {
  const rows: CopyValue[][] = [
    [1, null, true, 1.5],
    [2, "", false, null],
    [3, 'say "hi", then\nleave', null, 1299],
    [4, "\\.", true, 0.01],
    [5, "  padded  ", false, 18.999],
    [6, "=HYPERLINK(\"x\")\r\nnext", true, -2],
  ];
  await db.sql.copyFrom({ table: "copy_probe", columns: ["n", "t", "b", "x"], rows });
  expect(await db.sql.query(`SELECT n, t, b, x FROM copy_probe ORDER BY n`)).toEqual([
    { n: 1, t: null, b: true, x: 1.5 },
    { n: 2, t: "", b: false, x: null },
    { n: 3, t: 'say "hi", then\nleave', b: null, x: 1299 },
    { n: 4, t: "\\.", b: true, x: 0.01 },
    { n: 5, t: "  padded  ", b: false, x: 19 },
    { n: 6, t: '=HYPERLINK("x")\r\nnext', b: true, x: -2 },
  ]);
});

test("no rows: nothing sent; identifiers are checked", async () => {
  expect(toCopyCsv([])).toBe("");
  await db.sql.copyFrom({ table: "copy_probe", columns: ["n"], rows: [] });
  await expect(db.sql.copyFrom({ table: 'copy_probe"; DROP TABLE x; --', columns: ["n"], rows: [[1]] })).rejects.toThrow(/not a plain identifier/);
});
