/**
 * `npx tsx bench/explain.ts [--skus 5000] [--others 4] [--min-ms 20]`: EXPLAIN (ANALYZE, BUFFERS) of every
 * statement the pipeline issues for one dealer's first run and a 1%-changed re-poll, on a fresh PGlite
 * database with other dealers in the market; plans of statements slower than --min-ms go to stdout.
 * Each statement is explained inside a transaction (or savepoint) that is rolled back, then run for real.
 * --analyze runs ANALYZE after seeding (PGlite never gathers statistics by itself): plans with statistics.
 * A profiling aid for the stage owners; not part of `npm run bench`.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { openDb, type SqlClient, type SqlParam } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import { defaultOtherDealers, seedOtherDealers } from "./support/dealers";
import { buildTemplate } from "./support/database";
import { startFeedServer } from "./support/feed-server";
import { runPipelineDirect } from "./support/run-direct";

const { values } = parseArgs({
  options: { skus: { type: "string" }, others: { type: "string" }, "min-ms": { type: "string" }, analyze: { type: "boolean" } },
});
const skus = Number(values.skus ?? 5_000);
const minMs = Number(values["min-ms"] ?? 20);
let label = "";

const ROLLBACK = new Error("rollback");
const PLANNABLE = /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i;

function explaining(client: SqlClient, root: SqlClient | null): SqlClient {
  const explain = async (text: string, params: readonly SqlParam[]) => {
    const query = `EXPLAIN (ANALYZE, BUFFERS) ${text}`;
    let plan: Array<Record<string, string>> = [];
    if (root) {
      await root
        .transaction(async (tx) => {
          plan = await tx.query(query, params);
          throw ROLLBACK;
        })
        .catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        });
    } else {
      await client.exec("SAVEPOINT bench_explain");
      try {
        plan = await client.query(query, params);
      } finally {
        await client.exec("ROLLBACK TO SAVEPOINT bench_explain");
      }
    }
    const lines = plan.map((row) => Object.values(row)[0]!);
    const total = Number(/Execution Time: ([\d.]+) ms/.exec(lines.join("\n"))?.[1] ?? 0);
    if (total >= minMs) {
      process.stdout.write(`\n===== ${label}: ${total.toFixed(0)} ms =====\n${text.replace(/\s+/g, " ").slice(0, 400)}\n${lines.join("\n")}\n`);
    }
  };
  const self: SqlClient = {
    async query(text, params = []) {
      if (PLANNABLE.test(text)) await explain(text, params);
      return client.query(text, params);
    },
    exec: (script) => client.exec(script),
    copyFrom: (source) => client.copyFrom(source),
    transaction: (fn) => client.transaction((tx) => fn(explaining(tx, null))),
  };
  return self;
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-explain-"));
const dataDir = path.join(dir, "db");
await buildTemplate(dataDir);
const db = await openDb({ kind: "pglite", dataDir });
const feeds = await startFeedServer();
try {
  await seedOtherDealers(db, defaultOtherDealers(3_000, Number(values.others ?? 4)));
  if (values.analyze) await db.sql.exec("ANALYZE");
  const v1 = generateFeed({ skus, format: "csv", family: "ammoseek", seed: "target" });
  const v2 = generateFeed({ format: "csv", family: "ammoseek", seed: "target-v2", mutateFrom: v1.records, changeRate: 0.01 });
  feeds.set("target", "csv", v1.text);
  const dealer = await findOrCreateDealer(db.sql, { slug: "target", plan: "PRO" });
  const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { url: feeds.url("target") }, format: "csv" });
  const plain = db.sql;
  db.sql = explaining(plain, plain);
  const input = { dealerId: dealer.id, feedId: feed.id, plan: "PRO" as const, loopbackAllowList: [feeds.origin] };
  label = `${skus} first`;
  const first = await runPipelineDirect(db, { ...input, trigger: "ONBOARDING", firstRun: true });
  process.stderr.write(`first run (with EXPLAIN ANALYZE doubling the work): ${JSON.stringify(first.stages)}\n`);
  feeds.set("target", "csv", v2.text);
  label = `${skus} 1% changed`;
  const changed = await runPipelineDirect(db, { ...input, trigger: "SCHEDULE", firstRun: false });
  process.stderr.write(`changed run: ${JSON.stringify(changed.stages)}\n`);
  db.sql = plain;
} finally {
  await feeds.close();
  await db.close();
  await fs.rm(dir, { recursive: true, force: true });
}
