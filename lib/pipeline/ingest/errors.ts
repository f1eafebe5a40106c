import { FeedFetchError } from "@/lib/feeds/fetch";
import { FeedUnreadableError } from "@/lib/feeds/types";

/** The operator-facing reason an ingest failed. */
export function describeIngestError(error: unknown): string {
  if (error instanceof FeedFetchError) return `cannot fetch the feed: ${error.message}`;
  if (error instanceof FeedUnreadableError) return `cannot read the feed: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
