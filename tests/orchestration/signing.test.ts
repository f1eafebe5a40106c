import { NextRequest } from "next/server";
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

// A real signing key: the client leaves embedded mode and the serve route checks every request's signature.
const signingKey = "signkey-test-" + "ab12".repeat(16);

let route: typeof import("@/app/api/inngest/route");

beforeAll(async () => {
  process.env.INNGEST_SIGNING_KEY = signingKey;
  process.env.INNGEST_EVENT_KEY = "test-event-key";
  route = await import("@/app/api/inngest/route");
});

function call(method: "POST" | "PUT", headers: Record<string, string> = {}): Promise<Response> {
  const url = "http://127.0.0.1/api/inngest?fnId=dealer-pipeline-feed-ingest&stepId=step";
  const body = JSON.stringify({ version: 2, event: { name: "pipeline/feed.ingest.requested", data: {} }, events: [], steps: {}, ctx: { run_id: "r1", attempt: 0, stack: { stack: [], current: 0 } } });
  const request = new NextRequest(url, { method, headers: { host: "127.0.0.1", "content-type": "application/json", ...headers }, body });
  return (method === "POST" ? route.POST : route.PUT)(request, undefined as never);
}

describe("the serve route with INNGEST_SIGNING_KEY set", () => {
  it("leaves embedded mode", async () => {
    const { isEmbeddedMode } = await import("@/inngest/client");
    expect(isEmbeddedMode()).toBe(false);
  });

  it("refuses an unsigned function call", async () => {
    const response = await call("POST");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Unauthorized" });
  });

  it("refuses a call signed with the wrong key", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const bad = createHmac("sha256", "not-the-key").update("{}" + ts).digest("hex");
    const response = await call("POST", { "x-inngest-signature": `t=${ts}&s=${bad}` });
    expect(response.status).toBe(401);
  });

  it("refuses an unsigned in-band sync", async () => {
    const response = await call("PUT", { "x-inngest-sync-kind": "in_band" });
    const text = await response.text();
    expect(text).not.toContain("feed-ingest");
  });
});
