/**
 * SSRF: feed URLs that reach into the network are refused where operators enter them (the onboarding
 * route and its validation), whether written as an IP in any spelling or as a DNS name that resolves
 * there; and a feed that passed validation but later redirects into the network fails its run with a
 * "refused" error and changes nothing.
 *
 * DNS is faked for the whole file (node:dns is mocked): every decision is made on resolved addresses and
 * nothing connects anywhere but 127.0.0.1. A name missing from the table fails to resolve.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const dnsTable = vi.hoisted(() => ({
  answers: {} as Record<string, string[]>,
  calls: [] as string[],
}));

vi.mock("node:dns", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns")>();
  const lookup = async (hostname: string) => {
    dnsTable.calls.push(hostname);
    const answer = dnsTable.answers[hostname.toLowerCase()];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  const promises = { ...real.promises, lookup };
  return { ...real, default: { ...real, promises }, promises };
});

import type { Executor } from "@/inngest/executor/executor";
import { generateFeed } from "@/lib/feeds/generate";
import { useProcessDb } from "../support/db";
import { allRunsFinished, startPipelineExecutor, waitFor } from "../support/pipeline";

Object.assign(dnsTable.answers, {
  "localhost": ["127.0.0.1", "::1"],
  "internal.corp.test": ["10.0.0.5"],
  "db.corp.test": ["172.16.4.20"],
  "printer.home.test": ["192.168.1.20"],
  "cgnat.isp.test": ["100.64.12.1"],
  "link.local.test": ["169.254.7.7"],
  "metadata.google.internal": ["169.254.169.254"],
  "imds6.aws.test": ["fd00:ec2::254"],
  "ecs-creds.test": ["169.254.170.2"],
  "alibaba-meta.test": ["100.100.100.200"],
  "loopback-alias.attacker.test": ["127.0.0.2"],
  "mapped.attacker.test": ["::ffff:127.0.0.1"],
  "nat64.attacker.test": ["64:ff9b::a9fe:a9fe"], // 169.254.169.254 through the NAT64 prefix
  "ula.attacker.test": ["fd12:3456::1"],
  "zero.attacker.test": ["0.0.0.0"],
  // DNS rebinding's first answer: one public and one internal address. One refused address refuses the URL.
  "rebind.attacker.test": ["93.184.216.34", "10.0.0.5"],
  "feeds.dealer.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
});

const { db } = useProcessDb();

const PUBLIC_ONLY = /: feeds must be on the public internet$/;
const refusals: Array<[url: string, reason: RegExp]> = [
  // loopback, in every spelling
  ["http://127.0.0.1/feed.csv", /^127\.0\.0\.1 is a loopback address/],
  ["http://localhost:3000/feed.csv", /^localhost resolves to 127\.0\.0\.1, a loopback address/],
  ["http://[::1]:8080/feed.csv", /^::1 is a loopback address/],
  ["http://2130706433/feed.csv", /loopback/],
  ["http://0x7f.1/feed.csv", /loopback/],
  ["http://0177.0.0.1/feed.csv", /loopback/],
  ["http://127.1/feed.csv", /loopback/],
  ["http://[::ffff:127.0.0.1]/feed.csv", /loopback/],
  ["http://loopback-alias.attacker.test/feed.csv", /resolves to 127\.0\.0\.2, a loopback address/],
  ["http://mapped.attacker.test/feed.csv", /resolves to ::ffff:7f00:1, a loopback address/], // IPv4-mapped 127.0.0.1
  ["http://0.0.0.0:3000/", /unspecified/],
  ["http://zero.attacker.test/", /resolves to 0\.0\.0\.0/],
  // private networks
  ["http://10.0.0.5/export.csv", /^10\.0\.0\.5 is a private address/],
  ["http://172.16.4.20/export.csv", /private/],
  ["http://192.168.1.20/export.csv", /private/],
  ["http://internal.corp.test/export.csv", /^internal\.corp\.test resolves to 10\.0\.0\.5, a private address/],
  ["http://db.corp.test:5432/", /resolves to 172\.16\.4\.20, a private address/],
  ["http://printer.home.test/", /resolves to 192\.168\.1\.20/],
  ["http://cgnat.isp.test/", /resolves to 100\.64\.12\.1/],
  ["http://ula.attacker.test/", /resolves to fd12:3456::1/],
  ["http://rebind.attacker.test/feed.csv", /resolves to 10\.0\.0\.5.*\(it resolves to 93\.184\.216\.34, 10\.0\.0\.5\)/],
  // link-local
  ["http://169.254.7.7/", /link-local/],
  ["http://[fe80::1]/", /link-local/],
  ["http://link.local.test/", /resolves to 169\.254\.7\.7, a link-local address/],
  // cloud metadata
  ["http://169.254.169.254/latest/meta-data/iam/security-credentials/", /metadata/],
  ["http://metadata.google.internal/computeMetadata/v1/", /^metadata\.google\.internal resolves to 169\.254\.169\.254, .*metadata/],
  ["http://169.254.170.2/v2/credentials", /metadata/],
  ["http://ecs-creds.test/v2/credentials", /metadata/],
  ["http://100.100.100.200/latest/meta-data/", /metadata/],
  ["http://alibaba-meta.test/latest/meta-data/", /metadata/],
  ["http://[fd00:ec2::254]/latest/meta-data/", /metadata/],
  ["http://imds6.aws.test/latest/meta-data/", /metadata/],
  ["http://nat64.attacker.test/latest/meta-data/", /metadata/],
  ["http://[64:ff9b::a9fe:a9fe]/latest/meta-data/", /metadata/],
];
const malformed: Array<[url: string, message: RegExp]> = [
  ["file:///etc/passwd", /^File: URLs are not fetched, a feed URL must be http or https$/],
  ["gopher://127.0.0.1:6379/_FLUSHALL", /^Gopher: URLs are not fetched/],
  ["ftp://feeds.dealer.test/feed.csv", /^Ftp: URLs are not fetched/],
  ["javascript:alert(1)", /^Javascript: URLs are not fetched/],
  ["data:text/csv,sku,title,price", /^Data: URLs are not fetched/],
  ["http://operator:hunter2@feeds.dealer.test/feed.csv", /^Feed URLs must not carry credentials/],
  ["http://no-such-host.test/feed.csv", /could not resolve no-such-host\.test \(ENOTFOUND\): check the host name$/],
];

function onboardForm(url: string, slug: string): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries({ name: `Dealer ${slug}`, slug, plan: "STANDARD", source: "url", url, format: "AUTO", pollIntervalMinutes: "15" })) form.set(k, v);
  return form;
}

async function postOnboard(form: FormData): Promise<Response> {
  const { POST } = await import("@/app/api/onboard/route");
  const request = new NextRequest("http://127.0.0.1:3000/api/onboard", {
    method: "POST",
    body: form,
    headers: { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" },
  });
  return POST(request, undefined as never);
}

const dealerCount = async () => (await db().sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Dealer"`))[0]!.n;

describe("the onboarding route refuses feed URLs into the network", () => {
  beforeAll(() => {
    delete process.env.PIPELINE_FEED_LOOPBACK_ALLOW;
  });

  it.each(refusals)("%s", async (url, reason) => {
    dnsTable.calls.length = 0;
    const response = await postOnboard(onboardForm(url, "ssrf-probe"));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { fields: Record<string, string[]> };
    expect(Object.keys(body.fields)).toEqual(["url"]);
    const [message] = body.fields.url!;
    expect(message).toMatch(reason);
    expect(message).toMatch(PUBLIC_ONLY);
    // Names were decided on what they resolve to (the fake DNS); literals never asked DNS.
    const host = new URL(url).hostname;
    expect(dnsTable.calls).toEqual(/^[\d.]+$|^\[|^0x/.test(host) ? [] : [host]);
    expect(await dealerCount()).toBe(0);
  });

  it.each(malformed)("%s", async (url, message) => {
    const response = await postOnboard(onboardForm(url, "bad-url"));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { fields: Record<string, string[]> }).fields.url).toEqual([expect.stringMatching(message)]);
    expect(await dealerCount()).toBe(0);
  });

  it("accepts a name that resolves only to public addresses (validation only: nothing is fetched here)", async () => {
    const { validateOnboarding } = await import("@/app/api/onboard/validation");
    const result = await validateOnboarding(db(), onboardForm("https://feeds.dealer.test/ammo.csv", "public-dealer"));
    expect(result).toMatchObject({ ok: true, input: { feed: { kind: "url", url: "https://feeds.dealer.test/ammo.csv" } } });
  });

  it("refuses loopback on the port the app itself listens on (no allow-list configured, as in production)", async () => {
    const { validateOnboarding } = await import("@/app/api/onboard/validation");
    const url = "http://127.0.0.1:3000/api/demo-feeds/x";
    const refused = await validateOnboarding(db(), onboardForm(url, "self-probe"));
    expect(refused).toMatchObject({ ok: false, fields: { url: [expect.stringMatching(/loopback address not on the loopback allow-list for port 3000/)] } });
  });
});

describe("a feed that redirects into the network after onboarding", () => {
  let executor: Executor;
  let server: http.Server;
  let port = 0;
  let mode: "feed" | "redirect" = "feed";
  const requests: string[] = [];
  const good = generateFeed({ skus: 40, format: "csv", family: "gunengine", seed: "redirect-dealer" });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? "");
      if (mode === "redirect") return void res.writeHead(302, { location: "http://internal-feeds.test/admin/export.csv" }).end();
      res.writeHead(200, { "content-type": "text/csv" }).end(good.text);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
    dnsTable.answers["internal-feeds.test"] = ["10.0.0.5"];
    process.env.PIPELINE_FEED_LOOPBACK_ALLOW = `127.0.0.1:${port}`;
    executor = await startPipelineExecutor();
  });

  afterAll(async () => {
    await executor?.stop({ timeoutMs: 5_000 });
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    delete process.env.PIPELINE_FEED_LOOPBACK_ALLOW;
  });

  it("fails the run with a clear refusal and changes nothing", async () => {
    const { onboardDealer, requestRun } = await import("@/lib/orchestrator");
    const { runId: first, dealerId } = await onboardDealer(db(), {
      name: "Redirecting Dealer",
      slug: "redirecting-dealer",
      plan: "PRO",
      feed: { kind: "url", url: `http://127.0.0.1:${port}/feed.csv` },
      format: "AUTO",
      pollIntervalMinutes: 5,
    });
    await waitFor(() => allRunsFinished(db()));
    expect((await db().sql.query(`SELECT status::text FROM "Run" WHERE id = $1`, [first]))[0]).toEqual({ status: "SUCCEEDED" });
    const listings = () => db().sql.query(`SELECT * FROM "DealerSku" WHERE "dealerId" = $1 ORDER BY id`, [dealerId]);
    const before = { listings: await listings(), hash: (await db().sql.query(`SELECT "lastFeedHash" FROM "Feed" WHERE "dealerId" = $1`, [dealerId]))[0] };
    expect(before.listings).toHaveLength(40);

    mode = "redirect";
    dnsTable.calls.length = 0;
    requests.length = 0;
    const { runId } = await requestRun(db(), { dealerId, trigger: "MANUAL", force: true });
    await waitFor(() => allRunsFinished(db()));

    const [run] = await db().sql.query<{ status: string; error: string }>(`SELECT status::text, error FROM "Run" WHERE id = $1`, [runId]);
    const refusal = `refused: internal-feeds.test resolves to 10.0.0.5, a private address (redirected from http://127.0.0.1:${port}/feed.csv)`;
    expect(run).toEqual({ status: "FAILED", error: refusal });
    expect(await db().sql.query(`SELECT asset::text, status::text, error FROM "AssetMaterialization" WHERE "runId" = $1`, [runId])).toEqual([
      { asset: "FEED_INGEST", status: "FAILED", error: refusal },
    ]);
    expect(await db().sql.query(`SELECT status::text, "lastError" FROM "Feed" WHERE "dealerId" = $1`, [dealerId])).toEqual([{ status: "FAILED", lastError: refusal }]);
    // Every attempt asked the fake DNS and stopped there; only the allow-listed local server was ever contacted.
    expect(dnsTable.calls.length).toBeGreaterThan(0);
    expect(new Set(dnsTable.calls)).toEqual(new Set(["internal-feeds.test"]));
    expect(requests.length).toBe(dnsTable.calls.length);
    expect(await listings()).toEqual(before.listings);
    expect((await db().sql.query(`SELECT "lastFeedHash" FROM "Feed" WHERE "dealerId" = $1`, [dealerId]))[0]).toEqual(before.hash);
  });
});
