import { expect, test } from "@playwright/test";

test("the home page shows a value read from the embedded database", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(await health.json()).toEqual({ ok: true, database: "pglite" });
  await page.goto("/");
  await expect(page.getByTestId("dealer-count")).toHaveText(/^\d+$/);
  await page.screenshot({ path: "e2e/screenshots/home.png", fullPage: true });
});
