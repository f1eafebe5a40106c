/** The diff worker thread: one `diffFeed` per message, CSV chunks and the result posted back. */
import { parentPort } from "node:worker_threads";
import { diffFeed, type FeedDiffInput } from "./feed-diff";
import type { WorkerReply } from "./diff-worker";

const port = parentPort;
if (!port) throw new Error("diff-worker-thread.ts runs as a worker thread only");

port.on("message", async (job: { id: number; bytes: Uint8Array; input: FeedDiffInput }) => {
  const post = (reply: WorkerReply) => port.postMessage(reply);
  try {
    const diff = await diffFeed(job.bytes, job.input, (csv) => post({ id: job.id, type: "chunk", csv }));
    post({ id: job.id, type: "done", diff });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ id: job.id, type: "error", name: e.name, message: e.message, stack: e.stack ?? "" });
  }
});
port.postMessage({ id: 0, type: "ready" } satisfies WorkerReply);
