/** Turns a feed URL into the checked address to connect to, or a refusal an operator can read. */
import { promises as dns } from "node:dns";
import {
  classifyAddress,
  describeKind,
  isAllowedAddress,
  parseIp,
  type AddressKind,
  type AddressPolicy,
} from "../address-guard";
import { FeedFetchError, errorCode } from "./errors";

export interface LookupAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (like `dns.promises.lookup(host, { all: true })`). */
export type LookupFn = (hostname: string) => Promise<readonly LookupAddress[]>;

export const defaultLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true });

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
  kind: AddressKind;
  allowed: boolean;
}

export interface FeedTarget {
  url: URL;
  /** The host as written in the URL, without IPv6 brackets. */
  hostname: string;
  port: number;
  /** Every address the host resolved to; all of them passed the policy. */
  addresses: ResolvedAddress[];
  /** The address to connect to: no later lookup may change it. */
  pinned: ResolvedAddress;
}

const SCHEMES = new Set(["http:", "https:"]);

/** Parses and checks the parts of a URL that need no DNS. `via` names the redirect that led here. */
export function parseFeedUrl(input: string | URL, base?: URL, via?: string): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new FeedFetchError("BAD_URL", `refused: ${JSON.stringify(String(input))} is not a valid URL${suffix(via)}`);
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new FeedFetchError(
      "BAD_SCHEME",
      `refused: ${url.protocol} URLs are not fetched, a feed URL must be http or https${suffix(via)}`,
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new FeedFetchError(
      "BAD_URL",
      `refused: feed URLs must not carry credentials (user:password@${url.host})${suffix(via)}`,
    );
  }
  if (url.hostname === "") throw new FeedFetchError("BAD_URL", `refused: ${url.href} has no host${suffix(via)}`);
  return url;
}

function suffix(via: string | undefined): string {
  return via ? ` (redirected from ${via})` : "";
}

function defaultPort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

export interface ResolveOptions extends AddressPolicy {
  lookup?: LookupFn;
  /** The URL whose redirect led here, for messages. */
  via?: string;
  /** Wraps the DNS lookup (the fetch's deadline). */
  race?: <T>(work: Promise<T>) => Promise<T>;
}

async function lookupAll(hostname: string, opts: ResolveOptions): Promise<LookupAddress[]> {
  const literal = parseIp(hostname);
  if (literal) return [{ address: literal.address, family: literal.family }];
  const lookup = opts.lookup ?? defaultLookup;
  const race = opts.race ?? (<T>(work: Promise<T>) => work);
  let found: readonly LookupAddress[];
  try {
    found = await race(lookup(hostname));
  } catch (err) {
    if (err instanceof FeedFetchError) throw err;
    const code = errorCode(err) ?? (err instanceof Error ? err.message : String(err));
    throw new FeedFetchError("DNS", `could not resolve ${hostname} (${code})${suffix(opts.via)}`, { cause: err });
  }
  if (found.length === 0) throw new FeedFetchError("DNS", `${hostname} resolves to no address${suffix(opts.via)}`);
  return [...found];
}

/**
 * Resolves the URL's host once and checks every address it resolves to: one refused address refuses the
 * URL, since a later connection (or an attacker's DNS) could pick any of them.
 */
export async function resolveFeedTarget(url: URL, opts: ResolveOptions = {}): Promise<FeedTarget> {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = defaultPort(url);
  const addresses = (await lookupAll(hostname, opts)).map((found): ResolvedAddress => {
    const parsed = parseIp(found.address);
    if (!parsed) {
      return { address: found.address, family: found.family === 6 ? 6 : 4, kind: "reserved", allowed: false };
    }
    const allowed = isAllowedAddress(parsed.address, opts, port);
    return { address: parsed.address, family: parsed.family, kind: classifyAddress(parsed.address), allowed };
  });

  const refused = addresses.find((a) => !a.allowed);
  if (refused) {
    const isLiteral = parseIp(hostname) !== null;
    const what = isLiteral
      ? `${hostname} is ${describeKind(refused.kind)}`
      : `${hostname} resolves to ${refused.address}, ${describeKind(refused.kind)}`;
    const others = addresses.length > 1 ? ` (it resolves to ${addresses.map((a) => a.address).join(", ")})` : "";
    const hint = refused.kind === "loopback" ? ` not on the loopback allow-list for port ${port}` : "";
    throw new FeedFetchError("BLOCKED_ADDRESS", `refused: ${what}${hint}${others}${suffix(opts.via)}`);
  }
  return { url, hostname, port, addresses, pinned: addresses[0]! };
}
