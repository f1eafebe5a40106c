"use client";
/** Share of listings skipped as unchanged, per tier over time: most polls should be nearly all skip. */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/lib/metrics/overview";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours, tierColours } from "../charts/palette";
import { pivotSeries, tiersIn, timeTick, windowMs } from "./series";

export function SkipRatioChart({ points, bucketMs, windowKey, now }: { points: SeriesPoint[]; bucketMs: number; windowKey: string; now: number }) {
  const rows = pivotSeries(points, bucketMs, windowMs[windowKey] ?? 86_400_000, now, (p) => Math.round(p.value * 1000) / 10);
  const present = tiersIn(points);
  // Most polls skip nearly everything: start the axis just below the lowest point so dips show.
  const lowest = Math.min(100, ...points.map((p) => p.value * 100));
  const floor = Math.max(0, Math.floor((lowest - 2) / 5) * 5);
  return (
    <ChartFrame label="Skip ratio per tier over time" height={240} empty={present.length === 0 ? "No finished runs in this window" : undefined}>
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid vertical={false} stroke={colours.grid} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick(windowKey)} {...axisProps} minTickGap={28} />
        <YAxis {...axisProps} unit="%" width={48} domain={[floor, 100]} allowDataOverflow />
        <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString("en-US")} formatter={(v) => [`${v}%`, undefined]} contentStyle={{ fontSize: 12 }} />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        {present.map((tier) => (
          <Line key={tier} dataKey={tier} name={tier} stroke={tierColours[tier]} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartFrame>
  );
}
