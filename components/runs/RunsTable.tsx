"use client";
import Link from "next/link";
import type { RunRow } from "@/lib/metrics/runs";
import { formatDuration, formatInt, humanize, shortId, stageName } from "../format";
import { PlanPill, StatusPill, TierPill } from "../ui/StatusPill";
import { EmptyRow, Table, Td, Th } from "../ui/Table";
import { RelativeTime } from "../ui/Time";

export function durationClass(ms: number | null, targetMs: number | null): string {
  if (ms === null || targetMs === null) return "";
  if (ms > targetMs * 2) return "font-semibold text-red-700";
  if (ms > targetMs) return "font-semibold text-amber-700";
  return "text-emerald-700";
}

function Changes({ r }: { r: RunRow }) {
  if (r.created === null) return <span className="text-slate-400">—</span>;
  return (
    <span className="whitespace-nowrap text-xs">
      <span className="text-emerald-700" title="created">+{formatInt(r.created)}</span>{" "}
      <span className="text-sky-700" title="changed">~{formatInt(r.updated)}</span>{" "}
      <span className="text-slate-400" title="unchanged">={formatInt(r.unchanged)}</span>
      {r.deactivated ? (
        <>
          {" "}
          <span className="text-slate-500" title="deactivated">−{formatInt(r.deactivated)}</span>
        </>
      ) : null}
    </span>
  );
}

export function RunsTable({ runs, showDealer = true }: { runs: RunRow[]; showDealer?: boolean }) {
  return (
    <Table testId="runs-table">
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Status</Th>
          {showDealer && <Th>Dealer</Th>}
          <Th>Trigger</Th>
          <Th>Tier</Th>
          <Th align="right">SKUs</Th>
          <Th align="right">Duration</Th>
          <Th align="right">Queue wait</Th>
          <Th>Changes</Th>
          <Th align="right">Quar.</Th>
        </tr>
      </thead>
      <tbody>
        {runs.length === 0 && <EmptyRow colSpan={showDealer ? 10 : 9}>No runs match these filters.</EmptyRow>}
        {runs.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50" data-testid="run-row">
            <Td className="whitespace-nowrap">
              <Link href={`/runs/${r.id}`} className="font-mono text-xs font-medium text-sky-700 hover:underline">
                {shortId(r.id)}
              </Link>
              <div className="text-xs text-slate-500">
                <RelativeTime iso={r.queuedAt} />
              </div>
            </Td>
            <Td className="max-w-[15rem]">
              <StatusPill status={r.status} />
              {r.skipped && <span className="ml-1 text-xs text-slate-500">unchanged</span>}
              {r.error && (
                <div className="truncate font-mono text-xs text-red-700" title={r.error}>
                  {r.error}
                </div>
              )}
            </Td>
            {showDealer && (
              <Td className="max-w-[13rem]">
                <Link href={`/dealers/${r.dealerId}`} className="block truncate text-slate-900 hover:underline">
                  {r.dealerName}
                </Link>
                <PlanPill plan={r.plan} />
              </Td>
            )}
            <Td className="whitespace-nowrap text-slate-600">
              {humanize(r.trigger)}
              {r.replayOfId && (
                <Link href={`/runs/${r.replayOfId}`} className="ml-1 text-xs text-sky-700 hover:underline">
                  of {shortId(r.replayOfId)}
                </Link>
              )}
            </Td>
            <Td>
              <TierPill tier={r.tier} />
            </Td>
            <Td align="right" className={r.skuCountCarried ? "text-slate-400" : ""} title={r.skuCountCarried ? "feed not re-read: size of the previous run" : undefined}>
              {formatInt(r.skuCount)}
            </Td>
            <Td align="right" className={durationClass(r.durationMs, r.targetMs)}>
              {formatDuration(r.durationMs)}
              {(r.status === "RUNNING" || r.status === "QUEUED") && <div className="text-xs font-normal text-slate-500">{stageName(r.currentStage)}</div>}
            </Td>
            <Td align="right" className="text-slate-500">
              {formatDuration(r.queueWaitMs)}
            </Td>
            <Td>
              <Changes r={r} />
            </Td>
            <Td align="right" className={r.quarantined ? "text-amber-700" : "text-slate-400"}>
              {r.quarantined ? formatInt(r.quarantined) : "0"}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
