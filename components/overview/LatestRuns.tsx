"use client";
/** The most recent runs across dealers, each run's time against its tier target. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { RunRow } from "@/lib/metrics/runs";
import { getJson } from "../api";
import { formatDuration, humanize } from "../format";
import { durationClass } from "../runs/RunsTable";
import { EmptyState, ErrorNotice, Loading } from "../ui/Feedback";
import { StatusPill, TierPill } from "../ui/StatusPill";
import { Table, Td, Th } from "../ui/Table";
import { RelativeTime } from "../ui/Time";

export function LatestRuns({ limit = 8 }: { limit?: number }) {
  const query = useQuery({
    queryKey: ["runs", "latest", limit],
    queryFn: () => getJson<{ runs: RunRow[] }>(`/api/runs?limit=${limit}`),
    refetchInterval: 3_000,
  });
  if (query.error && !query.data) return <ErrorNotice error={query.error} title="Could not load runs" />;
  if (!query.data) return <Loading rows={4} />;
  if (query.data.runs.length === 0) return <EmptyState title="No runs yet">Onboard a dealer to start its first run.</EmptyState>;
  return (
    <Table testId="latest-runs">
      <thead>
        <tr>
          <Th>Dealer</Th>
          <Th>Status</Th>
          <Th>Tier</Th>
          <Th align="right">Run time</Th>
          <Th>When</Th>
        </tr>
      </thead>
      <tbody>
        {query.data.runs.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50" data-testid="latest-run" data-dealer={r.dealerName}>
            <Td className="max-w-[14rem]">
              <Link href={`/runs/${r.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                {r.dealerName}
              </Link>
              <div className="text-xs text-slate-500">
                {humanize(r.trigger)}
                {r.skipped ? " · unchanged" : ""}
              </div>
            </Td>
            <Td>
              <StatusPill status={r.status} />
            </Td>
            <Td>
              <TierPill tier={r.tier} />
            </Td>
            <Td align="right">
              <span className={r.finishedAt && !r.skipped ? durationClass(r.durationMs, r.targetMs) : "text-slate-500"} data-testid="latest-run-duration">
                {formatDuration(r.durationMs)}
              </span>
              {r.targetMs !== null && <div className="text-xs text-slate-400">target {formatDuration(r.targetMs)}</div>}
            </Td>
            <Td className="text-slate-500">
              <RelativeTime iso={r.queuedAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
