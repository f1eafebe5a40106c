/**
 * Crash and resume with the executor's queue in the database (DbStore). A real pipeline process (its own
 * OS process: pipeline-process.ts) onboards a dealer with a 5,000-listing feed and is killed with SIGKILL at
 * one step boundary after another; each time a new process opens the same data directory (PGlite recovers
 * it, the dead pid's lock is cleared) and carries on. The end state is compared with an uninterrupted run
 * of the same input in another data directory: every row of every product table, with uuids replaced by
 * natural keys and timestamps/durations compared only as set or not (canonical-dump.ts).
 */
import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { freshDataDir } from "../support/db";
import type { Dump } from "./canonical-dump";
import { runPipelineProcess, type ProcessOutcome } from "./pipeline-processes";

const SKUS = "5000";
const SLUG = "crash-dealer";

/**
 * Each process is killed as soon as it reports the line: a step's result is saved the moment its STEP
 * line is printed, and a RUN line with "running" is printed just before the run's call goes out.
 */
const killPoints = [
  { at: "after fetch, with parse in flight", line: "STEP feed-ingest fetch" },
  { at: "after parse (a new dealer's listings written, the ingest finalised), with the match request in flight", line: "STEP feed-ingest parse" },
  { at: "inside sku-match's match step", line: "RUN sku-match running" },
  { at: "inside benchmark's step", line: "RUN benchmark running" },
];

const steps = (outcomes: ProcessOutcome[]) =>
  outcomes.flatMap((o) => o.lines.map((l) => l.line).filter((l) => l.startsWith("STEP "))).sort();
const completedRuns = (outcomes: ProcessOutcome[]) =>
  outcomes.flatMap((o) => o.lines.map((l) => l.line).filter((l) => l.startsWith("RUN ") && l.endsWith(" completed"))).sort();

/** Rows only in one dump, per table (a few of each, for the failure message). */
function differences(expected: Dump, actual: Dump) {
  const out: Record<string, { missing: string[]; extra: string[]; counts: [number, number] }> = {};
  for (const table of Object.keys(expected)) {
    const want = expected[table] ?? [];
    const got = actual[table] ?? [];
    const missing = multisetMinus(want, got);
    const extra = multisetMinus(got, want);
    if (missing.length > 0 || extra.length > 0) out[table] = { missing: missing.slice(0, 3), extra: extra.slice(0, 3), counts: [want.length, got.length] };
  }
  return out;
}

function multisetMinus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const row of b) left.set(row, (left.get(row) ?? 0) + 1);
  return a.filter((row) => {
    const n = left.get(row) ?? 0;
    if (n > 0) left.set(row, n - 1);
    return n === 0;
  });
}

/** When it died and what it saved: the first saved step after a kill is the one that was interrupted. */
const summary = (o: ProcessOutcome) => {
  const saved = o.lines.filter((l) => l.line.startsWith("STEP ")).map((l) => l.line.slice(5));
  const end = o.killedOn ? `killed at ${o.killedAt} ms on "${o.killedOn}"` : `finished at ${o.lines.at(-1)?.at} ms`;
  return `${end}; saved ${saved.length ? saved.join(", ") : "nothing"}`;
};

const readDump = async (path: string) => JSON.parse(await fs.readFile(path, "utf8")) as Dump;
const describeOutcome = (o: ProcessOutcome) => `exit ${o.exitCode}, last lines ${JSON.stringify(o.lines.slice(-5))}, stderr:\n${o.stderr.slice(-3000)}`;

describe("crash and resume: the executor's queue in the database", () => {
  it("killed at four step boundaries and resumed by a new process each time, the pipeline ends with exactly an uninterrupted run's data", async () => {
    const [baselineDir, crashDir] = await Promise.all([freshDataDir(), freshDataDir()]);
    const baselineDump = `${baselineDir}.json`;
    const crashDump = `${crashDir}.json`;
    // The reference run goes on beside the crashing one.
    const baseline = runPipelineProcess(baselineDir, ["start", baselineDump, SLUG, SKUS]);

    const chain: ProcessOutcome[] = [];
    for (const [i, point] of killPoints.entries()) {
      const args = i === 0 ? ["start", crashDump, SLUG, SKUS] : ["resume", crashDump];
      const outcome = await runPipelineProcess(crashDir, args, { killOn: (line) => line === point.line });
      expect(outcome.killedOn, `process ${i + 1} was to be killed ${point.at}: ${describeOutcome(outcome)}`).toBe(point.line);
      chain.push(outcome);
    }
    const last = await runPipelineProcess(crashDir, ["resume", crashDump]);
    expect(last.lines.at(-1)?.line, describeOutcome(last)).toBe("DONE");
    chain.push(last);
    console.info(chain.map((o, i) => `[crash-resume] process ${i + 1}: ${summary(o)}`).join("\n"));
    const reference = await baseline;
    expect(reference.lines.at(-1)?.line, describeOutcome(reference)).toBe("DONE");

    // The executor saved every step exactly once across the five processes, and finished each stage once.
    expect(steps(chain)).toEqual(steps([reference]));
    expect(completedRuns(chain)).toEqual(completedRuns([reference]));
    expect(completedRuns([reference])).toEqual(["RUN benchmark completed", "RUN feed-ingest completed", "RUN insight completed", "RUN sku-match completed"]);

    const expected = await readDump(baselineDump);
    const actual = await readDump(crashDump);
    expect(expected.DealerSku).toHaveLength(5000);
    expect(expected.Run).toEqual([expect.stringContaining(`"status":"SUCCEEDED"`)]);
    expect(expected.AssetMaterialization).toHaveLength(4);
    expect(differences(expected, actual)).toEqual({});
  }, 600_000);
});
