/**
 * `npm run pipeline -- ingest --dealer <slug> [--plan PRO|FOUNDING|STANDARD|NONE] [--format csv|json|xml]
 *    [--force] [--json] [--batch-size N] [--allow-loopback host:port]... <file-or-url>`
 * Ingests one feed into the embedded database (PIPELINE_DATA_DIR, or DATABASE_URL), creating the dealer
 * and its feed when missing (a file is stored as the feed's newest upload). Progress goes to stderr; a
 * human summary, or with --json the materialisation record as one JSON object, to stdout. A feed up to 16 MB
 * is written by its parse step; --batch-size N stages it instead and writes it in batches of N.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { PlanName } from "@/inngest/events";
import { closeDb, getDb } from "@/lib/db";
import type { FeedFormat } from "@/lib/feeds/types";
import { findOrCreateDealer, findOrCreateFeed, type FeedLocation } from "@/lib/pipeline/dealers";
import { ingestFeed, IngestFailedError, storeUpload, type IngestProgress, type RecordedMaterialization } from "@/lib/pipeline/ingest";

const PLANS: readonly PlanName[] = ["FOUNDING", "PRO", "STANDARD", "NONE"];
const FORMATS: readonly FeedFormat[] = ["csv", "json", "xml"];
const USAGE =
  "usage: npm run pipeline -- ingest --dealer <slug> [--plan PRO|FOUNDING|STANDARD|NONE] [--format csv|json|xml]\n" +
  "         [--force] [--json] [--batch-size N] [--allow-loopback host:port]... <file-or-url>\n";

class UsageError extends Error {}

export interface IngestArgs {
  dealer: string;
  plan?: PlanName;
  format?: FeedFormat;
  force: boolean;
  json: boolean;
  batchSize?: number;
  loopbackAllowList: string[];
  target: string;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fold: (s: string) => string): T | undefined {
  if (text === undefined) return undefined;
  const value = fold(text) as T;
  if (!allowed.includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}`);
  return value;
}

export function parseIngestArgs(args: string[]): IngestArgs {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dealer: { type: "string" },
      plan: { type: "string" },
      format: { type: "string" },
      force: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "batch-size": { type: "string" },
      "allow-loopback": { type: "string", multiple: true },
    },
  });
  if (!values.dealer || !/^[a-z0-9][a-z0-9_-]*$/i.test(values.dealer)) throw new UsageError("--dealer <slug> is required (letters, digits, - and _)");
  if (positionals.length !== 1) throw new UsageError("give exactly one feed file or URL");
  const batchSize = values["batch-size"] === undefined ? undefined : Number(values["batch-size"]);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) throw new UsageError("--batch-size must be a positive whole number");
  return {
    dealer: values.dealer,
    plan: oneOf("plan", values.plan, PLANS, (s) => s.toUpperCase()),
    format: oneOf("format", values.format, FORMATS, (s) => s.toLowerCase()),
    force: values.force ?? false,
    json: values.json ?? false,
    batchSize,
    loopbackAllowList: values["allow-loopback"] ?? [],
    target: positionals[0]!,
  };
}

const isUrl = (target: string) => /^https?:\/\//i.test(target);
const count = (n: number) => n.toLocaleString("en-US");

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** One stderr line per stage (and per write batch). */
export function progressLine(event: IngestProgress): string {
  const label = event.stage.padEnd(8);
  const ms = `${count(event.ms)} ms`;
  switch (event.stage) {
    case "fetch": {
      const r = event.result;
      return `  ${label} ${formatBytes(r.byteSize)}, sha256 ${r.sha256.slice(0, 12)}${r.skipped ? " (unchanged)" : ""}  ${ms}`;
    }
    case "parse": {
      const r = event.result;
      const dupes = r.duplicates ? ` (${count(r.duplicates)} duplicates)` : "";
      const written = r.written ? `; ${count(r.written)} new listings written (the dealer's first)` : "";
      return `  ${label} ${count(r.records)} listings, ${count(r.quarantined)} quarantined${dupes}; ${r.format}, ${r.family}${written}  ${ms}`;
    }
    case "plan": {
      const r = event.result;
      return `  ${label} ${count(r.created)} new, ${count(r.changed)} changed, ${count(r.unchanged)} unchanged, ${count(r.vanished)} vanished → ${r.batches} write batch${r.batches === 1 ? "" : "es"}  ${ms}`;
    }
    case "write":
      return `  ${label} batch ${event.result.batch + 1}/${event.batches}: ${count(event.result.written)} rows  ${ms}`;
    case "finalize":
      return `  ${label} ${count(event.result.deactivated)} deactivated  ${ms}`;
  }
}

