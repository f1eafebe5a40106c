/**
 * Safe fetching of dealer feed URLs (the SSRF guard): http(s) only, every hop's host resolved once and
 * checked against the address policy, the connection pinned to the checked address, total time and
 * decompressed size capped.
 */
import type { IncomingMessage } from "node:http";
import type { AddressPolicy } from "../address-guard";
import { checkDeclaredSize, parseContentLength, readBody } from "./body";
import { Deadline } from "./deadline";
import { FeedFetchError } from "./errors";
import { requestPinned, type ConnectInfo } from "./request";
import { parseFeedUrl, resolveFeedTarget, type LookupFn, type ResolvedAddress } from "./target";

export { FeedFetchError, isFeedFetchError, type FeedFetchErrorCode } from "./errors";
export { USER_AGENT, type ConnectInfo } from "./request";
export { ACCEPT_ENCODING } from "./decode";
export { defaultLookup, type LookupAddress, type LookupFn, type ResolvedAddress } from "./target";
export type { AddressKind, AddressPolicy } from "../address-guard";

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface FetchFeedOptions extends AddressPolicy {
  /** Resolves host names; default `dns.promises.lookup(host, { all: true })`. */
  lookup?: LookupFn;
  /** For the whole fetch: DNS, every redirect hop, and reading the body to its end. Default 30 s. */
  timeoutMs?: number;
  /** Cap on the decompressed body. Default 100 MiB. */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /** The caller's cancellation; its reason is what the fetch then rejects with. */
  signal?: AbortSignal;
  /** Extra trust roots for https (a private CA, tests). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Called just before each socket is opened, with the checked address; throwing stops the fetch. */
  beforeConnect?: (info: ConnectInfo) => void;
  /**
   * The validators of the copy the caller already has: the request is conditional (If-None-Match,
   * If-Modified-Since), and a 304 answer is a result with `notModified` and no body.
   */
  validators?: HttpValidators;
}

/** What a feed's host said identifies the version it sent (its ETag and Last-Modified headers), if anything. */
export interface HttpValidators {
  etag?: string;
  lastModified?: string;
}

export interface FeedFetchResult {
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string | null;
  /** As the server declared it (before decompression), if it did. */
  contentLength: number | null;
  /** The address the body came from. */
  address: string;
  /** The host answered 304 Not Modified to a conditional request: the caller's copy is current, the body empty. */
  notModified: boolean;
  /** The response's validators (for the next request's `validators`); empty when it sent none. */
  validators: HttpValidators;
  /** The decompressed body; read it once. Errors while reading are FeedFetchErrors. */
  body: AsyncIterable<Uint8Array>;
  /** Stops reading and frees the connection (needed only when the body is not read to its end). */
  cancel: () => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function conditionalHeaders(v: HttpValidators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (v?.etag) headers["If-None-Match"] = v.etag;
  if (v?.lastModified) headers["If-Modified-Since"] = v.lastModified;
  return headers;
}

function validatorsOf(res: IncomingMessage): HttpValidators {
  const { etag, "last-modified": lastModified } = res.headers;
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

async function* noBody(): AsyncGenerator<Uint8Array> {}

function statusError(res: IncomingMessage, url: string): FeedFetchError {
  const status = res.statusCode ?? 0;
  const text = res.statusMessage ? ` ${res.statusMessage}` : "";
  return new FeedFetchError("HTTP_STATUS", `the feed server answered ${status}${text} for ${url}`, { status });
}

/** Fetches a feed URL under the address policy. Rejects with a FeedFetchError. */
export async function fetchFeed(input: string | URL, opts: FetchFeedOptions = {}): Promise<FeedFetchResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = new Deadline(timeoutMs, String(input), opts.signal);
  const race = <T>(work: Promise<T>) => deadline.race(work);
  const headers = conditionalHeaders(opts.validators);
  const conditional = Object.keys(headers).length > 0;

  try {
    let url = parseFeedUrl(input);
    let via: string | undefined;
    for (let redirects = 0; ; redirects++) {
      const target = await resolveFeedTarget(url, { ...opts, race, via });
      deadline.throwIfAborted();
      const res = await requestPinned(target, {
        signal: deadline.signal,
        ca: opts.ca,
        beforeConnect: opts.beforeConnect,
        headers,
      });
      const status = res.statusCode ?? 0;

      if (REDIRECTS.has(status)) {
        res.destroy();
        const location = res.headers.location;
        if (!location) throw statusError(res, url.href);
        if (redirects >= maxRedirects) {
          const last = `the last one, from ${url.href}, went to ${location}`;
          throw new FeedFetchError(
            "TOO_MANY_REDIRECTS",
            `gave up on ${String(input)} after ${maxRedirects} redirects (${last})`,
          );
        }
        via = url.href;
        url = parseFeedUrl(location, url, via);
        continue;
      }
      // Not Modified, asked for: the caller's copy is current. A 304 nobody asked for is refused below.
      if (status === 304 && conditional) {
        res.resume();
        deadline.clear();
        return {
          finalUrl: url.href,
          status,
          contentType: null,
          contentLength: null,
          address: target.pinned.address,
          notModified: true,
          validators: validatorsOf(res),
          body: noBody(),
          cancel: () => res.destroy(),
        };
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw statusError(res, url.href);
      }

      try {
        checkDeclaredSize(res, url.href, maxBytes);
        const { body, cancel } = readBody(res, {
          url: url.href,
          maxBytes,
          signal: deadline.signal,
          onSettled: () => deadline.clear(),
        });
        return {
          finalUrl: url.href,
          status,
          contentType: res.headers["content-type"] ?? null,
          contentLength: parseContentLength(res),
          address: target.pinned.address,
          notModified: false,
          validators: validatorsOf(res),
          body,
          cancel,
        };
      } catch (err) {
        res.destroy();
        throw err;
      }
    }
  } catch (err) {
    deadline.clear();
    throw err;
  }
}

/** Fetches a feed and collects its (decompressed) body. */
export async function fetchFeedBytes(url: string | URL, opts: FetchFeedOptions = {}): Promise<Buffer> {
  const { body } = await fetchFeed(url, opts);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export type FeedUrlCheck =
  | { ok: true; url: string; hostname: string; port: number; addresses: ResolvedAddress[] }
  | { ok: false; code: FeedFetchError["code"]; message: string };

export type CheckFeedUrlOptions = Pick<FetchFeedOptions, "lookup" | "timeoutMs" | "signal" | "loopbackAllowList">;

/**
 * Resolves and validates a feed URL without fetching it (the onboarding form): the refusal, if any, is in
 * the words fetchFeed would use. Rejects only on a caller's abort.
 */
export async function checkFeedUrl(url: string, opts: CheckFeedUrlOptions = {}): Promise<FeedUrlCheck> {
  const deadline = new Deadline(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, url, opts.signal);
  try {
    const target = await resolveFeedTarget(parseFeedUrl(url), { ...opts, race: (w) => deadline.race(w) });
    const { url: checked, hostname, port, addresses } = target;
    return { ok: true, url: checked.href, hostname, port, addresses };
  } catch (err) {
    if (err instanceof FeedFetchError) return { ok: false, code: err.code, message: err.message };
    throw err;
  } finally {
    deadline.clear();
  }
}
