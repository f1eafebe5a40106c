/** Progress lines on stderr while the bench runs (stdout gets the table only). */
import os from "node:os";

// Workers inherit the parent's start (BENCH_T0), so every line counts from the start of the bench.
const started = Number(process.env.BENCH_T0 ?? NaN) || Date.now();
process.env.BENCH_T0 = String(started);

function clock(): string {
  const s = (Date.now() - started) / 1000;
  return `${s.toFixed(1).padStart(6)}s`;
}

/** One progress line: `[bench   12.3s] message`. */
export function progress(message: string): void {
  process.stderr.write(`[bench ${clock()}] ${message}\n`);
}

/** The 1-minute load average: how busy the machine was (other engineers' tests share the 2 cores). */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}

/** Calls `report` every `everyMs` until the returned stop function is called. */
export function ticker(everyMs: number, report: () => void | Promise<void>): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void Promise.resolve(report())
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
