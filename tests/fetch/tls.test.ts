/**
 * https with the connection pinned to a checked IP: SNI and certificate checks must still use the URL's
 * name. A throwaway self-signed certificate for feeds.demo.test, served on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchFeedBytes, FeedFetchError } from "@/lib/feeds/fetch";
import { fakeLookup, localOptions, startServer, type TestServer } from "./helpers";

function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())("https", () => {
  let dir: string;
  let cert: string;
  let server: TestServer;
  const servernames: Array<string | false | null> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "feed-tls-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=feeds.demo.test",
        "-addext", "subjectAltName=DNS:feeds.demo.test",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
      { stdio: "ignore" },
    );
    cert = readFileSync(path.join(dir, "cert.pem"), "utf8");
    const key = readFileSync(path.join(dir, "key.pem"), "utf8");
    server = await startServer(
      (req, res) => {
        servernames.push((req.socket as TLSSocket).servername);
        res.end(`served to ${req.headers.host}`);
      },
      { key, cert },
    );
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the name as SNI and Host and verifies the certificate against it", async () => {
    const lookup = fakeLookup({ "feeds.demo.test": ["127.0.0.1"] });
    const opts = { ...localOptions([server], lookup), ca: cert };
    const body = await fetchFeedBytes(`https://feeds.demo.test:${server.port}/feed.csv`, opts);
    expect(body.toString()).toBe(`served to feeds.demo.test:${server.port}`);
    expect(servernames.at(-1)).toBe("feeds.demo.test");
    expect(opts.guard.connects.map((c) => c.address)).toEqual(["127.0.0.1"]);
  });

  it("fails on a certificate for another name, though the address is the same", async () => {
    const lookup = fakeLookup({ "other.demo.test": ["127.0.0.1"] });
    const err = await fetchFeedBytes(`https://other.demo.test:${server.port}/`, {
      ...localOptions([server], lookup),
      ca: cert,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedFetchError);
    expect((err as FeedFetchError).code).toBe("NETWORK");
    expect((err as FeedFetchError).message).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("fails on an untrusted certificate", async () => {
    const lookup = fakeLookup({ "feeds.demo.test": ["127.0.0.1"] });
    const err = await fetchFeedBytes(`https://feeds.demo.test:${server.port}/`, localOptions([server], lookup)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: "FeedFetchError", code: "NETWORK" });
  });
});
