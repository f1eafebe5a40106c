/** Vitest hooks for a test file that drives the pipeline through the embedded executor. */
import { afterAll, beforeAll } from "vitest";
import type { Executor } from "@/inngest/executor/executor";
import { startPipelineExecutor } from "./pipeline";

/** Starts the pipeline executor before the file's tests and stops it after them. */
export function usePipelineExecutor(): void {
  let executor: Executor | undefined;
  beforeAll(async () => {
    executor = await startPipelineExecutor();
  });
  afterAll(async () => {
    await executor?.stop();
  });
}
