import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateOnboarding, slugify } from "@/app/api/onboard/validation";
import { checkFeedUrl } from "@/lib/feeds/fetch";
import type { Db } from "@/lib/db";
import { openTestDb } from "../support/db";

/** DNS stand-in: feeds.internal is a private address, shop.example a public one. */
const check: typeof checkFeedUrl = (url, opts) =>
  checkFeedUrl(url, {
    ...opts,
    lookup: async (host) => {
      if (host === "feeds.internal") return [{ address: "10.0.0.5", family: 4 }];
      if (host === "shop.example") return [{ address: "93.184.216.34", family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    },
  });

function form(fields: Record<string, string | File>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}

const valid = { name: "Ammo Depot", plan: "PRO", source: "url", url: "https://shop.example/feed.csv", format: "AUTO", pollIntervalMinutes: "5" };

describe("onboarding validation (server side)", () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await db.sql.query(`INSERT INTO "Dealer" (slug, name) VALUES ('taken-ammo', 'Taken Ammo')`);
  });
  afterAll(async () => {
    await db.close();
  });

  it("accepts a complete form and builds the orchestrator's input", async () => {
    const result = await validateOnboarding(db, form(valid), { checkUrl: check });
    expect(result).toEqual({
      ok: true,
      input: { name: "Ammo Depot", slug: "ammo-depot", plan: "PRO", feed: { kind: "url", url: "https://shop.example/feed.csv" }, format: "AUTO", pollIntervalMinutes: 5 },
    });
  });

  it("explains an SSRF refusal in words", async () => {
    const result = await validateOnboarding(db, form({ ...valid, url: "https://feeds.internal/products.csv" }), { checkUrl: check });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields.url).toEqual(["feeds.internal resolves to 10.0.0.5, a private address: feeds must be on the public internet"]);
  });

  it("reports every field's problem at once", async () => {
    const result = await validateOnboarding(db, form({ name: " ", plan: "GOLD", source: "url", url: "", format: "PDF", pollIntervalMinutes: "2000" }), { checkUrl: check });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fields).sort()).toEqual(["format", "name", "plan", "pollIntervalMinutes", "url"]);
    expect(result.fields.url).toEqual(["Enter the feed's URL"]);
    expect(result.fields.pollIntervalMinutes?.[0]).toContain("1,440");
  });

  it("refuses unknown host names, other schemes and taken slugs", async () => {
    const dns = await validateOnboarding(db, form({ ...valid, url: "https://nowhere.invalid/feed.csv" }), { checkUrl: check });
    expect(!dns.ok && dns.fields.url?.[0]).toMatch(/nowhere\.invalid.*check the host name/);
    const ftp = await validateOnboarding(db, form({ ...valid, url: "ftp://shop.example/feed.csv" }), { checkUrl: check });
    expect(!ftp.ok && ftp.fields.url?.[0]).toContain("http or https");
    const taken = await validateOnboarding(db, form({ ...valid, name: "Taken  Ammo!" }), { checkUrl: check });
    expect(!taken.ok && taken.fields.name?.[0]).toContain('"taken-ammo" already exists');
    const badSlug = await validateOnboarding(db, form({ ...valid, slug: "Bad Slug" }), { checkUrl: check });
    expect(!badSlug.ok && badSlug.fields.slug?.[0]).toContain("lowercase");
  });

  it("takes an uploaded file and refuses an empty or missing one", async () => {
    const file = new File(["upc,title,price\n1,Federal 9mm 115gr FMJ 50rd,18.99\n"], "feed.csv", { type: "text/csv" });
    const ok = await validateOnboarding(db, form({ ...valid, source: "upload", url: "", file }), { checkUrl: check });
    expect(ok.ok && ok.input.feed.kind === "upload" && ok.input.feed.fileName).toBe("feed.csv");
    const empty = await validateOnboarding(db, form({ ...valid, source: "upload", file: new File([], "empty.csv") }), { checkUrl: check });
    expect(!empty.ok && empty.fields.file?.[0]).toBe("empty.csv is empty");
    const missing = await validateOnboarding(db, form({ ...valid, source: "upload" }), { checkUrl: check });
    expect(!missing.ok && missing.fields.file?.[0]).toBe("Choose the feed file to upload");
  });

  it("slugifies names", () => {
    expect(slugify("Brass & Lead Co.")).toBe("brass-and-lead-co");
    expect(slugify("  Ümlaut  Ammo ")).toBe("umlaut-ammo");
  });
});
