/**
 * The diff worker thread gives exactly what the inline parse gives: the same chunks of staged rows, the
 * same counts, quarantine, duplicates and vanished identities; an unreadable feed fails the same way.
 */
import { expect, test, vi } from "vitest";
import { generateFeed } from "@/lib/feeds/generate";
import { identityKey, contentHash } from "@/lib/feeds/identity";
import { FeedUnreadableError } from "@/lib/feeds/types";
import { diffFeedOffThread, diffWorkerState } from "@/lib/pipeline/ingest/diff-worker";
import { diffFeed, type FeedDiffInput } from "@/lib/pipeline/ingest/feed-diff";

vi.setConfig({ testTimeout: 60_000 });

const v1 = generateFeed({ format: "csv", family: "ammoseek", skus: 600, seed: "diff-worker" });
// The stored catalogue: v1's listings, a tenth with other content, plus two the feed no longer has.
const stored = v1.records.map((r, i) => [identityKey(r), i % 10 === 0 ? "0".repeat(32) : contentHash(r), true] as const);
const storedJson = JSON.stringify([...stored, ["sku:GONE-1", "1".repeat(32), true], ["sku:OTHER-FEED", "2".repeat(32), false]]);
// At the end: a duplicate of row 2 (unchanged), a row without a title and one without a price.
const lines = v1.text.trimEnd().split("\n");
const text = [...lines, lines[2]!, "036000291452,,$9.99,,yes,,,,,,,NO-TITLE", "036000291452,Some 9mm,not a price,,yes,,,,,,,NO-PRICE"].join("\n") + "\n";
const input: FeedDiffInput = { runId: "00000000-0000-4000-8000-000000000001", format: null, stored: storedJson, copyRows: 100 };

async function collect(run: typeof diffFeed, bytes: Uint8Array) {
  const chunks: string[] = [];
  const diff = await run(bytes, input, async (csv) => {
    chunks.push(csv);
  });
  return { diff, chunks };
}

test("worker and inline agree on every chunk and every count", async () => {
  const bytes = new TextEncoder().encode(text);
  const inline = await collect(diffFeed, bytes);
  const worker = await collect(diffFeedOffThread, bytes);
  expect(worker).toEqual(inline);
  expect(inline.diff.records).toBe(600);
  expect(inline.diff.staged).toBe(60);
  expect(inline.diff.duplicates).toBe(1);
  expect(inline.diff.vanished).toEqual(["sku:GONE-1"]);
  expect(inline.chunks.join("").trimEnd().split("\n")).toHaveLength(60);
  expect(inline.diff.quarantined.map((q) => q.row)).toEqual([602, 603]);
  expect(inline.diff.supersededUnchanged.map((s) => s.row)).toEqual([2]);
});

test("an unreadable feed fails with FeedUnreadableError from the worker too", async () => {
  const empty = new Uint8Array(0);
  await expect(diffFeedOffThread(empty, input, () => {})).rejects.toBeInstanceOf(FeedUnreadableError);
  await expect(diffFeedOffThread(new TextEncoder().encode("sku,title,price\n"), input, () => {})).rejects.toThrow(/no listings/);
});

test("the parse does run on the worker thread, not inline", async () => {
  await diffFeedOffThread(new TextEncoder().encode(text), input, () => {});
  expect(diffWorkerState()).toBe("running");
});
