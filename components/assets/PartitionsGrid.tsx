"use client";
/** Dealers × assets, each cell coloured by freshness (green / amber / red / grey), linking to its last run. */
import Link from "next/link";
import type { PartitionRow } from "@/lib/metrics/assets";
import { assetLabels, dealerAssets } from "@/lib/metrics/lineage";
import { humanize, relativeTime } from "../format";
import { freshnessClasses } from "../ui/FreshnessDot";
import { EmptyRow, Table, Td, Th } from "../ui/Table";
import { useNow } from "../ui/Time";

export function PartitionsGrid({ rows }: { rows: PartitionRow[] }) {
  const now = useNow(10_000);
  return (
    <Table testId="partitions-grid">
      <thead>
        <tr>
          <Th>Dealer</Th>
          <Th align="right">Poll</Th>
          {dealerAssets.map((a) => (
            <Th key={a} align="center">
              {assetLabels[a]}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && <EmptyRow colSpan={2 + dealerAssets.length}>No dealers yet.</EmptyRow>}
        {rows.map((row) => (
          <tr key={row.dealerId} className="hover:bg-slate-50">
            <Td className="max-w-[14rem]">
              <Link href={`/dealers/${row.dealerId}`} className="block truncate font-medium text-slate-900 hover:underline">
                {row.dealerName}
              </Link>
            </Td>
            <Td align="right" className="whitespace-nowrap text-slate-500">
              {row.pollIntervalMinutes}m
            </Td>
            {dealerAssets.map((asset) => {
              const cell = row.cells[asset];
              const title = `${assetLabels[asset]} for ${row.dealerName}: ${cell.status ? humanize(cell.status) : "never materialised"}${cell.finishedAt ? ` ${relativeTime(cell.finishedAt, now)}` : ""}. ${cell.freshness.label}${cell.error ? `. Error: ${cell.error}` : ""}`;
              const content = (
                <span className="inline-flex items-center gap-1.5">
                  <span className={`inline-block h-3.5 w-3.5 rounded-sm ${freshnessClasses[cell.freshness.colour]}`} />
                  <span className="hidden text-xs text-slate-500 sm:inline">{cell.finishedAt ? relativeTime(cell.finishedAt, now) : "—"}</span>
                </span>
              );
              return (
                <Td key={asset} align="center" title={title} data-colour={cell.freshness.colour} data-testid={`partition-${row.dealerId}-${asset}`}>
                  {cell.runId ? (
                    <Link href={`/runs/${cell.runId}`} aria-label={title} className="rounded px-1 py-0.5 hover:bg-slate-100">
                      {content}
                    </Link>
                  ) : (
                    <span aria-label={title}>{content}</span>
                  )}
                </Td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
