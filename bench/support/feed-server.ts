/**
 * Dealer feeds served over HTTP on 127.0.0.1, as the pipeline polls them in production (fetch, hash, parse):
 * `GET /feeds/<slug>` answers the feed's current bytes. The bench swaps a feed's bytes to simulate a new poll.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FeedFormat } from "@/lib/feeds/types";

const CONTENT_TYPES: Record<FeedFormat, string> = { csv: "text/csv", json: "application/json", xml: "application/xml" };

export interface FeedServer {
  /** `127.0.0.1:<port>`: the loopback origin the feed fetcher must be allowed to reach. */
  origin: string;
  url(slug: string): string;
  set(slug: string, format: FeedFormat, text: string): void;
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, { body: Buffer; type: string }>();
  const server = http.createServer((req, res) => {
    const slug = decodeURIComponent((req.url ?? "").replace(/^\/feeds\//, "").split("?")[0] ?? "");
    const feed = feeds.get(slug);
    if (!feed || req.method !== "GET") {
      res.writeHead(404).end("no such feed");
      return;
    }
    res.writeHead(200, { "content-type": feed.type, "content-length": feed.body.byteLength });
    res.end(feed.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `127.0.0.1:${port}`;
  return {
    origin,
    url: (slug) => `http://${origin}/feeds/${encodeURIComponent(slug)}`,
    set(slug, format, text) {
      feeds.set(slug, { body: Buffer.from(text, "utf8"), type: CONTENT_TYPES[format] });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
