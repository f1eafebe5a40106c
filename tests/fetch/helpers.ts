/** Local servers on 127.0.0.1 and fake DNS for the feed-fetch tests. Nothing here reaches past loopback. */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, expect } from "vitest";
import { FeedFetchError, type ConnectInfo, type FetchFeedOptions, type LookupAddress } from "@/lib/feeds/fetch";
import { classifyAddress } from "@/lib/feeds/address-guard";

export interface TestServer {
  port: number;
  origin: string;
  url: (path: string) => string;
  /** Requests seen, in order. */
  requests: http.IncomingMessage[];
  connections: number;
  close: () => Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startServer(handler: Handler, tls?: { key: string; cert: string }): Promise<TestServer> {
  const server = tls ? https.createServer(tls) : http.createServer();
  const state = { requests: [] as http.IncomingMessage[], connections: 0 };
  server.on(tls ? "secureConnection" : "connection", () => state.connections++);
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    state.requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: (path) => `${origin}${path}`,
    requests: state.requests,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface FakeLookup {
  (hostname: string): Promise<LookupAddress[]>;
  calls: string[];
}

/** DNS from a table; a name may map to several answers in turn (the last one repeats). Unknown → ENOTFOUND. */
export function fakeLookup(table: Record<string, string[] | string[][]>): FakeLookup {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  const fn = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const n = seen.get(hostname) ?? 0;
    seen.set(hostname, n + 1);
    const rounds = Array.isArray(entry[0]) ? (entry as string[][]) : [entry as string[]];
    const answers = rounds[Math.min(n, rounds.length - 1)] ?? [];
    return answers.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(fn, { calls });
}

export interface ConnectGuard {
  beforeConnect: (info: ConnectInfo) => void;
  connects: ConnectInfo[];
}

/**
 * Records every connection fetchFeed is about to open, and throws (so no socket is opened) for anything but
 * loopback: a safety net that keeps a guard bug from ever sending traffic off this machine.
 */
export function connectGuard(): ConnectGuard {
  const connects: ConnectInfo[] = [];
  return {
    connects,
    beforeConnect(info) {
      connects.push(info);
      if (classifyAddress(info.address) !== "loopback") {
        throw new Error(`test safety net: refusing to connect to ${info.address}`);
      }
    },
  };
}

/** Options allowing only the given local servers, with a fake lookup and the connect guard. */
export function localOptions(
  servers: Array<Pick<TestServer, "port">>,
  lookup: FakeLookup = fakeLookup({}),
  guard: ConnectGuard = connectGuard(),
): FetchFeedOptions & { lookup: FakeLookup; guard: ConnectGuard } {
  return {
    loopbackAllowList: servers.map((s) => `127.0.0.1:${s.port}`),
    lookup,
    beforeConnect: guard.beforeConnect,
    guard,
    timeoutMs: 10_000,
  };
}

/** Lets in-flight socket events (a close after an abort) land before asserting on server state. */
export function settle(ms = 50): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `serve(handler)` starts a local server that is closed after each test of the calling file. */
export function useServers(): (handler: Handler) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

/** The FeedFetchError `work` rejects with (failing the test if it resolves or rejects with anything else). */
export async function feedError(work: Promise<unknown>): Promise<FeedFetchError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FeedFetchError);
  return err as FeedFetchError;
}
