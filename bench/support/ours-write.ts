/**
 * The ingest's own write path, through its step functions, for a feed already stored as an upload: the parse
 * step's writes (stageRecords minus the parse time it reports itself: reading the stored hashes, the COPY in one
 * chunk after the parse, and
 * for a feed up to 16 MB the write itself), the plan, the write batches (none up to 16 MB), finalize.
 * Fetching (reading the upload) and parsing are left out, as the naive path starts from parsed records too.
 */
import type { Db } from "@/lib/db";
import { createRuns } from "@/lib/orchestrator/runs";
import { fetchAndHash, finalizeIngest, planIngest, stageRecords, storeUpload, writeBatch } from "@/lib/pipeline/ingest";

export interface OursWriteResult {
  copyMs: number;
  planMs: number;
  writeMs: number;
  finalizeMs: number;
  totalMs: number;
  parseMs: number;
  created: number;
  changed: number;
  unchanged: number;
}

export async function oursWrite(db: Db, dealer: { dealerId: string; feedId: string; fileName: string }, text: string): Promise<OursWriteResult> {
  await storeUpload(db.sql, { feedId: dealer.feedId, fileName: dealer.fileName, content: Buffer.from(text, "utf8") });
  const [runId] = await createRuns(db.sql, [{ dealerId: dealer.dealerId, feedId: dealer.feedId, trigger: "CLI", plan: "NONE", priority: 0 }]);
  const run = { runId: runId! };
  const fetched = await fetchAndHash(db, { runId: run.runId, feedId: dealer.feedId });
  if (fetched.skipped) throw new Error("ours write: the feed was unchanged");

  const t0 = performance.now();
  // One chunk: the COPY runs after the parse, not beside it, so that it is timed on its own like the naive path
  // and the floor (the pipeline COPYs chunks while the diff worker parses the next: less wall time, slower COPYs).
  const staged = await stageRecords(db, run, { copyRows: Number.MAX_SAFE_INTEGER });
  const t1 = performance.now();
  const plan = await planIngest(db, run);
  const t2 = performance.now();
  for (let batch = 0; batch < plan.batches; batch++) await writeBatch(db, { ...run, batch });
  const t3 = performance.now();
  await finalizeIngest(db, run);
  const t4 = performance.now();
  const copyMs = t1 - t0 - staged.parseMs;
  return {
    copyMs,
    planMs: t2 - t1,
    writeMs: t3 - t2,
    finalizeMs: t4 - t3,
    totalMs: copyMs + (t4 - t1),
    parseMs: staged.parseMs,
    created: plan.created,
    changed: plan.changed,
    unchanged: plan.unchanged,
  };
}
