import { expect, test } from "@playwright/test";
import { onboardViaApi, screenshot, unique, waitForRun } from "./support/pipeline";

test("the assets page shows lineage and partitions, and re-materialises a stage for one dealer", async ({ page, request }) => {
  const dealer = await onboardViaApi(request, unique("E2E Assets Ammo"));
  await waitForRun(request, dealer.runId);

  await page.goto("/assets");
  for (const key of ["FEEDS", "FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT", "EMBEDDINGS"]) {
    await expect(page.getByTestId(`asset-node-${key}`)).toBeVisible();
  }
  const cell = page.getByTestId(`partition-${dealer.dealerId}-FEED_INGEST`);
  await expect(cell).toHaveAttribute("data-colour", "green");
  await screenshot(page, "assets");

  await page.getByTestId("asset-node-SKU_MATCH").click();
  const panel = page.getByTestId("rematerialize-panel");
  await expect(panel.getByLabel("Asset", { exact: true })).toHaveValue("SKU_MATCH");
  await panel.getByLabel("Partition", { exact: true }).selectOption(dealer.dealerId);
  await page.getByTestId("rematerialize-button").click();
  await expect(panel.getByRole("status")).toContainText("Started run");
  const runLink = panel.getByRole("status").getByRole("link");
  await runLink.click();
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
});
