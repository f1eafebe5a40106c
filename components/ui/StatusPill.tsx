/** Coloured pills for run and materialisation statuses, plans, severities and alert levels. */
import { humanize } from "../format";

type Tone = "green" | "red" | "amber" | "blue" | "slate" | "violet" | "sky";

const tones: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  blue: "bg-blue-50 text-blue-700 ring-blue-600/20",
  slate: "bg-slate-100 text-slate-600 ring-slate-500/20",
  violet: "bg-violet-50 text-violet-700 ring-violet-600/20",
  sky: "bg-sky-50 text-sky-700 ring-sky-600/20",
};

const dots: Record<Tone, string> = {
  green: "bg-emerald-500",
  red: "bg-red-500",
  amber: "bg-amber-500",
  blue: "bg-blue-500",
  slate: "bg-slate-400",
  violet: "bg-violet-500",
  sky: "bg-sky-500",
};

const statusTone: Record<string, Tone> = {
  SUCCEEDED: "green",
  FAILED: "red",
  RUNNING: "blue",
  QUEUED: "amber",
  CANCELLED: "slate",
  SKIPPED: "sky",
  OK: "green",
  PENDING: "amber",
  DISABLED: "slate",
  ACTIVE: "green",
  SUSPENDED: "slate",
};

export function Pill({ tone, children, dot = false, pulse = false, testId }: { tone: Tone; children: React.ReactNode; dot?: boolean; pulse?: boolean; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {dot && <span className={`h-1.5 w-1.5 rounded-full ${dots[tone]} ${pulse ? "animate-pulse" : ""}`} />}
      {children}
    </span>
  );
}

export function StatusPill({ status, testId }: { status: string | null | undefined; testId?: string }) {
  if (!status) return <span className="text-slate-400">—</span>;
  const tone = statusTone[status] ?? "slate";
  return (
    <Pill tone={tone} dot pulse={status === "RUNNING"} testId={testId}>
      {humanize(status)}
    </Pill>
  );
}

const planTone: Record<string, Tone> = { FOUNDING: "violet", PRO: "blue", STANDARD: "slate", NONE: "slate" };

export function PlanPill({ plan }: { plan: string }) {
  return <Pill tone={planTone[plan] ?? "slate"}>{plan === "NONE" ? "No plan" : humanize(plan)}</Pill>;
}

const severityTone: Record<string, Tone> = { HIGH: "red", MEDIUM: "amber", LOW: "slate" };

export function SeverityPill({ severity }: { severity: string }) {
  return <Pill tone={severityTone[severity] ?? "slate"}>{humanize(severity)}</Pill>;
}

export function LevelPill({ level }: { level: "warning" | "critical" }) {
  return (
    <Pill tone={level === "critical" ? "red" : "amber"} dot>
      {level === "critical" ? "Critical" : "Warning"}
    </Pill>
  );
}

export function TierPill({ tier }: { tier: string | null | undefined }) {
  if (!tier) return <span className="text-slate-400">—</span>;
  return <span className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{tier}</span>;
}
