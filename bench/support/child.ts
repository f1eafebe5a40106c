/** Runs a scenario in a worker process (same tsx loader); the environment (profiling switches) is inherited. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ScenarioResult, ScenarioSpec } from "../types";
import type { WorkerMessage } from "../worker";

const WORKER = fileURLToPath(new URL("../worker.ts", import.meta.url));

export function runInWorker(spec: ScenarioSpec): Promise<ScenarioResult> {
  const execArgv = [...process.execArgv];
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(spec)], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let message: WorkerMessage | null = null;
    child.on("message", (m) => {
      message = m as WorkerMessage;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (message?.ok) resolve(message.result);
      else if (message) reject(new Error(message.error));
      else reject(new Error(`worker exited with ${signal ?? `code ${code}`} before reporting`));
    });
  });
}
