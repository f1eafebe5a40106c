import { FeedFetchError } from "@/lib/feeds/fetch";
import { FeedUnreadableError } from "@/lib/feeds/types";

/** The operator-facing reason an ingest failed. */
export function describeIngestError(error: unknown): string {
  if (error instanceof FeedFetchError) return `cannot fetch the feed: ${error.message}`;
  if (error instanceof FeedUnreadableError) return `cannot read the feed: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why a feed without a single usable listing is refused: ingesting it would deactivate the dealer's
 * whole catalogue over what is almost always a broken export, not an empty shop.
 */
export function noListingsReason(quarantined: ReadonlyArray<{ reason: string }>): string {
  if (quarantined.length === 0) return "the feed has no listings";
  const counts = new Map<string, number>();
  for (const { reason } of quarantined) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([reason, n]) => `${reason} ×${n}`);
  const more = counts.size > 3 ? `, and ${counts.size - 3} other reasons` : "";
  return `no usable listings: all ${quarantined.length} rows were quarantined (${top.join(", ")}${more})`;
}
