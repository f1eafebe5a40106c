import Link from "next/link";
import type { Alert } from "@/lib/metrics/alerts";
import { LevelPill } from "../ui/StatusPill";

/** Raised alerts, critical first; an explicit all-clear when there are none. */
export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) {
    return (
      <div data-testid="alerts-clear" className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-3 text-sm text-emerald-800">
        <span className="h-2 w-2 rounded-full bg-emerald-500" /> All clear: every metric is inside its threshold.
      </div>
    );
  }
  return (
    <ul data-testid="alert-list" className="space-y-2">
      {alerts.map((a) => {
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
    </ul>
  );
}
