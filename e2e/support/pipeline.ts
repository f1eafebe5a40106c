/** Shared steps of the dashboard's browser tests: feeds to upload, dealers onboarded through the API, waiting for runs. */
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { generateFeed } from "../../lib/feeds/generate";

export const SCREENSHOTS = "e2e/screenshots";

/** A unique suffix per test run, so dealers from earlier runs against the same data directory never collide. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1_000)}`;
}

/**
 * A small AmmoSeek-style CSV with realistic ammunition titles (`rows` generated listings), plus one listing whose
 * title carries HTML (it must show as text) and one without a price (it must be quarantined with its reason).
 */
export function makeCsv(rows = 140, seed: number | string = Date.now()): Buffer {
  const feed = generateFeed({ skus: rows, format: "csv", family: "ammoseek", seed });
  const extra = [
    `,"<b>Hot Deal</b> CCI Blazer Brass 9mm Luger 115gr FMJ 50 Rounds",$17.99,https://shop.example/p/hot-deal,yes,CCI,9mm,115gr,Brass,FMJ,50,E2E-HTML-1`,
    `,Winchester White Box 9mm 115 Grain FMJ 100 Round Value Pack,,https://shop.example/p/no-price,yes,Winchester,9mm,115gr,Brass,FMJ,100,E2E-NOPRICE-1`,
  ];
  return Buffer.from(`${feed.text.trimEnd()}\n${extra.join("\n")}\n`, "utf8");
}

export interface Onboarded {
  dealerId: string;
  runId: string;
  name: string;
}

/** Onboards a dealer with an uploaded feed through POST /api/onboard, as the form does. */
export async function onboardViaApi(request: APIRequestContext, name: string, csv = makeCsv()): Promise<Onboarded> {
  const response = await request.post("/api/onboard", {
    multipart: {
      name,
      plan: "STANDARD",
      source: "upload",
      format: "AUTO",
      pollIntervalMinutes: "60",
      file: { name: "feed.csv", mimeType: "text/csv", buffer: csv },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { dealerId: string; runId: string };
  return { ...body, name };
}

interface RunState {
  run: { status: string; error: string | null; durationMs: number | null; tier: string | null };
}

/** Polls the run until it has ended; fails the test with the run's error if it did not succeed. */
export async function waitForRun(request: APIRequestContext, runId: string, timeout = 90_000): Promise<RunState["run"]> {
  let last: RunState["run"] | null = null;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/runs/${runId}`);
        if (!response.ok()) return `HTTP ${response.status()}`;
        last = ((await response.json()) as RunState).run;
        return last.status;
      },
      { timeout, intervals: [500, 1_000] },
    )
    .toMatch(/^(SUCCEEDED|FAILED|CANCELLED)$/);
  const run = last as RunState["run"] | null;
  expect(run?.status, `run ${runId} ended: ${run?.error ?? ""}`).toBe("SUCCEEDED");
  return run!;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}
