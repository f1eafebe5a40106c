import type { ReactNode } from "react";

type Tone = "default" | "good" | "warn" | "bad";

const toneClass: Record<Tone, string> = {
  default: "text-slate-900",
  good: "text-emerald-700",
  warn: "text-amber-700",
  bad: "text-red-700",
};

/** A headline number with its label and a line of context. */
export function Kpi({ label, value, hint, tone = "default", testId, valueTestId }: { label: string; value: ReactNode; hint?: ReactNode; tone?: Tone; testId?: string; valueTestId?: string }) {
  return (
    <div data-testid={testId} className="min-w-0 rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <div className="truncate text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div data-testid={valueTestId} className={`mt-1 text-2xl font-semibold tabular-nums ${toneClass[tone]}`}>
        {value}
      </div>
      {hint && <div className="mt-0.5 truncate text-xs text-slate-500">{hint}</div>}
    </div>
  );
}
