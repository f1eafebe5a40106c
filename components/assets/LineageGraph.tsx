"use client";
/** The asset lineage (feed → dealer SKUs → canonical SKUs/products → benchmarks → insights; products → embeddings). */
import { Background, Controls, MarkerType, ReactFlow, type Edge } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import type { AssetsPage } from "@/lib/metrics/assets";
import { lineageEdges, lineageNodes, type AssetKey, type LineageNodeKey } from "@/lib/metrics/lineage";
import { useNarrow } from "../ui/useNarrow";
import { AssetNodeView, type AssetFlowNode } from "./AssetNode";

const horizontal: Record<LineageNodeKey, { x: number; y: number }> = {
  FEEDS: { x: 0, y: 85 },
  FEED_INGEST: { x: 250, y: 85 },
  SKU_MATCH: { x: 500, y: 85 },
  BENCHMARK: { x: 750, y: 0 },
  INSIGHT: { x: 1000, y: 0 },
  EMBEDDINGS: { x: 750, y: 175 },
};

const vertical: Record<LineageNodeKey, { x: number; y: number }> = {
  FEEDS: { x: 110, y: 0 },
  FEED_INGEST: { x: 110, y: 165 },
  SKU_MATCH: { x: 110, y: 330 },
  BENCHMARK: { x: 0, y: 495 },
  INSIGHT: { x: 0, y: 660 },
  EMBEDDINGS: { x: 220, y: 495 },
};

const nodeTypes = { asset: AssetNodeView };

export function LineageGraph({ page, selected, onSelect }: { page: AssetsPage; selected: AssetKey | null; onSelect: (asset: AssetKey) => void }) {
  const narrow = useNarrow();
  const positions = narrow ? vertical : horizontal;
  const nodes: AssetFlowNode[] = lineageNodes.map((n) => ({
    id: n.key,
    type: "asset",
    position: positions[n.key],
    draggable: false,
    selectable: n.asset !== null,
    data: {
      lineage: n,
      summary: n.asset ? (page.assets.find((a) => a.asset === n.asset) ?? null) : null,
      counts: page.counts,
      selected: n.asset !== null && n.asset === selected,
      vertical: narrow,
    },
  }));
  const edges: Edge[] = useMemo(
    () =>
      lineageEdges.map((e) => ({
        id: `${e.from}-${e.to}`,
        source: e.from,
        target: e.to,
        type: "smoothstep",
        markerEnd: { type: MarkerType.ArrowClosed, color: "#94a3b8" },
        style: { stroke: "#94a3b8", strokeWidth: 1.5 },
      })),
    [],
  );
  return (
    <div className={`w-full rounded-md bg-slate-50 ${narrow ? "h-[620px]" : "h-[340px]"}`} data-testid="lineage-graph">
      <ReactFlow
        key={narrow ? "v" : "h"}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.08 }}
        minZoom={0.3}
        maxZoom={1.5}
        nodesDraggable={false}
        nodesConnectable={false}
        panOnScroll={false}
        zoomOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, node) => {
          const asset = (node as AssetFlowNode).data.lineage.asset;
          if (asset) onSelect(asset);
        }}
      >
        <Background gap={16} color="#e2e8f0" />
        <Controls showInteractive={false} position="bottom-right" />
      </ReactFlow>
    </div>
  );
}
