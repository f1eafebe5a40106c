/**
 * One scenario in its own process (spawned by bench/run.ts): a fresh heap, so its peak memory is its own, and
 * no state left behind by another scenario. The spec comes as JSON in argv; the result goes back over IPC.
 */
import type { ScenarioResult, ScenarioSpec } from "./types";
import { runScenario } from "./scenarios";
import { progress } from "./support/progress";

export type WorkerMessage = { ok: true; result: ScenarioResult } | { ok: false; error: string };

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw || !process.send) throw new Error("bench/worker.ts is started by bench/run.ts");
  const spec = JSON.parse(raw) as ScenarioSpec;
  progress(`  worker ${process.pid} up in ${Math.round(performance.now())} ms`);
  let message: WorkerMessage;
  try {
    message = { ok: true, result: await runScenario(spec) };
  } catch (error) {
    message = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await new Promise<void>((resolve) => process.send!(message, () => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
