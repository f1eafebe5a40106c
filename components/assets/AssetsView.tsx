"use client";
/** Assets: lineage with freshness, the partitions grid, and re-materialise / backfill actions. Polls every 10 s. */
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { AssetsPage } from "@/lib/metrics/assets";
import { assetLabels, type AssetKey } from "@/lib/metrics/lineage";
import { getJson, queryString } from "../api";
import { formatDuration, formatInt, stageName } from "../format";
import { ErrorNotice, Loading } from "../ui/Feedback";
import { FreshnessDot } from "../ui/FreshnessDot";
import { PageHeader, Panel } from "../ui/Panel";
import { StatusPill } from "../ui/StatusPill";
import { RelativeTime } from "../ui/Time";
import { LineageGraph } from "./LineageGraph";
import { PartitionsGrid } from "./PartitionsGrid";
import { RematerializePanel } from "./RematerializePanel";

function Legend() {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
      <span className="flex items-center gap-1"><FreshnessDot colour="green" /> fresh</span>
      <span className="flex items-center gap-1"><FreshnessDot colour="amber" /> late or stale</span>
      <span className="flex items-center gap-1"><FreshnessDot colour="red" /> failed or overdue</span>
      <span className="flex items-center gap-1"><FreshnessDot colour="grey" /> never</span>
    </div>
  );
}

function AssetDetail({ page, asset }: { page: AssetsPage; asset: AssetKey }) {
  const s = page.assets.find((a) => a.asset === asset);
  if (!s) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className="text-slate-500">Freshness</dt>
      <dd className="flex items-center gap-1.5"><FreshnessDot colour={s.colour} /> <span className="text-slate-700">{s.freshnessLabel}</span></dd>
      <dt className="text-slate-500">Last</dt>
      <dd>
        {s.last ? (
          <span className="flex flex-wrap items-center gap-1.5">
            <StatusPill status={s.last.status} /> <RelativeTime iso={s.last.finishedAt} /> · {formatDuration(s.last.durationMs)}
            {s.last.dealerName && <span className="text-slate-500">· {s.last.dealerName}</span>}
          </span>
        ) : (
          <span className="text-slate-400">never</span>
        )}
      </dd>
      {s.last && (
        <>
          <dt className="text-slate-500">Counts</dt>
          <dd className="tabular-nums text-slate-700">
            +{formatInt(s.last.created)} created · ~{formatInt(s.last.updated)} changed · {formatInt(s.last.unchanged)} unchanged
            {s.last.quarantined ? ` · ${formatInt(s.last.quarantined)} quarantined` : ""}
          </dd>
        </>
      )}
      <dt className="text-slate-500">24 hours</dt>
      <dd className="tabular-nums text-slate-700">
        {s.day ? `${formatInt(s.day.materializations)} materialisations, ${formatInt(s.day.skipped)} skipped, ${formatInt(s.day.failed)} failed, p50 ${formatDuration(s.day.p50Ms)}` : "none"}
      </dd>
      {(s.last?.error || (asset === "EMBEDDINGS" && page.counts.embeddingLastError)) && (
        <>
          <dt className="text-slate-500">Error</dt>
          <dd className="break-words font-mono text-xs text-red-700">
            {s.last?.error ?? page.counts.embeddingLastError}
            {asset === "EMBEDDINGS" && page.counts.embeddingFailed > 0 && <span className="block font-sans text-slate-500">{formatInt(page.counts.embeddingFailed)} products failed to embed</span>}
          </dd>
        </>
      )}
    </dl>
  );
}

export function AssetsView() {
  const [search, setSearch] = useState("");
  const [asset, setAsset] = useState<AssetKey>("FEED_INGEST");
  const query = useQuery({
    queryKey: ["assets", search],
    queryFn: () => getJson<AssetsPage>(`/api/assets${queryString({ q: search })}`),
    refetchInterval: 10_000,
    placeholderData: (previous) => previous,
  });
  const page = query.data;
  return (
    <div className="space-y-4">
      <PageHeader title="Assets" subtitle="What the pipeline materialises, how fresh each asset is, per dealer partition" actions={<Legend />} />
      {query.error && !page && <ErrorNotice error={query.error} title="Could not load assets" />}
      {!page && !query.error && <Loading rows={6} />}
      {page && (
        <>
          <Panel title="Lineage" subtitle="Click an asset to act on it. Freshness: ingest against each feed's poll interval; downstream against the last upstream change" bodyClassName="p-2">
            <LineageGraph page={page} selected={asset} onSelect={setAsset} />
          </Panel>
          <div className="grid gap-4 lg:grid-cols-3">
            <Panel className="lg:col-span-1" title={`${assetLabels[asset]}`} subtitle={`Stage: ${stageName(asset)}`}>
              <AssetDetail page={page} asset={asset} />
              <div className="mt-4 border-t border-slate-100 pt-4">
                <RematerializePanel asset={asset} onAsset={setAsset} dealers={page.partitions} totalDealers={page.totalDealers} />
              </div>
            </Panel>
            <Panel
              className="lg:col-span-2"
              title="Partitions"
              subtitle={`Last materialisation of each asset per dealer${page.partitions.length < page.totalDealers ? ` (${page.partitions.length} of ${page.totalDealers} shown)` : ""}`}
              actions={
                <input
                  type="search"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  placeholder="Filter dealers"
                  aria-label="Filter dealers"
                  className="w-40 rounded-md border border-slate-300 px-2 py-1 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
                />
              }
              bodyClassName="p-0"
            >
              <PartitionsGrid rows={page.partitions} />
            </Panel>
          </div>
        </>
      )}
    </div>
  );
}
