"use client";
/** Live queue depth per pipeline function: waiting, running and delayed (sleeping or throttled). */
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { QueueFunctionDepth } from "@/lib/metrics/alerts";
import { ChartFrame } from "../charts/ChartFrame";
import { axisProps, colours } from "../charts/palette";

export function QueueDepthChart({ functions }: { functions: QueueFunctionDepth[] }) {
  // Failure handlers only matter when they have work.
  const data = functions
    .filter((f) => !/\(failure\)$/i.test(f.name) || f.waiting + f.running + f.delayed > 0)
    .map((f) => ({ name: f.name, waiting: f.waiting, running: f.running, delayed: f.delayed }));
  const height = Math.max(160, 26 * data.length + 60);
  return (
    <ChartFrame label="Queue depth per function" height={height} empty={data.length === 0 ? "No pipeline functions registered" : undefined}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap={4}>
        <CartesianGrid horizontal={false} stroke={colours.grid} />
        <XAxis type="number" {...axisProps} allowDecimals={false} domain={[0, (max: number) => Math.max(4, max)]} />
        <YAxis type="category" dataKey="name" {...axisProps} width={150} interval={0} tick={{ fontSize: 11 }} />
        <Tooltip contentStyle={{ fontSize: 12 }} cursor={{ fill: "#f1f5f9" }} />
        <Legend wrapperStyle={{ fontSize: 12 }} iconSize={10} itemSorter={null} />
        <Bar dataKey="waiting" name="waiting" stackId="q" fill={colours.warn} isAnimationActive={false} />
        <Bar dataKey="running" name="running" stackId="q" fill={colours.running} isAnimationActive={false} />
        <Bar dataKey="delayed" name="delayed" stackId="q" fill={colours.waiting} radius={[0, 2, 2, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartFrame>
  );
}
