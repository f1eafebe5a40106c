/**
 * URLs refused before any connection: every test asserts that no socket was opened (the connect guard saw
 * nothing, and where a local server stands behind the address, it saw no connection).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFeedUrl, fetchFeed, FeedFetchError, type FeedFetchErrorCode } from "@/lib/feeds/fetch";
import { connectGuard, fakeLookup, startServer, type TestServer } from "./helpers";

async function refusal(url: string, opts: Parameters<typeof fetchFeed>[1] = {}): Promise<FeedFetchError> {
  const err = await fetchFeed(url, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedFetchError);
  return err as FeedFetchError;
}

describe("refused schemes and URLs", () => {
  it.each([
    ["file:///etc/passwd", "BAD_SCHEME"],
    ["ftp://feeds.example/feed.csv", "BAD_SCHEME"],
    ["gopher://feeds.example:70/_", "BAD_SCHEME"],
    ["data:text/csv,upc%2Ctitle", "BAD_SCHEME"],
    ["javascript:alert(1)", "BAD_SCHEME"],
    ["http://user:secret@feeds.example/feed.csv", "BAD_URL"],
    ["https://token@feeds.example/feed.csv", "BAD_URL"],
    ["not a url", "BAD_URL"],
  ] as Array<[string, FeedFetchErrorCode]>)("%s → %s, with no lookup and no connection", async (url, code) => {
    const lookup = fakeLookup({ "feeds.example": ["93.184.215.14"] });
    const guard = connectGuard();
    const err = await refusal(url, { lookup, beforeConnect: guard.beforeConnect });
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/^refused: /);
    expect(lookup.calls).toEqual([]);
    expect(guard.connects).toEqual([]);
  });

  it("names the scheme in the message", async () => {
    expect((await refusal("file:///etc/passwd")).message).toBe(
      "refused: file: URLs are not fetched, a feed URL must be http or https",
    );
  });
});

describe("refused addresses", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => res.end("should never be served"));
  });
  afterAll(() => server.close());

  it("refuses a loopback server that is not on the allow-list, without connecting to it", async () => {
    const guard = connectGuard();
    const err = await refusal(server.url("/feed.csv"), { beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toBe(
      `refused: 127.0.0.1 is a loopback address not on the loopback allow-list for port ${server.port}`,
    );
    expect(guard.connects).toEqual([]);
    expect(server.connections).toBe(0);
  });

  it("refuses the same server on another allow-listed port", async () => {
    const err = await refusal(server.url("/"), { loopbackAllowList: [`127.0.0.1:${server.port + 1}`] });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(server.connections).toBe(0);
  });

  it.each([
    ["http://2130706433:PORT/", "127.0.0.1 is a loopback address"],
    ["http://0x7f.1:PORT/", "127.0.0.1 is a loopback address"],
    ["http://0177.0.0.1:PORT/", "127.0.0.1 is a loopback address"],
    ["http://[::ffff:127.0.0.1]:PORT/", "::ffff:7f00:1 is a loopback address"],
    ["http://[::1]:PORT/", "::1 is a loopback address"],
  ])("refuses loopback spelled %s", async (template, words) => {
    const guard = connectGuard();
    const err = await refusal(template.replace("PORT", String(server.port)), { beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toContain(words);
    expect(guard.connects).toEqual([]);
    expect(server.connections).toBe(0);
  });

  it.each([
    ["http://10.0.0.5/feed.csv", "refused: 10.0.0.5 is a private address"],
    ["http://192.168.1.20:8080/feed.csv", "refused: 192.168.1.20 is a private address"],
    ["http://172.20.1.1/feed.csv", "refused: 172.20.1.1 is a private address"],
    ["http://100.64.12.1/feed.csv", "refused: 100.64.12.1 is a private address"],
    ["http://169.254.10.10/feed.csv", "refused: 169.254.10.10 is a link-local address"],
    ["http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a cloud metadata address"],
    ["http://[fd00:ec2::254]/latest/meta-data/", "refused: fd00:ec2::254 is a cloud metadata address"],
    ["http://[fe80::1]/", "refused: fe80::1 is a link-local address"],
    ["http://[fc00::5]/", "refused: fc00::5 is a private address"],
    ["http://[::ffff:a00:5]/", "refused: ::ffff:a00:5 is a private address"],
    ["http://0.0.0.0:8080/", "refused: 0.0.0.0 is an unspecified address"],
    ["http://255.255.255.255/", "refused: 255.255.255.255 is a reserved address"],
  ])("refuses %s", async (url, message) => {
    const guard = connectGuard();
    const err = await refusal(url, { beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toBe(message);
    expect(guard.connects).toEqual([]);
  });

  it.each([
    ["intranet.feeds.test", "10.0.0.5", "a private address"],
    ["cgnat.feeds.test", "100.64.0.9", "a private address"],
    ["meta.feeds.test", "169.254.169.254", "a cloud metadata address"],
    ["ll.feeds.test", "169.254.3.4", "a link-local address"],
    ["loop.feeds.test", "127.0.0.1", "a loopback address"],
    ["v6.feeds.test", "fd12::1", "a private address"],
  ])("refuses a name (%s) that resolves to %s", async (host, address, words) => {
    const lookup = fakeLookup({ [host]: [address] });
    const guard = connectGuard();
    const err = await refusal(`https://${host}/feed.csv`, { lookup, beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toContain(`refused: ${host} resolves to ${address}, `);
    expect(err.message).toContain(words);
    expect(lookup.calls).toEqual([host]);
    expect(guard.connects).toEqual([]);
  });

  it("refuses a name resolving to one public and one private address", async () => {
    const lookup = fakeLookup({ "mixed.feeds.test": ["93.184.215.14", "10.0.0.5"] });
    const guard = connectGuard();
    const err = await refusal("http://mixed.feeds.test/feed.csv", { lookup, beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("BLOCKED_ADDRESS");
    expect(err.message).toBe(
      "refused: mixed.feeds.test resolves to 10.0.0.5, a private address (it resolves to 93.184.215.14, 10.0.0.5)",
    );
    expect(lookup.calls).toEqual(["mixed.feeds.test"]);
    expect(guard.connects).toEqual([]);
  });

  it("refuses a name that does not resolve, as DNS", async () => {
    const lookup = fakeLookup({});
    const guard = connectGuard();
    const err = await refusal("http://nowhere.feeds.test/feed.csv", { lookup, beforeConnect: guard.beforeConnect });
    expect(err.code).toBe("DNS");
    expect(err.message).toBe("could not resolve nowhere.feeds.test (ENOTFOUND)");
    expect(guard.connects).toEqual([]);
  });

  it("refuses a name with no addresses, as DNS", async () => {
    const err = await refusal("http://empty.feeds.test/", { lookup: async () => [] });
    expect(err.code).toBe("DNS");
  });

  it("times out a DNS lookup that never answers", async () => {
    const started = Date.now();
    const err = await refusal("http://slow.feeds.test/", { lookup: () => new Promise(() => {}), timeoutMs: 200 });
    expect(err.code).toBe("TIMEOUT");
    expect(err.message).toBe("timed out after 200 ms fetching http://slow.feeds.test/");
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("checkFeedUrl", () => {
  it("explains a refusal in fetchFeed's words without connecting", async () => {
    const lookup = fakeLookup({ "feeds.example": ["10.0.0.5"] });
    await expect(checkFeedUrl("https://feeds.example/feed.csv", { lookup })).resolves.toEqual({
      ok: false,
      code: "BLOCKED_ADDRESS",
      message: "refused: feeds.example resolves to 10.0.0.5, a private address",
    });
    await expect(checkFeedUrl("ftp://feeds.example/x")).resolves.toMatchObject({ ok: false, code: "BAD_SCHEME" });
  });

  it("lists the checked addresses of an acceptable URL", async () => {
    const lookup = fakeLookup({ "feeds.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] });
    await expect(checkFeedUrl("https://feeds.example/feed.csv", { lookup })).resolves.toEqual({
      ok: true,
      url: "https://feeds.example/feed.csv",
      hostname: "feeds.example",
      port: 443,
      addresses: [
        { address: "93.184.215.14", family: 4, kind: "public", allowed: true },
        { address: "2606:2800:21f:cb07:6820:80da:af6b:8b2c", family: 6, kind: "public", allowed: true },
      ],
    });
  });

  it("accepts an allow-listed loopback origin", async () => {
    const result = await checkFeedUrl("http://127.0.0.1:3000/demo/feed.csv", { loopbackAllowList: ["127.0.0.1:3000"] });
    expect(result).toMatchObject({ ok: true, port: 3000, addresses: [{ address: "127.0.0.1", kind: "loopback" }] });
  });
});
