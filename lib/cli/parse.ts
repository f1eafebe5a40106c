/**
 * `npm run --silent pipeline -- parse <file> [--format csv|json|xml]`
 * Prints one JSON object: { format, family, records: [...], quarantined: [{ row, reason }] }.
 * Records are streamed out as they are parsed, so a large feed does not have to fit in memory.
 */
import { createReadStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { openFeed } from "../feeds/parse";
import type { FeedFormat, FeedRecord } from "../feeds/types";
import { FeedUnreadableError } from "../feeds/types";

const FORMATS: readonly FeedFormat[] = ["csv", "json", "xml"];
const USAGE = "usage: npm run pipeline -- parse <file> [--format csv|json|xml]\n";

/** The record as printed: exactly these fields, in this order. */
function recordJson(record: FeedRecord): string {
  const { sku, upc, title, price, inStock, brand, caliber, grainWeight, roundCount, bulletType, caseType, url, pricePerRound } =
    record;
  return JSON.stringify({ sku, upc, title, price, inStock, brand, caliber, grainWeight, roundCount, bulletType, caseType, url, pricePerRound });
}

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

export async function run(args: string[]): Promise<number> {
  let values: { format?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string" } } }));
  } catch (error) {
    process.stderr.write(`parse: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const format = values.format as FeedFormat | undefined;
  if (format !== undefined && !FORMATS.includes(format)) {
    process.stderr.write(`parse: unknown format "${format}" (csv, json or xml)\n`);
    return 2;
  }

  try {
    const feed = await openFeed(createReadStream(file), { format });
    const quarantined: Array<{ row: number; reason: string }> = [];
    let wroteRecord = false;
    await write(`{"format":${JSON.stringify(feed.format)},"family":${JSON.stringify(feed.family)},"records":[`);
    for await (const event of feed.events) {
      if (event.kind === "quarantine") {
        quarantined.push({ row: event.row, reason: event.reason });
        continue;
      }
      await write(`${wroteRecord ? "," : ""}\n${recordJson(event.record)}`);
      wroteRecord = true;
    }
    await write(`\n],"quarantined":${JSON.stringify(quarantined)}}\n`);
    return 0;
  } catch (error) {
    const reason =
      error instanceof FeedUnreadableError
        ? `feed unreadable: ${error.message}`
        : (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such file"
          : (error as Error).message;
    process.stderr.write(`parse: ${file}: ${reason}\n`);
    return 1;
  }
}
