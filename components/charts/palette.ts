import type { TierName } from "@/lib/metrics/tiers";

/** One colour per tier, the same in every chart. */
export const tierColours: Record<TierName, string> = {
  Hobbyist: "#0ea5e9",
  Serious: "#6366f1",
  National: "#14b8a6",
  "Top-Tier": "#f59e0b",
  Enterprise: "#a855f7",
};

export const colours = {
  ok: "#10b981",
  fail: "#ef4444",
  warn: "#f59e0b",
  target: "#dc2626",
  muted: "#94a3b8",
  grid: "#e2e8f0",
  axis: "#64748b",
  p50: "#7dd3fc",
  p95: "#0369a1",
  running: "#3b82f6",
  waiting: "#cbd5e1",
};

export const axisProps = {
  stroke: colours.axis,
  fontSize: 11,
  tickLine: false,
} as const;
