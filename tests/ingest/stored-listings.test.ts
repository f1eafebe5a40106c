import { expect, test } from "vitest";
import { StoredListings } from "@/lib/pipeline/ingest/stored-listings";

const stored = new StoredListings(
  new Map([
    ["sku:A", { hash: "h-a", ofFeed: true }],
    ["sku:B", { hash: "h-b", ofFeed: true }],
    ["sku:C", { hash: "h-c", ofFeed: false }],
  ]),
);

test("a row is unchanged only when its identity is stored with the same content hash", () => {
  expect(stored.unchanged("sku:A", "h-a")).toBe(true);
  expect(stored.unchanged("sku:A", "h-a2")).toBe(false);
  expect(stored.unchanged("sku:Z", "h-a")).toBe(false);
  expect(stored.unchanged("sku:C", "h-c")).toBe(true);
});

test("vanished: the run's feed's listings the feed no longer has; another feed's never", () => {
  const seen = new Set(["sku:A"]);
  expect(stored.vanished((key) => seen.has(key))).toEqual(["sku:B"]);
  expect(stored.vanished(() => false)).toEqual(["sku:A", "sku:B"]);
  expect(new StoredListings(new Map()).vanished(() => false)).toEqual([]);
});
