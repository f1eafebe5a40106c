import { expect, test } from "@playwright/test";
import { makeCsv, screenshot, unique } from "./support/pipeline";

test.describe("onboarding", () => {
  test("an invalid submission shows each field's error, the refused URL explained", async ({ page }) => {
    await page.goto("/onboard");
    await page.getByLabel("Dealer name").fill("");
    await page.getByLabel("Poll interval (minutes)").fill("0");
    // A private address as a literal: refused without any DNS lookup.
    await page.getByLabel("Feed URL").fill("http://10.0.0.5/feed.csv");
    await page.getByTestId("onboard-submit").click();

    await expect(page.getByTestId("error-name")).toContainText("Enter the dealer's name");
    await expect(page.getByTestId("error-pollIntervalMinutes")).toContainText("1 or more");
    await expect(page.getByTestId("error-url")).toContainText("10.0.0.5");
    await expect(page.getByTestId("error-url")).toContainText("private address");
    await expect(page.getByTestId("error-url")).toContainText("feeds must be on the public internet");
    await expect(page.getByLabel("Dealer name")).toHaveAttribute("aria-invalid", "true");
    await screenshot(page, "onboard-invalid");

    // An upload without a file, and a scheme that is not http(s).
    await page.getByText("Upload a file").click();
    await page.getByLabel("Dealer name").fill("Ammo Depot");
    await page.getByLabel("Poll interval (minutes)").fill("5");
    await page.getByTestId("onboard-submit").click();
    await expect(page.getByTestId("error-file")).toContainText("Choose the feed file");
    await expect(page.getByTestId("error-name")).toHaveCount(0);

    await page.getByText("From a URL").click();
    await page.getByLabel("Feed URL").fill("ftp://feeds.example.com/products.csv");
    await page.getByTestId("onboard-submit").click();
    await expect(page.getByTestId("error-url")).toContainText("http or https");
  });

  test("an uploaded feed onboards a dealer whose first run finishes and shows on the overview with its tier timing", async ({ page }) => {
    const name = unique("E2E Hobby Ammo");
    await page.goto("/onboard");
    await page.getByLabel("Dealer name").fill(name);
    await page.getByLabel("Plan").selectOption("PRO");
    await page.getByLabel("Poll interval (minutes)").fill("60");
    await page.getByText("Upload a file").click();
    await page.getByLabel("Feed file").setInputFiles({ name: "hobby-feed.csv", mimeType: "text/csv", buffer: makeCsv(140, name) });
    await page.getByTestId("onboard-submit").click();

    const progress = page.getByTestId("onboard-progress");
    await expect(progress).toBeVisible();
    await expect(page.getByTestId("progress-status")).toHaveText("Succeeded", { timeout: 90_000 });
    for (const stage of ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT"]) {
      await expect(page.getByTestId(`progress-${stage}`)).toHaveAttribute("data-state", /done|skipped/);
    }
    await screenshot(page, "onboard-progress");

    // The overview: the new dealer's run among the latest, timed against the Hobbyist target, and the tier's figures.
    await page.goto("/");
    await expect(page.getByTestId("dealer-count")).toHaveText(/^[1-9]\d*$/);
    const row = page.getByTestId("latest-run").filter({ hasText: name }).first();
    await expect(row).toBeVisible();
    await expect(row).toContainText("Hobbyist");
    await expect(row.getByTestId("latest-run-duration")).toHaveText(/\d/);
    await expect(page.getByTestId("tier-p95-Hobbyist")).toHaveText(/\d+\.\d+ s/);
    await screenshot(page, "overview-after-onboarding");

    // The dealer's page: its feed, its run, the quarantined row with its reason, the HTML title as text.
    await page.getByTestId("latest-run").filter({ hasText: name }).first().getByRole("link", { name }).click();
    await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByTestId("dealer-name")).toHaveText(name);
    await expect(page.getByTestId("feeds-table")).toContainText("hobby-feed.csv");
    await expect(page.getByTestId("quarantine-table")).toContainText("E2E-NOPRICE-1");
    // Feed text is never markup: no <b> element came from the feed anywhere on the page.
    await expect(page.locator("main b")).toHaveCount(0);
    await screenshot(page, "dealer-page");
  });
});
