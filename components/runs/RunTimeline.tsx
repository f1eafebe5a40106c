"use client";
/**
 * The run as a Gantt chart: the run itself, each stage's materialisation and each step, as bars offset from
 * the run's trigger (queuedAt). The hatched part of a bar is time spent waiting in a queue; the dashed red
 * line is the tier's target.
 */
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { RunDetail } from "@/lib/metrics/runs";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours } from "../charts/palette";
import { formatDuration, stageName } from "../format";
import { useNow } from "../ui/Time";
import { useNarrow } from "../ui/useNarrow";

type Status = "ok" | "fail" | "running" | "skip";

interface Row {
  key: string;
  label: string;
  kind: "run" | "stage" | "step";
  offset: number;
  wait: number;
  work: number;
  status: Status;
  detail: string;
}

const fill: Record<Status, string> = { ok: colours.ok, fail: colours.fail, running: colours.running, skip: "#7dd3fc" };

export function timelineRows(detail: RunDetail, now: number): Row[] {
  const { run } = detail;
  const queuedAt = new Date(run.queuedAt).getTime();
  const elapsed = run.finishedAt ? new Date(run.finishedAt).getTime() - queuedAt : now - queuedAt;
  const runWait = run.startOffsetMs ?? (run.status === "QUEUED" ? elapsed : 0);
  const rows: Row[] = [
    {
      key: "run",
      label: "Run",
      kind: "run",
      offset: 0,
      wait: runWait / 1000,
      work: Math.max(0, elapsed - runWait) / 1000,
      status: run.status === "FAILED" ? "fail" : run.status === "SUCCEEDED" ? (run.skipped ? "skip" : "ok") : "running",
      detail: `queued ${formatDuration(runWait)}, total ${formatDuration(elapsed)}`,
    },
  ];
  // Each stage's bar, then its own steps beneath it (a step belongs to the function of its stage).
  const stageOf: Record<string, string> = { "feed-ingest": "FEED_INGEST", "sku-match": "SKU_MATCH", benchmark: "BENCHMARK", insight: "INSIGHT", embeddings: "EMBEDDINGS" };
  const stepRow = (s: RunDetail["steps"][number], nested: boolean): Row => {
    const duration = s.durationMs ?? Math.max(0, now - new Date(s.startedAt).getTime());
    const name = `${s.stepId}${s.attempt > 0 ? ` #${s.attempt + 1}` : ""}`;
    return {
      key: `s-${s.id}`,
      label: nested ? `› ${name}` : `${s.functionId} › ${name}`,
      kind: "step",
      offset: s.offsetMs / 1000,
      wait: 0,
      work: duration / 1000,
      status: s.error ? "fail" : s.finishedAt ? "ok" : "running",
      detail: s.error ? `failed after ${formatDuration(duration)}: ${s.error}` : `${s.finishedAt ? "took" : "running for"} ${formatDuration(duration)}`,
    };
  };
  const placed = new Set<string>();
  const stages = [...new Set([...detail.materializations.map((m) => m.asset as string), ...detail.steps.map((s) => stageOf[s.functionId]).filter((a): a is string => Boolean(a))])];
  const order = ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT", "EMBEDDINGS"];
  stages.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const asset of stages) {
    const m = detail.materializations.find((x) => x.asset === asset);
    if (m) {
      const start = m.queuedOffsetMs ?? m.startOffsetMs;
      rows.push({
        key: `m-${m.id}`,
        label: stageName(m.asset),
        kind: "stage",
        offset: start / 1000,
        wait: Math.max(0, m.startOffsetMs - start) / 1000,
        work: m.durationMs / 1000,
        status: m.status === "FAILED" ? "fail" : m.status === "SKIPPED" ? "skip" : "ok",
        detail: `${m.status.toLowerCase()} in ${formatDuration(m.durationMs)}${m.queueWaitMs ? ` after ${formatDuration(m.queueWaitMs)} queued` : ""}`,
      });
    } else {
      // A stage still running (or that failed before recording) has no materialisation: a header for its steps.
      const own = detail.steps.filter((s) => stageOf[s.functionId] === asset);
      const first = Math.min(...own.map((s) => s.offsetMs));
      const last = Math.max(...own.map((s) => s.offsetMs + (s.durationMs ?? Math.max(0, now - new Date(s.startedAt).getTime()))));
      rows.push({ key: `h-${asset}`, label: stageName(asset), kind: "stage", offset: first / 1000, wait: 0, work: Math.max(0, last - first) / 1000, status: own.some((s) => s.error) && detail.run.status === "FAILED" ? "fail" : "running", detail: "in progress" });
    }
    for (const s of detail.steps) {
      if (stageOf[s.functionId] !== asset) continue;
      placed.add(s.id);
      rows.push(stepRow(s, true));
    }
  }
  for (const s of detail.steps) if (!placed.has(s.id)) rows.push(stepRow(s, false));
  return rows;
}

function TimelineTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Row }> }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="max-w-xs rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <div className="font-semibold text-slate-900">{row.label}</div>
      <div className="mt-0.5 text-slate-600">
        starts at +{formatDuration(row.offset * 1000)}
        {row.wait > 0 ? `, waits ${formatDuration(row.wait * 1000)}` : ""}
      </div>
      <div className="mt-0.5 break-words text-slate-600">{row.detail}</div>
    </div>
  );
}

function YTick(props: { x?: number; y?: number; payload?: { value: string }; rows: Row[]; maxChars: number }) {
  const row = props.rows.find((r) => r.key === props.payload?.value);
  const label = row?.label ?? "";
  const text = label.length > props.maxChars ? `${label.slice(0, props.maxChars - 1)}…` : label;
  return (
    <text x={(props.x ?? 0) - 4} y={props.y} dy={4} textAnchor="end" fontSize={11} fill={row?.kind === "step" ? "#64748b" : "#0f172a"} fontWeight={row?.kind === "step" ? 400 : 600}>
      {text}
    </text>
  );
}

export function RunTimeline({ detail }: { detail: RunDetail }) {
  const now = useNow(1_000);
  const narrow = useNarrow();
  const inFlight = detail.run.status === "QUEUED" || detail.run.status === "RUNNING";
  const rows = timelineRows(detail, inFlight ? now : Date.now());
  const target = detail.run.targetMs;
  const end = Math.max(...rows.map((r) => r.offset + r.wait + r.work), target ? target / 1000 : 0);
  return (
    <div>
      <ChartFrame label="Run timeline" height={Math.max(130, rows.length * 26 + 54)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 18, right: 16, bottom: 0, left: 0 }} barCategoryGap={5}>
          <defs>
            <pattern id="queue-wait" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#e2e8f0" />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#94a3b8" strokeWidth="2" />
            </pattern>
          </defs>
          <CartesianGrid horizontal={false} stroke={colours.grid} />
          <XAxis type="number" {...axisProps} unit=" s" domain={[0, Math.max(0.1, Math.ceil(end * 10) / 10)]} tickFormatter={(v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)))} />
          <YAxis type="category" dataKey="key" {...axisProps} width={narrow ? 96 : 170} interval={0} tick={<YTick rows={rows} maxChars={narrow ? 14 : 26} />} />
          <Tooltip content={<TimelineTooltip />} cursor={{ fill: "#f8fafc" }} />
          <Bar dataKey="offset" stackId="t" fill="transparent" isAnimationActive={false} />
          <Bar dataKey="wait" stackId="t" fill="url(#queue-wait)" isAnimationActive={false} />
          <Bar dataKey="work" stackId="t" isAnimationActive={false} minPointSize={2}>
            {rows.map((r) => (
              <Cell key={r.key} fill={fill[r.status]} fillOpacity={r.kind === "step" ? 0.75 : 1} />
            ))}
          </Bar>
          {target && <ReferenceLine x={target / 1000} stroke={colours.target} strokeDasharray="5 3" label={{ value: "target", position: "top", fill: colours.target, fontSize: 11 }} />}
        </BarChart>
      </ChartFrame>
      <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: "repeating-linear-gradient(45deg,#e2e8f0 0 3px,#94a3b8 3px 5px)" }} /> queue wait
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: fill.ok }} /> succeeded
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: fill.skip }} /> skipped (unchanged)
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: fill.running }} /> running
        </span>
        <span className="flex items-center gap-1.5">
          <span className="inline-block h-2.5 w-4 rounded-sm" style={{ background: fill.fail }} /> failed
        </span>
        <span>offsets from the trigger (queued at)</span>
      </div>
    </div>
  );
}
