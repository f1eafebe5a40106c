/** The bench's goals, judged from the results. Pure. */
import type { BenchResults, Goal, PipelineRunResult, PipelineScenarioResult } from "./types";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function runOf(s: PipelineScenarioResult, kind: PipelineRunResult["run"]): PipelineRunResult | undefined {
  return s.runs.find((r) => r.run === kind);
}

export function judgeGoals(r: Omit<BenchResults, "goals">): Goal[] {
  const goals: Goal[] = [];

  const top = r.pipeline.filter((s) => s.skus === 5_000);
  const topExecutor = top.find((s) => s.mode === "executor");
  const topDirect = top.find((s) => s.mode === "direct");
  const topFirst = (topExecutor && runOf(topExecutor, "first")) ?? (topDirect && runOf(topDirect, "first"));
  if (topFirst) {
    const how = topExecutor ? "through the executor (Run.durationMs)" : "stage functions called directly";
    const direct = topExecutor && topDirect ? `; direct ${fmt(runOf(topDirect, "first")!.totalMs)} ms` : "";
    goals.push({
      name: "Top-Tier (5,000 SKUs) full first run ≥ 30× inside its 30 s target",
      target: "≤ 1,000 ms",
      measured: `${fmt(topFirst.totalMs)} ms ${how} = ${topFirst.timesInsideTarget}× inside${direct}`,
      met: topFirst.totalMs <= 1_000,
    });
  }

  const ratios = r.pipeline.flatMap((s) => {
    const first = runOf(s, "first");
    const unchanged = runOf(s, "unchanged");
    return first && unchanged ? [{ s, share: unchanged.totalMs / first.totalMs }] : [];
  });
  if (ratios.length) {
    const worst = ratios.reduce((a, b) => (b.share > a.share ? b : a));
    goals.push({
      name: "Unchanged re-poll ≤ 10% of a first run (every size and mode)",
      target: "≤ 10%",
      measured: `worst ${pct(worst.share)} (${fmt(worst.s.skus)} SKUs, ${worst.s.mode}); ` + ratios.map((x) => `${x.s.skus}/${x.s.mode[0]} ${pct(x.share)}`).join(", "),
      met: worst.share <= 0.1,
    });
  }

  const write = r.write.find((w) => w.rows === 5_000) ?? r.write[0];
  if (write) {
    const rows = fmt(write.rows);
    for (const c of write.cases.filter((c) => c.case !== "1% changed")) {
      if (c.upsertOverOurs !== null) {
        goals.push({
          name: `Ingest write ≥ 20× faster than the seed's current path, one Prisma upsert per record (${rows} rows, ${c.case})`,
          target: "≥ 20×",
          measured: `${c.upsertOverOurs}× (upserts ${fmt(c.upsertMs!)} ms, ours ${fmt(c.oursMs)} ms; the §1.3 batch path ${fmt(c.batchMs!)} ms, ${c.batchOverOurs}× ours)`,
          met: c.upsertOverOurs >= 20,
        });
      }
    }
    for (const c of write.cases.filter((c) => c.case !== "1% changed")) {
      goals.push({
        name: `Ingest write within 3× of the COPY floor (${rows} rows, ${c.case})`,
        target: "≤ 3×",
        measured: `${c.oursOverFloor}× (ours ${fmt(c.oursMs)} ms, floor ${fmt(c.floorMs)} ms)`,
        met: c.oursOverFloor <= 3,
      });
    }
  }

  if (r.fleet) {
    const f = r.fleet;
    const size = f.dealers === 100 ? "" : ` — only ${f.dealers} dealers, not 100`;
    goals.push({
      name: `Fleet cycle (${f.dealers} dealers × ~${fmt(f.avgSkus)} SKUs, 1% changed) well inside a 5-minute poll interval${size}`,
      target: "≤ 60,000 ms",
      measured: `${fmt(f.cycle.wallMs)} ms (${f.cycle.succeeded}/${f.cycle.runs} runs succeeded)`,
      met: f.cycle.wallMs <= 60_000 && f.cycle.failed === 0,
    });
  }
  return goals;
}
