/**
 * Redirects: every hop is checked again (scheme and address) before anything connects to it. The redirecting
 * servers are real, on 127.0.0.1 and allow-listed; the refused targets are names whose fake DNS answer is
 * inside the network, so a refusal must come before any connection.
 */
import { describe, expect, it } from "vitest";
import type http from "node:http";
import { fetchFeed, fetchFeedBytes, FeedFetchError } from "@/lib/feeds/fetch";
import { fakeLookup, localOptions, useServers, feedError } from "./helpers";

const serve = useServers();

function redirectTo(location: string, status = 302) {
  return (_req: http.IncomingMessage, res: http.ServerResponse) => res.writeHead(status, { Location: location }).end();
}


describe("redirects", () => {
  it.each([301, 302, 303, 307, 308])("follows a %i (relative Location) and reports the final URL", async (status) => {
    const server = await serve((req, res) => {
      if (req.url === "/old") return redirectTo("/feeds/new.csv?v=2", status)(req, res);
      res.end("upc,title\n");
    });
    const result = await fetchFeed(server.url("/old"), localOptions([server]));
    expect(result.finalUrl).toBe(server.url("/feeds/new.csv?v=2"));
    expect(server.requests.map((r) => r.url)).toEqual(["/old", "/feeds/new.csv?v=2"]);
    result.cancel();
  });

  it("re-resolves and re-checks a redirect to another allowed name, connecting to what it checked", async () => {
    const target = await serve((_req, res) => res.end("moved here"));
    const origin = await serve(redirectTo(`http://mirror.feeds.test:${target.port}/feed.csv`));
    const lookup = fakeLookup({ "mirror.feeds.test": ["127.0.0.1"] });
    const opts = localOptions([origin, target], lookup);
    expect((await fetchFeedBytes(origin.url("/feed.csv"), opts)).toString()).toBe("moved here");
    expect(lookup.calls).toEqual(["mirror.feeds.test"]);
    expect(opts.guard.connects.map((c) => `${c.hostname}→${c.address}:${c.port}`)).toEqual([
      `127.0.0.1→127.0.0.1:${origin.port}`,
      `mirror.feeds.test→127.0.0.1:${target.port}`,
    ]);
    expect(target.requests[0]!.headers.host).toBe(`mirror.feeds.test:${target.port}`);
  });

  it("refuses a redirect to a name that resolves to a private address, before connecting to it", async () => {
    const origin = await serve(redirectTo("http://internal.feeds.test/admin/export.csv"));
    const lookup = fakeLookup({ "internal.feeds.test": ["10.0.0.5"] });
    const opts = localOptions([origin], lookup);
    const err = await feedError(fetchFeed(origin.url("/feed.csv"), opts));
    expect(err.code).toBe("BLOCKED_ADDRESS");
    const from = origin.url("/feed.csv");
    expect(err.message).toBe(
      `refused: internal.feeds.test resolves to 10.0.0.5, a private address (redirected from ${from})`,
    );
    expect(lookup.calls).toEqual(["internal.feeds.test"]);
    expect(opts.guard.connects.map((c) => c.address)).toEqual(["127.0.0.1"]);
    expect(origin.connections).toBe(1);
  });

  it("refuses a redirect to the metadata address", async () => {
    const origin = await serve(redirectTo("http://169.254.169.254/latest/meta-data/iam/"));
    const opts = localOptions([origin]);
    const err = await feedError(fetchFeed(origin.url("/"), opts));
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toContain("169.254.169.254 is a cloud metadata address");
    expect(opts.guard.connects).toHaveLength(1);
  });

  it("refuses a redirect to a loopback port that is not allow-listed, without connecting to it", async () => {
    const other = await serve((_req, res) => res.end("private admin"));
    const origin = await serve(redirectTo(other.url("/admin")));
    const err = await feedError(fetchFeed(origin.url("/"), localOptions([origin])));
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(other.connections).toBe(0);
  });

  it("refuses a redirect to a name with a public and a private address", async () => {
    const origin = await serve(redirectTo("https://cdn.feeds.test/feed.csv"));
    const lookup = fakeLookup({ "cdn.feeds.test": ["93.184.215.14", "192.168.0.10"] });
    const opts = localOptions([origin], lookup);
    const err = await feedError(fetchFeed(origin.url("/"), opts));
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toContain("cdn.feeds.test resolves to 192.168.0.10, a private address");
    expect(opts.guard.connects).toHaveLength(1);
  });

  it.each(["file:///etc/passwd", "ftp://feeds.example/feed.csv", "gopher://127.0.0.1:25/"])(
    "refuses a redirect to %s",
    async (location) => {
      const origin = await serve(redirectTo(location));
      const opts = localOptions([origin]);
      const err = await feedError(fetchFeed(origin.url("/"), opts));
      expect(err.code).toBe("BAD_SCHEME");
      expect(err.message).toContain(`(redirected from ${origin.url("/")})`);
      expect(opts.guard.connects).toHaveLength(1);
    },
  );

  it("gives up after 5 redirects by default", async () => {
    const server = await serve((req, res) => {
      const n = Number(req.url?.slice(1) ?? "0");
      redirectTo(`/${n + 1}`)(req, res);
    });
    const err = await feedError(fetchFeed(server.url("/0"), localOptions([server])));
    expect(err.code).toBe("TOO_MANY_REDIRECTS");
    expect(err.message).toBe(
      `gave up on ${server.url("/0")} after 5 redirects (the last one, from ${server.url("/5")}, went to /6)`,
    );
    expect(server.requests.map((r) => r.url)).toEqual(["/0", "/1", "/2", "/3", "/4", "/5"]);
  });

  it("honours maxRedirects", async () => {
    const server = await serve(redirectTo("/loop"));
    const err = await feedError(fetchFeed(server.url("/loop"), { ...localOptions([server]), maxRedirects: 1 }));
    expect(err.code).toBe("TOO_MANY_REDIRECTS");
    expect(server.requests).toHaveLength(2);
  });

  it("treats a redirect without a Location as a bad status", async () => {
    const server = await serve((_req, res) => res.writeHead(302).end());
    const err = await feedError(fetchFeed(server.url("/"), localOptions([server])));
    expect(err).toMatchObject({ code: "HTTP_STATUS", status: 302 });
  });
});
