import Link from "next/link";
import type { FailedRun } from "@/lib/metrics/overview";
import { humanize, stageName } from "../format";
import { EmptyState } from "../ui/Feedback";
import { RelativeTime } from "../ui/Time";

/** The latest failed runs with the stage they stopped in and why. */
export function RecentFailures({ failures, windowLabel }: { failures: FailedRun[]; windowLabel: string }) {
  if (failures.length === 0) return <EmptyState title="No failed runs">Nothing failed in the last {windowLabel}.</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100">
      {failures.map((f) => (
        <li key={f.id} className="py-2 first:pt-0 last:pb-0">
          <div className="flex items-baseline justify-between gap-2">
            <Link href={`/runs/${f.id}`} className="truncate text-sm font-medium text-slate-900 hover:underline">
              {f.dealerName}
            </Link>
            <span className="shrink-0 text-xs text-slate-500">
              <RelativeTime iso={f.finishedAt} />
            </span>
          </div>
          <div className="text-xs text-slate-500">
            {stageName(f.stage)} · {humanize(f.trigger)}
          </div>
          {f.error && <p className="mt-0.5 line-clamp-2 break-words font-mono text-xs text-red-700">{f.error}</p>}
        </li>
      ))}
    </ul>
  );
}
