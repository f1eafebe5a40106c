import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { RunRecord, StepRecord } from "@/inngest/executor/types";
import { startExecutor, until, useExecutorTests } from "./helpers";

useExecutorTests();

const runsOf = (runs: Map<string, RunRecord>, fnId: string) =>
  [...runs.values()].filter((r) => r.functionId === `dealer-pipeline-${fnId}`);

function recordRuns(executor: { on: (t: "run", l: (r: RunRecord) => void) => unknown }) {
  const runs = new Map<string, RunRecord>();
  executor.on("run", (r) => runs.set(r.id, r));
  return runs;
}

describe("embedded executor: steps", () => {
  it("memoises steps: each body runs once across re-entries, parallel steps included", async () => {
    const bodies = { a: 0, b: 0, c: 0 };
    const fn = inngest.createFunction(
      { id: "t-steps-memo", triggers: [{ event: "test/steps.memo" }] },
      async ({ event, step }) => {
        const a = await step.run("a", () => ++bodies.a && (event.data as { n: number }).n + 1);
        const b = await step.run("b", () => ++bodies.b && a * 10);
        const [c1, c2] = await Promise.all([
          step.run("c", () => ++bodies.c && b + 1),
          step.run("c", () => ++bodies.c && b + 2),
        ]);
        return { a, b, c1, c2 };
      },
    );
    const executor = await startExecutor([fn]);
    const steps: StepRecord[] = [];
    executor.on("step", (s) => steps.push(s));
    await executor.send({ name: "test/steps.memo", data: { n: 1 } });
    await executor.waitForIdle();

    expect(bodies).toEqual({ a: 1, b: 1, c: 2 });
    const run = await executor.getRun(steps[0]!.runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ a: 2, b: 20, c1: 21, c2: 22 });
    expect(run?.steps.map((s) => s.name).sort()).toEqual(["a", "b", "c", "c"]);
    for (const s of run?.steps ?? []) expect(s.endedAt).toBeGreaterThanOrEqual(s.startedAt);
  });

  it("fans out: step.sendEvent and inngest.send start other functions", async () => {
    const seen: number[] = [];
    const fanOut = inngest.createFunction(
      { id: "t-fan-out", triggers: [{ event: "test/fan.start" }] },
      async ({ step }) => {
        const { ids } = await step.sendEvent("fan", [1, 2, 3].map((i) => ({ name: "test/fan.item", data: { i } })));
        return ids.length;
      },
    );
    const item = inngest.createFunction(
      { id: "t-fan-item", triggers: [{ event: "test/fan.item" }] },
      async ({ event, step }) => step.run("record", () => seen.push((event.data as { i: number }).i)),
    );
    const executor = await startExecutor([fanOut, item]);
    const runs = recordRuns(executor);
    await inngest.send({ name: "test/fan.start", data: {} });
    await inngest.send({ name: "test/fan.item", data: { i: 4 } });
    await executor.waitForIdle();

    expect(seen.sort()).toEqual([1, 2, 3, 4]);
    expect(runsOf(runs, "t-fan-out").map((r) => r.output)).toEqual([3]);
    expect(runsOf(runs, "t-fan-item").every((r) => r.status === "completed")).toBe(true);
  });

  it("sleeps on the executor's clock and resumes after the duration", async () => {
    const fn = inngest.createFunction(
      { id: "t-sleep", triggers: [{ event: "test/sleep" }] },
      async ({ step }) => {
        const before = await step.run("before", () => "a");
        await step.sleep("nap", "10m");
        return step.run("after", () => `${before}b`);
      },
    );
    const executor = await startExecutor([fn], { speed: 2000 });
    const steps: StepRecord[] = [];
    executor.on("step", (s) => steps.push(s));
    const realStart = Date.now();
    await executor.send({ name: "test/sleep", data: {} });
    await executor.waitForIdle();

    const named = (name: string) => {
      const found = steps.find((s) => s.name === name);
      if (!found) throw new Error(`no step ${name}`);
      return found;
    };
    const [before, nap, after] = [named("before"), named("nap"), named("after")];
    expect(nap.op).toBe("Sleep");
    expect(nap.endedAt - nap.startedAt).toBeGreaterThanOrEqual(600_000);
    expect(after.startedAt - before.endedAt).toBeGreaterThanOrEqual(600_000);
    expect(Date.now() - realStart).toBeLessThan(5_000);
    expect((await executor.getRun(after.runId))?.output).toBe("ab");
  });

  it("invokes another function and feeds its result or error back", async () => {
    const double = inngest.createFunction(
      { id: "t-invoke-child", triggers: [{ event: "test/invoke.child" }] },
      async ({ event, step }) => step.run("double", () => (event.data as { n: number }).n * 2),
    );
    const broken = inngest.createFunction(
      { id: "t-invoke-broken", triggers: [{ event: "test/invoke.broken" }], retries: 0 },
      async () => {
        throw new NonRetriableError("child says no");
      },
    );
    const parent = inngest.createFunction(
      { id: "t-invoke-parent", triggers: [{ event: "test/invoke.parent" }] },
      async ({ step }) => {
        const doubled = await step.invoke("call-double", { function: double, data: { n: 21 } });
        const failure = await step
          .invoke("call-broken", { function: broken, data: {} })
          .then(() => "no error", (err: Error) => err.message);
        return { doubled, failure };
      },
    );
    const executor = await startExecutor([double, broken, parent]);
    const runs = recordRuns(executor);
    await executor.send({ name: "test/invoke.parent", data: {} });
    await executor.waitForIdle();

    const [run] = runsOf(runs, "t-invoke-parent");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ doubled: 42, failure: expect.stringContaining("child says no") });
    expect(runsOf(runs, "t-invoke-child")[0]?.events[0]?.name).toBe("inngest/function.invoked");
  });

  it("waitForEvent: matches a later event by its `if` expression, or times out with null", async () => {
    const fn = inngest.createFunction(
      { id: "t-wait", triggers: [{ event: "test/wait.start" }] },
      async ({ step }) =>
        step.waitForEvent("approval", {
          event: "test/wait.approved",
          timeout: "1h",
          if: "async.data.orderId == event.data.orderId",
        }),
    );
    const executor = await startExecutor([fn], { speed: 2000 });
    const runs = recordRuns(executor);
    await executor.send([
      { name: "test/wait.start", data: { orderId: "o1" } },
      { name: "test/wait.start", data: { orderId: "o2" } },
    ]);
    const depth = async () => (await executor.queueDepth()).find((d) => d.functionId.endsWith("t-wait"));
    await until(async () => (await depth())?.delayed === 2);
    await executor.send([
      { name: "test/wait.approved", data: { orderId: "o3" } },
      { name: "test/wait.approved", data: { orderId: "o1", by: "ana" } },
    ]);
    await executor.waitForIdle();

    const byOrder = (id: string) => runsOf(runs, "t-wait").find((r) => (r.events[0]?.data as { orderId: string }).orderId === id);
    expect(byOrder("o1")?.output).toMatchObject({ name: "test/wait.approved", data: { orderId: "o1", by: "ana" } });
    expect(byOrder("o2")?.status).toBe("completed");
    expect(byOrder("o2")?.output).toBeNull();
  });
});

describe("embedded executor: group.parallel race", () => {
  it("continues the run as soon as the first branch wins", async () => {
    let slowDone = 0;
    const fn = inngest.createFunction(
      { id: "t-race", triggers: [{ event: "test/race" }] },
      async ({ step, group }) => {
        const winner = await group.parallel({ mode: "race" }, () =>
          Promise.race([
            step.run("fast", () => "fast"),
            step.run("slow", async () => {
              await new Promise((resolve) => setTimeout(resolve, 300));
              return "slow";
            }),
          ]),
        );
        const slowFinishedFirst = await step.run("after", () => slowDone);
        return { winner, slowFinishedFirst };
      },
    );
    const executor = await startExecutor([fn]);
    executor.on("step", (s) => {
      if (s.name === "slow") slowDone++;
    });
    const runs = recordRuns(executor);
    await executor.send({ name: "test/race", data: {} });
    await executor.waitForIdle();
    const [run] = runsOf(runs, "t-race");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ winner: "fast", slowFinishedFirst: 0 });
  });
});
