import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateFeed } from "../../lib/feeds/generate";
import { detectFamily, detectFormat, openFeed, parseFeed, parseFeedStream } from "../../lib/feeds/parse";
import { FeedUnreadableError, type FeedFamily, type FeedFormat, type ParseEvent } from "../../lib/feeds/types";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/feeds");
const FORMATS: FeedFormat[] = ["csv", "json", "xml"];
const FAMILIES: FeedFamily[] = ["ammoseek", "gunengine", "generic"];

/** A byte source cut into pieces of `size` bytes: boundaries fall inside characters and tokens. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(events: AsyncIterable<ParseEvent>): Promise<ParseEvent[]> {
  const all: ParseEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("every format × family", () => {
  for (const format of FORMATS) {
    for (const family of FAMILIES) {
      it(`${format} / ${family}: parses back exactly what the generator meant`, async () => {
        const feed = generateFeed({ skus: 400, format, family, seed: `${format}-${family}` });
        const result = await parseFeed(feed.text);
        expect(result.format).toBe(format);
        expect(result.family).toBe(family);
        expect(result.quarantined).toEqual([]);
        expect(result.records).toEqual(feed.records);
      });
    }
  }

  it("streams the same records whatever the chunk size (boundaries inside characters and tokens)", async () => {
    for (const format of FORMATS) {
      const feed = generateFeed({ skus: 60, format, family: "ammoseek", seed: 3 });
      const bytes = Buffer.from(feed.text.replace("Federal", "Fédéral ✓"));
      const whole = await parseFeed(bytes);
      for (const size of [1, 7, 4096]) {
        const opened = await openFeed(chunked(bytes, size));
        const events = await collect(opened.events);
        expect(events.map((event) => (event.kind === "record" ? event.record : event))).toEqual(whole.records);
      }
    }
  });
});

describe("detectFormat", () => {
  it.each([
    ["sku,title,price\n", "csv"],
    ["  \n[{}]", "json"],
    ['{"products": []}', "json"],
    ['<?xml version="1.0"?><products/>', "xml"],
    ["\ufeff<feed/>", "xml"],
    ["\ufeff[]", "json"],
  ] as const)("%j → %s", (text, format) => {
    expect(detectFormat(Buffer.from(text))).toBe(format);
  });

  it("reads UTF-16 with and without a BOM", () => {
    expect(detectFormat(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("[1]", "utf16le")]))).toBe("json");
    expect(detectFormat(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("<a/>", "utf16le").swap16()]))).toBe("xml");
    expect(detectFormat(Buffer.from("title,price\n", "utf16le"))).toBe("csv");
  });

  it("refuses empty and binary heads", () => {
    expect(() => detectFormat(new Uint8Array())).toThrow(FeedUnreadableError);
    expect(() => detectFormat(Buffer.from(" \r\n\t"))).toThrow(/feed is empty/);
    expect(() => detectFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/binary data \(zip/);
  });
});

describe("family detection", () => {
  it.each([
    [["upc", "title", "price", "link", "in_stock", "brand", "caliber", "grain", "case_type", "bullet_type", "rounds", "sku"], "ammoseek"],
    [["item_id", "upc", "title", "price", "url", "stock_status", "manufacturer", "caliber", "bullet_weight", "bullet_type", "case_material", "rounds_per_box"], "gunengine"],
    [["Item ID", "Title", "Price", "Stock Status", "Manufacturer"], "gunengine"],
    [["Product Name", "Price", "URL"], "generic"],
    [["title", "price", "link"], "generic"],
  ] as const)("%j → %s", (names, family) => {
    expect(detectFamily(names)).toBe(family);
  });
});

describe("streaming API", () => {
  it("openFeed tells format and family before the events are read", async () => {
    const feed = generateFeed({ skus: 5, format: "xml", family: "gunengine", seed: 1 });
    const opened = await openFeed(chunked(Buffer.from(feed.text), 100));
    expect([opened.format, opened.family]).toEqual(["xml", "gunengine"]);
    const first = await opened.events.next();
    expect(first.value).toMatchObject({ kind: "record", row: 1, record: feed.records[0] });
    await opened.events.return(undefined);
  });

  it("parseFeedStream yields records and quarantines in feed order with row numbers", async () => {
    const text = "sku,title,price\nA,Federal 9mm 50rd,10\nB,,10\nC,Hornady 9mm 50rd,-1\nD,CCI 22 LR 50rd,5\n";
    const events = await collect(parseFeedStream(chunked(Buffer.from(text), 5)));
    expect(events.map((e) => [e.kind, e.row, e.kind === "quarantine" ? e.reason : e.record.sku])).toEqual([
      ["record", 1, "A"],
      ["quarantine", 2, "missing title"],
      ["quarantine", 3, "negative price: -1"],
      ["record", 4, "D"],
    ]);
  });

  it("a forced format overrides sniffing", async () => {
    const result = await parseFeed("title;price\nFederal 9mm 50rd;10\n", { format: "csv" });
    expect(result.records).toHaveLength(1);
    await expect(parseFeed("title,price\n", { format: "json" })).rejects.toThrow(FeedUnreadableError);
  });
});

describe("messy fixture feeds", () => {
  it("AmmoSeek-style CSV with BOM, CRLF, capitalised headers, HTML, quoted newline, formula cell", async () => {
    const result = await parseFeed(await readFile(path.join(FIXTURES, "ammoseek-messy.csv")));
    expect([result.format, result.family]).toEqual(["csv", "ammoseek"]);
    expect(result.records).toEqual([
      {
        sku: "AE-9-115",
        upc: "036000291452",
        title: "Federal American Eagle 9mm Luger 115gr FMJ 50 Rounds",
        price: 18.99,
        inStock: true,
        brand: "American Eagle",
        caliber: "9mm",
        grainWeight: 115,
        roundCount: 50,
        bulletType: "FMJ",
        caseType: "brass",
        url: "https://ammo-dealer.example/p/ae9mm",
        pricePerRound: 0.3798,
      },
      {
        sku: "HCD-380",
        upc: null,
        title: "Hornady Critical Defense .380 ACP 90 Grain FTX Box of 25",
        price: 26.49,
        inStock: false,
        brand: "Hornady",
        caliber: ".380 ACP",
        grainWeight: 90,
        roundCount: 25,
        bulletType: "FTX",
        caseType: "nickel",
        url: "https://ammo-dealer.example/p/hcd380",
        pricePerRound: 1.0596,
      },
      {
        sku: "TULA-762-1000",
        upc: "4006381333931",
        title: "Tula 7.62x39 122gr FMJ Steel Case 1000 Round Case",
        price: 1049,
        inStock: true,
        brand: "Tula",
        caliber: "7.62x39mm",
        grainWeight: 122,
        roundCount: 1000,
        bulletType: "FMJ",
        caseType: "steel",
        url: "https://ammo-dealer.example/p/tula762",
        pricePerRound: 1.049,
      },
      {
        sku: "FORMULA-1",
        upc: null,
        title: '=HYPERLINK("http://evil.example","Click")',
        price: 9.99,
        inStock: true,
        brand: null, // "Unknown" means no value
        caliber: null,
        grainWeight: null,
        roundCount: null,
        bulletType: null,
        caseType: null,
        url: null,
        pricePerRound: null,
      },
    ]);
    expect(result.quarantined.map(({ row, reason }) => ({ row, reason }))).toEqual([{ row: 4, reason: "negative price: -12.00" }]);
    expect(result.quarantined[0]?.raw).toContain("PMC Bronze .223 Rem");
  });

  it("GunEngine-style JSON with metadata, typed values, stock words, a bad price and a non-object", async () => {
    const result = await parseFeed(await readFile(path.join(FIXTURES, "gunengine-messy.json")));
    expect([result.format, result.family]).toEqual(["json", "gunengine"]);
    expect(result.records.map((r) => [r.sku, r.caliber, r.grainWeight, r.roundCount, r.brand, r.bulletType, r.caseType, r.inStock, r.price])).toEqual([
      ["GE-1001", "9mm", 124, 20, "Speer", "JHP", "nickel", true, 28.99],
      ["GE-1002", "12 Gauge", null, 5, "Winchester", "Slug", null, false, 6.49],
      ["GE-1003", ".308 Winchester", 147, 20, "Sellier & Bellot", "FMJ", "brass", true, 21.99],
      ["GE-1005", ".22 LR", 40, 50, "CCI", "LRN", null, false, 5.79],
    ]);
    expect(result.records[2]?.title).toBe("Sellier & Bellot .308 Win 147gr FMJ 20 Rounds");
    expect(result.quarantined.map(({ row, reason }) => [row, reason])).toEqual([
      [4, 'unparseable price: "abc"'],
      [5, "item is not an object"],
    ]);
  });

  it("generic XML with a wrapper, attributes, CDATA and a title-only listing", async () => {
    const result = await parseFeed(await readFile(path.join(FIXTURES, "generic-messy.xml")));
    expect([result.format, result.family]).toEqual(["xml", "generic"]);
    expect(result.records.map((r) => [r.sku, r.title, r.caliber, r.grainWeight, r.roundCount, r.brand, r.bulletType, r.caseType, r.inStock, r.price, r.url, r.upc])).toEqual([
      ["G-1", "Fiocchi 9mm 124gr JHP Nickel Plated 25/box", "9mm", 124, 25, "Fiocchi", "JHP", "nickel", true, 22.5, "https://generic-dealer.example/g1", null],
      ["G-2", "Barnaul 7.62x54R 174gr FMJ Steel 20 ct", "7.62x54mmR", 174, 20, "Barnaul", "FMJ", "steel", false, 17.25, null, null],
      ["G-4", "Hornady 6.5 Creedmoor 140gr ELD Match 20rds & more", "6.5 Creedmoor", 140, 20, "Hornady", "ELD Match", null, true, 1299, null, "036000291452"],
    ]);
    expect(result.quarantined.map(({ row, reason }) => [row, reason])).toEqual([[3, "missing price"]]);
  });
});
