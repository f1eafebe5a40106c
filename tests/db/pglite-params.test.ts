import { describe, expect, it } from "vitest";
import { DEFAULT_SHARED_BUFFERS, resolveDbTarget } from "../../lib/db/config";
import { pgliteStartParams } from "../../lib/db/pglite";

const target = (vars: Record<string, string>) => resolveDbTarget({ NODE_ENV: "test", ...vars });
const sharedBuffers = (vars: Record<string, string>) => {
  const t = target(vars);
  return t.kind === "pglite" ? t.sharedBuffers : "postgres";
};

describe("the embedded database's page cache (PIPELINE_PGLITE_SHARED_BUFFERS)", () => {
  it("defaults to DEFAULT_SHARED_BUFFERS; a size is taken as given", () => {
    expect(sharedBuffers({})).toBe(DEFAULT_SHARED_BUFFERS);
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: " " })).toBe(DEFAULT_SHARED_BUFFERS);
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: "1 GB" })).toBe("1GB");
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: "131072kB" })).toBe("131072kB");
  });

  it("anything else is refused with the variable's name", () => {
    for (const bad of ["lots", "512", "1TB", "0MB", "512MB; DROP"]) {
      expect(() => target({ PIPELINE_PGLITE_SHARED_BUFFERS: bad })).toThrow(/PIPELINE_PGLITE_SHARED_BUFFERS/);
    }
  });

  it("becomes PGlite's start parameters plus shared_buffers; unset keeps PGlite's own", () => {
    expect(pgliteStartParams(undefined)).toBeUndefined();
    const params = pgliteStartParams("512MB")!;
    expect(params.slice(-2)).toEqual(["-c", "shared_buffers=512MB"]);
    // PGlite's own (single-user mode, no parallel workers...) are kept: startParams replaces them otherwise.
    expect(params).toContain("--single");
  });
});
