import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { RunRecord } from "@/inngest/executor/types";
import { startExecutor, until, useExecutorTests } from "./helpers";

useExecutorTests();

function recordRuns(executor: { on: (t: "run", l: (r: RunRecord) => void) => unknown }) {
  const runs = new Map<string, RunRecord>();
  executor.on("run", (r) => runs.set(r.id, r));
  return runs;
}

describe("embedded executor: triggers", () => {
  it("fires cron triggers on schedule with the scheduled-timer event", async () => {
    const fn = inngest.createFunction(
      { id: "t-cron", triggers: [{ cron: "*/5 * * * *" }] },
      async ({ event }) => event.name,
    );
    const executor = await startExecutor([fn], { crons: true, speed: 300 });
    const runs = recordRuns(executor);
    await until(() => [...runs.values()].filter((r) => r.status === "completed").length >= 2);
    await executor.stop();

    const done = [...runs.values()].filter((r) => r.status === "completed").sort((a, b) => a.createdAt - b.createdAt);
    expect(done[0]?.output).toBe("inngest/scheduled.timer");
    expect(done[0]?.events[0]?.data).toEqual({ cron: "*/5 * * * *" });
    // At 300x, a few ms of timer latency are seconds on the executor's clock.
    for (const run of done) expect(run.createdAt % 300_000).toBeLessThan(60_000);
    expect(done[1]!.createdAt - done[0]!.createdAt).toBeGreaterThanOrEqual(240_000);
  });

  it("matches wildcard event names and trigger `if` expressions", async () => {
    const fn = inngest.createFunction(
      { id: "t-trigger-match", triggers: [{ event: "test/match.*", if: "event.data.plan != 'NONE'" }] },
      async ({ event }) => event.name,
    );
    const executor = await startExecutor([fn]);
    const runs = recordRuns(executor);
    await executor.send([
      { name: "test/match.a", data: { plan: "PRO" } },
      { name: "test/match.b", data: { plan: "NONE" } },
      { name: "test/other", data: { plan: "PRO" } },
      { name: "test/match.c", data: { plan: "FOUNDING" } },
    ]);
    await executor.waitForIdle();
    expect([...runs.values()].map((r) => r.output).sort()).toEqual(["test/match.a", "test/match.c"]);
  });
});
