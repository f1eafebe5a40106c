import type { FreshnessColour } from "@/lib/metrics/freshness";

export const freshnessClasses: Record<FreshnessColour, string> = {
  green: "bg-emerald-500",
  amber: "bg-amber-400",
  red: "bg-red-500",
  grey: "bg-slate-300",
};

export function FreshnessDot({ colour, label }: { colour: FreshnessColour; label?: string }) {
  return <span title={label} aria-label={label} className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full ${freshnessClasses[colour]}`} />;
}
