import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import { scaledClock } from "@/inngest/executor/clock";
import { startExecutor, until, useExecutorTests } from "./helpers";
import { newStore } from "./stores";

useExecutorTests();

const hour = 3_600_000;

describe("embedded executor: resume from the store", () => {
  it("a new executor over the same store finishes a stopped run; finished steps do not re-run", async () => {
    const bodies = { a: 0, b: 0 };
    const fn = inngest.createFunction(
      { id: "t-resume-sleep", triggers: [{ event: "test/resume.sleep" }] },
      async ({ step }) => {
        const a = await step.run("a", () => ++bodies.a);
        await step.sleep("overnight", "1h");
        const b = await step.run("b", () => ++bodies.b);
        return { a, b };
      },
    );
    const store = newStore();
    const first = await startExecutor([fn], { store });
    await first.send({ name: "test/resume.sleep", data: {} });
    await until(async () => (await first.queueDepth())[0]?.delayed === 1);
    await first.stop();

    const [item] = await store.listItems();
    expect(item?.kind).toBe("resolve");
    const stopped = await store.getRun(item && "runId" in item ? item.runId : "");
    expect(stopped?.status).toBe("running");
    expect(Object.keys(stopped?.memo ?? {})).toHaveLength(1);

    // The process "comes back" two hours later: the sleep is over.
    const second = await startExecutor([fn], { store, clock: scaledClock(1, Date.now() + 2 * hour) });
    await second.waitForIdle();
    const run = await second.getRun(stopped!.id);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ a: 1, b: 1 });
    expect(bodies).toEqual({ a: 1, b: 1 });
    expect(run?.steps.map((s) => s.name)).toEqual(["a", "overnight", "b"]);
  });

  it("after a crash mid-step, only the interrupted step runs again", async () => {
    const bodies = { a: 0, b: 0, c: 0 };
    let unblock: () => void = () => {};
    const hang = new Promise<void>((resolve) => (unblock = resolve));
    const fn = inngest.createFunction(
      { id: "t-resume-crash", triggers: [{ event: "test/resume.crash" }] },
      async ({ step }) => {
        await step.run("a", () => ++bodies.a);
        // The first executor "dies" inside this step: its call never comes back.
        await step.run("b", async () => {
          if (++bodies.b === 1) await hang;
          return bodies.b;
        });
        return step.run("c", () => ++bodies.c);
      },
    );
    const store = newStore();
    const crashed = await startExecutor([fn], { store });
    await crashed.send({ name: "test/resume.crash", data: {} });
    await until(() => bodies.b === 1);

    const [pending] = await store.listItems();
    const runId = pending && "runId" in pending ? pending.runId : "";
    const revived = await startExecutor([fn], { store });
    await revived.waitForIdle();
    const run = await revived.getRun(runId);
    expect(run?.status).toBe("completed");
    expect(bodies).toEqual({ a: 1, b: 2, c: 1 });
    unblock(); // the dead executor's late answer must change nothing
    await crashed.stop();
    expect((await store.getRun(runId))?.status).toBe("completed");
    expect(bodies.c).toBe(1);
  });

  it("stop() waits for calls in flight, or gives up after its timeout", async () => {
    let finished = false;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const fn = inngest.createFunction(
      { id: "t-stop", triggers: [{ event: "test/stop" }] },
      async ({ step }) =>
        step.run("held", async () => {
          await held;
          finished = true;
        }),
    );
    const store = newStore();
    const executor = await startExecutor([fn], { store });
    await executor.send({ name: "test/stop", data: {} });
    await until(async () => (await executor.queueDepth())[0]?.running === 1);

    const began = Date.now();
    await executor.stop({ timeoutMs: 50 });
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(finished).toBe(false);

    const graceful = executor.stop();
    release();
    await graceful;
    expect(finished).toBe(true);
    const [runId] = (await store.listItems()).map((i) => ("runId" in i ? i.runId : ""));
    expect(runId).toBeDefined();
    expect((await store.getRun(runId ?? ""))?.steps.map((s) => s.name)).toEqual(["held"]);
  });
});