export function summaryLine(slug: string, m: RecordedMaterialization): string {
  const took = `${(m.durationMs / 1000).toFixed(2)} s`;
  if (m.status === "SKIPPED") return `${slug}: SKIPPED in ${took}: the feed is unchanged, ${count(m.unchanged)} listings confirmed`;
  if (m.status === "FAILED") return `${slug}: FAILED in ${took}: ${m.error ?? "unknown error"}`;
  const types = (m.metadata.changeTypes ?? {}) as Record<string, number>;
  const reactivated = Number(m.metadata.reactivated ?? 0);
  return (
    `${slug}: SUCCEEDED in ${took}: ${count(m.created)} created, ${count(m.updated)} updated ` +
    `(price ${count(types.PRICE_CHANGE ?? 0)}, stock ${count(types.STOCK_CHANGE ?? 0)}, attributes ${count(types.ATTRIBUTE_CHANGE ?? 0)}, ` +
    `reactivated ${count(reactivated)}), ${count(m.unchanged)} unchanged, ${count(m.quarantined)} quarantined, ${count(m.deactivated)} deactivated`
  );
}

async function ingest(a: IngestArgs): Promise<number> {
  const db = await getDb();
  const dealer = await findOrCreateDealer(db.sql, { slug: a.dealer, plan: a.plan });
  const location: FeedLocation = isUrl(a.target) ? { url: a.target } : { fileName: path.basename(a.target) };
  const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location, format: a.format });
  if (!isUrl(a.target)) {
    await storeUpload(db.sql, { feedId: feed.id, fileName: path.basename(a.target), content: await readFile(a.target) });
  }
  process.stderr.write(
    `ingest ${dealer.slug}${dealer.created ? " (new dealer)" : ""}, ${feed.created ? "new " : ""}${feed.source === "URL" ? "URL" : "upload"} feed: ${a.target}\n`,
  );

  let record: RecordedMaterialization;
  try {
    const result = await ingestFeed(db, {
      feedId: feed.id,
      trigger: "CLI",
      force: a.force,
      batchSize: a.batchSize,
      ...(a.batchSize === undefined ? {} : { oneStepMaxBytes: 0 }),
      fetch: { loopbackAllowList: a.loopbackAllowList },
      onProgress: (event) => process.stderr.write(`${progressLine(event)}\n`),
    });
    record = result.materialization;
  } catch (error) {
    if (!(error instanceof IngestFailedError)) throw error;
    process.stderr.write(`ingest: ${error.message}\n`);
    if (a.json && error.materialization) process.stdout.write(`${JSON.stringify(error.materialization)}\n`);
    else if (error.materialization) process.stdout.write(`${summaryLine(dealer.slug, error.materialization)}\n`);
    return 1;
  }
  process.stdout.write(a.json ? `${JSON.stringify(record)}\n` : `${summaryLine(dealer.slug, record)}\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  let parsed: IngestArgs;
  try {
    parsed = parseIngestArgs(args);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`ingest: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  try {
    return await ingest(parsed);
  } catch (error) {
    process.stderr.write(`ingest: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await closeDb();
  }
}
