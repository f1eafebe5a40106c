"use client";
/** p50 and p95 run time per tier as bars, each tier's target drawn across its bars. */
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { TierStat } from "@/lib/metrics/overview";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours } from "../charts/palette";
import { formatSeconds } from "../format";

interface Datum {
  tier: string;
  p50: number | null;
  p95: number | null;
  target: number;
  runs: number;
  over: boolean;
}

function TargetMark(props: { cx?: number; cy?: number }) {
  const { cx, cy } = props;
  if (cx === undefined || cy === undefined) return <g />;
  return (
    <g>
      <line x1={cx - 30} x2={cx + 30} y1={cy} y2={cy} stroke={colours.target} strokeWidth={2.5} strokeDasharray="5 3" />
    </g>
  );
}

function TierTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Datum }> }) {
  const d = payload?.[0]?.payload;
  if (!active || !d) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <div className="font-semibold text-slate-900">{d.tier}</div>
      <div className="mt-1 grid grid-cols-[auto_auto] gap-x-3 tabular-nums text-slate-600">
        <span>p50</span>
        <span className="text-right">{d.p50 === null ? "—" : formatSeconds(d.p50 * 1000)}</span>
        <span>p95</span>
        <span className={`text-right ${d.over ? "font-semibold text-red-600" : ""}`}>{d.p95 === null ? "—" : formatSeconds(d.p95 * 1000)}</span>
        <span>target</span>
        <span className="text-right">{formatSeconds(d.target * 1000)}</span>
        <span>runs</span>
        <span className="text-right">{d.runs}</span>
      </div>
    </div>
  );
}

export function TierTimingChart({ tiers }: { tiers: TierStat[] }) {
  const data: Datum[] = tiers.map((t) => ({
    tier: t.tier,
    p50: t.p50Ms === null ? null : t.p50Ms / 1000,
    p95: t.p95Ms === null ? null : t.p95Ms / 1000,
    target: t.targetMs / 1000,
    runs: t.runs,
    over: t.p95Ms !== null && t.p95Ms > t.targetMs,
  }));
  return (
    <ChartFrame label="Run time per tier, p50 and p95, against each tier's target" height={270}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }} barGap={2}>
        <CartesianGrid vertical={false} stroke={colours.grid} />
        <XAxis dataKey="tier" {...axisProps} interval={0} tick={{ fontSize: 11 }} />
        <YAxis {...axisProps} unit=" s" width={48} domain={[0, (max: number) => Math.ceil(Math.max(max, 5) * 1.1)]} />
        <Tooltip content={<TierTooltip />} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        <Bar dataKey="p50" name="p50" fill={colours.p50} radius={[2, 2, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        <Bar dataKey="p95" name="p95" radius={[2, 2, 0, 0]} maxBarSize={28} isAnimationActive={false} fill={colours.p95}>
          {data.map((d) => (
            <Cell key={d.tier} fill={d.over ? colours.fail : colours.p95} />
          ))}
        </Bar>
        <Scatter dataKey="target" name="target" fill={colours.target} legendType="plainline" shape={<TargetMark />} isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}
