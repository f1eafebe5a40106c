/** Reading a feed's bytes: a URL through the guarded fetcher, hashed while it streams in. */
import { createHash } from "node:crypto";
import { fetchFeed, type FetchFeedOptions, type HttpValidators } from "@/lib/feeds/fetch";

export type FetchedBytes =
  /** The host answered 304 to the conditional request (`opts.validators`): the copy last ingested is current. */
  | { notModified: true }
  | { notModified: false; content: Buffer; sha256: string; byteSize: number; validators: HttpValidators };

export async function fetchAndDigest(url: string, opts: FetchFeedOptions = {}): Promise<FetchedBytes> {
  const { body, notModified, validators } = await fetchFeed(url, opts);
  if (notModified) return { notModified: true };
  const hash = createHash("sha256");
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    hash.update(chunk);
    chunks.push(chunk);
  }
  const content = Buffer.concat(chunks);
  return { notModified: false, content, sha256: hash.digest("hex"), byteSize: content.byteLength, validators };
}

const CHUNK_BYTES = 256 * 1024;

/** Bytes in memory as the chunked source the streaming parser reads. */
export async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) yield bytes.subarray(offset, offset + CHUNK_BYTES);
}
