import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { RunRecord, StepRecord } from "@/inngest/executor/types";
import { startExecutor, useExecutorTests } from "./helpers";

useExecutorTests();

describe("embedded executor: retries and onFailure", () => {
  it("retries a failing function with growing backoff, then calls onFailure with the error", async () => {
    const attemptsSeen: number[] = [];
    const failures: Array<{ message: string; functionId: unknown; original: unknown }> = [];
    const fn = inngest.createFunction(
      {
        id: "t-retry-fn",
        triggers: [{ event: "test/retry.fn" }],
        retries: 3,
        onFailure: async ({ error, event }) => {
          failures.push({ message: error.message, functionId: event.data.function_id, original: event.data.event.data });
        },
      },
      async ({ attempt }) => {
        attemptsSeen.push(attempt);
        throw new Error(`boom ${attempt}`);
      },
    );
    const executor = await startExecutor([fn], { speed: 1000 });
    const steps: StepRecord[] = [];
    const runs = new Map<string, RunRecord>();
    executor.on("step", (s) => steps.push(s));
    executor.on("run", (r) => runs.set(r.id, r));
    await executor.send({ name: "test/retry.fn", data: { dealerId: "d1" } });
    await executor.waitForIdle();

    expect(attemptsSeen).toEqual([0, 1, 2, 3]);
    const errors = steps.filter((s) => s.functionId === "dealer-pipeline-t-retry-fn" && s.op === "Error");
    expect(errors.map((s) => s.attempt)).toEqual([0, 1, 2, 3]);
    // Backoff doubles from 10 s (±20 %), on the executor's clock; scheduling latency only adds to it.
    const gaps = errors.slice(1).map((s, i) => s.startedAt - errors[i]!.endedAt);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(0.8 * 10_000 * 2 ** i));

    const main = [...runs.values()].find((r) => r.functionId === "dealer-pipeline-t-retry-fn");
    expect(main?.status).toBe("failed");
    expect(main?.attempts).toBe(4);
    expect(main?.error?.message).toBe("boom 3");
    expect(failures).toEqual([{ message: "boom 3", functionId: "dealer-pipeline-t-retry-fn", original: { dealerId: "d1" } }]);
    expect([...runs.values()].find((r) => r.functionId === "dealer-pipeline-t-retry-fn-failure")?.status).toBe("completed");
  });

  it("retries a failing step on its own until it succeeds; other steps are not re-run", async () => {
    let firstRuns = 0;
    let flakyRuns = 0;
    const fn = inngest.createFunction(
      { id: "t-retry-step", triggers: [{ event: "test/retry.step" }], retries: 2 },
      async ({ step }) => {
        await step.run("first", () => ++firstRuns);
        return step.run("flaky", () => {
          if (++flakyRuns < 3) throw new Error(`flaky ${flakyRuns}`);
          return "ok";
        });
      },
    );
    const executor = await startExecutor([fn], { speed: 1000 });
    const steps: StepRecord[] = [];
    executor.on("step", (s) => steps.push(s));
    await executor.send({ name: "test/retry.step", data: {} });
    await executor.waitForIdle();

    expect(firstRuns).toBe(1);
    expect(flakyRuns).toBe(3);
    const flaky = steps.filter((s) => s.name === "flaky");
    expect(flaky.map((s) => [s.attempt, s.error?.message])).toEqual([
      [0, "flaky 1"],
      [1, "flaky 2"],
      [2, undefined],
    ]);
    const run = await executor.getRun(flaky[0]!.runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toBe("ok");
  });

  it("does not retry a NonRetriableError", async () => {
    let calls = 0;
    let failedWith = "";
    const fn = inngest.createFunction(
      {
        id: "t-non-retriable",
        triggers: [{ event: "test/non.retriable" }],
        onFailure: ({ error }) => {
          failedWith = error.message;
        },
      },
      async ({ step }) =>
        step.run("refuse", () => {
          calls++;
          throw new NonRetriableError("bad feed");
        }),
    );
    const executor = await startExecutor([fn], { speed: 1000 });
    await executor.send({ name: "test/non.retriable", data: {} });
    await executor.waitForIdle();
    expect(calls).toBe(1);
    expect(failedWith).toContain("bad feed");
  });
});
