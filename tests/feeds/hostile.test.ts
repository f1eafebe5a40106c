/**
 * Hostile and broken feeds, CSV, JSON and XML. Every case states its outcome: the records kept,
 * which rows are quarantined and why, or FeedUnreadableError. Nothing may crash, hang or lose a
 * good row next to a bad one.
 */
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../lib/feeds/parse";
import { FeedUnreadableError, type ParseResult } from "../../lib/feeds/types";

const CSV_HEADER = "sku,title,price,in_stock\n";
const GOOD_A = "A1,Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds,18.99,yes\n";
const GOOD_B = "B2,Hornady .223 Rem 55gr V-MAX 50 Rounds,29.99,no\n";

const json = (value: unknown): string => JSON.stringify(value);
const jsonItem = (sku: string, title = "Winchester 9mm 115gr FMJ 50rd", price: unknown = "19.99") => ({ sku, title, price });
const xmlItem = (sku: string, title = "Tula 7.62x39 122gr FMJ Steel Case 20 Rounds", price = "9.99") =>
  `<product><sku>${sku}</sku><title>${title}</title><price>${price}</price></product>`;
const xml = (...items: string[]) => `<?xml version="1.0"?>\n<products>${items.join("\n")}</products>`;

function bytes(...parts: Array<number[] | Uint8Array | string>): Uint8Array {
  const chunks = parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Uint8Array.from(part)));
  return Uint8Array.from(Buffer.concat(chunks));
}

