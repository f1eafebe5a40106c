/**
 * Parsing a feed on a second thread. In the embedded default one JavaScript thread runs PGlite, the
 * executor and the dashboard, so a parse there stalls every other dealer's SQL and every page; on the
 * diff worker it runs beside them, on the machine's other core. One worker, started on first use and
 * keeping the process alive only while it has jobs; jobs queue on it. If it cannot start (no tsx, sources not where
 * `process.cwd()` says) the parse runs inline; if it dies mid-job the job fails and the step retries.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { FeedUnreadableError } from "@/lib/feeds/types";
import { diffFeed, type FeedDiff, type FeedDiffInput } from "./feed-diff";

export type WorkerReply =
  | { id: number; type: "ready" }
  | { id: number; type: "chunk"; csv: string }
  | { id: number; type: "done"; diff: FeedDiff }
  | { id: number; type: "error"; name: string; message: string; stack: string };

type OnChunk = (csv: string) => void | Promise<void>;

interface Job {
  bytes: Uint8Array;
  input: FeedDiffInput;
  onChunk: OnChunk;
  /** COPYs of the chunks received so far, one after another. */
  copies: Promise<void>;
  failed: unknown;
  resolve: (diff: FeedDiff) => void;
  reject: (error: unknown) => void;
}

// Resolved at run time from the project root (the bundler must not follow it: the worker loads sources via tsx).
const ENTRY = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "pipeline", "ingest", "diff-worker-entry.mjs");

let worker: Worker | null = null;
let ready = false;
let unavailable = false;
let nextId = 1;
const jobs = new Map<number, Job>();

/** Whether parses go to the worker: PIPELINE_DIFF_WORKER=1/0, else only on the embedded database. */
export function diffWorkerWanted(dbKind: string): boolean {
  const flag = process.env.PIPELINE_DIFF_WORKER;
  if (flag === "0" || flag === "1") return flag === "1";
  return dbKind === "pglite";
}

/** "running": parses go to the worker thread; "unavailable": it could not start, parses run inline. */
export function diffWorkerState(): "idle" | "running" | "unavailable" {
  return unavailable ? "unavailable" : ready ? "running" : "idle";
}

function rebuildError(reply: Extract<WorkerReply, { type: "error" }>): Error {
  const error = reply.name === "FeedUnreadableError" ? new FeedUnreadableError(reply.message) : new Error(reply.message);
  error.stack = reply.stack || error.stack;
  return error;
}

function onReply(reply: WorkerReply): void {
  if (reply.type === "ready") {
    ready = true;
    // stderr: a CLI's stdout is its result.
    process.stderr.write("[ingest] diff worker thread started: feeds are parsed off the main thread\n");
    return;
  }
  const job = jobs.get(reply.id);
  if (!job) return;
  if (reply.type === "chunk") {
    job.copies = job.copies.then(async () => {
      if (job.failed === undefined) await job.onChunk(reply.csv);
    }).catch((error: unknown) => {
      job.failed ??= error;
    });
    return;
  }
  jobs.delete(reply.id);
  if (jobs.size === 0) worker?.unref();
  void job.copies.then(() => {
    if (job.failed !== undefined) job.reject(job.failed);
    else if (reply.type === "done") job.resolve(reply.diff);
    else job.reject(rebuildError(reply));
  });
}

/** The worker died: jobs of a worker that never started run inline; others fail (their step retries). */
function onDeath(error: Error): void {
  const neverStarted = !ready;
  worker = null;
  ready = false;
  if (neverStarted) {
    unavailable = true;
    console.warn(`[ingest] the diff worker did not start (${error.message}); feeds are parsed inline`);
  }
  const pending = [...jobs.values()];
  jobs.clear();
  for (const job of pending) {
    if (neverStarted) diffFeed(job.bytes, job.input, job.onChunk).then(job.resolve, job.reject);
    else job.reject(new Error(`the diff worker stopped mid-parse: ${error.message}`));
  }
}

function startWorker(): Worker {
  const w = new Worker(ENTRY);
  w.unref();
  w.on("message", onReply);
  w.on("error", onDeath);
  w.on("exit", (code) => {
    if (worker === w) onDeath(new Error(`exited with code ${code}`));
  });
  return w;
}

/** diffFeed on the worker thread (inline when it is unavailable). */
export function diffFeedOffThread(bytes: Uint8Array, input: FeedDiffInput, onChunk: OnChunk): Promise<FeedDiff> {
  // The entry is looked for once per worker start, not on every parse.
  if (!worker && !unavailable && !existsSync(ENTRY)) unavailable = true;
  if (unavailable) return diffFeed(bytes, input, onChunk);
  worker ??= startWorker();
  const id = nextId++;
  return new Promise<FeedDiff>((resolve, reject) => {
    jobs.set(id, { bytes, input, onChunk, copies: Promise.resolve(), failed: undefined, resolve, reject });
    // Held only while it has work: an idle worker never keeps the process alive.
    worker!.ref();
    // Copied, not transferred: the job keeps the bytes to parse inline if the worker never starts.
    worker!.postMessage({ id, bytes, input });
  });
}
