/**
 * Which IP addresses a feed fetch may connect to. Pure: no DNS, no sockets.
 *
 * Everything is decided on the address that will actually be connected to, so a DNS name, an odd IPv4
 * spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`) or an IPv4 address wrapped in IPv6 gets no further than
 * the plain address would.
 */
import { BlockList, isIP } from "node:net";

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "reserved";

export interface AddressPolicy {
  /**
   * `host:port` origins on loopback that may be fetched: the embedded demo serves its own feeds from the app
   * on 127.0.0.1. Hosts are IP literals (`127.0.0.1:3000`, `[::1]:3000`) or `localhost` (any loopback
   * address). Only lifts the loopback refusal; no entry can allow a private or metadata address. Empty by
   * default.
   */
  loopbackAllowList?: readonly string[];
}

type Rule = readonly [list: BlockList, kind: AddressKind];

function rules(family: "ipv4" | "ipv6", table: ReadonlyArray<readonly [string, AddressKind]>): Rule[] {
  return table.map(([cidr, kind]) => {
    const [net = "", bits = ""] = cidr.split("/");
    const list = new BlockList();
    list.addSubnet(net, Number(bits), family);
    return [list, kind] as const;
  });
}

// First match wins, so the single metadata addresses come before the ranges holding them.
const V4_RULES = rules("ipv4", [
  ["169.254.169.254/32", "metadata"], // AWS, GCP, Azure, OpenStack…
  ["169.254.170.2/32", "metadata"], // AWS ECS task metadata
  ["100.100.100.200/32", "metadata"], // Alibaba Cloud
  ["192.0.0.192/32", "metadata"], // Oracle Cloud
  ["0.0.0.0/8", "unspecified"],
  ["127.0.0.0/8", "loopback"],
  ["10.0.0.0/8", "private"],
  ["172.16.0.0/12", "private"],
  ["192.168.0.0/16", "private"],
  ["100.64.0.0/10", "private"], // carrier-grade NAT
  ["169.254.0.0/16", "link-local"],
  ["192.0.0.0/24", "reserved"], // IETF protocol assignments
  ["192.0.2.0/24", "reserved"], // TEST-NET-1
  ["198.51.100.0/24", "reserved"], // TEST-NET-2
  ["203.0.113.0/24", "reserved"], // TEST-NET-3
  ["198.18.0.0/15", "reserved"], // benchmarking
  ["192.88.99.0/24", "reserved"], // retired 6to4 relay anycast
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"], // includes the 255.255.255.255 broadcast
]);

const V6_RULES = rules("ipv6", [
  ["fd00:ec2::254/128", "metadata"], // AWS IMDS over IPv6
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "private"], // local-use NAT64
  ["::/8", "reserved"], // IPv4-compatible, IPv4-translated and other leftovers
  ["100::/64", "reserved"], // discard-only
  ["2001:db8::/32", "reserved"], // documentation
  ["2001::/23", "reserved"], // IETF protocol assignments, Teredo, benchmarking
  ["3fff::/20", "reserved"], // documentation
  ["5f00::/16", "reserved"], // SRv6 SIDs
  ["fc00::/7", "private"], // unique local
  ["fe80::/10", "link-local"],
  ["fec0::/10", "private"], // deprecated site-local
  ["ff00::/8", "multicast"],
]);

const GLOBAL_UNICAST_V6 = rules("ipv6", [["2000::/3", "public"]])[0]![0];

/** Prefixes whose last (or, for 6to4, inner) 32 bits are an IPv4 address that the packet really goes to. */
const EMBEDS_V4: ReadonlyArray<readonly [BlockList, (h: readonly number[]) => readonly [number, number]]> = [
  [rules("ipv6", [["::ffff:0:0/96", "public"]])[0]![0], (h) => [h[6]!, h[7]!]], // IPv4-mapped
  [rules("ipv6", [["64:ff9b::/96", "public"]])[0]![0], (h) => [h[6]!, h[7]!]], // NAT64 well-known prefix
  [rules("ipv6", [["2002::/16", "public"]])[0]![0], (h) => [h[1]!, h[2]!]], // 6to4
];

export interface ParsedIp {
  family: 4 | 6;
  /** Canonical text: dotted quad, or compressed lowercase IPv6 without brackets or zone. */
  address: string;
}

