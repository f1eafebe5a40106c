/** One HTTP GET to an already checked address: the connection goes to `target.pinned`, never to a new lookup. */
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { ACCEPT_ENCODING } from "./decode";
import { FeedFetchError, errorCode } from "./errors";
import type { FeedTarget } from "./target";

export const USER_AGENT = "DealerPipeline/1.0";

export interface ConnectInfo {
  hostname: string;
  address: string;
  port: number;
  url: string;
}

export interface RequestOptions {
  signal: AbortSignal;
  /** Extra trust roots for https (a private CA, tests). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Called just before a socket is opened; throwing stops the fetch before any traffic. */
  beforeConnect?: (info: ConnectInfo) => void;
  /** Extra request headers (the conditional GET's If-None-Match / If-Modified-Since). */
  headers?: Record<string, string>;
}

// The host we pass is an IP literal, so Node never looks it up; were it ever to, this refuses.
const noLookup: LookupFunction = (hostname, _options, callback) => {
  const err = Object.assign(new Error(`unexpected DNS lookup of ${hostname} after the address check`), {
    code: "EPINNED",
  });
  callback(err, "", 0);
};

export function requestPinned(target: FeedTarget, opts: RequestOptions): Promise<IncomingMessage> {
  const { url, hostname, port, pinned } = target;
  opts.beforeConnect?.({ hostname, address: pinned.address, port, url: url.href });
  const secure = url.protocol === "https:";
  const isLiteral = isIP(hostname) !== 0;

  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = (secure ? https : http).request({
      protocol: url.protocol,
      host: pinned.address,
      family: pinned.family,
      port,
      path: `${url.pathname}${url.search}`,
      method: "GET",
      // url.host keeps the name (and a non-default port) the server expects, not the pinned address.
      headers: { ...opts.headers, Host: url.host, "User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING, Accept: "*/*" },
      // SNI and certificate checks use the name; SNI must not carry an IP literal.
      ...(secure && !isLiteral ? { servername: hostname.replace(/\.$/, "") } : {}),
      ...(secure && opts.ca !== undefined ? { ca: opts.ca } : {}),
      lookup: noLookup,
      agent: false,
      signal: opts.signal,
    });
    req.once("response", resolve);
    req.once("error", (err) => {
      if (opts.signal.aborted) return reject(opts.signal.reason);
      const code = errorCode(err) ?? err.message;
      reject(
        new FeedFetchError(
          "NETWORK",
          `could not fetch ${url.href}: ${code} talking to ${hostname} (${pinned.address} port ${port})`,
          { cause: err },
        ),
      );
    });
    req.end();
  });
}
