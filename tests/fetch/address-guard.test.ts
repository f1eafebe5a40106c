import { describe, expect, it } from "vitest";
import {
  classifyAddress,
  describeKind,
  isAllowedAddress,
  parseIp,
  type AddressKind,
} from "@/lib/feeds/address-guard";

const TABLE: Array<[string, AddressKind]> = [
  // IPv4
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["93.184.215.14", "public"],
  ["172.15.255.255", "public"],
  ["172.32.0.1", "public"],
  ["100.63.255.255", "public"],
  ["100.128.0.0", "public"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["10.0.0.5", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "private"],
  ["100.127.255.254", "private"],
  ["169.254.0.1", "link-local"],
  ["169.254.169.254", "metadata"],
  ["169.254.170.2", "metadata"],
  ["100.100.100.200", "metadata"],
  ["192.0.0.192", "metadata"],
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["192.0.0.8", "reserved"],
  ["192.0.2.10", "reserved"],
  ["198.18.0.1", "reserved"],
  ["198.19.255.255", "reserved"],
  ["198.51.100.7", "reserved"],
  ["203.0.113.9", "reserved"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "reserved"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  // IPv4 spellings URL parsers and inet_aton accept
  ["2130706433", "loopback"],
  ["0x7f.1", "loopback"],
  ["0177.0.0.1", "loopback"],
  ["127.1", "loopback"],
  ["0x7f000001", "loopback"],
  ["0xA9.0xFE.0xA9.0xFE", "metadata"],
  ["167772165", "private"],
  ["012.0.0.5", "private"],
  ["3232235777", "private"],
  ["0", "unspecified"],
  // IPv6
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["[::1]", "loopback"],
  ["::", "unspecified"],
  ["2606:4700:4700::1111", "public"],
  ["2001:4860:4860::8888", "public"],
  ["fc00::1", "private"],
  ["fd12:3456:789a::1", "private"],
  ["fe80::1", "link-local"],
  ["fe80::1%eth0", "link-local"],
  ["febf::1", "link-local"],
  ["fec0::1", "private"],
  ["fd00:ec2::254", "metadata"],
  ["FD00:EC2:0:0:0:0:0:254", "metadata"],
  ["ff02::1", "multicast"],
  ["2001:db8::1", "reserved"],
  ["100::1", "reserved"],
  ["4000::1", "reserved"],
  ["::127.0.0.1", "reserved"],
  // IPv4 inside IPv6: judged by the IPv4 address the packet reaches
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["[::ffff:127.0.0.1]", "loopback"],
  ["::ffff:10.0.0.5", "private"],
  ["::ffff:169.254.169.254", "metadata"],
  ["::ffff:8.8.8.8", "public"],
  ["64:ff9b::a9fe:a9fe", "metadata"],
  ["64:ff9b::808:808", "public"],
  ["64:ff9b:1::1", "private"],
  ["2002:7f00:1::1", "loopback"],
  ["2002:c0a8:101::1", "private"],
];

describe("classifyAddress", () => {
  it("has a table of at least 40 addresses", () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)("%s is %s", (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each(["example.com", "", "1.2.3.4.5", "999.1.1.1", "::g", "127.0.0.1/8", "localhost"])(
    "rejects %j as not an IP address",
    (input) => {
      expect(() => classifyAddress(input)).toThrow(TypeError);
    },
  );
});

describe("parseIp", () => {
  it("canonicalises odd spellings to the address they reach", () => {
    expect(parseIp("0x7f.1")).toEqual({ family: 4, address: "127.0.0.1" });
    expect(parseIp("2130706433")).toEqual({ family: 4, address: "127.0.0.1" });
    expect(parseIp("[0:0:0:0:0:ffff:7f00:1]")).toEqual({ family: 6, address: "::ffff:7f00:1" });
    expect(parseIp("feeds.example")).toBeNull();
  });
});

describe("isAllowedAddress", () => {
  it("allows public addresses with no policy", () => {
    expect(isAllowedAddress("8.8.8.8")).toBe(true);
    expect(isAllowedAddress("2606:4700:4700::1111")).toBe(true);
  });

  it.each(["127.0.0.1", "::1", "10.0.0.5", "169.254.169.254", "fd00:ec2::254", "100.64.0.1", "0.0.0.0", "224.0.0.1"])(
    "refuses %s by default",
    (ip) => {
      expect(isAllowedAddress(ip, {}, 80)).toBe(false);
    },
  );

  it("allows loopback only on an allow-listed host:port", () => {
    const policy = { loopbackAllowList: ["127.0.0.1:3000"] };
    expect(isAllowedAddress("127.0.0.1", policy, 3000)).toBe(true);
    expect(isAllowedAddress("::ffff:127.0.0.1", policy, 3000)).toBe(true);
    expect(isAllowedAddress("127.0.0.1", policy, 3001)).toBe(false);
    expect(isAllowedAddress("127.0.0.2", policy, 3000)).toBe(false);
    expect(isAllowedAddress("::1", policy, 3000)).toBe(false);
    expect(isAllowedAddress("127.0.0.1", policy)).toBe(false);
  });

  it("reads [::1]:port and localhost:port entries", () => {
    expect(isAllowedAddress("::1", { loopbackAllowList: ["[::1]:3000"] }, 3000)).toBe(true);
    expect(isAllowedAddress("::1", { loopbackAllowList: ["localhost:3000"] }, 3000)).toBe(true);
    expect(isAllowedAddress("127.0.0.9", { loopbackAllowList: ["localhost:3000"] }, 3000)).toBe(true);
  });

  it("never lets the allow-list open a non-loopback address", () => {
    const policy = { loopbackAllowList: ["10.0.0.5:80", "169.254.169.254:80", "localhost:80"] };
    expect(isAllowedAddress("10.0.0.5", policy, 80)).toBe(false);
    expect(isAllowedAddress("169.254.169.254", policy, 80)).toBe(false);
  });

  it("ignores malformed allow-list entries and refuses non-IPs", () => {
    const malformed = { loopbackAllowList: ["127.0.0.1", "127.0.0.1:99999", "*:3000"] };
    expect(isAllowedAddress("127.0.0.1", malformed, 3000)).toBe(false);
    expect(isAllowedAddress("localhost", { loopbackAllowList: ["localhost:3000"] }, 3000)).toBe(false);
  });
});

describe("describeKind", () => {
  it("words each kind for an operator", () => {
    expect(describeKind("private")).toBe("a private address");
    expect(describeKind("metadata")).toBe("a cloud metadata address");
    expect(describeKind("unspecified")).toBe("an unspecified address");
  });
});
