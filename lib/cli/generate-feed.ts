/**
 * `npm run pipeline -- generate-feed --skus N --format csv|json|xml [--family ammoseek|gunengine|generic]
 *    [--seed S] [--mutate <previous-file> --change-rate 0.01 [--vanish-rate R] [--new-rate R]] [--out FILE]`
 * Writes a realistic dealer feed to stdout (or FILE); progress and summary go to stderr.
 */
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { generateListings, mutateListings, renderFeedChunks, type FeedChange } from "../feeds/generate";
import { parseFeed } from "../feeds/parse";
import type { FeedFamily, FeedFormat, FeedRecord } from "../feeds/types";

const FORMATS: readonly FeedFormat[] = ["csv", "json", "xml"];
const FAMILIES: readonly FeedFamily[] = ["ammoseek", "gunengine", "generic"];
const USAGE =
  "usage: npm run pipeline -- generate-feed --skus N --format csv|json|xml [--family ammoseek|gunengine|generic]\n" +
  "         [--seed S] [--mutate <previous-file> --change-rate 0.01 [--vanish-rate R] [--new-rate R]] [--out FILE]\n";

class UsageError extends Error {}

function rate(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--${name} must be a number from 0 to 1`);
  return value;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}`);
  return text as T;
}

function summarise(changes: readonly FeedChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${kind} ${count}`).join(", ") || "none";
}

export async function run(args: string[]): Promise<number> {
  const started = performance.now();
  try {
    const { values } = parseArgs({
      args,
      options: {
        skus: { type: "string" },
        format: { type: "string" },
        family: { type: "string" },
        seed: { type: "string" },
        mutate: { type: "string" },
        "change-rate": { type: "string" },
        "vanish-rate": { type: "string" },
        "new-rate": { type: "string" },
        out: { type: "string" },
      },
    });
    const seed = values.seed === undefined ? 1 : /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
    let format = oneOf("format", values.format, FORMATS);
    let family = oneOf("family", values.family, FAMILIES);

    let records: Iterable<FeedRecord>;
    let count: number;
    let note: string;
    if (values.mutate !== undefined) {
      const previous = await parseFeed(await readFile(values.mutate));
      format ??= previous.format;
      family ??= previous.family;
      const next = mutateListings(previous.records, {
        seed,
        changeRate: rate("change-rate", values["change-rate"], 0.01),
        vanishRate: rate("vanish-rate", values["vanish-rate"], 0),
        newRate: rate("new-rate", values["new-rate"], 0),
      });
      records = next.records;
      count = next.records.length;
      note = `from ${previous.records.length} listings of ${values.mutate}; changes: ${summarise(next.changes)}`;
    } else {
      const skus = Number(values.skus);
      if (values.skus === undefined || !Number.isInteger(skus) || skus < 0) throw new UsageError("--skus must be a whole number");
      if (format === undefined) throw new UsageError("--format is required");
      records = generateListings(skus, seed);
      count = skus;
      note = "fresh feed";
    }
    family ??= "ammoseek";
    if (format === undefined) throw new UsageError("--format is required");

    let bytes = 0;
    const chunks = (function* () {
      for (const chunk of renderFeedChunks(records, format, family)) {
        bytes += Buffer.byteLength(chunk);
        yield chunk;
      }
    })();
    const destination = values.out === undefined ? process.stdout : createWriteStream(values.out);
    await pipeline(Readable.from(chunks), destination, { end: values.out !== undefined });

    const ms = Math.round(performance.now() - started);
    process.stderr.write(
      `generate-feed: ${count} listings, ${format}/${family}, seed ${seed}, ${(bytes / 1e6).toFixed(2)} MB ` +
        `to ${values.out ?? "stdout"} in ${ms} ms (${note})\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`generate-feed: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`generate-feed: ${(error as Error).message}\n`);
    return 1;
  }
}
