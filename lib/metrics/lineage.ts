/**
 * The pipeline's asset lineage, as the dashboard draws it. Pure data: safe to import in the browser.
 * Feed Ingest materialises dealer SKUs from the feed; SKU Match links them to canonical SKUs and products;
 * Benchmark prices canonical SKUs; Insight compares each listing with its benchmark; Embeddings embeds
 * products for semantic search.
 */
export type AssetKey = "FEED_INGEST" | "SKU_MATCH" | "BENCHMARK" | "INSIGHT" | "EMBEDDINGS";
export type LineageNodeKey = "FEEDS" | AssetKey;

export interface LineageNode {
  key: LineageNodeKey;
  /** The materialised asset; null for the source (the dealers' feeds). */
  asset: AssetKey | null;
  label: string;
  stage: string;
  description: string;
  /** Partitioned by dealer, or one fleet-wide partition ("all"). */
  partitioning: "dealer" | "fleet" | "none";
}

export const lineageNodes: readonly LineageNode[] = [
  { key: "FEEDS", asset: null, label: "Dealer feeds", stage: "Source", description: "URL feeds polled every few minutes, or uploaded files", partitioning: "none" },
  { key: "FEED_INGEST", asset: "FEED_INGEST", label: "Dealer SKUs", stage: "Feed Ingest", description: "Parsed, normalised listings; unchanged rows skipped by content hash", partitioning: "dealer" },
  { key: "SKU_MATCH", asset: "SKU_MATCH", label: "Canonical SKUs / products", stage: "SKU Match", description: "Listings matched by UPC or attributes to canonical SKUs", partitioning: "dealer" },
  { key: "BENCHMARK", asset: "BENCHMARK", label: "Benchmarks", stage: "Benchmark", description: "Market price per round per canonical SKU", partitioning: "dealer" },
  { key: "INSIGHT", asset: "INSIGHT", label: "Insights", stage: "Insight", description: "Over/underpriced, stock opportunities, attribute gaps", partitioning: "dealer" },
  { key: "EMBEDDINGS", asset: "EMBEDDINGS", label: "Embeddings", stage: "Embeddings", description: "Product vectors for semantic search, regenerated on semantic change", partitioning: "fleet" },
];

export const lineageEdges: ReadonlyArray<{ from: LineageNodeKey; to: LineageNodeKey }> = [
  { from: "FEEDS", to: "FEED_INGEST" },
  { from: "FEED_INGEST", to: "SKU_MATCH" },
  { from: "SKU_MATCH", to: "BENCHMARK" },
  { from: "BENCHMARK", to: "INSIGHT" },
  { from: "SKU_MATCH", to: "EMBEDDINGS" },
];

/** The asset whose change makes this one stale (the freshness rule for derived assets). */
export const upstreamOf: Record<AssetKey, AssetKey | null> = {
  FEED_INGEST: null,
  SKU_MATCH: "FEED_INGEST",
  BENCHMARK: "SKU_MATCH",
  INSIGHT: "BENCHMARK",
  EMBEDDINGS: "SKU_MATCH",
};

/** Assets partitioned by dealer, in pipeline order: the partitions grid's columns. */
export const dealerAssets: readonly AssetKey[] = ["FEED_INGEST", "SKU_MATCH", "BENCHMARK", "INSIGHT"];

export const assetLabels: Record<AssetKey, string> = {
  FEED_INGEST: "Feed Ingest",
  SKU_MATCH: "SKU Match",
  BENCHMARK: "Benchmark",
  INSIGHT: "Insight",
  EMBEDDINGS: "Embeddings",
};
