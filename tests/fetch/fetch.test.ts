/** fetchFeed against real servers on 127.0.0.1, allowed through the explicit loopback allow-list. */
import { describe, expect, it } from "vitest";
import zlib from "node:zlib";
import type http from "node:http";
import { fetchFeed, fetchFeedBytes, FeedFetchError } from "@/lib/feeds/fetch";
import { fakeLookup, localOptions, settle, useServers, feedError } from "./helpers";

const CSV = Array.from({ length: 2_000 }, (_, i) => `${i},Federal 9mm 115gr FMJ,18.99,yes`).join("\n");

const serve = useServers();

function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}


describe("fetching", () => {
  it("returns status, type, final URL, the pinned address and the body; sends our UA and encodings", async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { "Content-Type": "text/csv", "Content-Length": Buffer.byteLength(CSV) }).end(CSV),
    );
    const opts = localOptions([server]);
    const result = await fetchFeed(server.url("/feed.csv?dealer=7"), opts);
    expect(result).toMatchObject({
      finalUrl: server.url("/feed.csv?dealer=7"),
      status: 200,
      contentType: "text/csv",
      contentLength: Buffer.byteLength(CSV),
      address: "127.0.0.1",
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(CSV);

    const req = server.requests[0]!;
    expect(req.url).toBe("/feed.csv?dealer=7");
    expect(req.headers["user-agent"]).toBe("DealerPipeline/1.0");
    expect(req.headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(opts.guard.connects).toEqual([
      { hostname: "127.0.0.1", address: "127.0.0.1", port: server.port, url: server.url("/feed.csv?dealer=7") },
    ]);
  });

  it("connects to the address it checked, keeping the name in Host, with one lookup (no rebinding)", async () => {
    const server = await serve((_req, res) => res.end("ok"));
    // A rebinding DNS: the first answer passes the check, every later one points inside the network.
    const lookup = fakeLookup({ "demo.feeds.test": [["127.0.0.1"], ["10.0.0.5"]] });
    const opts = localOptions([server], lookup);
    const body = await fetchFeedBytes(`http://demo.feeds.test:${server.port}/feed.csv`, opts);
    expect(body.toString()).toBe("ok");
    expect(lookup.calls).toEqual(["demo.feeds.test"]);
    expect(server.requests[0]!.headers.host).toBe(`demo.feeds.test:${server.port}`);
    expect(opts.guard.connects.map((c) => c.address)).toEqual(["127.0.0.1"]);
  });

  it("decodes gzip", async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { "Content-Encoding": "gzip" }).end(zlib.gzipSync(CSV)),
    );
    expect((await fetchFeedBytes(server.url("/"), localOptions([server]))).toString()).toBe(CSV);
  });

  it("decodes brotli", async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { "Content-Encoding": "br" }).end(zlib.brotliCompressSync(CSV)),
    );
    expect((await fetchFeedBytes(server.url("/"), localOptions([server]))).toString()).toBe(CSV);
  });

  it.each([
    ["zlib-wrapped", zlib.deflateSync],
    ["raw", zlib.deflateRawSync],
  ])("decodes %s deflate", async (_name, deflate) => {
    const server = await serve((_req, res) => res.writeHead(200, { "Content-Encoding": "deflate" }).end(deflate(CSV)));
    expect((await fetchFeedBytes(server.url("/"), localOptions([server]))).toString()).toBe(CSV);
  });

  it("decodes stacked encodings in the order they were applied", async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { "Content-Encoding": "gzip, br" }).end(zlib.brotliCompressSync(zlib.gzipSync(CSV))),
    );
    expect((await fetchFeedBytes(server.url("/"), localOptions([server]))).toString()).toBe(CSV);
  });

  it("reads a chunked body as it streams", async () => {
    const parts = ["upc,title\n", "1,Federal 9mm\n", "2,Winchester .223 Rem\n"];
    const server = await serve(async (_req, res) => {
      res.writeHead(200, { "Content-Type": "text/csv" });
      for (const part of parts) {
        res.write(part);
        await settle(20);
      }
      res.end();
    });
    const result = await fetchFeed(server.url("/"), localOptions([server]));
    expect(result.contentLength).toBeNull();
    const seen: string[] = [];
    for await (const chunk of result.body) seen.push(Buffer.from(chunk).toString());
    expect(seen.join("")).toBe(parts.join(""));
    expect(seen.length).toBeGreaterThan(1);
  });

  it("refuses an unsupported Content-Encoding", async () => {
    const server = await serve((_req, res) => res.writeHead(200, { "Content-Encoding": "zstd" }).end("xx"));
    const err = await feedError(fetchFeed(server.url("/"), localOptions([server])));
    expect(err.code).toBe("BAD_ENCODING");
    expect(err.message).toContain('Content-Encoding "zstd"');
  });

  it("reports a corrupt gzip body", async () => {
    const server = await serve((_req, res) =>
      res.writeHead(200, { "Content-Encoding": "gzip" }).end("not gzip at all"),
    );
    const err = await feedError(fetchFeedBytes(server.url("/"), localOptions([server])));
    expect(err.code).toBe("BAD_ENCODING");
  });
});

