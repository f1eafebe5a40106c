import { afterEach, beforeEach } from "vitest";
import { inngest } from "@/inngest/client";
import { scaledClock, type Clock } from "@/inngest/executor/clock";
import { createExecutor, type Executor, type ExecutorOptions } from "@/inngest/executor/executor";

type Fns = ExecutorOptions["functions"];

const started: Executor[] = [];

/** Starts an executor over real functions, with a fast clock; stopped after each test. */
export async function startExecutor(functions: Fns, options: Partial<ExecutorOptions> & { speed?: number } = {}) {
  const clock: Clock = options.clock ?? scaledClock(options.speed ?? 1);
  const executor = createExecutor({ client: inngest, functions, crons: false, ...options, clock });
  started.push(executor);
  await executor.start();
  return { executor, clock };
}

/** Fails the test if anything reaches for the network: the executor must not. */
export function forbidNetwork() {
  const original = globalThis.fetch;
  beforeEach(() => {
    globalThis.fetch = (input) => Promise.reject(new Error(`network call attempted: ${String(input)}`));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop()));
    globalThis.fetch = original;
  });
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