/**
 * Parses an IP address as it may appear in a URL or come back from DNS: dotted quad, the numeric IPv4 forms
 * that URL parsers and inet_aton accept (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`), IPv6 with or
 * without brackets or a zone id. Returns null for anything else (a host name, garbage).
 */
export function parseIp(input: string): ParsedIp | null {
  let text = input.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone !== -1 && text.includes(":")) text = text.slice(0, zone);

  if (isIP(text) === 6) {
    // The WHATWG URL parser canonicalises IPv6 (compression, case, dotted tails) for us.
    return { family: 6, address: new URL(`http://[${text}]/`).hostname.slice(1, -1) };
  }
  if (!/^[0-9a-fA-FxX.]+$/.test(text)) return null;
  let host: string;
  try {
    host = new URL(`http://${text}/`).hostname;
  } catch {
    return null;
  }
  return isIP(host) === 4 ? { family: 4, address: host } : null;
}

function hextets(canonicalV6: string): number[] {
  const [head = "", tail] = canonicalV6.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((h) => parseInt(h, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

function embeddedV4(canonicalV6: string): string | null {
  for (const [prefix, pick] of EMBEDS_V4) {
    if (!prefix.check(canonicalV6, "ipv6")) continue;
    const [hi, lo] = pick(hextets(canonicalV6));
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join(".");
  }
  return null;
}

function firstMatch(table: readonly Rule[], address: string, family: "ipv4" | "ipv6"): AddressKind | null {
  for (const [list, kind] of table) if (list.check(address, family)) return kind;
  return null;
}

/** The kind of an IP address. Throws a TypeError for a string that is not an IP address. */
export function classifyAddress(ip: string): AddressKind {
  const parsed = parseIp(ip);
  if (!parsed) throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
  if (parsed.family === 4) return firstMatch(V4_RULES, parsed.address, "ipv4") ?? "public";

  const inner = embeddedV4(parsed.address);
  if (inner) return classifyAddress(inner);
  const kind = firstMatch(V6_RULES, parsed.address, "ipv6");
  if (kind) return kind;
  return GLOBAL_UNICAST_V6.check(parsed.address, "ipv6") ? "public" : "reserved";
}

/** The address a connection really reaches: an IPv4-mapped IPv6 address counts as its IPv4 address. */
function effectiveAddress(parsed: ParsedIp): string {
  if (parsed.family === 4) return parsed.address;
  return parsed.address.startsWith("::ffff:") ? (embeddedV4(parsed.address) ?? parsed.address) : parsed.address;
}

interface Origin {
  host: string | "localhost";
  port: number;
}

function parseOrigin(entry: string): Origin | null {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(entry.trim());
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  const host = m[1]!.toLowerCase();
  if (host === "localhost") return { host, port };
  const ip = parseIp(host);
  return ip ? { host: effectiveAddress(ip), port } : null;
}

/** Whether `ip:port` is on the policy's loopback allow-list. */
export function isAllowListedLoopback(ip: string, port: number, policy: AddressPolicy = {}): boolean {
  const parsed = parseIp(ip);
  if (!parsed || classifyAddress(parsed.address) !== "loopback") return false;
  const address = effectiveAddress(parsed);
  return (policy.loopbackAllowList ?? []).some((entry) => {
    const origin = parseOrigin(entry);
    return origin !== null && origin.port === port && (origin.host === "localhost" || origin.host === address);
  });
}

/**
 * Whether a feed fetch may connect to `ip` (on `port`). Public addresses always may; loopback only when
 * `ip:port` is on the policy's allow-list; every other kind never. Anything that is not an IP is refused.
 */
export function isAllowedAddress(ip: string, policy: AddressPolicy = {}, port?: number): boolean {
  if (!parseIp(ip)) return false;
  const kind = classifyAddress(ip);
  if (kind === "public") return true;
  return kind === "loopback" && port !== undefined && isAllowListedLoopback(ip, port, policy);
}

const KIND_PHRASES: Record<AddressKind, string> = {
  public: "a public address",
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

/** "a private address", "a cloud metadata address"…: for messages an operator reads. */
export function describeKind(kind: AddressKind): string {
  return KIND_PHRASES[kind];
}
