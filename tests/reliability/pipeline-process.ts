/**
 * A pipeline process for the crash tests, run as its own OS process (it may be killed at any moment):
 * opens the embedded database at PIPELINE_DATA_DIR, runs the real stage functions on an executor over
 * DbStore, and reports on stdout, one line each: `STEP <function> <step>` when a step's result is saved,
 * `RUN <function> <status>` when a run changes status, `DONE` at the end.
 *
 *   start <dump.json> <slug> <skus>   onboards a dealer with a generated feed, then runs until every run is over
 *   resume <dump.json>                runs until every run is over (picking up what a killed process left)
 *
 * At the end it writes the product tables' canonical dump (canonical-dump.ts) to <dump.json>.
 * The embeddings queue is left out: it is a separate deferred chain with runs of its own, and the local
 * model would spend minutes on it; its request event simply finds no function.
 */
import fs from "node:fs/promises";
import { inngest } from "@/inngest/client";
import { DbStore } from "@/inngest/executor/db-store";
import { createExecutor } from "@/inngest/executor/executor";
import { benchmark } from "@/inngest/functions/benchmark";
import { feedIngest } from "@/inngest/functions/feed-ingest";
import { insight } from "@/inngest/functions/insight";
import { skuMatch } from "@/inngest/functions/sku-match";
import { closeDb, getDb } from "@/lib/db";
import { allRunsFinished, onboardTestDealer } from "../support/pipeline";
import { dumpProductTables } from "./canonical-dump";

const short = (functionId: string) => functionId.replace(/^dealer-pipeline-/, "");
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const [mode, dumpPath, slug, skus] = process.argv.slice(2);
  if ((mode !== "start" && mode !== "resume") || !dumpPath || (mode === "start" && (!slug || !skus))) {
    throw new Error("usage: pipeline-process.ts start <dump.json> <slug> <skus> | resume <dump.json>");
  }
  const db = await getDb();
  const executor = createExecutor({
    client: inngest,
    functions: [feedIngest, skuMatch, benchmark, insight],
    store: new DbStore(db.sql),
    crons: false,
    backoff: () => 25,
  });
  executor.on("step", (s) => say(`STEP ${short(s.functionId)} ${s.name}`));
  executor.on("run", (r) => say(`RUN ${short(r.functionId)} ${r.status}`));
  await executor.start();
  if (mode === "start") await onboardTestDealer(db, { slug: slug!, skus: Number(skus), plan: "PRO" });
  for (;;) {
    await executor.waitForIdle();
    if (await allRunsFinished(db)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await executor.stop();
  await fs.writeFile(dumpPath, JSON.stringify(await dumpProductTables(db)));
  await closeDb();
  say("DONE");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
