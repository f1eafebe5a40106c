/** Streaming decoders for the Content-Encodings we ask for (gzip, deflate, br). */
import { Transform, type TransformCallback } from "node:stream";
import zlib from "node:zlib";
import { FeedFetchError } from "./errors";

export const ACCEPT_ENCODING = "gzip, deflate, br";

/**
 * "deflate" is meant to be zlib-wrapped, but some servers send raw deflate; the first byte tells them apart
 * (a zlib header has compression method 8 in its low nibble).
 */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (chunk.length === 0) return done();
    if (!this.inner) {
      this.inner = (chunk[0]! & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
      this.inner.on("data", (out: Buffer) => this.push(out));
      this.inner.on("error", (err) => this.destroy(err));
    }
    this.inner.write(chunk, () => done());
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done();
    this.inner.once("end", () => done());
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }
}

function decoderFor(coding: string): Transform {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return new DeflateDecoder();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      throw new FeedFetchError(
        "BAD_ENCODING",
        `the feed server sent Content-Encoding "${coding}", which is not supported (only ${ACCEPT_ENCODING})`,
      );
  }
}

/** Decoders to pipe the body through, in order, for a Content-Encoding header (codings apply left to right). */
export function decodersFor(contentEncoding: string | undefined): Transform[] {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  return codings.reverse().map(decoderFor);
}

/** Whether an error came from a decompressor rather than the connection. */
export function isDecodeError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("Z_") || code.startsWith("ERR__ERROR"));
}
