import { FeedUnreadableError, type FeedFormat } from "../types";
import { HEAD_BYTES, MAX_LEADING_BLANK_BYTES } from "./limits";
import { assertText, makeDecoder, sniffEncoding, sniffFormat, type TextEncoding } from "./sniff";

const CHUNK_BYTES = 64 * 1024;

/** A whole feed in memory as a byte source, in chunks (so it goes through the streaming path too). */
export async function* bytesOf(input: Uint8Array | string): AsyncGenerator<Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    yield bytes.subarray(offset, offset + CHUNK_BYTES);
  }
}

export interface FeedText {
  encoding: TextEncoding;
  /** Sniffed from the first non-blank character. */
  sniffedFormat: FeedFormat;
  /** The first decoded text (BOM removed), also the first chunk of `chunks`. */
  headText: string;
  /** The whole feed as text, decoded chunk by chunk. */
  chunks: AsyncGenerator<string>;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * Reads the head of a byte source (enough to decide encoding and format), refuses binary data and
 * empty feeds, and hands back the rest as a lazily decoded text stream. Only the head is buffered.
 */
export async function openFeedText(source: AsyncIterable<Uint8Array>): Promise<FeedText> {
  const iterator = source[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  while (total < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    total += next.value.length;
  }
  const head = concat(parts, total);
  const encoding = sniffEncoding(head);
  const decoder = makeDecoder(encoding);
  let headText = decoder.decode(head, { stream: true });
  assertText(head, headText);

  let format = sniffFormat(headText);
  let read = total;
  while (format === null && !done) {
    if (read > MAX_LEADING_BLANK_BYTES) throw new FeedUnreadableError("feed is empty (only whitespace at its start)");
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    read += next.value.length;
    const text = decoder.decode(next.value, { stream: true });
    // Keep only what follows the blank run; the blank prefix carries nothing.
    headText = /^\s*$/.test(text) ? "" : text;
    format = sniffFormat(headText);
  }
  if (format === null) {
    headText += decoder.decode();
    format = sniffFormat(headText);
    if (format === null) throw new FeedUnreadableError("feed is empty");
  }

  async function* chunks(): AsyncGenerator<string> {
    try {
      yield headText;
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        const text = decoder.decode(next.value, { stream: true });
        if (text !== "") yield text;
      }
      const tail = decoder.decode();
      if (tail !== "") yield tail;
    } finally {
      await iterator.return?.();
    }
  }

  return { encoding, sniffedFormat: format, headText, chunks: chunks() };
}
