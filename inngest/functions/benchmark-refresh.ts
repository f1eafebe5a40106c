import { inngest } from "@/inngest/client";
import { getDb } from "@/lib/db";
import { rematerialize } from "@/lib/orchestrator";

/**
 * Nightly: re-benchmarks every active dealer's canonical SKUs, so listings age out of the 7-day window
 * and suspended dealers drop out of benchmarks even where no poll touches their SKUs.
 */
export const benchmarkRefresh = inngest.createFunction(
  { id: "benchmark-refresh", name: "Nightly benchmark refresh", triggers: [{ cron: process.env.PIPELINE_BENCHMARK_REFRESH_CRON ?? "30 3 * * *" }], concurrency: [{ limit: 1 }], retries: 1 },
  async ({ step }) => step.run("rematerialize-benchmarks", async () => rematerialize(await getDb(), { asset: "BENCHMARK" })),
);
