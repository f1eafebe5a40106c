"use client";
import { useState } from "react";
/** The sections of a dealer's page: feeds, runs, change history, insights, quarantined rows. */
import Link from "next/link";
import type { ChangeRow, DealerDetail, DealerRunRow, FeedRow, InsightRow, QuarantineRow } from "@/lib/metrics/dealers";
import { tierFor } from "@/lib/metrics/tiers";
import { formatBytes, formatDuration, formatInt, formatPpr, formatPrice, formatSignedPct, humanize, shortId, stageName } from "../format";
import { Pill, SeverityPill, StatusPill } from "../ui/StatusPill";
import { EmptyRow, Table, Td, Th } from "../ui/Table";
import { RelativeTime } from "../ui/Time";

export function FeedsTable({ feeds }: { feeds: FeedRow[] }) {
  return (
    <Table testId="feeds-table">
      <thead>
        <tr>
          <Th>Feed</Th>
          <Th>Format</Th>
          <Th align="right">Poll</Th>
          <Th>Status</Th>
          <Th>Last polled</Th>
          <Th>Last success</Th>
          <Th align="right">Size</Th>
        </tr>
      </thead>
      <tbody>
        {feeds.length === 0 && <EmptyRow colSpan={7}>No feeds.</EmptyRow>}
        {feeds.map((f) => (
          <tr key={f.id}>
            <Td className="max-w-[22rem]">
              <div className="flex items-center gap-1.5">
                <Pill tone={f.source === "URL" ? "sky" : "violet"}>{f.source === "URL" ? "URL" : "Upload"}</Pill>
                <span className="truncate font-mono text-xs text-slate-700" title={f.url ?? f.fileName ?? ""}>
                  {f.url ?? f.fileName}
                </span>
              </div>
              {f.lastError && <div className="mt-1 break-words text-xs text-red-700">{f.lastError}</div>}
              {!f.active && <div className="text-xs text-slate-500">inactive</div>}
            </Td>
            <Td className="whitespace-nowrap text-slate-600">
              {f.format === "AUTO" ? "Auto" : f.format}
              {f.family && <span className="text-xs text-slate-400"> · {f.family}</span>}
            </Td>
            <Td align="right" className="whitespace-nowrap">{f.pollIntervalMinutes} min</Td>
            <Td>
              <StatusPill status={f.status} />
            </Td>
            <Td className="text-slate-500">
              <RelativeTime iso={f.lastPolledAt} />
            </Td>
            <Td className="text-slate-500">
              <RelativeTime iso={f.lastSuccessAt} />
            </Td>
            <Td align="right" className="text-slate-500">
              {formatBytes(f.lastByteSize)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Duration against the run's own tier target (by its size), else the dealer's. */
function durationTone(r: DealerRunRow, dealerTargetMs: number | null): string {
  if (r.durationMs === null || r.skipped) return "";
  const target = r.skuCount !== null ? tierFor(r.skuCount).targetMs : dealerTargetMs;
  if (target === null) return "";
  return r.durationMs > target * 2 ? "font-semibold text-red-700" : r.durationMs > target ? "font-semibold text-amber-700" : "text-emerald-700";
}

export function DealerRunsTable({ runs, targetMs }: { runs: DealerRunRow[]; targetMs: number | null }) {
  return (
    <Table testId="dealer-runs">
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Status</Th>
          <Th>Trigger</Th>
          <Th>Queued</Th>
          <Th align="right">Duration</Th>
          <Th align="right">SKUs</Th>
          <Th>Changes</Th>
          <Th align="right">Quar.</Th>
        </tr>
      </thead>
      <tbody>
        {runs.length === 0 && <EmptyRow colSpan={8}>No runs yet.</EmptyRow>}
        {runs.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50">
            <Td>
              <Link href={`/runs/${r.id}`} className="font-mono text-xs text-sky-700 hover:underline">
                {shortId(r.id)}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">
              <StatusPill status={r.status} />
              {r.skipped && <span className="ml-1 text-xs text-slate-500">skip</span>}
              {r.error && (
                <div className="max-w-[16rem] truncate text-xs text-red-700" title={r.error}>
                  {r.error}
                </div>
              )}
            </Td>
            <Td className="text-slate-600">{humanize(r.trigger)}</Td>
            <Td className="text-slate-500">
              <RelativeTime iso={r.queuedAt} />
            </Td>
            <Td align="right" className={durationTone(r, targetMs)}>
              {r.status === "RUNNING" || r.status === "QUEUED" ? stageName(r.currentStage) : formatDuration(r.durationMs)}
            </Td>
            <Td align="right">{formatInt(r.skuCount)}</Td>
            <Td className="whitespace-nowrap text-xs">
              {r.created === null ? (
                <span className="text-slate-400">—</span>
              ) : (
                <>
                  <span className="text-emerald-700">+{formatInt(r.created)}</span> <span className="text-sky-700">~{formatInt(r.updated)}</span>{" "}
                  <span className="text-slate-400">={formatInt(r.unchanged)}</span>
                  {r.deactivated ? <span className="text-slate-500"> −{formatInt(r.deactivated)}</span> : null}
                </>
              )}
            </Td>
            <Td align="right" className={r.quarantined ? "text-amber-700" : "text-slate-400"}>
              {formatInt(r.quarantined ?? 0)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

const changeTone = { CREATED: "green", PRICE_CHANGE: "blue", STOCK_CHANGE: "amber", ATTRIBUTE_CHANGE: "violet" } as const;

export function ChangeHistory({ detail }: { detail: DealerDetail }) {
  return (
    <div>
      <div className="grid grid-cols-2 gap-2 p-4 sm:grid-cols-5">
        {detail.changeCounts.map((c) => (
          <div key={c.changeType} className="rounded-md border border-slate-200 px-3 py-2">
            <div className="text-xs text-slate-500">{humanize(c.changeType)}</div>
            <div className="text-lg font-semibold tabular-nums">{formatInt(c.last24h)}</div>
            <div className="text-xs text-slate-500 tabular-nums">{formatInt(c.last7d)} in 7 days</div>
          </div>
        ))}
        <div className="rounded-md border border-slate-200 px-3 py-2">
          <div className="text-xs text-slate-500">Deactivated</div>
          <div className="text-lg font-semibold tabular-nums">{formatInt(detail.deactivated.last24h)}</div>
          <div className="text-xs text-slate-500 tabular-nums">{formatInt(detail.deactivated.last7d)} in 7 days</div>
        </div>
      </div>
      <ChangesTable changes={detail.changes} />
    </div>
  );
}

function ChangesTable({ changes }: { changes: ChangeRow[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? changes : changes.slice(0, 12);
  return (
    <>
    <Table testId="changes-table">
      <thead>
        <tr>
          <Th>Listing</Th>
          <Th>Change</Th>
          <Th align="right">Price</Th>
          <Th align="right">Per round</Th>
          <Th>Stock</Th>
          <Th>When</Th>
        </tr>
      </thead>
      <tbody>
        {changes.length === 0 && <EmptyRow colSpan={6}>No changes recorded yet.</EmptyRow>}
        {shown.map((c) => (
          <tr key={c.id}>
            <Td className="max-w-[26rem]">
              <span className="line-clamp-2 break-words text-slate-800" title={c.title}>
                {c.title}
              </span>
              <span className="text-xs text-slate-500">
                {c.caliber ?? "caliber unknown"}
                {!c.isActive && " · deactivated"}
              </span>
            </Td>
            <Td>
              <Pill tone={changeTone[c.changeType as keyof typeof changeTone] ?? "slate"}>{humanize(c.changeType)}</Pill>
            </Td>
            <Td align="right">{formatPrice(c.price)}</Td>
            <Td align="right">{formatPpr(c.pricePerRound)}</Td>
            <Td>{c.inStock ? <span className="text-emerald-700">In stock</span> : <span className="text-slate-500">Out</span>}</Td>
            <Td className="text-slate-500">
              <RelativeTime iso={c.changedAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
    {changes.length > shown.length && (
      <div className="border-t border-slate-100 px-4 py-2">
        <button type="button" onClick={() => setAll(true)} className="text-sm text-sky-700 hover:underline">
          Show all {changes.length} recent changes
        </button>
      </div>
    )}
    </>
  );
}

export function InsightsTable({ insights, counts }: { insights: InsightRow[]; counts: DealerDetail["insightCounts"] }) {
  const byType = new Map<string, number>();
  for (const c of counts) byType.set(c.type, (byType.get(c.type) ?? 0) + c.n);
  return (
    <div>
      <div className="flex flex-wrap gap-2 px-4 py-3">
        {["OVERPRICED", "UNDERPRICED", "STOCK_OPPORTUNITY", "ATTRIBUTE_GAP"].map((t) => (
          <span key={t} className="rounded-md bg-slate-100 px-2 py-1 text-xs text-slate-700">
            {humanize(t)} <span className="font-semibold tabular-nums">{formatInt(byType.get(t) ?? 0)}</span>
          </span>
        ))}
      </div>
      <Table testId="insights-table">
        <thead>
          <tr>
            <Th>Insight</Th>
            <Th>Listing</Th>
            <Th align="right">Dealer</Th>
            <Th align="right">Per round</Th>
            <Th align="right">Market median</Th>
            <Th align="right">Min – max</Th>
            <Th align="right">Sellers</Th>
            <Th align="right">Delta</Th>
          </tr>
        </thead>
        <tbody>
          {insights.length === 0 && <EmptyRow colSpan={8}>No insights yet.</EmptyRow>}
          {insights.map((i) => (
            <tr key={i.id}>
              <Td className="whitespace-nowrap">
                <div className="flex items-center gap-1.5">
                  <SeverityPill severity={i.severity} />
                  <span className="text-sm font-medium text-slate-800">{humanize(i.type)}</span>
                </div>
                <div className="mt-0.5 max-w-[18rem] whitespace-normal text-xs text-slate-500">{i.message}</div>
              </Td>
              <Td className="max-w-[18rem]">
                <span className="line-clamp-2 break-words text-slate-700">{i.title ?? "—"}</span>
              </Td>
              <Td align="right">{formatPrice(i.dealerPrice)}</Td>
              <Td align="right">{formatPpr(i.dealerPpr)}</Td>
              <Td align="right">{formatPpr(i.marketMedian)}</Td>
              <Td align="right" className="whitespace-nowrap text-slate-500">
                {i.marketMin === null && i.marketMax === null ? "—" : `${formatPpr(i.marketMin)} – ${formatPpr(i.marketMax)}`}
              </Td>
              <Td align="right">{formatInt(i.sellerCount)}</Td>
              <Td align="right" className={i.deltaPct === null ? "" : i.deltaPct > 0 ? "font-medium text-red-700" : "font-medium text-emerald-700"}>
                {formatSignedPct(i.deltaPct)}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function QuarantineTable({ rows, total }: { rows: QuarantineRow[]; total: number }) {
  return (
    <div>
      <Table testId="quarantine-table">
        <thead>
          <tr>
            <Th align="right">Row</Th>
            <Th>Reason</Th>
            <Th>Raw record (as received, shown as text)</Th>
            <Th>When</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && <EmptyRow colSpan={4}>Nothing quarantined.</EmptyRow>}
          {rows.map((q) => (
            <tr key={q.id}>
              <Td align="right" className="text-slate-500">
                {formatInt(q.rowNumber)}
              </Td>
              <Td className="max-w-[18rem] text-amber-800">{q.reason}</Td>
              <Td className="max-w-[28rem]">
                <code className="line-clamp-3 break-all rounded bg-slate-50 px-1 font-mono text-xs text-slate-700">{q.raw}</code>
              </Td>
              <Td className="text-slate-500">
                {q.runId ? (
                  <Link href={`/runs/${q.runId}`} className="hover:underline">
                    <RelativeTime iso={q.createdAt} />
                  </Link>
                ) : (
                  <RelativeTime iso={q.createdAt} />
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {total > rows.length && <p className="px-4 py-2 text-xs text-slate-500">Showing the latest {rows.length} of {formatInt(total)}.</p>}
    </div>
  );
}
