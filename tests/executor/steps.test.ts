import { describe, expect, it } from "vitest";
import { inngest } from "@/inngest/client";
import type { StepRecord } from "@/inngest/executor/types";
import { forbidNetwork, startExecutor } from "./helpers";

forbidNetwork();

describe("embedded executor: steps", () => {
  it("memoises steps: each body runs once across re-entries", async () => {
    const bodies: Record<string, number> = { a: 0, b: 0, c: 0 };
    const fn = inngest.createFunction(
      { id: "t-steps-memo", triggers: [{ event: "test/steps.memo" }] },
      async ({ event, step }) => {
        const a = await step.run("a", () => {
          bodies.a!++;
          return (event.data as { n: number }).n + 1;
        });
        const b = await step.run("b", () => {
          bodies.b!++;
          return a * 10;
        });
        const [c1, c2] = await Promise.all([
          step.run("c", () => {
            bodies.c!++;
            return b + 1;
          }),
          step.run("c", () => {
            bodies.c!++;
            return b + 2;
          }),
        ]);
        return { a, b, c1, c2 };
      },
    );
    const { executor } = await startExecutor([fn]);
    const steps: StepRecord[] = [];
    executor.on("step", (s) => steps.push(s));
    const [eventId] = await executor.send({ name: "test/steps.memo", data: { n: 1 } });
    expect(eventId).toBeTruthy();
    await executor.waitForIdle();
    expect(bodies).toEqual({ a: 1, b: 1, c: 2 });
    const runs: string[] = [...new Set(steps.map((s) => s.runId))];
    expect(runs).toHaveLength(1);
    const run = await executor.getRun(runs[0]!);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ a: 2, b: 20, c1: 21, c2: 22 });
    expect(run?.steps.map((s) => s.name).sort()).toEqual(["a", "b", "c", "c"]);
    expect(run?.startedAt).toBeLessThanOrEqual(run?.finishedAt ?? 0);
  });
});
