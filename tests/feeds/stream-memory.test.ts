/**
 * Feeds far larger than memory should be, parsed as streams: the feed is generated on the fly
 * (no 100 MB fixture), and the heap must stay small while every row comes out as a record.
 * The 100 MB case costs ~20 s of CPU; its timeout leaves room for a machine shared with other suites.
 */
import { describe, expect, it } from "vitest";
import { generateListings, renderFeedChunks } from "../../lib/feeds/generate";
import { openFeed } from "../../lib/feeds/parse";
import type { FeedFamily, FeedFormat } from "../../lib/feeds/types";

const MB = 1024 * 1024;

interface Produced {
  bytes: number;
  rows: number;
}

/**
 * A feed of at least `targetBytes`: a header, then the rows of a 5,000-listing generated feed over
 * and over (rendering is not what is under test), then the footer.
 */
function hugeFeed(format: FeedFormat, family: FeedFamily, targetBytes: number, produced: Produced): AsyncGenerator<Uint8Array> {
  const chunks = [...renderFeedChunks(generateListings(5000, 77), format, family)];
  const header = chunks[0] ?? "";
  const footer = format === "csv" ? "" : (chunks[chunks.length - 1] ?? "");
  const body = chunks.slice(1, format === "csv" ? undefined : -1).join("");
  // JSON items need a comma between repetitions of the body.
  const separator = format === "json" ? ",\n" : "";
  const encoder = new TextEncoder();
  const bodyBytes = encoder.encode(body);
  const bodySeparated = encoder.encode(separator + body);
  return (async function* () {
    yield encoder.encode(header);
    produced.bytes += header.length;
    let first = true;
    while (produced.bytes < targetBytes) {
      const block = first ? bodyBytes : bodySeparated;
      first = false;
      // Hand it over in 64 KB pieces, as a socket or file stream would.
      for (let offset = 0; offset < block.length; offset += 64 * 1024) yield block.subarray(offset, offset + 64 * 1024);
      produced.bytes += block.length;
      produced.rows += 5000;
    }
    yield encoder.encode(footer);
  })();
}

async function parseHuge(format: FeedFormat, family: FeedFamily, targetBytes: number) {
  const produced: Produced = { bytes: 0, rows: 0 };
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let records = 0;
  let quarantined = 0;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const feed = await openFeed(hugeFeed(format, family, targetBytes, produced));
  for await (const event of feed.events) {
    if (event.kind === "record") records += 1;
    else quarantined += 1;
    if ((records & 8191) === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const growthMb = (peak - baseline) / MB;
  console.info(
    `${format}: ${(produced.bytes / MB).toFixed(0)} MB, ${records} records in ${seconds.toFixed(1)} s ` +
      `(${cpuSeconds.toFixed(1)} s CPU), ` +
      `peak heap growth ${growthMb.toFixed(0)} MB`,
  );
  return { produced, records, quarantined, growthMb, format: feed.format, family: feed.family };
}

describe("streaming large feeds", () => {
  it("parses a 100 MB CSV feed as a stream with bounded memory", { timeout: 180_000 }, async () => {
    const result = await parseHuge("csv", "ammoseek", 100 * MB);
    expect(result.produced.bytes).toBeGreaterThanOrEqual(100 * MB);
    expect([result.format, result.family]).toEqual(["csv", "ammoseek"]);
    expect(result.quarantined).toBe(0);
    expect(result.records).toBe(result.produced.rows);
    expect(result.growthMb).toBeLessThan(150);
  });

  it.each([
    ["json", "gunengine"],
    ["xml", "generic"],
  ] as const)("parses a 10 MB %s feed as a stream with bounded memory", { timeout: 90_000 }, async (format, family) => {
    const result = await parseHuge(format, family, 10 * MB);
    expect(result.produced.bytes).toBeGreaterThanOrEqual(10 * MB);
    expect([result.format, result.family]).toEqual([format, family]);
    expect(result.quarantined).toBe(0);
    expect(result.records).toBe(result.produced.rows);
    expect(result.growthMb).toBeLessThan(100);
  });
});
