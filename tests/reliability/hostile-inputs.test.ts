/**
 * Hostile and broken feeds end to end through INGEST (upload → fetch step → streaming parse into staging
 * → plan → write batches → finalize), not just the parser (tests/feeds/hostile.test.ts covers that): what
 * the database holds afterwards. A feed that cannot be read fails its run and changes nothing the dealer
 * had; a readable one keeps every good row, quarantines each bad one with its reason, and every stored
 * listing is sane (plain-text title, finite positive price, http(s) link or none).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { IngestFailedError } from "@/lib/pipeline/ingest";
import { openTestDb } from "../support/db";
import { feed, uploadAndIngest, uploadDealer, type TestFeed } from "../ingest/helpers";

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

const H = "sku,title,price,in_stock\n";
const A = "A1,Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds,18.99,yes\n";
const B = "B2,Hornady .223 Rem 55gr V-MAX 50 Rounds,29.99,no\n";
const json = (v: unknown) => JSON.stringify(v);
const item = (sku: string, title = "Winchester 9mm 115gr FMJ 50rd", price: unknown = "19.99") => ({ sku, title, price });
const xmlItem = (sku: string, title = "Tula 7.62x39 122gr FMJ Steel Case 20 Rounds", price = "9.99") =>
  `<product><sku>${sku}</sku><title>${title}</title><price>${price}</price></product>`;
const xml = (...items: string[]) => `<?xml version="1.0"?>\n<products>${items.join("\n")}</products>`;
const bytes = (...parts: Array<number[] | string | Uint8Array>) =>
  Uint8Array.from(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))));
function garbage(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) out[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

interface Readable {
  keeps: string[];
  quarantined?: RegExp[];
  also?: (rows: Listing[]) => void;
}
type Outcome = { fails: RegExp } | Readable;
interface Case {
  name: string;
  input: () => string | Uint8Array;
  outcome: Outcome;
}
interface Listing {
  sku: string | null;
  title: string;
  price: number;
  url: string | null;
  pricePerRound: number | null;
  upc: string | null;
  inStock: boolean;
}

const CASES: Case[] = [
  // ---------- nothing readable: the run fails, the dealer's listings stay ----------
  { name: "an empty file", input: () => "", outcome: { fails: /cannot read the feed: .*empty/ } },
  { name: "whitespace only", input: () => " \n\t\r\n  \n", outcome: { fails: /empty/ } },
  { name: "a BOM and nothing else", input: () => bytes([0xef, 0xbb, 0xbf], "\n"), outcome: { fails: /empty/ } },
  { name: "binary garbage", input: () => garbage(4096), outcome: { fails: /binary/ } },
  { name: "gzip bytes uploaded as the feed", input: () => bytes([0x1f, 0x8b, 0x08, 0x00], garbage(300, 3)), outcome: { fails: /gzip/ } },
  { name: "text with NUL bytes", input: () => `${H}A1,Federal\u0000 9mm,1.00,yes\n`, outcome: { fails: /binary/ } },
  { name: "an HTML error page", input: () => "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", outcome: { fails: /HTML page/ } },
  { name: "CSV rows without a header", input: () => A + B, outcome: { fails: /header names no title and price/ } },
  { name: "CSV header only", input: () => H, outcome: { fails: /the feed has no listings/ } },
  { name: "CSV whose every row is bad", input: () => `${H}P1,Federal 9mm 50rd,,yes\nP2,Federal 9mm 50rd,-1,yes\nP3,,5.00,yes\n`, outcome: { fails: /no usable listings: all 3 rows were quarantined \(.*missing price ×1/ } },
  { name: "JSON object without an item array", input: () => json({ title: "Federal 9mm", price: 1 }), outcome: { fails: /no item array/ } },
  { name: "JSON truncated mid-item", input: () => json([item("J1"), item("J2")]).slice(0, -20), outcome: { fails: /malformed JSON|ends early/ } },
  { name: "JSON with trailing garbage", input: () => `${json([item("J1")])} trailing`, outcome: { fails: /malformed JSON/ } },
  { name: "JSON with an invalid token", input: () => `[${json(item("J1"))}, {"sku": tru}]`, outcome: { fails: /malformed JSON near row 2/ } },
  { name: "JSON nesting never closed", input: () => "[".repeat(200_000), outcome: { fails: /ends early|malformed/ } },
  { name: "a JSON empty array", input: () => "[]", outcome: { fails: /the feed has no listings/ } },
  { name: "JSON whose items are all non-objects", input: () => '[1, "x", null, [2], true]', outcome: { fails: /no usable listings: all 5 rows were quarantined \(item is not an object ×5\)/ } },
  { name: "something that is not XML", input: () => "<<<< >>>> not xml at all", outcome: { fails: /XML/ } },
  { name: "an XML root without items", input: () => "<catalog><meta><generated>now</generated></meta></catalog>", outcome: { fails: /no product, item or entry elements/ } },
  { name: "an empty XML root", input: () => '<?xml version="1.0"?><products/>', outcome: { fails: /the feed has no listings/ } },

  // ---------- readable: good rows in, bad rows quarantined with reasons ----------
  { name: "CSV with BOM, CRLF and odd header spacing/case", input: () => bytes([0xef, 0xbb, 0xbf], " SKU ,Product_Name,PRICE, In-Stock\r\n", A.replace("\n", "\r\n"), B.replace("\n", "\r\n")), outcome: { keeps: ["A1", "B2"], also: (r) => expect(r.find((x) => x.sku === "B2")?.inStock).toBe(false) } },
  { name: "CSV in UTF-16 LE", input: () => bytes([0xff, 0xfe], Buffer.from(H + A, "utf16le")), outcome: { keeps: ["A1"] } },
  { name: "CSV in UTF-16 BE", input: () => bytes([0xfe, 0xff], Buffer.from(H + B, "utf16le").swap16()), outcome: { keeps: ["B2"] } },
  { name: "CSV in Windows-1252", input: () => bytes(H, "C3,Fiocchi 9mm 124gr FMJ Caf", [0xe9], " 50 Rounds,12.50,yes\n"), outcome: { keeps: ["C3"], also: (r) => expect(r[0]!.title).toBe("Fiocchi 9mm 124gr FMJ Café 50 Rounds") } },
  { name: "CSV with quoted newlines, quotes and commas in cells", input: () => `${H}Q1,"Federal ""Champion""\n9mm, 115gr\r\nFMJ 50 Rounds",15.00,yes\n${B}`, outcome: { keeps: ["B2", "Q1"], also: (r) => expect(r.find((x) => x.sku === "Q1")!.title).toBe('Federal "Champion" 9mm, 115gr FMJ 50 Rounds') } },
  { name: "CSV rows with wrong column counts", input: () => `${H}${A}short,row\n${B}L1,Long row 9mm,1.00,yes,extra,cells\n`, outcome: { keeps: ["A1", "B2"], quarantined: [/expected 4 columns, got 2/, /expected 4 columns, got 6/] } },
  { name: "CSV with an unclosed quote mid-file", input: () => `${H}${A}U1,"Federal 9mm 50rd,12.00,yes\n${B}`, outcome: { keeps: ["A1", "B2"], quarantined: [/unclosed quote/] } },
  { name: "CSV formula-injection cells (kept as literal text)", input: () => `${H}"=HYPERLINK(""http://evil.example"",""9mm"")",=1+1 Federal 9mm 50rd,5.00,yes\n+SUM(A1),@cmd|' /C calc'!A0 Hornady 9mm,6.00,yes\n`, outcome: { keeps: ['=HYPERLINK("http://evil.example","9mm")', "+SUM(A1)"], also: (r) => expect(r.map((x) => x.title).sort()).toEqual(["=1+1 Federal 9mm 50rd", "@cmd|' /C calc'!A0 Hornady 9mm"]) } },
  { name: "CSV script and image markup in titles", input: () => `${H}H1,"<script>alert(1)</script><b>Federal</b> 9mm <img src=x onerror=alert(2)>115gr FMJ 50rd",10.00,yes\nH2,&lt;script&gt;alert(3)&lt;/script&gt;Hornady 9mm 124gr 50 Rounds,11.00,yes\n`, outcome: { keeps: ["H1", "H2"], also: (r) => expect(r.map((x) => x.title)).toEqual(["Federal 9mm 115gr FMJ 50rd", "Hornady 9mm 124gr 50 Rounds"]) } },
  { name: "CSV SQL-looking values (stored as data, tables intact)", input: () => `${H}"1' OR '1'='1","Federal 9mm'; DROP TABLE ""DealerSku"";-- 50rd",10.00,yes\n`, outcome: { keeps: ["1' OR '1'='1"], also: (r) => expect(r[0]!.title).toBe(`Federal 9mm'; DROP TABLE "DealerSku";-- 50rd`) } },
  { name: "CSV negative, NaN, zero, absurd and missing prices", input: () => H + ["P1,Federal 9mm 50rd,-5.00,yes", "P2,Federal 9mm 50rd,NaN,yes", "P3,Federal 9mm 50rd,0.00,yes", "P4,Federal 9mm 50rd,1e308,yes", "P5,Federal 9mm 50rd,abc,yes", "P6,Federal 9mm 50rd,,yes", "P7,Federal 9mm 50rd,250000,yes", 'P8,Federal 9mm 1000rd,"$1,299.00",yes', "P9,Federal 9mm 50rd,(12.00),yes"].join("\n"), outcome: { keeps: ["P8"], quarantined: [/negative price/, /unparseable price: "NaN"/, /zero price/, /unparseable price: "1e308"/, /unparseable price: "abc"/, /missing price/, /implausible price/, /negative price: \(12\.00\)/], also: (r) => expect(r[0]!.price).toBe(1299) } },
  { name: "CSV missing titles", input: () => `${H}M1,,10.00,yes\nM2,<b></b>  ,10.00,yes\n${A}`, outcome: { keeps: ["A1"], quarantined: [/missing title/, /missing title/] } },
  { name: "CSV duplicate identities: the last row wins", input: () => H + A + A.replace("18.99", "17.99") + A.replace("18.99", "16.99"), outcome: { keeps: ["A1"], quarantined: [/duplicate identity sku:A1 \(also row 3\)/, /duplicate identity sku:A1 \(also row 3\)/], also: (r) => expect(r[0]!.price).toBe(16.99) } },
  { name: "CSV with thousands of empty rows", input: () => `${H}${"\n".repeat(5000)}${",,,\n".repeat(5000)}${A}${"\n".repeat(5000)}${B}`, outcome: { keeps: ["A1", "B2"] } },
  { name: "CSV giant row (200 KB title)", input: () => `${H}${A}G1,"${"Federal 9mm ".repeat(17_000)}",10.00,yes\n${B}`, outcome: { keeps: ["A1", "B2"], quarantined: [/row too large/] } },
  { name: "CSV long title (2,000 chars) cut to 500", input: () => `${H}L1,"Federal 9mm 115gr FMJ 50 Rounds ${"very ".repeat(400)}",10.00,yes\n`, outcome: { keeps: ["L1"], also: (r) => expect(r[0]!.title.length).toBeLessThanOrEqual(500) } },
  { name: "CSV 5,000-character SKU cut to 128", input: () => `${H}${"S".repeat(5000)},Federal 9mm 115gr FMJ 50 Rounds,10.00,yes\n`, outcome: { keeps: ["S".repeat(128)] } },
  { name: "CSV with semicolons and Excel's sep= hint", input: () => "sep=;\nSKU;Title;Price;Stock\nS1;Sellier & Bellot 9mm 124gr FMJ 50 Rounds;14,99;In Stock\n", outcome: { keeps: ["S1"], also: (r) => expect(r[0]!.price).toBe(14.99) } },
  { name: "CSV tab-separated", input: () => "sku\tname\tcost\tqty\nT1\tPMC Bronze 9mm 115gr FMJ\t$14.50\t50\n", outcome: { keeps: ["T1"], also: (r) => expect(r[0]!.pricePerRound).toBe(0.29) } },
  { name: "CSV with CR-only line endings", input: () => `${H}${A}${B}`.replace(/\n/g, "\r"), outcome: { keeps: ["A1", "B2"] } },
  { name: "CSV control, zero-width and bidi characters in cells", input: () => `${H}K1,Federal\u0007 9mm\u001b 115gr\u200b 50rd\u202e,10.00,yes\n`, outcome: { keeps: ["K1"], also: (r) => expect(r[0]!.title).not.toMatch(/[\u0000-\u001f\u007f]/) } },
  { name: "CSV dangerous links dropped, rows kept", input: () => "sku,title,price,url\nU1,Federal 9mm 50rd,10.00,javascript:alert(1)\nU2,Federal 9mm 50rd,10.00,\"data:text/html;base64,PHNjcmlwdD4=\"\nU3,Federal 9mm 50rd,10.00,https://user:pw@shop.example/p\nU4,Federal 9mm 50rd,10.00,https://shop.example/p/4\n", outcome: { keeps: ["U1", "U2", "U3", "U4"], also: (r) => expect(r.map((x) => x.url)).toEqual([null, null, null, "https://shop.example/p/4"]) } },
  { name: "CSV with 2,000 columns", input: () => `sku,title,price,${Array.from({ length: 1997 }, (_, i) => `c${i}`).join(",")}\nW1,Federal 9mm 115gr 50rd,10.00,${",".repeat(1996)}\n`, outcome: { keeps: ["W1"] } },
  { name: "CSV UPCs mangled by spreadsheets", input: () => "sku,title,price,upc\nE1,Federal 9mm 115gr 50rd,10.00,1.23457E+11\nE2,Federal 9mm 124gr 50rd,10.00,0-29465-08890-3\nE3,Federal 9mm 147gr 50rd,10.00,NOT-A-UPC\n", outcome: { keeps: ["E1", "E2", "E3"], also: (r) => { for (const x of r) expect(x.upc === null || /^\d{8,14}$/.test(x.upc)).toBe(true); } } },
  { name: "JSON bare array", input: () => json([item("J1"), item("J2")]), outcome: { keeps: ["J1", "J2"] } },
  { name: "JSON wrapped in data, metadata first", input: () => json({ meta: { generated: "now", nested: [[1], { a: [2] }] }, data: [item("J1")] }), outcome: { keeps: ["J1"] } },
  { name: "JSON item missing a comma", input: () => `[${json(item("J1"))}, {"sku": "J2", "title": "x" "price": 1}, ${json(item("J3"))}]`, outcome: { keeps: ["J1", "J3"], quarantined: [/malformed JSON item/] } },
  { name: "JSON deep nesting inside an item", input: () => `[${json(item("J1"))},{"sku":"D1","title":"Deep 9mm","price":"1.00","x":${"[".repeat(10_000)}${"]".repeat(10_000)}},${json(item("J2"))}]`, outcome: { keeps: ["J1", "J2"], quarantined: [/nesting too deep/] } },
  { name: "JSON items that are not objects, among good ones", input: () => `[1, "Federal 9mm", null, [1,2], true, ${json(item("J1"))}]`, outcome: { keeps: ["J1"], quarantined: Array.from({ length: 5 }, () => /item is not an object/) } },
  { name: "JSON giant item", input: () => json([item("J1"), item("G1", "Federal 9mm ".repeat(10_000)), item("J2")]), outcome: { keeps: ["J1", "J2"], quarantined: [/row too large/] } },
  { name: "JSON __proto__ and constructor keys", input: () => '[{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"bad": 1}}, "sku": "P1", "title": "Federal 9mm 50rd", "price": 9.5}]', outcome: { keeps: ["P1"], also: () => expect(({} as Record<string, unknown>).polluted ?? ({} as Record<string, unknown>).bad).toBeUndefined() } },
  { name: "JSON typed values and a UPC that lost its zero", input: () => json({ items: [{ item_id: 7, title: "Speer Gold Dot 9mm 124gr GDHP 50rd", price: 31.5, in_stock: false, upc: 36000291452, rounds: 50 }] }), outcome: { keeps: ["7"], also: (r) => expect(r[0]).toMatchObject({ price: 31.5, inStock: false, upc: "036000291452", pricePerRound: 0.63 }) } },
  { name: "JSON non-finite prices next to a good item", input: () => `[{"sku":"N1","title":"Federal 9mm","price":1e400},{"sku":"N2","title":"Federal 9mm","price":"NaN"},${json(item("J1"))}]`, outcome: { keeps: ["J1"], quarantined: [/unparseable price: "Infinity"/, /unparseable price: "NaN"/] } },
  { name: "JSON with BOM and script in a title", input: () => bytes([0xef, 0xbb, 0xbf], json([item("B1", "<script>fetch('//x')</script>CCI 22 LR 40gr 50rd")])), outcome: { keeps: ["B1"], also: (r) => expect(r[0]!.title).toBe("CCI 22 LR 40gr 50rd") } },
  { name: "XML billion laughs", input: () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><products>${xmlItem("X1", "&lol9;")}${xmlItem("OK1")}</products>`, outcome: { keeps: ["OK1"], quarantined: [/undefined XML entity &lol9;/] } },
  { name: "XML external entity (XXE)", input: () => `<?xml version="1.0"?><!DOCTYPE products [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><products>${xmlItem("X1", "Federal 9mm &xxe; 50 Rounds")}${xmlItem("OK1")}</products>`, outcome: { keeps: ["OK1"], quarantined: [/undefined XML entity &xxe;/], also: (r) => expect(JSON.stringify(r)).not.toMatch(/root:/) } },
  { name: "XML with an external DTD (never fetched)", input: () => `<?xml version="1.0"?><!DOCTYPE products SYSTEM "http://127.0.0.1:9/evil.dtd"><products>${xmlItem("D1")}</products>`, outcome: { keeps: ["D1"] } },
  { name: "XML HTML entities decoded as text", input: () => xml(xmlItem("E1", "Sellier &amp;amp; Bellot 9mm 124gr FMJ &ndash; 50 Rounds &eacute;")), outcome: { keeps: ["E1"], also: (r) => expect(r[0]!.title).toBe("Sellier & Bellot 9mm 124gr FMJ – 50 Rounds é") } },
  { name: "XML malformed item", input: () => xml(xmlItem("X1"), "<product><sku>BAD</sku><title>Federal 9mm<price>1</product>", xmlItem("X2")), outcome: { keeps: ["X1", "X2"], quarantined: [/malformed XML/] } },
  { name: "XML truncated inside an item", input: () => xml(xmlItem("X1"), xmlItem("X2")).slice(0, -40), outcome: { keeps: ["X1"], quarantined: [/truncated XML item/] } },
  { name: "XML namespaces, CDATA markup and attributes", input: () => `<rss xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title><item g:id="R1"><g:title><![CDATA[<b>Hornady</b> 9mm 115gr FTX 25rd]]></g:title><g:price>24.99 USD</g:price><link href="https://shop.example/r1"/><g:availability>in stock</g:availability></item></channel></rss>`, outcome: { keeps: ["R1"], also: (r) => expect(r[0]).toMatchObject({ title: "Hornady 9mm 115gr FTX 25rd", price: 24.99, url: "https://shop.example/r1" }) } },
  { name: "XML deep nesting inside an item", input: () => xml(xmlItem("X1"), `<product><sku>D1</sku><title>x</title><price>1</price>${"<a>".repeat(2000)}${"</a>".repeat(2000)}</product>`, xmlItem("X2")), outcome: { keeps: ["X1", "X2"], quarantined: [/nesting too deep/] } },
  { name: "XML giant text node", input: () => xml(xmlItem("X1"), xmlItem("G1", "Federal 9mm ".repeat(10_000)), xmlItem("X2")), outcome: { keeps: ["X1", "X2"], quarantined: [/row too large/] } },
  { name: "XML script and SQL in an item", input: () => xml(xmlItem("S1", "&lt;script&gt;alert(1)&lt;/script&gt;Winchester 9mm'; DROP TABLE x;-- 50rd")), outcome: { keeps: ["S1"], also: (r) => expect(r[0]!.title).toBe("Winchester 9mm'; DROP TABLE x;-- 50rd") } },
  { name: "XML in UTF-16 LE", input: () => bytes([0xff, 0xfe], Buffer.from(xml(xmlItem("W1")), "utf16le")), outcome: { keeps: ["W1"] } },
];

const baseline = feed(12, "csv", "gunengine", "hostile-baseline");

async function listings(dealerId: string): Promise<Listing[]> {
  return db.sql.query<Listing>(
    `SELECT sku, title, price, url, "pricePerRound", upc, "inStock" FROM "DealerSku" WHERE "dealerId" = $1 AND "isActive" ORDER BY sku`,
    [dealerId],
  );
}
const snapshot = async (f: TestFeed) => ({
  listings: await db.sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [f.dealerId]),
  feed: (await db.sql.query(`SELECT "lastFeedHash", "lastByteSize", family FROM "Feed" WHERE id = $1`, [f.feedId]))[0],
});

describe("hostile feeds through ingest", () => {
  it("cover at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, testCase, i) => {
    const f = await uploadDealer(db, `hostile-${i}`);
    const { outcome } = testCase;
    if ("fails" in outcome) {
      // The dealer had a good feed: a broken one must not touch it.
      await uploadAndIngest(db, f, baseline.text);
      const before = await snapshot(f);
      const error = await uploadAndIngest(db, f, testCase.input()).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(IngestFailedError);
      expect((error as Error).message).toMatch(outcome.fails);
      expect(await snapshot(f)).toEqual(before);
      const [run] = await db.sql.query<{ status: string; error: string }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [(error as IngestFailedError).runId]);
      expect(run).toEqual({ status: "FAILED", error: (error as Error).message });
      const [fd] = await db.sql.query<{ status: string }>(`SELECT status::text FROM "Feed" WHERE id = $1`, [f.feedId]);
      expect(fd!.status).toBe("FAILED");
      return;
    }

    const result = await uploadAndIngest(db, f, testCase.input());
    expect(result.status).toBe("SUCCEEDED");
    const rows = await listings(f.dealerId);
    expect(rows.map((r) => r.sku).sort()).toEqual([...outcome.keeps].sort());
    expect(result.materialization.created).toBe(outcome.keeps.length);
    const quarantined = await db.sql.query<{ reason: string; raw: string }>(
      `SELECT reason, raw FROM "QuarantinedRecord" WHERE "feedId" = $1 ORDER BY "rowNumber"`,
      [f.feedId],
    );
    const reasons = outcome.quarantined ?? [];
    expect(quarantined).toHaveLength(reasons.length);
    quarantined.forEach((q, n) => {
      expect(q.reason).toMatch(reasons[n]!);
      expect(q.raw.length).toBeLessThanOrEqual(4097);
    });
    expect(result.materialization.quarantined).toBe(reasons.length);
    // Whatever came in, what is stored is sane.
    for (const r of rows) {
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.title.length).toBeLessThanOrEqual(500);
      expect(r.title).not.toMatch(/<[a-z!/]|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/i);
      expect(Number.isFinite(r.price) && r.price > 0).toBe(true);
      expect(r.url === null || /^https?:\/\/[^\s@]+$/.test(r.url)).toBe(true);
      expect(r.pricePerRound === null || (Number.isFinite(r.pricePerRound) && r.pricePerRound > 0)).toBe(true);
    }
    outcome.also?.(rows);
    expect(await db.sql.query(`SELECT count(*)::int AS n FROM "IngestStagedRecord"`)).toEqual([{ n: 0 }]);
  });
});
