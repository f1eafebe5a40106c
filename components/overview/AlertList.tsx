import Link from "next/link";
import type { Alert } from "@/lib/metrics/alerts";
import { LevelPill } from "../ui/StatusPill";

/** Raised alerts, critical first; an explicit all-clear when there are none. */
const SHOWN = 6;

export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) {
    return (
      <div data-testid="alerts-clear" className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-3 text-sm text-emerald-800">
        <span className="h-2 w-2 rounded-full bg-emerald-500" /> All clear: every metric is inside its threshold.
      </div>
    );
  }
  const hidden = alerts.length - SHOWN;
  return (
    <ul data-testid="alert-list" className="space-y-2">
      {alerts.slice(0, SHOWN).map((a) => {
        const body = (
          <>
            <div className="flex items-start justify-between gap-2">
              <span className="text-sm font-medium text-slate-900">{a.title}</span>
              <LevelPill level={a.level} />
            </div>
            <p className="mt-0.5 text-xs text-slate-600">{a.message}</p>
          </>
        );
        const cls = `block rounded-md border-l-4 px-3 py-2 ${a.level === "critical" ? "border-red-500 bg-red-50/60" : "border-amber-400 bg-amber-50/60"}`;
        return (
          <li key={a.id} data-level={a.level}>
            {a.href ? (
              <Link href={a.href} className={`${cls} hover:brightness-95`}>
                {body}
              </Link>
            ) : (
              <div className={cls}>{body}</div>
            )}
          </li>
        );
      })}
      {hidden > 0 && (
        <li className="px-1 text-xs text-slate-500">
          and {hidden} more ({alerts.slice(SHOWN).filter((a) => a.level === "critical").length} critical).{" "}
          <Link href="/runs?status=RUNNING" className="text-sky-700 hover:underline">
            Runs in flight
          </Link>
        </li>
      )}
    </ul>
  );
}
