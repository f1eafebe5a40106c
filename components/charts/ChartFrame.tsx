"use client";
import type { ReactNode } from "react";
import { ResponsiveContainer } from "recharts";

/** A fixed-height, full-width box the chart fills; a message instead when there is nothing to draw. */
export function ChartFrame({ height = 260, empty, children, label }: { height?: number; empty?: ReactNode; children: ReactNode; label: string }) {
  return (
    <div role="img" aria-label={label} style={{ height }} className="w-full min-w-0">
      {empty ? (
        <div className="grid h-full place-items-center rounded-md border border-dashed border-slate-200 text-sm text-slate-400">{empty}</div>
      ) : (
        <ResponsiveContainer width="100%" height="100%" minWidth={0}>
          {children as React.ReactElement}
        </ResponsiveContainer>
      )}
    </div>
  );
}
