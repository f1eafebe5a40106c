/** Reads a response body as a stream: decompressed, size-capped, and checked for truncation. */
import type { IncomingMessage } from "node:http";
import { pipeline, Transform, type Readable } from "node:stream";
import { decodersFor, isDecodeError } from "./decode";
import { FeedFetchError, errorCode, formatBytes } from "./errors";

export interface BodyOptions {
  url: string;
  maxBytes: number;
  signal: AbortSignal;
  /** Runs once when the body is done with, however it ends (the fetch's deadline is cleared here). */
  onSettled: () => void;
}

export function parseContentLength(res: IncomingMessage): number | null {
  const raw = res.headers["content-length"];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

function tooLarge(url: string, maxBytes: number, detail: string): FeedFetchError {
  return new FeedFetchError("TOO_LARGE", `refused: ${url} is over the ${formatBytes(maxBytes)} feed limit (${detail})`);
}

/** Refuses up front a body whose declared size is already over the cap (only knowable when uncompressed). */
export function checkDeclaredSize(res: IncomingMessage, url: string, maxBytes: number): void {
  const length = parseContentLength(res);
  if (length !== null && length > maxBytes && decodersFor(res.headers["content-encoding"]).length === 0) {
    throw tooLarge(url, maxBytes, `Content-Length is ${length} bytes`);
  }
}

export interface Body {
  body: AsyncGenerator<Uint8Array>;
  /** Stops reading and frees the connection; safe to call more than once. */
  cancel: () => void;
}

function shortBy(received: number, declared: number): string {
  return `got ${received} of the ${declared} bytes its Content-Length announced`;
}

/**
 * The body as an async iterable. The decoders are set up eagerly so that an unsupported Content-Encoding is
 * refused by fetchFeed itself; the stream only starts flowing when iterated.
 */
export function readBody(res: IncomingMessage, opts: BodyOptions): Body {
  const decoders = decodersFor(res.headers["content-encoding"]);
  const declared = parseContentLength(res);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      done(null, chunk);
    },
  });
  // Errors surface through the iteration below; pipeline only has to tear every stage down.
  pipeline([res, counter, ...decoders], () => {});
  const tail: Readable = decoders.at(-1) ?? counter;

  const explain = (err: unknown): unknown => {
    if (err instanceof FeedFetchError) return err;
    if (opts.signal.aborted) return opts.signal.reason;
    if (!res.complete) {
      const detail =
        declared !== null ? shortBy(received, declared) : "the connection closed before the last chunk";
      return new FeedFetchError("TRUNCATED", `the body of ${opts.url} was cut short: ${detail}`, { cause: err });
    }
    if (isDecodeError(err)) {
      const code = errorCode(err);
      return code === "Z_BUF_ERROR"
        ? new FeedFetchError("TRUNCATED", `the compressed body of ${opts.url} ends early`, { cause: err })
        : new FeedFetchError("BAD_ENCODING", `the compressed body of ${opts.url} could not be decoded (${code})`, {
            cause: err,
          });
    }
    const code = errorCode(err) ?? (err instanceof Error ? err.message : String(err));
    return new FeedFetchError("NETWORK", `reading ${opts.url} failed: ${code}`, { cause: err });
  };

  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    opts.signal.removeEventListener("abort", onAbort);
    tail.destroy();
    res.destroy();
    opts.onSettled();
  };
  // Registered now, not on first read, so a body nobody reads is still torn down at the deadline.
  const onAbort = () => {
    res.destroy(opts.signal.reason instanceof Error ? opts.signal.reason : undefined);
    settle();
  };
  opts.signal.addEventListener("abort", onAbort, { once: true });

  async function* iterate(): AsyncGenerator<Uint8Array> {
    let total = 0;
    try {
      for await (const chunk of tail as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > opts.maxBytes) throw tooLarge(opts.url, opts.maxBytes, `stopped after ${total} bytes`);
        yield chunk;
      }
      // A server closing early on a Content-Length body normally errors above; this catches the rest.
      if (declared !== null && received < declared) {
        throw new FeedFetchError("TRUNCATED", `the body of ${opts.url} was cut short: ${shortBy(received, declared)}`);
      }
    } catch (err) {
      throw explain(err);
    } finally {
      settle();
    }
  }
  return { body: iterate(), cancel: settle };
}
