import { describe, expect, it } from "vitest";
import {
  CALIBERS,
  canonicalBrand,
  canonicalCaliber,
  normaliseListing,
  normaliseUpc,
  normaliseUrl,
  parseBulletType,
  parseCaseType,
  parseGrain,
  parseInStock,
  parsePrice,
  parseRounds,
  plainText,
  pricePerRound,
  resolveBrand,
  resolveCaliber,
} from "../../lib/feeds/normalise";
import { round } from "../../lib/feeds/normalise/text";

describe("caliber", () => {
  it.each([
    ["9mm Luger", "9mm"],
    ["9x19", "9mm"],
    ["9mm Parabellum", "9mm"],
    ["5.56x45", "5.56 NATO"],
    ["5.56mm NATO", "5.56 NATO"],
    [".223 Rem", ".223 Remington"],
    ["45 Auto", ".45 ACP"],
    ["7.62x39", "7.62x39mm"],
    [".380 ACP", ".380 ACP"],
    ["40 S&W", ".40 S&W"],
    ["10mm Auto", "10mm Auto"],
    [".308 Win", ".308 Winchester"],
    ["7.62x51 NATO", "7.62x51mm"],
    ["6.5 Creedmoor", "6.5 Creedmoor"],
    ["12ga", "12 Gauge"],
    ["20 GA", "20 Gauge"],
    ["22 Long Rifle", ".22 LR"],
    ["300 AAC Blackout", ".300 Blackout"],
    ["38 Spl", ".38 Special"],
    ["357 Mag", ".357 Magnum"],
    ["5.56×45mm", "5.56 NATO"],
    ["223", ".223 Remington"],
    ["308", ".308 Winchester"],
    ["Cal. 9", "9mm"],
    ["12", "12 Gauge"],
  ])("%s → %s", (written, canonical) => {
    expect(canonicalCaliber(written)).toBe(canonical);
  });

  it("never merges .223 Remington with 5.56 NATO, nor .308 Winchester with 7.62x51mm", () => {
    expect(canonicalCaliber(".223 Rem")).not.toBe(canonicalCaliber("5.56 NATO"));
    expect(canonicalCaliber(".308 Winchester")).not.toBe(canonicalCaliber("7.62x51mm"));
    expect(canonicalCaliber("9mm Makarov")).not.toBe(canonicalCaliber("9mm Luger"));
    expect(canonicalCaliber(".38 Super")).not.toBe(canonicalCaliber(".38 Special"));
    expect(canonicalCaliber(".357 SIG")).not.toBe(canonicalCaliber(".357 Magnum"));
    expect(canonicalCaliber(".22 WMR")).not.toBe(canonicalCaliber(".22 LR"));
    expect(canonicalCaliber(".45 Colt")).not.toBe(canonicalCaliber(".45 ACP"));
  });

  it("has a table of at least 40 calibers, each canonical name mapping to itself", () => {
    expect(CALIBERS.length).toBeGreaterThanOrEqual(40);
    const names = CALIBERS.map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(canonicalCaliber(name)).toBe(name);
  });

  it("reads the title when the column is missing, and keeps unknown column text", () => {
    expect(resolveCaliber(undefined, "Hornady 6.5 Grendel 123gr")).toBe("6.5 Grendel");
    expect(resolveCaliber("N/A", "PMC 9mm 115gr")).toBe("9mm");
    expect(resolveCaliber(".25-35 WCF", "Winchester .25-35 117gr")).toBe(".25-35 WCF");
    expect(resolveCaliber("", "Range bag")).toBeNull();
  });
});

describe("grain and round count", () => {
  it.each([
    ["115", 115],
    ["115gr", 115],
    ["115 grain", 115],
    ["115-Grain", 115],
    ["62 Gr.", 62],
    ["17.5", 17.5],
    ["N/A", null],
    ["0", null],
    ["5000", null],
    ["", null],
  ])("grain %s → %s", (text, grain) => {
    expect(parseGrain(text)).toBe(grain);
  });

  it.each([
    ["50", 50],
    ["1,000", 1000],
    ["50 rounds", 50],
    ["50rd", 50],
    ["Box of 20", 20],
    ["1000 Round Case", 1000],
    ["20/box", 20],
    ["25 per box", 25],
    ["10 Boxes of 50", 500],
    ["Pack of 25", 25],
    ["0", null],
    ["many", null],
  ])("rounds %s → %s", (text, rounds) => {
    expect(parseRounds(text)).toBe(rounds);
  });
});