describe("limits", () => {
  it("aborts mid-stream when the body passes maxBytes", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let written = 0;
    let finished = false;
    let closed = false;
    const server = await serve(async (_req, res) => {
      res.on("close", () => (closed = true));
      res.writeHead(200, { "Content-Type": "text/csv" });
      while (written < 50 * 1024 * 1024 && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) await drained(res);
      }
      if (!res.destroyed) {
        res.end();
        finished = true;
      }
    });
    const opts = { ...localOptions([server]), maxBytes: 256 * 1024 };
    const err = await feedError(fetchFeedBytes(server.url("/big.csv"), opts));
    expect(err.code).toBe("TOO_LARGE");
    expect(err.message).toMatch(/^refused: .* is over the 256 KiB feed limit \(stopped after \d+ bytes\)$/);
    await settle(200);
    expect(closed).toBe(true);
    expect(finished).toBe(false);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it("counts the limit on the decompressed body (a gzip bomb)", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const server = await serve((_req, res) => res.writeHead(200, { "Content-Encoding": "gzip" }).end(bomb));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await feedError(fetchFeedBytes(server.url("/"), { ...localOptions([server]), maxBytes: 1024 * 1024 }));
    expect(err.code).toBe("TOO_LARGE");
  });

  it("refuses up front a body whose Content-Length is over the limit", async () => {
    const server = await serve((_req, res) => res.writeHead(200, { "Content-Length": "5000" }).end(Buffer.alloc(5000)));
    const err = await feedError(fetchFeed(server.url("/"), { ...localOptions([server]), maxBytes: 1000 }));
    expect(err.code).toBe("TOO_LARGE");
    expect(err.message).toContain("Content-Length is 5000 bytes");
  });

  it("times out a server that never answers", async () => {
    const server = await serve(() => {});
    const started = Date.now();
    const err = await feedError(fetchFeed(server.url("/hang"), { ...localOptions([server]), timeoutMs: 300 }));
    expect(err.code).toBe("TIMEOUT");
    expect(err.message).toBe(`timed out after 300 ms fetching ${server.url("/hang")}`);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(server.requests).toHaveLength(1);
  });

  it("times out a body that stalls halfway, the limit covering the whole fetch", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Length": "1000" });
      res.write(Buffer.alloc(100));
    });
    const result = await fetchFeed(server.url("/"), { ...localOptions([server]), timeoutMs: 300 });
    const err = await feedError(
      (async () => {
        for await (const _chunk of result.body) void _chunk;
      })(),
    );
    expect(err.code).toBe("TIMEOUT");
  });

  it("passes on a caller's cancellation", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const work = fetchFeed(server.url("/"), { ...localOptions([server]), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("operator cancelled")), 50);
    await expect(work).rejects.toThrow("operator cancelled");
  });
});

