/** Reading a feed's bytes: a URL through the guarded fetcher, hashed while it streams in. */
import { createHash } from "node:crypto";
import { fetchFeed, type FetchFeedOptions } from "@/lib/feeds/fetch";

export interface FetchedBytes {
  content: Buffer;
  sha256: string;
  byteSize: number;
}

export async function fetchAndDigest(url: string, opts: FetchFeedOptions = {}): Promise<FetchedBytes> {
  const { body } = await fetchFeed(url, opts);
  const hash = createHash("sha256");
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    hash.update(chunk);
    chunks.push(chunk);
  }
  const content = Buffer.concat(chunks);
  return { content, sha256: hash.digest("hex"), byteSize: content.byteLength };
}

const CHUNK_BYTES = 256 * 1024;

/** Bytes in memory as the chunked source the streaming parser reads. */
export async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) yield bytes.subarray(offset, offset + CHUNK_BYTES);
}