describe("brand, bullet type, case", () => {
  it.each([
    ["Federal Premium", "Federal"],
    ["FEDERAL AMMUNITION", "Federal"],
    ["hornady", "Hornady"],
    ["Winchester USA", "Winchester"],
    ["Remington UMC", "Remington"],
    ["S&B", "Sellier & Bellot"],
    ["Sellier and Bellot", "Sellier & Bellot"],
    ["PPU", "Prvi Partizan"],
    ["TulAmmo", "Tula"],
    ["SIG SAUER", "Sig Sauer"],
    ["Mag-Tech", "Magtech"],
    ["Cor-Bon", "Cor-Bon"],
    ["Acme Ammo Works", null],
  ])("brand %s → %s", (text, brand) => {
    expect(canonicalBrand(text)).toBe(brand);
  });

  it("prefers a product line over its maker, and keeps unknown brands as written", () => {
    expect(resolveBrand("Federal", "federal american eagle 9mm")).toBe("American Eagle");
    expect(resolveBrand("CCI", "blazer brass 9mm")).toBe("Blazer");
    expect(resolveBrand("Hornady", "federal 9mm")).toBe("Hornady");
    expect(resolveBrand("Acme Ammo Works", "acme 9mm")).toBe("Acme Ammo Works");
    expect(resolveBrand(undefined, "speer gold dot 9mm")).toBe("Speer");
  });

  it.each([
    ["FMJ", "FMJ"],
    ["Full Metal Jacket", "FMJ"],
    ["JHP", "JHP"],
    ["Jacketed Hollow Point", "JHP"],
    ["HP", "HP"],
    ["SP", "SP"],
    ["OTM", "BTHP"],
    ["HPBT", "BTHP"],
    ["FTX", "FTX"],
    ["V-Max", "V-MAX"],
    ["TMJ", "TMJ"],
    ["LRN", "LRN"],
    ["SJHP", "SJHP"],
    ["00 Buck", "Buckshot"],
    ["#8 Shot", "Birdshot"],
    ["Rifled Slug", "Slug"],
    ["Frangible", "Frangible"],
    ["Plasma Tip Special", "Plasma Tip Special"],
  ])("bullet %s → %s", (text, bullet) => {
    expect(parseBulletType(text)).toBe(bullet);
  });

  it.each([
    ["Brass", "brass"],
    ["Brass Cased", "brass"],
    ["Steel Case", "steel"],
    ["Lacquered Steel", "steel"],
    ["Nickel-Plated Brass", "nickel"],
    ["Aluminium", "aluminum"],
    ["Aluminum", "aluminum"],
    ["-", null],
  ])("case %s → %s", (text, caseType) => {
    expect(parseCaseType(text)).toBe(caseType);
  });
});

describe("price", () => {
  it.each([
    ["$18.99", 18.99],
    ["18.99", 18.99],
    ["1,299.00", 1299],
    ["$1,299.00", 1299],
    ["USD 12", 12],
    ["12 USD", 12],
    [" 7.5 ", 7.5],
    ["18,99", 18.99],
    ["1.299,00", 1299],
    [".99", 0.99],
  ])("%s → %s", (text, value) => {
    expect(parsePrice(text)).toEqual({ ok: true, value });
  });

  it.each([
    [null, "missing price"],
    ["", "missing price"],
    ["-5.00", "negative price: -5.00"],
    ["$-5.00", "negative price: $-5.00"],
    ["(5.00)", "negative price: (5.00)"],
    ["0", "zero price: 0"],
    ["0.00001", "zero price: 0.00001"],
    ["abc", 'unparseable price: "abc"'],
    ["NaN", 'unparseable price: "NaN"'],
    ["1.2.3", 'unparseable price: "1.2.3"'],
    ["999999", "implausible price: 999999"],
  ])("%s is quarantined: %s", (text, reason) => {
    expect(parsePrice(text)).toEqual({ ok: false, reason });
  });

  it("takes JSON numbers as they are and rejects non-finite ones", () => {
    expect(parsePrice(31.5)).toEqual({ ok: true, value: 31.5 });
    expect(parsePrice(Number.POSITIVE_INFINITY).ok).toBe(false);
    expect(parsePrice(-1)).toEqual({ ok: false, reason: "negative price: -1" });
  });

  it("price per round is price / rounds to 4 decimals, null without rounds", () => {
    expect(pricePerRound(18.99, 50)).toBe(0.3798);
    expect(pricePerRound(10, 3)).toBe(3.3333);
    expect(pricePerRound(299.99, 1000)).toBe(0.3);
    expect(pricePerRound(18.99, null)).toBeNull();
    expect(round(1.005, 2)).toBe(1.01);
  });
});

