import { expect, test } from "@playwright/test";
import { screenshot } from "./support/pipeline";

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test("the overview works at phone width: the navigation collapses and nothing overflows sideways", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("dealer-count")).toHaveText(/^\d+$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.getByTestId("nav-toggle").click();
  await expect(nav.getByRole("link", { name: "Runs" })).toBeVisible();
  await page.getByTestId("nav-toggle").click();
  await expect(nav).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, "overview-phone");

  for (const path of ["/runs", "/assets", "/dealers", "/onboard", "/search"]) {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(sideways, `${path} overflows at 375 px`).toBeLessThanOrEqual(0);
  }
});
