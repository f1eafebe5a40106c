import { expect, test } from "@playwright/test";
import { onboardViaApi, screenshot, unique, waitForRun } from "./support/pipeline";

test("search finds products by meaning with their best offer", async ({ page, request }) => {
  test.setTimeout(180_000);
  const dealer = await onboardViaApi(request, unique("E2E Search Ammo"));
  await waitForRun(request, dealer.runId);
  // Embeddings are deferred work: wait until the catalogue answers.
  await expect
    .poll(async () => {
      const response = await request.get("/api/search?q=9mm%20range%20ammo");
      if (!response.ok()) return 0;
      return ((await response.json()) as { results: unknown[] }).results.length;
    }, { timeout: 120_000, intervals: [1_000, 2_000] })
    .toBeGreaterThan(0);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search$/);
  await page.getByTestId("search-input").fill("9mm range ammo");
  await page.getByTestId("search-submit").click();
  const results = page.getByTestId("search-result");
  await expect(results.first()).toBeVisible();
  await expect(results.first()).toContainText(/\$\d+\.\d{3}/);
  await screenshot(page, "search");
});
