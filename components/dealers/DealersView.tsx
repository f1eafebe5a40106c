"use client";
/** All dealers: plan, status, size and tier, last run, insights, quarantined rows. Polls every 10 s. */
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { DealerRow } from "@/lib/metrics/dealers";
import { getJson, queryString } from "../api";
import { buttonClass } from "../ui/Button";
import { formatDuration, formatInt } from "../format";
import { ErrorNotice, Loading } from "../ui/Feedback";
import { PageHeader, Panel } from "../ui/Panel";
import { Pill, PlanPill, StatusPill, TierPill } from "../ui/StatusPill";
import { EmptyRow, Table, Td, Th } from "../ui/Table";
import { RelativeTime } from "../ui/Time";

export function DealersView() {
  const [search, setSearch] = useState("");
  const query = useQuery({
    queryKey: ["dealers", search],
    queryFn: () => getJson<{ dealers: DealerRow[] }>(`/api/dealers${queryString({ q: search })}`),
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
  });
  const dealers = query.data?.dealers;
  return (
    <div>
      <PageHeader
        title="Dealers"
        subtitle={dealers ? `${dealers.length} dealer${dealers.length === 1 ? "" : "s"}${search ? " matching" : ""}` : undefined}
        actions={
          <>
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Search dealers"
              aria-label="Search dealers"
              className="w-48 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
            />
            <Link href="/onboard" className={buttonClass("primary")}>
              Onboard dealer
            </Link>
          </>
        }
      />
      <Panel bodyClassName="p-0">
        {query.error && !dealers && (
          <div className="p-4">
            <ErrorNotice error={query.error} title="Could not load dealers" />
          </div>
        )}
        {!dealers && !query.error ? (
          <div className="p-4">
            <Loading rows={6} />
          </div>
        ) : (
          <Table testId="dealers-table">
            <thead>
              <tr>
                <Th>Dealer</Th>
                <Th>Plan</Th>
                <Th>Status</Th>
                <Th align="right">SKUs</Th>
                <Th>Tier</Th>
                <Th>Last run</Th>
                <Th align="right">Duration</Th>
                <Th align="right">Insights</Th>
                <Th align="right">Quarantined</Th>
                <Th>Feeds</Th>
              </tr>
            </thead>
            <tbody>
              {dealers?.length === 0 && (
                <EmptyRow colSpan={10}>
                  No dealers{search ? " match" : " yet"}.{" "}
                  <Link href="/onboard" className="text-sky-700 hover:underline">
                    Onboard one
                  </Link>
                </EmptyRow>
              )}
              {dealers?.map((d) => (
                <tr key={d.id} className="hover:bg-slate-50" data-testid="dealer-row">
                  <Td className="max-w-[16rem]">
                    <Link href={`/dealers/${d.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                      {d.name}
                    </Link>
                    <span className="text-xs text-slate-500">{d.slug}</span>
                  </Td>
                  <Td>
                    <PlanPill plan={d.plan} />
                  </Td>
                  <Td>
                    <StatusPill status={d.status} />
                  </Td>
                  <Td align="right">{formatInt(d.skuCount)}</Td>
                  <Td>
                    <TierPill tier={d.tier} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    {d.lastRunId ? (
                      <Link href={`/runs/${d.lastRunId}`} className="inline-flex items-center gap-1.5 hover:underline">
                        <StatusPill status={d.lastRunStatus} />
                        <span className="text-slate-500">
                          <RelativeTime iso={d.lastRunAt} />
                        </span>
                      </Link>
                    ) : (
                      <span className="text-slate-400">never</span>
                    )}
                  </Td>
                  <Td align="right" className={d.lastRunDurationMs !== null && d.targetMs !== null && d.lastRunDurationMs > d.targetMs ? "text-amber-700" : ""}>
                    {formatDuration(d.lastRunDurationMs)}
                  </Td>
                  <Td align="right">{formatInt(d.insights)}</Td>
                  <Td align="right" className={d.quarantined ? "text-amber-700" : "text-slate-400"}>
                    {formatInt(d.quarantined)}
                  </Td>
                  <Td>{d.feedsFailing ? <Pill tone="red">{d.feedsFailing} failing</Pill> : <span className="text-slate-500">{d.feeds}</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Panel>
    </div>
  );
}
