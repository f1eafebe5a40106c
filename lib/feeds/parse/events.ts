import type { RawListing } from "../normalise/record";

/** What a format reader yields, before normalisation. */
export type SourceEvent =
  /** The column / key / element names of the feed (CSV header, first JSON or XML item). */
  | { kind: "fields"; names: string[] }
  | { kind: "row"; row: number; listing: RawListing; raw: () => string }
  | { kind: "quarantine"; row: number; raw: string; reason: string };