describe("stock, UPC, URL, text", () => {
  it.each([
    ["yes", true],
    ["no", false],
    ["1", true],
    ["0", false],
    ["TRUE", true],
    ["false", false],
    ["in_stock", true],
    ["In Stock", true],
    ["available", true],
    ["limited", true],
    ["out_of_stock", false],
    ["backorder", false],
    ["Sold Out", false],
    ["12", true],
    ["15 in stock", true],
    ["maybe", false],
    ["", true],
  ] as const)("stock %s → %s", (text, inStock) => {
    expect(parseInStock(text)).toBe(inStock);
  });

  it("stock: missing means listed as sellable; booleans and quantities are read", () => {
    expect(parseInStock(undefined)).toBe(true);
    expect(parseInStock(false)).toBe(false);
    expect(parseInStock(0)).toBe(false);
    expect(parseInStock(3)).toBe(true);
  });

  it.each([
    ["036000291452", "036000291452"],
    ["36000291452", "036000291452"],
    [36000291452, "036000291452"],
    ["0-36000-29145-2", "036000291452"],
    ["0036000291452", "036000291452"],
    ["4006381333931", "4006381333931"],
    ["036000291453", null],
    ["abc", null],
    ["000000000000", null],
    ["3.6E+10", null],
    ["", null],
  ] as const)("UPC %s → %s", (text, upc) => {
    expect(normaliseUpc(text)).toBe(upc);
  });

  it.each([
    ["https://shop.example/p/1", "https://shop.example/p/1"],
    ["http://shop.example/p?id=1", "http://shop.example/p?id=1"],
    ["javascript:alert(1)", null],
    ["data:text/html,hi", null],
    ["ftp://shop.example/x", null],
    ["/relative/path", null],
    ["https://user:pw@shop.example/", null],
  ])("URL %s → %s", (text, url) => {
    expect(normaliseUrl(text)).toBe(url);
  });

  it("titles become plain text: tags and scripts gone, entities decoded, whitespace collapsed", () => {
    expect(plainText("<b>Federal</b>\n 9mm&nbsp;&amp; more")).toBe("Federal 9mm & more");
    expect(plainText("<script>alert(1)</script>CCI <style>x{}</style>22 LR")).toBe("CCI 22 LR");
    expect(plainText("&lt;img src=x onerror=alert(1)&gt;Hornady")).toBe("Hornady");
    expect(plainText("<!-- hidden -->PMC")).toBe("PMC");
    expect(plainText("x".repeat(2000))?.length).toBe(500);
    expect(plainText("<br/>")).toBeNull();
  });
});

describe("normaliseListing", () => {
  it("prefers columns over the title and fills gaps from the title", () => {
    const result = normaliseListing({
      title: "Federal 9mm 115gr FMJ 50 Rounds",
      price: "$20.00",
      caliber: "9x19",
      grain: "124",
      rounds: "",
      brand: "Federal Premium",
      stock: "out_of_stock",
      upc: "36000291452",
      sku: "  A-1  ",
    });
    expect(result).toEqual({
      ok: true,
      record: {
        sku: "A-1",
        upc: "036000291452",
        title: "Federal 9mm 115gr FMJ 50 Rounds",
        price: 20,
        inStock: false,
        brand: "Federal",
        caliber: "9mm",
        grainWeight: 124,
        roundCount: 50,
        bulletType: "FMJ",
        caseType: null,
        url: null,
        pricePerRound: 0.4,
      },
    });
  });

  it("does not read brands or bullet types out of caliber names", () => {
    const result = normaliseListing({ title: "Hornady .223 Remington 55gr 20rd", price: "10" });
    expect(result.ok && result.record.brand).toBe("Hornady");
    const sp = normaliseListing({ title: "Magtech .38 Sp 158gr LRN 50rd", price: "10" });
    expect(sp.ok && sp.record.bulletType).toBe("LRN");
    const lapua = normaliseListing({ title: "Federal .338 Lapua Magnum 300gr 20rd", price: "10" });
    expect(lapua.ok && lapua.record.brand).toBe("Federal");
  });

  it("keeps formula-looking cells as literal text", () => {
    const result = normaliseListing({ title: '=HYPERLINK("http://x","9mm 50rd")', price: "5", sku: "@SUM(A1)" });
    expect(result.ok && result.record.title).toBe('=HYPERLINK("http://x","9mm 50rd")');
    expect(result.ok && result.record.sku).toBe("@SUM(A1)");
  });

  it("quarantines rows without title or usable price, with the reason", () => {
    expect(normaliseListing({ price: "1" })).toEqual({ ok: false, reason: "missing title" });
    expect(normaliseListing({ title: "x" })).toEqual({ ok: false, reason: "missing price" });
    expect(normaliseListing({ title: "x", price: "-5.00" })).toEqual({ ok: false, reason: "negative price: -5.00" });
  });
});
