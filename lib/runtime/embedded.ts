/**
 * The embedded default's runtime: the database and the executor live in the Next.js server process
 * (one per process, on globalThis), started by instrumentation.ts. CLI commands that want the same
 * data directory while the server runs are refused by the data-directory lock with a clear message.
 */
import { inngest } from "@/inngest/client";
import { DbStore } from "@/inngest/executor/db-store";
import { createExecutor, type Executor } from "@/inngest/executor/executor";
import { functions } from "@/inngest/functions";
import { closeDb, getDb } from "@/lib/db";

interface EmbeddedRuntime {
  executor: Executor;
  stop(): Promise<void>;
}

const slot = globalThis as typeof globalThis & { __dealerPipelineRuntime?: Promise<EmbeddedRuntime> };

export function startEmbeddedRuntime(): Promise<EmbeddedRuntime> {
  slot.__dealerPipelineRuntime ??= boot();
  return slot.__dealerPipelineRuntime;
}

async function boot(): Promise<EmbeddedRuntime> {
  const db = await getDb();
  const executor = createExecutor({
    client: inngest,
    functions,
    // The queue and runs in flight live in the database: after a restart (or a crash) the executor picks up
    // every unfinished run, re-running an interrupted step from its memoised state (at-least-once).
    store: new DbStore(db.sql),
    crons: process.env.PIPELINE_CRONS !== "0",
    maxParallel: Number(process.env.PIPELINE_EXECUTOR_PARALLEL ?? 8),
  });
  await executor.start();
  if (process.env.PIPELINE_DEMO !== "0") {
    const { demoOrigin, seedDemo } = await import("./demo");
    process.env.PIPELINE_FEED_LOOPBACK_ALLOW ??= new URL(demoOrigin()).host;
    await seedDemo(db);
  }
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await executor.stop();
      await closeDb();
    })();
    return stopping;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(0));
    });
  }
  return { executor, stop };
}
