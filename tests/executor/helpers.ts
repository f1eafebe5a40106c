import { afterEach, beforeEach } from "vitest";
import { inngest } from "@/inngest/client";
import { scaledClock } from "@/inngest/executor/clock";
import { createExecutor, type Executor, type ExecutorOptions } from "@/inngest/executor/executor";
import { newStore, useTestStores } from "./stores";

type Options = Partial<ExecutorOptions> & { speed?: number };

const created: Executor[] = [];

/** An executor over real functions with a clock `speed` times faster, on a fresh test store; stopped after each test. */
export function newExecutor(functions: ExecutorOptions["functions"], options: Options = {}): Executor {
  const { speed = 1, ...rest } = options;
  const executor = createExecutor({ client: inngest, functions, crons: false, clock: scaledClock(speed), ...rest, store: rest.store ?? newStore() });
  created.push(executor);
  return executor;
}

export async function startExecutor(functions: ExecutorOptions["functions"], options: Options = {}): Promise<Executor> {
  const executor = newExecutor(functions, options);
  await executor.start();
  return executor;
}

/** Stops executors after each test and fails any test that reaches for the network. */
export function useExecutorTests(): void {
  useTestStores();
  const original = globalThis.fetch;
  beforeEach(() => {
    globalThis.fetch = (input) => Promise.reject(new Error(`network call attempted: ${String(input)}`));
  });
  afterEach(async () => {
    await Promise.all(created.splice(0).map((e) => e.stop()));
    globalThis.fetch = original;
  });
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds (real time). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await delay(5);
  }
}

/** Tracks how many step bodies run at once, overall and per key. */
export class InFlight {
  private readonly now = new Map<string, number>();
  readonly max = new Map<string, number>();
  maxTotal = 0;
  private total = 0;

  async around<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.now.set(key, (this.now.get(key) ?? 0) + 1);
    this.total++;
    this.max.set(key, Math.max(this.max.get(key) ?? 0, this.now.get(key) ?? 0));
    this.maxTotal = Math.max(this.maxTotal, this.total);
    try {
      return await work();
    } finally {
      this.now.set(key, (this.now.get(key) ?? 1) - 1);
      this.total--;
    }
  }
}