describe("bad answers", () => {
  it("refuses a 500 with the status in the message", async () => {
    const server = await serve((_req, res) => res.writeHead(500).end("boom"));
    const err = await feedError(fetchFeed(server.url("/feed.csv"), localOptions([server])));
    expect(err.code).toBe("HTTP_STATUS");
    expect(err.status).toBe(500);
    expect(err.message).toBe(`the feed server answered 500 Internal Server Error for ${server.url("/feed.csv")}`);
  });

  it("refuses a 404", async () => {
    const server = await serve((_req, res) => res.writeHead(404).end());
    const err = await feedError(fetchFeed(server.url("/gone"), localOptions([server])));
    expect(err).toMatchObject({ code: "HTTP_STATUS", status: 404 });
  });

  it("reports a body shorter than its Content-Length as TRUNCATED", async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { "Content-Length": "1000" });
      res.write(Buffer.alloc(400, 0x61), () => req.socket.end());
    });
    const err = await feedError(fetchFeedBytes(server.url("/"), localOptions([server])));
    expect(err.code).toBe("TRUNCATED");
    expect(err.message).toBe(
      `the body of ${server.url("/")} was cut short: got 400 of the 1000 bytes its Content-Length announced`,
    );
  });

  it("reports a chunked body cut before its last chunk as TRUNCATED", async () => {
    const server = await serve((req, res) => {
      res.writeHead(200);
      res.write("upc,title\n", () => req.socket.end());
    });
    const err = await feedError(fetchFeedBytes(server.url("/"), localOptions([server])));
    expect(err.code).toBe("TRUNCATED");
    expect(err.message).toContain("the connection closed before the last chunk");
  });

  it("reports a refused connection as NETWORK", async () => {
    const server = await serve(() => {});
    const port = server.port;
    await server.close(); // closing again after the test is harmless
    const err = await feedError(fetchFeed(`http://127.0.0.1:${port}/`, localOptions([{ port }])));
    expect(err.code).toBe("NETWORK");
    expect(err.message).toContain("ECONNREFUSED");
  });
});

describe("cancel", () => {
  it("frees the connection of a body that is not read", async () => {
    let closed = false;
    const server = await serve((_req, res) => {
      res.on("close", () => (closed = true));
      res.writeHead(200);
      res.write("partial");
    });
    const result = await fetchFeed(server.url("/"), localOptions([server]));
    result.cancel();
    await settle(200);
    expect(closed).toBe(true);
  });
});

describe("conditional GET", () => {
  const ETAG = '"v1-abc"';
  const MODIFIED = "Mon, 30 Nov 2026 20:00:00 GMT";
  const conditionalServer = () =>
    serve((req, res) => {
      if (req.headers["if-none-match"] === ETAG) return void res.writeHead(304, { ETag: ETAG }).end();
      res.writeHead(200, { "Content-Type": "text/csv", ETag: ETAG, "Last-Modified": MODIFIED }).end(CSV);
    });

  it("returns the response's validators with a full body", async () => {
    const server = await conditionalServer();
    const result = await fetchFeed(server.url("/feed.csv"), localOptions([server]));
    expect(result).toMatchObject({ status: 200, notModified: false, validators: { etag: ETAG, lastModified: MODIFIED } });
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe(CSV);
    expect(server.requests[0]!.headers["if-none-match"]).toBeUndefined();
  });

  it("sends the caller's validators, and a 304 is a result with no body, not an error", async () => {
    const server = await conditionalServer();
    const result = await fetchFeed(server.url("/feed.csv"), { ...localOptions([server]), validators: { etag: ETAG, lastModified: MODIFIED } });
    expect(result).toMatchObject({ status: 304, notModified: true, validators: { etag: ETAG } });
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.body) chunks.push(chunk);
    expect(chunks).toEqual([]);
    const req = server.requests[0]!;
    expect(req.headers["if-none-match"]).toBe(ETAG);
    expect(req.headers["if-modified-since"]).toBe(MODIFIED);
  });

  it("reads the new body when the host's copy changed, and refuses a 304 it did not ask for", async () => {
    const server = await conditionalServer();
    const changed = await fetchFeed(server.url("/feed.csv"), { ...localOptions([server]), validators: { etag: '"v0-old"' } });
    expect(changed).toMatchObject({ status: 200, notModified: false, validators: { etag: ETAG } });
    changed.cancel();

    const unasked = await serve((_req, res) => res.writeHead(304).end());
    const err = await feedError(fetchFeed(unasked.url("/feed.csv"), localOptions([unasked])));
    expect(err).toMatchObject({ code: "HTTP_STATUS", status: 304 });
  });
});
