import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { PUT } from "@/app/api/inngest/route";
import { priorityExpression } from "@/lib/orchestrator/priority";

interface SyncedFunction {
  id: string;
  name: string;
  triggers: Array<{ event?: string; cron?: string }>;
  concurrency?: Array<{ limit: number; key?: string; scope?: string }>;
  priority?: { run: string };
  throttle?: { limit: number; period: string };
  batchEvents?: { maxSize: number; timeout: string };
  idempotency?: string;
  steps: Record<string, { retries?: { attempts: number } }>;
}

async function sync(): Promise<SyncedFunction[]> {
  const response = await PUT(
    new NextRequest("http://127.0.0.1/api/inngest", {
      method: "PUT",
      headers: { host: "127.0.0.1", "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-server-kind": "dev" },
      body: JSON.stringify({ url: "http://127.0.0.1/api/inngest" }),
    }),
    undefined as never,
  );
  expect(response.status).toBe(200);
  const body = (await response.json()) as { functions: SyncedFunction[] };
  return body.functions;
}

const byId = (fns: SyncedFunction[], id: string) => {
  const fn = fns.find((f) => f.id.endsWith(`-${id}`) || f.id === id);
  if (!fn) throw new Error(`function ${id} not synced`);
  return fn;
};

describe("the serve route's in-band sync", () => {
  it("declares each stage's flow control exactly as intended", async () => {
    const fns = await sync();
    const onePerDealer = { key: `"dealer-" + event.data.dealerId`, limit: 1, scope: "account" };
    for (const [id, event, limit] of [
      ["feed-ingest", "pipeline/feed.ingest.requested", 5],
      ["sku-match", "pipeline/sku.match.requested", 5],
      ["benchmark", "pipeline/benchmark.requested", 3],
      ["insight", "pipeline/insight.requested", 5],
    ] as const) {
      const fn = byId(fns, id);
      expect(fn.triggers).toEqual([{ event }]);
      expect(fn.concurrency).toEqual([onePerDealer, { limit }]);
      expect(fn.priority).toEqual({ run: priorityExpression });
      expect(fn.idempotency).toBe("event.data.runId");
      expect(Object.values(fn.steps)[0]?.retries).toEqual({ attempts: 3 });
    }
  });

  it("declares the scheduler's cron and the embedding queue's batching, throttle and single worker", async () => {
    const fns = await sync();
    const scheduler = byId(fns, "scheduler");
    expect(scheduler.triggers).toContainEqual({ cron: "* * * * *" });
    expect(scheduler.concurrency).toEqual([{ limit: 1 }]);
    const embeddings = byId(fns, "embeddings");
    expect(embeddings.batchEvents).toEqual({ maxSize: 100, timeout: "2s" });
    expect(embeddings.throttle).toMatchObject({ limit: 30, period: "1m" });
    expect(embeddings.concurrency).toEqual([{ limit: 1 }]);
    expect(embeddings.triggers).toEqual([{ event: "pipeline/embeddings.requested" }, { cron: "*/10 * * * *" }]);
  });

  it("registers an onFailure handler for every pipeline stage", async () => {
    const fns = await sync();
    for (const id of ["feed-ingest", "sku-match", "benchmark", "insight"]) {
      const failure = fns.find((f) => f.id.endsWith(`${id}-failure`));
      expect(failure?.triggers[0]).toMatchObject({ event: "inngest/function.failed" });
    }
  });
});
