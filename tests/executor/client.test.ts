import { afterEach, describe, expect, it } from "vitest";
import { attachExecutor, detachExecutor, inngest, isEmbeddedMode } from "@/inngest/client";
import type { IncomingEvent } from "@/inngest/executor/types";

const originalFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = originalFetch;
  detachExecutor();
});

describe("inngest client", () => {
  it("is embedded unless the environment names a real Inngest server", () => {
    expect(isEmbeddedMode({})).toBe(true);
    expect(isEmbeddedMode({ INNGEST_DEV: "1" })).toBe(false);
    expect(isEmbeddedMode({ INNGEST_BASE_URL: "http://127.0.0.1:8288" })).toBe(false);
    expect(isEmbeddedMode({ INNGEST_EVENT_KEY: "k" })).toBe(false);
    expect(isEmbeddedMode({ INNGEST_SIGNING_KEY: "signkey-test-00" })).toBe(false);
    expect(inngest.mode).toBe("dev");
  });

  it("routes sent events to the attached executor, and to the Inngest API when none is attached", async () => {
    const requested: string[] = [];
    // The client keeps the fetch it first sees: stub it before the first send reaches it.
    globalThis.fetch = async (input) => {
      requested.push(String(input));
      return new Response(JSON.stringify({ ids: ["from-api"], status: 200 }), { status: 200 });
    };
    const received: IncomingEvent[] = [];
    const sink = {
      send: async (events: ReadonlyArray<IncomingEvent>) => {
        received.push(...events);
        return events.map((_, i) => `local-${i}`);
      },
    };
    attachExecutor(sink);
    const local = await inngest.send([{ name: "test/route", data: { n: 1 } }, { name: "test/route", data: { n: 2 } }]);
    expect(local.ids).toEqual(["local-0", "local-1"]);
    expect(received.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(requested).toEqual([]);

    detachExecutor(sink);
    const remote = await inngest.send({ name: "test/route", data: { n: 3 } });
    expect(remote.ids).toEqual(["from-api"]);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatch(/\/e\/[^/]+$/);
  });
});
