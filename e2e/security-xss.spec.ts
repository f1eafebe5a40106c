/**
 * Feed text is never rendered as HTML: a dealer whose feed carries markup in titles (what survives
 * normalisation as literal text) and a quarantined row made of script and event-handler markup. The dealer
 * page shows those strings as text — asserted on the rendered text — and no element, handler or script
 * from the feed exists or runs.
 */
import { expect, test, type APIResponse } from "@playwright/test";
import { generateFeed } from "../lib/feeds/generate";
import { onboardViaApi, screenshot, unique, waitForRun } from "./support/pipeline";

const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const row = (sku: string, title: string, price: string) => ["", cell(title), price, "https://shop.example/p", "yes", "Federal", "9mm", "115gr", "Brass", "FMJ", "50", sku].join(",");

// Literal text after normalisation (not tags: `< img` and an entity-escaped tag are text for an HTML parser too).
const SPACED = "< img src=x onerror=window.__xss=1> Federal 9mm 115gr FMJ 50 Rounds";
const ESCAPED = "&lt;script&gt;window.__xss=2&lt;/script&gt; Federal 9mm 124gr FMJ 50 Rounds";
// Quarantined (no price): kept raw, shown raw.
const QUARANTINED = `<img src=x onerror="window.__xss=3"><script>window.__xss=4</script> no price`;

test("hostile feed text shows as text on the dealer page; nothing from the feed runs", async ({ page, request }) => {
  const name = unique("E2E XSS Ammo");
  // Few enough listings that the dealer page's recent-changes table (12 rows) shows them all.
  const feed = generateFeed({ skus: 5, format: "csv", family: "ammoseek", seed: name });
  const csv = [
    feed.text.trimEnd(),
    row("XSS-SPACED", SPACED, "18.99"),
    row("XSS-ESCAPED", `&amp;lt;script&amp;gt;window.__xss=2&amp;lt;/script&amp;gt; Federal 9mm 124gr FMJ 50 Rounds`, "19.99"),
    row("XSS-STRIPPED", `<img src=x onerror="window.__xss=5"><b>Bold</b> Federal 9mm 147gr FMJ 50 Rounds`, "20.99"),
    row("XSS-QUARANTINED", QUARANTINED, ""),
  ].join("\n");
  const dealer = await onboardViaApi(request, name, Buffer.from(`${csv}\n`));
  await waitForRun(request, dealer.runId);

  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`/dealers/${dealer.dealerId}`);
  await expect(page.getByTestId("dealer-name")).toHaveText(name);

  // The strings are on the page as text…
  const changes = page.getByTestId("changes-table");
  await expect(changes).toContainText(SPACED);
  await expect(changes).toContainText(ESCAPED);
  await expect(changes).toContainText("Bold Federal 9mm 147gr FMJ 50 Rounds");
  // The quarantined row is shown as the CSV line it arrived as (its cell quoted, quotes doubled).
  await expect(page.getByTestId("quarantine-table")).toContainText(cell(QUARANTINED));
  await expect(page.getByTestId("quarantine-table")).toContainText("<script>window.__xss=4</script>");
  // …and nothing of the feed became markup or ran.
  const main = page.locator("main");
  await expect(main.locator("img[src='x'], [onerror], [onload], b")).toHaveCount(0);
  expect(await main.locator("script").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await screenshot(page, "dealer-hostile-text");
});

test("pages and APIs tell the browser not to sniff content types or be framed (no clickjacking of Replay / Run now)", async ({ request }) => {
  const check = (what: string, response: APIResponse) => {
    const headers = response.headers();
    expect([what, headers["x-content-type-options"]]).toEqual([what, "nosniff"]);
    expect([what, headers["x-frame-options"]]).toEqual([what, "DENY"]);
    expect([what, headers["content-security-policy"]]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")]);
  };
  check("overview page", await request.get("/"));
  check("login page", await request.get("/login"));
  check("runs API", await request.get("/api/runs"));
  check("health API", await request.get("/api/health"));
});
