import { expect, test } from "@playwright/test";
import { onboardViaApi, screenshot, unique, waitForRun } from "./support/pipeline";

test("a finished run can be replayed from its page and the replay finishes", async ({ page, request }) => {
  const dealer = await onboardViaApi(request, unique("E2E Replay Ammo"));
  await waitForRun(request, dealer.runId);

  await page.goto(`/runs/${dealer.runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded");
  await expect(page.getByTestId("stage-FEED_INGEST")).toBeVisible();
  await expect(page.getByRole("img", { name: "Run timeline" })).toBeVisible();
  await screenshot(page, "run-page");

  await page.getByTestId("replay-button").click();
  await expect(page).not.toHaveURL(new RegExp(`/runs/${dealer.runId}$`));
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const replayId = page.url().split("/").pop()!;
  await expect(page.getByText("replay of")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 90_000 });
  await screenshot(page, "run-replayed");

  // The runs list, filtered to replays, has it.
  await page.goto(`/runs?trigger=REPLAY&dealer=${dealer.dealerId}`);
  await expect(page.getByTestId("run-row").first()).toContainText(replayId.slice(0, 8));
  await screenshot(page, "runs-list");
});
