/**
 * Feed parsing: bytes in, normalised listings (or quarantined rows) out, as a stream.
 *
 *   const feed = await openFeed(source);        // reads only the head: encoding, format, family
 *   feed.format; feed.family;
 *   for await (const event of feed.events) ...  // { kind: "record" | "quarantine", row, ... }
 *
 * `openFeed` buffers the head (64 KB) and, for JSON and XML, the first item (its field names decide
 * the family); everything else flows through papaparse / @streamparser/json / saxes chunk by
 * chunk, so memory stays bounded whatever the feed size. A feed that cannot be read at all (empty,
 * binary, no header, broken JSON syntax...) throws FeedUnreadableError, from `openFeed` or later
 * from the event stream; a consumer must then treat the whole run as failed. A bad row never
 * throws: it becomes a `quarantine` event with a short reason.
 *
 * Duplicate rows are all kept as records: collapsing listings by identity (identity.ts) is the
 * ingest stage's job, which sees the whole feed.
 */
import { normaliseListing } from "../normalise/record";
import { FeedUnreadableError, type FeedFamily, type FeedFormat, type ParseEvent, type ParseResult } from "../types";
import { readCsv } from "./csv";
import type { SourceEvent } from "./events";
import { detectFamily } from "./family";
import { readJson } from "./json";
import { bytesOf, openFeedText } from "./source";
import { readXml } from "./xml";

export { detectFormat } from "./sniff";
export { detectFamily } from "./family";

const MAX_EARLY_EVENTS = 1000;

export interface ParseOptions {
  /** Skip sniffing and read the feed as this format. */
  format?: FeedFormat;
}

export interface OpenedFeed {
  format: FeedFormat;
  family: FeedFamily;
  events: AsyncGenerator<ParseEvent>;
}

function toParseEvent(event: Exclude<SourceEvent, { kind: "fields" }>): ParseEvent {
  if (event.kind === "quarantine") return event;
  const result = normaliseListing(event.listing);
  if (result.ok) return { kind: "record", row: event.row, record: result.record };
  return { kind: "quarantine", row: event.row, raw: event.raw(), reason: result.reason };
}

/** Reads the head of a feed and returns its format, family and the stream of its parse events. */
export async function openFeed(source: AsyncIterable<Uint8Array>, opts: ParseOptions = {}): Promise<OpenedFeed> {
  const text = await openFeedText(source);
  const format = opts.format ?? text.sniffedFormat;
  const reader =
    format === "csv" ? readCsv(text.chunks, text.headText) : format === "json" ? readJson(text.chunks) : readXml(text.chunks);

  // Pull events until the field names are known; the ones pulled meanwhile are replayed first.
  // A feed whose first thousand items are all bad gets no family ("generic") rather than a big buffer.
  const early: SourceEvent[] = [];
  let names: string[] = [];
  let exhausted = false;
  while (early.length < MAX_EARLY_EVENTS) {
    const next = await reader.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    if (next.value.kind === "fields") {
      names = next.value.names;
      break;
    }
    early.push(next.value);
  }

  async function* events(): AsyncGenerator<ParseEvent> {
    try {
      for (const event of early) if (event.kind !== "fields") yield toParseEvent(event);
      early.length = 0;
      if (exhausted) return;
      for (;;) {
        const next = await reader.next();
        if (next.done) return;
        if (next.value.kind !== "fields") yield toParseEvent(next.value);
      }
    } finally {
      await reader.return(undefined);
    }
  }

  return { format, family: detectFamily(names), events: events() };
}

/** The parse events of a feed stream (format and family: use `openFeed`). */
export async function* parseFeedStream(
  source: AsyncIterable<Uint8Array>,
  opts: ParseOptions = {},
): AsyncGenerator<ParseEvent> {
  const feed = await openFeed(source, opts);
  yield* feed.events;
}

/** A whole feed parsed into memory: for small feeds, tests and the `parse` CLI. */
export async function parseFeed(input: Uint8Array | string, opts: ParseOptions = {}): Promise<ParseResult> {
  const feed = await openFeed(bytesOf(input), opts);
  const result: ParseResult = { format: feed.format, family: feed.family, records: [], quarantined: [] };
  for await (const event of feed.events) {
    if (event.kind === "record") result.records.push(event.record);
    else result.quarantined.push({ row: event.row, raw: event.raw, reason: event.reason });
  }
  return result;
}

export { FeedUnreadableError };
