"use client";
/** p95 run time per tier over time as a share of the tier's own target, with the target line at 100%. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/metrics/overview";
import { tiers } from "@/lib/metrics/tiers";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours, tierColours } from "../charts/palette";
import { pivotSeries, tiersIn, timeTick, windowMs } from "./series";

export function TargetTrendChart({ points, bucketMs, windowKey, now }: { points: SeriesPoint[]; bucketMs: number; windowKey: string; now: number }) {
  const target = (name: string) => tiers.find((t) => t.name === name)?.targetMs ?? 1;
  const rows = pivotSeries(points, bucketMs, windowMs[windowKey] ?? 86_400_000, now, (p) => Math.round((p.value / target(p.tier)) * 100));
  const present = tiersIn(points);
  const max = Math.max(120, ...rows.flatMap((r) => present.map((t) => r[t] ?? 0)));
  return (
    <ChartFrame label="p95 run time as a share of the tier target over time" height={240} empty={present.length === 0 ? "No runs that processed their feed in this window" : undefined}>
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid vertical={false} stroke={colours.grid} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick(windowKey)} {...axisProps} minTickGap={28} />
        <YAxis {...axisProps} unit="%" width={52} domain={[0, Math.ceil(max / 20) * 20]} />
        <ReferenceLine y={100} stroke={colours.target} strokeDasharray="5 3" label={{ value: "target", position: "insideTopRight", fill: colours.target, fontSize: 11 }} />
        <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString("en-US")} formatter={(v) => [`${v}% of target`, undefined]} contentStyle={{ fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        {present.map((tier) => (
          <Line key={tier} dataKey={tier} name={tier} stroke={tierColours[tier]} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
