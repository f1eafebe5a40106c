"use client";
import Link from "next/link";
import type { InFlightRun } from "@/lib/metrics/overview";
import { formatDuration, humanize, stageName } from "../format";
import { EmptyState } from "../ui/Feedback";
import { StatusPill } from "../ui/StatusPill";
import { Table, Td, Th } from "../ui/Table";
import { useNow } from "../ui/Time";

/** Runs queued or running, oldest first, their age coloured against their tier's target: what is stuck. */
export function InFlightRuns({ runs, queued, running, fetchedAt }: { runs: InFlightRun[]; queued: number; running: number; fetchedAt: string }) {
  const now = useNow(1_000);
  const drift = Math.max(0, now - new Date(fetchedAt).getTime());
  if (runs.length === 0) return <EmptyState title="Nothing in flight">No run is queued or running.</EmptyState>;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <Th>Dealer</Th>
            <Th>Status</Th>
            <Th>Stage</Th>
            <Th align="right">Age</Th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const age = r.elapsedMs + drift;
            const limit = r.targetMs ?? 45_000;
            const cls = age > limit * 2 ? "font-semibold text-red-700" : age > limit ? "font-semibold text-amber-700" : "text-slate-700";
            return (
              <tr key={r.id} className="hover:bg-slate-50">
                <Td className="max-w-[14rem] truncate">
                  <Link href={`/runs/${r.id}`} className="font-medium text-slate-900 hover:underline">
                    {r.dealerName}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {humanize(r.trigger)}
                    {r.tier ? ` · ${r.tier}` : ""}
                  </div>
                </Td>
                <Td>
                  <StatusPill status={r.status} />
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{stageName(r.currentStage)}</Td>
                <Td align="right" className={`whitespace-nowrap ${cls}`}>
                  {formatDuration(age)}
                </Td>
              </tr>
            );
          })}
        </tbody>
      </Table>
      {queued + running > runs.length && (
        <p className="px-3 pt-2 text-xs text-slate-500">
          Showing the {runs.length} oldest of {queued + running} runs in flight.
        </p>
      )}
    </>
  );
}
