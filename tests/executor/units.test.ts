import { describe, expect, it } from "vitest";
import { compileExpr, evalBool, evalKey, evalNumber } from "@/inngest/executor/cel";
import { parseDuration, wakeTime } from "@/inngest/executor/duration";
import { gcra, slidingWindow } from "@/inngest/executor/flow-control";
import type { RunState } from "@/inngest/executor/types";
import { newStore, useTestStores } from "./stores";

useTestStores();

describe("executor building blocks", () => {
  it("parses Inngest time strings, ms strings and sleepUntil dates", () => {
    expect(parseDuration("2h45m")).toBe(9_900_000);
    expect(parseDuration("1m30s")).toBe(90_000);
    expect(parseDuration("1 minute")).toBe(60_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(() => parseDuration("soon")).toThrow(/Invalid duration/);
    expect(wakeTime("2026-11-29T12:00:00.000Z", 0)).toBe(Date.parse("2026-11-29T12:00:00.000Z"));
    expect(wakeTime("10s", 1_000)).toBe(11_000);
  });

  it("evaluates CEL over JSON events: whole numbers are ints, missing fields are handled", () => {
    const event = { name: "x", data: { dealerId: "d1", n: 3, ratio: 0.5, plan: "PRO" } };
    expect(evalKey(compileExpr("event.data.dealerId"), { event })).toBe("d1");
    expect(evalKey(compileExpr("event.data.missing"), { event })).toBeUndefined();
    expect(evalNumber(compileExpr("event.data.n + 1"), { event })).toBe(4);
    expect(evalNumber(compileExpr("event.data.ratio * 2.0"), { event })).toBe(1);
    expect(evalNumber(compileExpr("event.data.plan == 'PRO' ? 300 : 0"), { event })).toBe(300);
    expect(evalBool(compileExpr("event.data.missing == 'x'"), { event })).toBe(false);
    expect(evalBool(compileExpr("async.data.dealerId == event.data.dealerId"), { event, async: event })).toBe(true);
  });

  it("reads fields an event lacks as null, as Inngest does, keeping has() strict", () => {
    const priority = compileExpr(`event.data.firstRun == true ? 600 : (event.data.plan == "PRO" ? 300 : 0)`);
    expect(evalNumber(priority, { event: { data: { plan: "PRO" } } })).toBe(300);
    expect(evalNumber(priority, { event: { data: { plan: "PRO", firstRun: true } } })).toBe(600);
    expect(evalNumber(priority, { event: { data: {} } })).toBe(0);
    expect(evalBool(compileExpr("event.data.x != 'a'"), { event: { data: {} } })).toBe(true);
    expect(evalBool(compileExpr("event.data.x == null"), { event: { data: {} } })).toBe(true);
    expect(evalBool(compileExpr("!has(event.data.x)"), { event: { data: {} } })).toBe(true);
    expect(evalBool(compileExpr("has(event.data.x)"), { event: { data: {} } })).toBe(false);
  });

  it("GCRA admits limit + burst at once, then one per period/limit", () => {
    const gate = { key: "k", limit: 2, periodMs: 1000, burst: 1 };
    let tat: number | undefined;
    const admitted: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const verdict = gcra(tat, 0, gate);
      admitted.push(verdict.allowed);
      if (verdict.allowed) tat = verdict.tat;
      else expect(verdict.retryAt).toBe(500);
    }
    expect(admitted).toEqual([true, true, true, false]);
    expect(gcra(tat, 500, gate).allowed).toBe(true);
  });

  it("sliding window rate limit forgets events older than the period", () => {
    let log: number[] | undefined;
    const at = (now: number) => {
      const verdict = slidingWindow(log, now, 2, 1000);
      log = verdict.log;
      return verdict.allowed;
    };
    expect([at(0), at(10), at(20), at(1005), at(1015)]).toEqual([true, true, false, true, true]);
  });

  it("the store forgets the oldest finished runs beyond its limit", async () => {
    const store = newStore({ keepFinished: 2 });
    const run = (id: string): RunState => ({
      id, functionId: "f", status: "queued", events: [], createdAt: 0, attempts: 0, steps: [],
      memo: {}, stack: [], score: 0, concurrency: [], disableImmediate: false,
    });
    await store.commit({ createRuns: ["a", "b", "c", "d"].map(run) });
    for (const id of ["a", "b", "c"]) await store.commit({ patchRuns: [{ id, patch: { status: "completed" } }] });
    expect(await store.getRun("a")).toBeUndefined();
    expect((await store.getRun("b"))?.status).toBe("completed");
    expect((await store.getRun("d"))?.status).toBe("queued");
  });
});