function seededGarbage(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

type Outcome = { unreadable: RegExp } | { records: string[]; quarantined?: Array<[row: number, reason: RegExp]>; also?: (r: ParseResult) => void };

interface Case {
  name: string;
  input: () => string | Uint8Array;
  format?: "csv" | "json" | "xml";
  outcome: Outcome;
}

/** Keys of the kept records: SKU, else title, in feed order. */
const keys = (result: ParseResult) => result.records.map((record) => record.sku ?? record.title);

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<products>${xmlItem("X1", "&lol9;")}${xmlItem("OK1")}</products>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE products [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<products>${xmlItem("X1", "Federal 9mm &xxe; 50 Rounds")}${xmlItem("OK1")}</products>`;

const CASES: Case[] = [
  // ---------- any format: nothing readable ----------
  { name: "empty file", input: () => "", outcome: { unreadable: /feed is empty/ } },
  { name: "whitespace-only file", input: () => "  \n\t \r\n   \n", outcome: { unreadable: /feed is empty/ } },
  { name: "BOM and nothing else", input: () => bytes([0xef, 0xbb, 0xbf], "\n"), outcome: { unreadable: /feed is empty/ } },
  { name: "binary garbage", input: () => seededGarbage(5000), outcome: { unreadable: /binary/ } },
  { name: "gzip data", input: () => bytes([0x1f, 0x8b, 0x08, 0x00], seededGarbage(200)), outcome: { unreadable: /binary data \(gzip\)/ } },
  { name: "text with NUL bytes", input: () => `${CSV_HEADER}A1,Federal\u0000 9mm,1.00,yes\n`, outcome: { unreadable: /binary/ } },
  { name: "an HTML error page", input: () => "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", outcome: { unreadable: /HTML page/ } },

  // ---------- CSV ----------
  { name: "CSV header only", input: () => CSV_HEADER, outcome: { records: [] } },
  { name: "CSV without a recognisable header", input: () => GOOD_A + GOOD_B, outcome: { unreadable: /header names no title and price/ } },
  {
    name: "CSV with UTF-8 BOM, CRLF and odd header spacing/case",
    input: () => bytes([0xef, 0xbb, 0xbf], " SKU ,Product_Name,PRICE, In-Stock\r\n", GOOD_A.replace("\n", "\r\n"), GOOD_B.replace("\n", "\r\n")),
    outcome: { records: ["A1", "B2"], also: (r) => expect(r.records[1]?.inStock).toBe(false) },
  },
  {
    name: "CSV in UTF-16 LE with BOM",
    input: () => bytes([0xff, 0xfe], Buffer.from(CSV_HEADER + GOOD_A, "utf16le")),
    outcome: { records: ["A1"], also: (r) => expect(r.records[0]?.caliber).toBe("9mm") },
  },
  {
    name: "CSV in UTF-16 BE with BOM",
    input: () => bytes([0xfe, 0xff], Buffer.from(CSV_HEADER + GOOD_B, "utf16le").swap16()),
    outcome: { records: ["B2"], also: (r) => expect(r.records[0]?.caliber).toBe(".223 Remington") },
  },
  {
    name: "CSV in Windows-1252 (not UTF-8)",
    input: () => bytes(CSV_HEADER, "C3,Fiocchi 9mm 124gr FMJ Caf", [0xe9], " 50 Rounds,12.50,yes\n"),
    outcome: { records: ["C3"], also: (r) => expect(r.records[0]?.title).toBe("Fiocchi 9mm 124gr FMJ Café 50 Rounds") },
  },
  {
    name: "CSV with quoted newlines, quotes and delimiters inside cells",
    input: () => `${CSV_HEADER}Q1,"Federal ""Champion""\n9mm, 115gr\r\nFMJ 50 Rounds",15.00,yes\n${GOOD_B}`,
    outcome: {
      records: ["Q1", "B2"],
      also: (r) => expect(r.records[0]?.title).toBe('Federal "Champion" 9mm, 115gr FMJ 50 Rounds'),
    },
  },
  {
    name: "CSV rows with wrong column counts",
    input: () => `${CSV_HEADER}${GOOD_A}short,row\n${GOOD_B}L1,Long row 9mm,1.00,yes,extra,cells\nT1,Trailing comma 9mm 50rd,1.00,yes,\n`,
    outcome: {
      records: ["A1", "B2", "T1"],
      quarantined: [
        [2, /^malformed row: expected 4 columns, got 2$/],
        [4, /^malformed row: expected 4 columns, got 6$/],
      ],
    },
  },
  {
    name: "CSV with an unclosed quote mid-file",
    input: () => `${CSV_HEADER}${GOOD_A}U1,"Federal 9mm 50rd,12.00,yes\n${GOOD_B}`,
    outcome: { records: ["A1", "B2"], quarantined: [[2, /^malformed row: unclosed quote$/]] },
  },
  {
    name: "CSV with an unclosed quote before rows with quoted cells: only its own line is lost",
    input: () => `${CSV_HEADER}${GOOD_A}U1,"Federal 9mm 50rd,12.00,yes\nQ1,"Hornady 9mm 124gr 50rd",13.00,yes\n${GOOD_B}`,
    outcome: { records: ["A1", "Q1", "B2"], quarantined: [[2, /^malformed row: unclosed quote$/]] },
  },
  {
    name: "CSV with text after a closing quote: the row is quarantined, neighbours kept",
    input: () => `${CSV_HEADER}${GOOD_A}Q1,"Federal "9mm" 50rd",12.00,yes\r\n${GOOD_B}`,
    outcome: { records: ["A1", "B2"], quarantined: [[2, /^malformed row: text after a closing quote$/]] },
  },
  {
    name: "CSV formula injection cells stay literal text",
    input: () =>
      `${CSV_HEADER}"=HYPERLINK(""http://evil.example"",""9mm"")",=1+1 Federal 9mm 50rd,5.00,yes\n` +
      `+SUM(A1),@cmd|' /C calc'!A0 Hornady 9mm,6.00,yes\n-2+3,-5.00 Winchester 9mm,-5.00,yes\n`,
    outcome: {
      records: ['=HYPERLINK("http://evil.example","9mm")', "+SUM(A1)"],
      quarantined: [[3, /^negative price: -5\.00$/]],
      also: (r) => {
        expect(r.records[0]?.title).toBe("=1+1 Federal 9mm 50rd");
        expect(r.records[1]?.title).toBe("@cmd|' /C calc'!A0 Hornady 9mm");
      },
    },
  },
  {
    name: "CSV HTML and script in titles",
    input: () =>
      `${CSV_HEADER}H1,"<script>alert(1)</script><b>Federal</b> 9mm <img src=x onerror=alert(2)>115gr FMJ 50rd",10.00,yes\n` +
      `H2,&lt;script&gt;alert(3)&lt;/script&gt;Hornady 9mm 124gr 50 Rounds,11.00,yes\n`,
    outcome: {
      records: ["H1", "H2"],
      also: (r) => {
        expect(r.records.map((x) => x.title)).toEqual(["Federal 9mm 115gr FMJ 50rd", "Hornady 9mm 124gr 50 Rounds"]);
      },
    },
  },
  {
    name: "CSV SQL-looking strings are plain data",
    input: () => `${CSV_HEADER}"1' OR '1'='1","Federal 9mm'; DROP TABLE listings;-- 50rd",10.00,yes\n`,
    outcome: {
      records: ["1' OR '1'='1"],
      also: (r) => expect(r.records[0]?.title).toBe("Federal 9mm'; DROP TABLE listings;-- 50rd"),
    },
  },
  {
    name: "CSV negative, NaN, zero, absurd and missing prices",
    input: () =>
      CSV_HEADER +
      ["P1,Federal 9mm 50rd,-5.00,yes", "P2,Federal 9mm 50rd,NaN,yes", "P3,Federal 9mm 50rd,0.00,yes", "P4,Federal 9mm 50rd,1e308,yes",
        "P5,Federal 9mm 50rd,abc,yes", "P6,Federal 9mm 50rd,,yes", "P7,Federal 9mm 50rd,250000,yes", 'P8,Federal 9mm 1000rd,"$1,299.00",yes',
        "P9,Federal 9mm 50rd,(12.00),yes"].join("\n"),
    outcome: {
      records: ["P8"],
      quarantined: [
        [1, /^negative price: -5\.00$/],
        [2, /^unparseable price: "NaN"$/],
        [3, /^zero price: 0\.00$/],
        [4, /^unparseable price: "1e308"$/],
        [5, /^unparseable price: "abc"$/],
        [6, /^missing price$/],
        [7, /^implausible price: 250000$/],
        [9, /^negative price: \(12\.00\)$/],
      ],
      also: (r) => expect(r.records[0]?.price).toBe(1299),
    },
  },
  {
    name: "CSV missing titles",
    input: () => `${CSV_HEADER}M1,,10.00,yes\nM2,<b></b>  ,10.00,yes\n${GOOD_A}`,
    outcome: { records: ["A1"], quarantined: [[1, /^missing title$/], [2, /^missing title$/]] },
  },
  {
    name: "CSV duplicate identities are all kept (dedup is ingest's job)",
    input: () => CSV_HEADER + GOOD_A + GOOD_A + GOOD_A.replace("18.99", "17.99"),
    outcome: { records: ["A1", "A1", "A1"] },
  },
  {
    name: "CSV with very many empty rows",
    input: () => `${CSV_HEADER}${"\n".repeat(5000)}${",,,\n".repeat(5000)}${" , , , \r\n".repeat(100)}${GOOD_A}${"\n".repeat(5000)}${GOOD_B}`,
    outcome: { records: ["A1", "B2"] },
  },
  {
    name: "CSV giant row (200 KB title) is quarantined, neighbours kept",
    input: () => `${CSV_HEADER}${GOOD_A}G1,"${"Federal 9mm ".repeat(17_000)}",10.00,yes\n${GOOD_B}`,
    outcome: { records: ["A1", "B2"], quarantined: [[2, /^row too large \(\d+ chars, limit 65536\)$/]] },
  },
  {
    name: "CSV single value over 16 MB refuses the feed",
    input: () => `${CSV_HEADER}${GOOD_A}G1,"${"x".repeat(17 * 1024 * 1024)}",10.00,yes\n`,
    outcome: { unreadable: /larger than 16 MB/ },
  },
  {
    name: "CSV with semicolons and Excel's sep= hint",
    input: () => "sep=;\nSKU;Title;Price;Stock\nS1;Sellier & Bellot 9mm 124gr FMJ 50 Rounds;14,99;In Stock\n",
    outcome: { records: ["S1"], also: (r) => expect(r.records[0]).toMatchObject({ price: 14.99, brand: "Sellier & Bellot" }) },
  },
  {
    name: "CSV tab-separated",
    input: () => "sku\tname\tcost\tqty\nT1\tPMC Bronze 9mm 115gr FMJ\t$14.50\t50\n",
    outcome: { records: ["T1"], also: (r) => expect(r.records[0]).toMatchObject({ roundCount: 50, pricePerRound: 0.29 }) },
  },
  {
    name: "CSV control characters inside cells are dropped",
    input: () => `${CSV_HEADER}K1,Federal\u0007 9mm\u001b 115gr 50rd,10.00,yes\n`,
    outcome: { records: ["K1"], also: (r) => expect(r.records[0]?.title).toBe("Federal 9mm 115gr 50rd") },
  },
  {
    name: "CSV dangerous URLs are dropped, the row kept",
    input: () => "sku,title,price,url\nU1,Federal 9mm 50rd,10.00,javascript:alert(1)\nU2,Federal 9mm 50rd,10.00,https://shop.example/p/1\n",
    outcome: { records: ["U1", "U2"], also: (r) => expect(r.records.map((x) => x.url)).toEqual([null, "https://shop.example/p/1"]) },
  },

  // ---------- JSON ----------
  { name: "JSON bare array", input: () => json([jsonItem("J1"), jsonItem("J2")]), outcome: { records: ["J1", "J2"] } },
  {
    name: "JSON wrapped in products/items/data, metadata first",
    input: () => json({ meta: { generated: "now", nested: [[1], { a: [2] }] }, data: [jsonItem("J1")] }),
    outcome: { records: ["J1"] },
  },
  { name: "JSON object without an item array", input: () => json({ title: "Federal 9mm", price: 1 }), outcome: { unreadable: /no item array/ } },
  { name: "JSON scalar document (format forced)", input: () => '"just a string"', format: "json", outcome: { unreadable: /not an array or object/ } },
  {
    name: "JSON truncated mid-item",
    input: () => json([jsonItem("J1"), jsonItem("J2")]).slice(0, -20),
    outcome: { unreadable: /malformed JSON|ends early/ },
  },
  { name: "JSON with trailing garbage", input: () => `${json([jsonItem("J1")])} trailing`, outcome: { unreadable: /malformed JSON/ } },
  {
    name: "JSON item missing a comma is quarantined, others kept",
    input: () => `[${json(jsonItem("J1"))}, {"sku": "J2", "title": "x" "price": 1}, ${json(jsonItem("J3"))}]`,
    outcome: { records: ["J1", "J3"], quarantined: [[2, /^malformed JSON item: /]] },
  },
  { name: "JSON invalid token", input: () => `[${json(jsonItem("J1"))}, {"sku": tru}]`, outcome: { unreadable: /^malformed JSON near row 2: Unexpected/ } },
  {
    name: "JSON deep nesting inside an item",
    input: () => `[${json(jsonItem("J1"))},{"sku":"D1","title":"Deep 9mm","price":"1.00","x":${"[".repeat(10_000)}${"]".repeat(10_000)}},${json(jsonItem("J2"))}]`,
    outcome: { records: ["J1", "J2"], quarantined: [[2, /^nesting too deep \(over 32 levels\)$/]] },
  },
  { name: "JSON deep nesting never closed", input: () => "[".repeat(200_000), outcome: { unreadable: /ends early|malformed/ } },
  {
    name: "JSON items that are not objects",
    input: () => `[1, "Federal 9mm", null, [1,2], true, ${json(jsonItem("J1"))}]`,
    outcome: {
      records: ["J1"],
      quarantined: [1, 2, 3, 4, 5].map((row) => [row, /^item is not an object$/] as [number, RegExp]),
    },
  },
  {
    name: "JSON giant item is quarantined, neighbours kept",
    input: () => json([jsonItem("J1"), jsonItem("G1", "Federal 9mm ".repeat(10_000)), jsonItem("J2")]),
    outcome: { records: ["J1", "J2"], quarantined: [[2, /^row too large \(over 65536 chars\)$/]] },
  },
  {
    name: "JSON __proto__ and constructor keys do not pollute",
    input: () => '[{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"bad": 1}}, "sku": "P1", "title": "Federal 9mm 50rd", "price": 9.5}]',
    outcome: {
      records: ["P1"],
      also: () => {
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).bad).toBeUndefined();
      },
    },
  },
  {
    name: "JSON typed values: numbers, booleans, numeric UPC that lost its zero",
    input: () => json({ items: [{ item_id: 7, title: "Speer Gold Dot 9mm 124gr GDHP 50rd", price: 31.5, in_stock: false, upc: 36000291452, rounds: 50 }] }),
    outcome: { records: ["7"], also: (r) => expect(r.records[0]).toMatchObject({ price: 31.5, inStock: false, upc: "036000291452", pricePerRound: 0.63 }) },
  },
  {
    name: "JSON non-finite and string prices",
    input: () => `[{"sku":"N1","title":"Federal 9mm","price":1e400},{"sku":"N2","title":"Federal 9mm","price":"NaN"},{"sku":"N3","title":"Federal 9mm","price":-3}]`,
    outcome: {
      records: [],
      quarantined: [[1, /^unparseable price: "Infinity"$/], [2, /^unparseable price: "NaN"$/], [3, /^negative price: -3$/]],
    },
  },
  {
    name: "JSON duplicate keys: the last one wins, the row is kept",
    input: () => '[{"sku":"K1","title":"Federal 9mm 50rd","price":"1.00","price":"2.00"}]',
    outcome: { records: ["K1"], also: (r) => expect(r.records[0]?.price).toBe(2) },
  },
  {
    name: "JSON with BOM and script in title",
    input: () => bytes([0xef, 0xbb, 0xbf], json([jsonItem("B1", "<script>fetch('//x')</script>CCI 22 LR 40gr 50rd")])),
    outcome: { records: ["B1"], also: (r) => expect(r.records[0]?.title).toBe("CCI 22 LR 40gr 50rd") },
  },

  // ---------- XML ----------
  {
    name: "XML billion laughs: the entity is never expanded, the item quarantined",
    input: () => BILLION_LAUGHS,
    outcome: { records: ["OK1"], quarantined: [[1, /^undefined XML entity &lol9; \(entity expansion is disabled\)$/]] },
  },
  {
    name: "XML external entity (XXE) is never read",
    input: () => XXE,
    outcome: {
      records: ["OK1"],
      quarantined: [[1, /^undefined XML entity &xxe;/]],
      also: (r) => expect(JSON.stringify(r)).not.toMatch(/root:/),
    },
  },
  {
    name: "XML external DTD is not fetched",
    input: () => `<?xml version="1.0"?><!DOCTYPE products SYSTEM "http://127.0.0.1:9/evil.dtd"><products>${xmlItem("D1")}</products>`,
    outcome: { records: ["D1"] },
  },
  {
    name: "XML HTML entities in text are decoded as text",
    input: () => xml(xmlItem("E1", "Sellier &amp;amp; Bellot 9mm 124gr FMJ &ndash; 50 Rounds &eacute;")),
    outcome: { records: ["E1"], also: (r) => expect(r.records[0]?.title).toBe("Sellier & Bellot 9mm 124gr FMJ – 50 Rounds é") },
  },
  {
    name: "XML malformed item is quarantined, others kept",
    input: () => xml(xmlItem("X1"), "<product><sku>BAD</sku><title>Federal 9mm<price>1</product>", xmlItem("X2")),
    outcome: { records: ["X1", "X2"], quarantined: [[2, /^malformed XML: /]] },
  },
  {
    name: "XML truncated inside an item",
    input: () => xml(xmlItem("X1"), xmlItem("X2")).slice(0, -40),
    outcome: { records: ["X1"], quarantined: [[2, /^truncated XML item/]] },
  },
  { name: "XML that is not XML", input: () => "<<<< >>>> not xml at all", outcome: { unreadable: /XML/ } },
  { name: "XML root without item elements", input: () => "<catalog><meta><generated>now</generated></meta></catalog>", outcome: { unreadable: /no product, item or entry elements/ } },
  { name: "XML empty root", input: () => '<?xml version="1.0"?><products/>', outcome: { records: [] } },
  {
    name: "XML with namespaces, CDATA markup and attributes",
    input: () =>
      `<rss xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>` +
      `<item g:id="R1"><g:title><![CDATA[<b>Hornady</b> 9mm 115gr FTX 25rd]]></g:title><g:price>24.99 USD</g:price>` +
      `<link href="https://shop.example/r1"/><g:availability>in stock</g:availability></item></channel></rss>`,
    outcome: {
      records: ["R1"],
      also: (r) => expect(r.records[0]).toMatchObject({ title: "Hornady 9mm 115gr FTX 25rd", price: 24.99, url: "https://shop.example/r1", bulletType: "FTX" }),
    },
  },
  {
    name: "XML deep nesting inside an item",
    input: () => xml(xmlItem("X1"), `<product><sku>D1</sku><title>x</title><price>1</price>${"<a>".repeat(2000)}${"</a>".repeat(2000)}</product>`, xmlItem("X2")),
    outcome: { records: ["X1", "X2"], quarantined: [[2, /^nesting too deep/]] },
  },
  {
    name: "XML giant text node in an item",
    input: () => xml(xmlItem("X1"), xmlItem("G1", "Federal 9mm ".repeat(10_000)), xmlItem("X2")),
    outcome: { records: ["X1", "X2"], quarantined: [[2, /^row too large/]] },
  },
  {
    name: "XML item made of very many empty elements",
    input: () => xml(xmlItem("X1"), `<product><sku>M1</sku><title>x</title><price>1</price>${'<a x="1"/>'.repeat(50_000)}</product>`, xmlItem("X2")),
    outcome: { records: ["X1", "X2"], quarantined: [[2, /^row too large/]] },
  },
  {
    name: "XML script and SQL in an item stay text",
    input: () => xml(xmlItem("S1", "&lt;script&gt;alert(1)&lt;/script&gt;Winchester 9mm'; DROP TABLE x;-- 50rd")),
    outcome: { records: ["S1"], also: (r) => expect(r.records[0]?.title).toBe("Winchester 9mm'; DROP TABLE x;-- 50rd") },
  },
  {
    name: "XML in UTF-16 LE with BOM",
    input: () => bytes([0xff, 0xfe], Buffer.from(xml(xmlItem("W1")), "utf16le")),
    outcome: { records: ["W1"] },
  },
];

describe("hostile feeds", () => {
  it("covers at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    const { outcome } = testCase;
    if ("unreadable" in outcome) {
      const error = await parseFeed(testCase.input(), { format: testCase.format }).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(FeedUnreadableError);
      expect((error as Error).message).toMatch(outcome.unreadable);
      return;
    }
    const result = await parseFeed(testCase.input(), { format: testCase.format });
    expect(keys(result)).toEqual(outcome.records);
    const expected = outcome.quarantined ?? [];
    expect(result.quarantined.map((q) => q.row)).toEqual(expected.map(([row]) => row));
    result.quarantined.forEach((q, i) => {
      expect(q.reason).toMatch(expected[i]?.[1] ?? /^$/);
      expect(q.raw.length).toBeLessThanOrEqual(4097);
    });
    for (const record of result.records) expect(record.title).not.toMatch(/<[a-z/!]/i);
    outcome.also?.(result);
  });
});
