import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { RunRecord } from "@/inngest/executor/types";
import { delay, InFlight, newExecutor, startExecutor, until, useExecutorTests } from "./helpers";

useExecutorTests();

function recordRuns(executor: { on: (t: "run", l: (r: RunRecord) => void) => unknown }) {
  const runs = new Map<string, RunRecord>();
  executor.on("run", (r) => runs.set(r.id, r));
  return runs;
}

const dealers = (counts: Record<string, number>, name: string) =>
  Object.entries(counts).flatMap(([dealerId, n]) => Array.from({ length: n }, (_, i) => ({ name, data: { dealerId, i } })));

describe("embedded executor: flow control", () => {
  it("concurrency keyed by a CEL expression: never more than the limit per key in flight", async () => {
    const inFlight = new InFlight();
    const fn = inngest.createFunction(
      { id: "t-conc-key", triggers: [{ event: "test/conc.key" }], concurrency: [{ limit: 2, key: "event.data.dealerId" }] },
      async ({ event, step }) =>
        step.run("work", () => inFlight.around((event.data as { dealerId: string }).dealerId, () => delay(25))),
    );
    const executor = await startExecutor([fn], { maxParallel: 8 });
    await executor.send(dealers({ a: 6, b: 6, c: 3 }, "test/conc.key"));
    await executor.waitForIdle();

    expect(Object.fromEntries(inFlight.max)).toEqual({ a: 2, b: 2, c: 2 });
    expect(inFlight.maxTotal).toBeGreaterThan(2);
    expect(inFlight.maxTotal).toBeLessThanOrEqual(6);
  });

  it("function-level concurrency combined with a keyed limit", async () => {
    const inFlight = new InFlight();
    const fn = inngest.createFunction(
      {
        id: "t-conc-fn",
        triggers: [{ event: "test/conc.fn" }],
        concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.dealerId" }],
      },
      async ({ event, step }) => {
        await step.run("one", () => inFlight.around((event.data as { dealerId: string }).dealerId, () => delay(15)));
        await step.run("two", () => inFlight.around((event.data as { dealerId: string }).dealerId, () => delay(15)));
      },
    );
    const executor = await startExecutor([fn], { maxParallel: 8 });
    await executor.send(dealers({ a: 3, b: 3, c: 3, d: 3, e: 3 }, "test/conc.fn"));
    await executor.waitForIdle();

    expect(inFlight.maxTotal).toBe(3);
    expect(Math.max(...inFlight.max.values())).toBe(1);
  });

  it("priority: with concurrency 1, queued runs start in priority order", async () => {
    const started: string[] = [];
    const plans = ["STANDARD", "PRO", "FOUNDING", "NONE", "PRO", "STANDARD"];
    const fn = inngest.createFunction(
      {
        id: "t-priority",
        triggers: [{ event: "test/priority" }],
        concurrency: [{ limit: 1 }],
        priority: {
          run: "event.data.plan == 'FOUNDING' ? 600 : event.data.plan == 'PRO' ? 300 : event.data.plan == 'STANDARD' ? 0 : -300",
        },
      },
      async ({ event, step }) => step.run("start", () => started.push(`${(event.data as { plan: string }).plan}#${(event.data as { i: number }).i}`)),
    );
    const executor = newExecutor([fn]);
    await executor.send(Array.from({ length: 30 }, (_, i) => ({ name: "test/priority", data: { plan: plans[i % plans.length], i } })));
    await executor.start();
    await executor.waitForIdle();

    const rank = { FOUNDING: 0, PRO: 1, STANDARD: 2, NONE: 3 } as Record<string, number>;
    const expected = [...started].sort((x, y) => {
      const [px, ix] = x.split("#");
      const [py, iy] = y.split("#");
      return rank[px!]! - rank[py!]! || Number(ix) - Number(iy);
    });
    expect(started).toHaveLength(30);
    expect(started).toEqual(expected);
  });

  it("throttle: run starts are paced to limit per period (GCRA)", async () => {
    const fn = inngest.createFunction(
      { id: "t-throttle", triggers: [{ event: "test/throttle" }], throttle: { limit: 2, period: "1s" } },
      async ({ step }) => step.run("go", () => true),
    );
    const executor = await startExecutor([fn], { speed: 5 });
    const runs = recordRuns(executor);
    await executor.send(Array.from({ length: 8 }, (_, i) => ({ name: "test/throttle", data: { i } })));
    await executor.waitForIdle();

    const starts = [...runs.values()].map((r) => r.startedAt!).sort((a, b) => a - b);
    expect(starts).toHaveLength(8);
    const t0 = starts[0]!;
    // Two start at once, then one every period/limit = 500 ms.
    starts.forEach((t, i) => expect(t - t0).toBeGreaterThanOrEqual(Math.max(0, i - 1) * 500 - 5));
    expect(starts[7]! - t0).toBeLessThan(3000 + 1500);
  });

  it("rateLimit drops events over the limit per key", async () => {
    const fn = inngest.createFunction(
      { id: "t-rate", triggers: [{ event: "test/rate" }], rateLimit: { limit: 2, period: "1h", key: "event.data.dealerId" } },
      async () => "ran",
    );
    const executor = await startExecutor([fn]);
    const runs = recordRuns(executor);
    await executor.send(dealers({ a: 5, b: 1 }, "test/rate"));
    await executor.waitForIdle();
    const perDealer = [...runs.values()].map((r) => (r.events[0]?.data as { dealerId: string }).dealerId).sort();
    expect(perDealer).toEqual(["a", "a", "b"]);
  });

  it("batchEvents: events arrive together in one run, the rest after the timeout", async () => {
    const batches: number[][] = [];
    const fn = inngest.createFunction(
      { id: "t-batch", triggers: [{ event: "test/batch" }], batchEvents: { maxSize: 5, timeout: "10s" } },
      async ({ events }) => {
        batches.push(events.map((e) => (e.data as { i: number }).i));
      },
    );
    const executor = await startExecutor([fn], { speed: 100 });
    await executor.send(Array.from({ length: 12 }, (_, i) => ({ name: "test/batch", data: { i } })));
    await executor.waitForIdle();
    expect(batches).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11],
    ]);
  });

  it("idempotency: an event with a seen key (or a seen event id) starts no second run", async () => {
    let runs = 0;
    const fn = inngest.createFunction(
      { id: "t-idem", triggers: [{ event: "test/idem" }], idempotency: "event.data.orderId" },
      async () => ++runs,
    );
    const executor = await startExecutor([fn]);
    await executor.send([
      { name: "test/idem", data: { orderId: "o1" } },
      { name: "test/idem", data: { orderId: "o1" } },
      { name: "test/idem", data: { orderId: "o2" } },
    ]);
    await executor.waitForIdle();
    expect(runs).toBe(2);

    const plain = inngest.createFunction({ id: "t-idem-id", triggers: [{ event: "test/idem.id" }] }, async () => ++runs);
    const second = await startExecutor([plain]);
    await second.send([
      { id: "evt-1", name: "test/idem.id", data: {} },
      { id: "evt-1", name: "test/idem.id", data: {} },
    ]);
    await second.waitForIdle();
    expect(runs).toBe(3);
  });

  it("debounce runs once with the last event", async () => {
    const seen: number[] = [];
    const fn = inngest.createFunction(
      { id: "t-debounce", triggers: [{ event: "test/debounce" }], debounce: { period: "5s", key: "event.data.dealerId" } },
      async ({ event }) => seen.push((event.data as { i: number }).i),
    );
    const executor = await startExecutor([fn], { speed: 100 });
    await executor.send(dealers({ a: 4 }, "test/debounce"));
    await executor.waitForIdle();
    expect(seen).toEqual([3]);
  });

  it("cancelOn cancels a matching run; singleton skip starts no second run", async () => {
    const fn = inngest.createFunction(
      {
        id: "t-cancel",
        triggers: [{ event: "test/cancel.start" }],
        cancelOn: [{ event: "test/cancel.stop", if: "async.data.dealerId == event.data.dealerId" }],
        singleton: { key: "event.data.dealerId", mode: "skip" },
      },
      async ({ step }) => {
        await step.sleep("long", "1h");
        return "finished";
      },
    );
    const executor = await startExecutor([fn], { speed: 3600 });
    const runs = recordRuns(executor);
    await executor.send([
      { name: "test/cancel.start", data: { dealerId: "a" } },
      { name: "test/cancel.start", data: { dealerId: "a" } },
      { name: "test/cancel.start", data: { dealerId: "b" } },
    ]);
    await executor.send({ name: "test/cancel.stop", data: { dealerId: "a" } });
    await executor.waitForIdle();
    const byDealer = Object.fromEntries([...runs.values()].map((r) => [(r.events[0]?.data as { dealerId: string }).dealerId, r.status]));
    expect(runs.size).toBe(2);
    expect(byDealer).toEqual({ a: "cancelled", b: "completed" });
  });

  it("queueDepth reports waiting, running and delayed work per function", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const blocked = inngest.createFunction(
      { id: "t-depth-blocked", triggers: [{ event: "test/depth.blocked" }], concurrency: [{ limit: 1 }] },
      async ({ step }) => step.run("wait", () => gate),
    );
    const sleeper = inngest.createFunction(
      { id: "t-depth-sleeper", triggers: [{ event: "test/depth.sleeper" }] },
      async ({ step }) => step.sleep("nap", "1h"),
    );
    const executor = await startExecutor([blocked, sleeper]);
    await executor.send([
      ...Array.from({ length: 4 }, () => ({ name: "test/depth.blocked", data: {} })),
      { name: "test/depth.sleeper", data: {} },
      { name: "test/depth.sleeper", data: {} },
    ]);
    const byFn = async () => Object.fromEntries((await executor.queueDepth()).map((d) => [d.functionId, d]));
    await until(async () => (await byFn())["dealer-pipeline-t-depth-sleeper"]?.delayed === 2);
    await until(async () => (await byFn())["dealer-pipeline-t-depth-blocked"]?.running === 1);
    const depth = await byFn();
    expect(depth["dealer-pipeline-t-depth-blocked"]).toMatchObject({ waiting: 3, running: 1, delayed: 0 });
    expect(depth["dealer-pipeline-t-depth-sleeper"]).toMatchObject({ waiting: 0, running: 0, delayed: 2 });
    release();
    await until(async () => (await byFn())["dealer-pipeline-t-depth-blocked"]?.waiting === 0 && (await byFn())["dealer-pipeline-t-depth-blocked"]?.running === 0);
  });
});
