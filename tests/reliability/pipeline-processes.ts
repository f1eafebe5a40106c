/** Runs pipeline-process.ts as a child OS process and kills it (SIGKILL) when a chosen line appears. */
import { spawn } from "node:child_process";
import path from "node:path";

const script = path.join(import.meta.dirname, "pipeline-process.ts");
const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export interface ProcessOutcome {
  /** stdout lines, each with the ms since the process started. */
  lines: Array<{ at: number; line: string }>;
  /** The line the process was killed on, and when (ms since it started). */
  killedOn?: string;
  killedAt?: number;
  exitCode: number | null;
  stderr: string;
}

/**
 * Node itself with tsx's loader (not `npx tsx`, which puts two more processes in between): the pid we
 * kill is the one holding the database, and we reap it, so its data-directory lock is seen as dead at once.
 */
export function runPipelineProcess(
  dataDir: string,
  args: string[],
  options: { killOn?: (line: string) => boolean; timeoutMs?: number } = {},
): Promise<ProcessOutcome> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, PIPELINE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const began = Date.now();
  const outcome: ProcessOutcome = { lines: [], exitCode: null, stderr: "" };
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) {
      outcome.lines.push({ at: Date.now() - began, line });
      if (!outcome.killedOn && options.killOn?.(line)) {
        outcome.killedOn = line;
        outcome.killedAt = Date.now() - began;
        child.kill("SIGKILL");
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (outcome.stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pipeline process ${args.join(" ")} timed out; stderr:\n${outcome.stderr.slice(-4000)}`));
    }, options.timeoutMs ?? 180_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      outcome.exitCode = code;
      resolve(outcome);
    });
  });
}
