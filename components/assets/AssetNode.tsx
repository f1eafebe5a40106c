"use client";
/** One node of the lineage graph: the asset, its freshness, its last materialisation and its size. */
import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { AssetCounts, AssetSummary } from "@/lib/metrics/assets";
import type { LineageNode } from "@/lib/metrics/lineage";
import { formatDuration, formatInt, formatPct } from "../format";
import { FreshnessDot } from "../ui/FreshnessDot";
import { StatusPill } from "../ui/StatusPill";
import { RelativeTime } from "../ui/Time";

export type AssetNodeData = {
  lineage: LineageNode;
  summary: AssetSummary | null;
  counts: AssetCounts;
  selected: boolean;
  vertical: boolean;
};

export type AssetFlowNode = Node<AssetNodeData, "asset">;

function sizeLine(key: LineageNode["key"], c: AssetCounts): string {
  switch (key) {
    case "FEEDS":
      return `${formatInt(c.feeds)} active feeds${c.feedsFailing ? ` · ${formatInt(c.feedsFailing)} failing` : ""}`;
    case "FEED_INGEST":
      return `${formatInt(c.activeSkus)} active listings · ${formatInt(c.quarantined)} quarantined`;
    case "SKU_MATCH":
      return `${formatInt(c.canonicalSkus)} canonical · ${formatInt(c.products)} products · ${c.activeSkus ? formatPct(c.matched / c.activeSkus, 0) : "—"} matched`;
    case "BENCHMARK":
      return `${formatInt(c.benchmarks)} published · ${formatInt(c.benchmarksHigh)} high confidence`;
    case "INSIGHT":
      return `${formatInt(c.insights)} insights`;
    case "EMBEDDINGS":
      return `${formatInt(c.embedded)}/${formatInt(c.products)} embedded${c.embeddingFailed ? ` · ${formatInt(c.embeddingFailed)} failed` : c.embeddingPending ? ` · ${formatInt(c.embeddingPending)} waiting` : ""}`;
  }
}

export function AssetNodeView({ data }: NodeProps<AssetFlowNode>) {
  const { lineage, summary, counts, selected, vertical } = data;
  const last = summary?.last ?? null;
  const source = lineage.asset === null;
  return (
    <div
      data-testid={`asset-node-${lineage.key}`}
      className={`w-[210px] rounded-lg border bg-white text-left shadow-sm transition-shadow ${selected ? "border-sky-500 ring-2 ring-sky-200" : "border-slate-300"} ${source ? "border-dashed" : "cursor-pointer hover:shadow-md"}`}
    >
      <Handle type="target" position={vertical ? Position.Top : Position.Left} className="!h-2 !w-2 !border-0 !bg-slate-400" isConnectable={false} />
      <div className="flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <div className="min-w-0">
          <div className="truncate text-sm font-semibold text-slate-900">{lineage.label}</div>
          <div className="text-[11px] uppercase tracking-wide text-slate-500">{lineage.stage}</div>
        </div>
        {summary && <FreshnessDot colour={summary.colour} label={summary.freshnessLabel} />}
      </div>
      <div className="space-y-1 px-3 py-2 text-xs text-slate-600">
        <div className="line-clamp-2 leading-snug">{sizeLine(lineage.key, counts)}</div>
        {!source &&
          (last ? (
            <div className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
              <StatusPill status={last.status} />
              <span className="whitespace-nowrap">
                <RelativeTime iso={last.finishedAt} /> · {formatDuration(last.durationMs)}
              </span>
            </div>
          ) : (
            <div className="text-slate-400">never materialised</div>
          ))}
        {summary && (
          <div className="truncate text-[11px] text-slate-500" title={summary.freshnessLabel}>
            {summary.day ? `24h: ${formatInt(summary.day.materializations)} runs, ${formatInt(summary.day.failed)} failed` : "24h: none"}
            {lineage.partitioning === "dealer" && ` · ${summary.partitions.green}/${summary.partitions.green + summary.partitions.amber + summary.partitions.red + summary.partitions.grey} fresh`}
          </div>
        )}
      </div>
      <Handle type="source" position={vertical ? Position.Bottom : Position.Right} className="!h-2 !w-2 !border-0 !bg-slate-400" isConnectable={false} />
    </div>
  );
}
