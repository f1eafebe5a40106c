import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { RunRecord } from "@/inngest/executor/types";
import { startExecutor, until, useExecutorTests } from "./helpers";

useExecutorTests();

describe("embedded executor: replay", () => {
  it("re-runs a finished run's function with the same events as a new run, past idempotency and rate limit", async () => {
    const bodies: string[] = [];
    const fn = inngest.createFunction(
      {
        id: "t-replay",
        triggers: [{ event: "test/replay" }],
        idempotency: "event.data.orderId",
        rateLimit: { limit: 1, period: "1h" },
      },
      async ({ event, step }) => {
        const seen = await step.run("record", () => bodies.push((event.data as { orderId: string }).orderId));
        return { orderId: (event.data as { orderId: string }).orderId, seen };
      },
    );
    const executor = await startExecutor([fn]);
    const runs = new Map<string, RunRecord>();
    executor.on("run", (r) => runs.set(r.id, r));
    const [eventId] = await executor.send({ name: "test/replay", data: { orderId: "o1" } });
    await executor.waitForIdle();
    const [original] = [...runs.values()];
    expect(original?.status).toBe("completed");

    // The same event again is held back by idempotency and the rate limit; a replay is not.
    await executor.send({ name: "test/replay", data: { orderId: "o1" } });
    await executor.waitForIdle();
    expect(runs.size).toBe(1);
    const replayId = await executor.replay(original!.id);
    await executor.waitForIdle();

    const replay = await executor.getRun(replayId);
    expect(replayId).not.toBe(original!.id);
    expect(replay?.status).toBe("completed");
    expect(replay?.events).toEqual(original!.events);
    expect(replay?.events[0]?.id).toBe(eventId);
    expect(replay?.output).toEqual({ orderId: "o1", seen: 2 });
    expect(bodies).toEqual(["o1", "o1"]);
    expect((await executor.getRun(original!.id))?.output).toEqual({ orderId: "o1", seen: 1 });
  });

  it("replays failed runs too; refuses unknown and unfinished runs", async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fn = inngest.createFunction(
      { id: "t-replay-failed", triggers: [{ event: "test/replay.failed" }], retries: 0 },
      async ({ event, step }) => {
        if ((event.data as { hold?: boolean }).hold) return step.run("held", () => gate);
        if (++calls === 1) throw new Error("first call fails");
        return "second call succeeds";
      },
    );
    const executor = await startExecutor([fn]);
    const runs = new Map<string, RunRecord>();
    executor.on("run", (r) => runs.set(r.id, r));
    await executor.send({ name: "test/replay.failed", data: {} });
    await executor.waitForIdle();
    const [failed] = [...runs.values()];
    expect(failed?.status).toBe("failed");

    const replayId = await executor.replay(failed!.id);
    await executor.waitForIdle();
    expect((await executor.getRun(replayId))?.output).toBe("second call succeeds");

    await expect(executor.replay("no-such-run")).rejects.toThrow(/No run no-such-run/);
    await executor.send({ name: "test/replay.failed", data: { hold: true } });
    const held = () => [...runs.values()].find((r) => (r.events[0]?.data as { hold?: boolean }).hold && r.status === "running");
    await until(() => held() !== undefined);
    await expect(executor.replay(held()!.id)).rejects.toThrow(/has not finished/);
    release();
    await executor.waitForIdle();
  });
});
