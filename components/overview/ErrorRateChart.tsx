"use client";
/** Finished runs per bucket, failed ones in red, with failed step attempts (retries included) as a line. */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { ErrorPoint } from "@/lib/metrics/overview";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours } from "../charts/palette";
import { timeTick, windowMs } from "./series";

export function ErrorRateChart({ points, bucketMs, windowKey, now }: { points: ErrorPoint[]; bucketMs: number; windowKey: string; now: number }) {
  const byT = new Map(points.map((p) => [new Date(p.bucket).getTime(), p]));
  const first = Math.floor((now - (windowMs[windowKey] ?? 86_400_000)) / bucketMs) * bucketMs;
  const data: Array<{ t: number; ok: number; failed: number; stepErrors: number }> = [];
  for (let t = first; t <= now; t += bucketMs) {
    const p = byT.get(t);
    data.push({ t, ok: p ? p.finished - p.failed : 0, failed: p?.failed ?? 0, stepErrors: p?.stepErrors ?? 0 });
  }
  const any = points.length > 0;
  return (
    <ChartFrame label="Runs and errors over time" height={220} empty={any ? undefined : "No finished runs in this window"}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke={colours.grid} />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={timeTick(windowKey)} {...axisProps} minTickGap={28} padding={{ left: 8, right: 8 }} />
        <YAxis {...axisProps} allowDecimals={false} width={44} />
        <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString("en-US")} contentStyle={{ fontSize: 12 }} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        <Bar dataKey="ok" name="succeeded runs" stackId="r" fill={colours.ok} isAnimationActive={false} />
        <Bar dataKey="failed" name="failed runs" stackId="r" fill={colours.fail} isAnimationActive={false} />
        <Line dataKey="stepErrors" name="failed step attempts" stroke={colours.warn} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartFrame>
  );
}
