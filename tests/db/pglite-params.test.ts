import { describe, expect, it } from "vitest";
import os from "node:os";
import { defaultSharedBuffers, resolveDbTarget } from "../../lib/db/config";
import { openPGlite, pgliteStartParams } from "../../lib/db/pglite";

const target = (vars: Record<string, string>) => resolveDbTarget({ NODE_ENV: "test", ...vars });
const sharedBuffers = (vars: Record<string, string>) => {
  const t = target(vars);
  return t.kind === "pglite" ? t.sharedBuffers : "postgres";
};

describe("the embedded database's page cache (PIPELINE_PGLITE_SHARED_BUFFERS)", () => {
  it("defaults to a quarter of the machine's memory, in 128 MB steps, between 128 MB and 1 GB", () => {
    const GB = 1024 ** 3;
    expect(defaultSharedBuffers(0.25 * GB)).toBe("128MB");
    expect(defaultSharedBuffers(1 * GB)).toBe("256MB");
    expect(defaultSharedBuffers(2 * GB)).toBe("512MB");
    expect(defaultSharedBuffers(3 * GB)).toBe("768MB");
    expect(defaultSharedBuffers(16 * GB)).toBe("1024MB");
    expect(sharedBuffers({})).toBe(defaultSharedBuffers(os.totalmem()));
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: " " })).toBe(defaultSharedBuffers(os.totalmem()));
  });

  it("a size is taken as given", () => {
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: "1 GB" })).toBe("1GB");
    expect(sharedBuffers({ PIPELINE_PGLITE_SHARED_BUFFERS: "131072kB" })).toBe("131072kB");
  });

  it("anything else is refused with the variable's name", () => {
    for (const bad of ["lots", "512", "1TB", "0MB", "512MB; DROP"]) {
      expect(() => target({ PIPELINE_PGLITE_SHARED_BUFFERS: bad })).toThrow(/PIPELINE_PGLITE_SHARED_BUFFERS/);
    }
  });

  it("becomes PGlite's start parameters plus the embedded settings and shared_buffers", () => {
    const own = pgliteStartParams(undefined);
    expect(own).toContain("--single");
    expect(own.join(" ")).toContain("-c full_page_writes=off -c wal_init_zero=off");
    expect(own.join(" ")).not.toContain("shared_buffers");
    const params = pgliteStartParams("512MB");
    expect(params.slice(-2)).toEqual(["-c", "shared_buffers=512MB"]);
    // PGlite's own (single-user mode, fsync off, no parallel workers...) are kept: startParams replaces them otherwise.
    expect(params).toContain("--single");
    expect(params).toContain("-F");
  });

  it("the running database has them: no full-page images (fsync is off anyway), no zero-filled WAL segments", async () => {
    const db = await openPGlite("memory://", { sharedBuffers: "128MB" });
    try {
      const rows = await db.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('full_page_writes', 'fsync', 'shared_buffers', 'wal_init_zero') ORDER BY name`,
      );
      expect(rows.rows).toEqual([
        { name: "fsync", setting: "off" },
        { name: "full_page_writes", setting: "off" },
        { name: "shared_buffers", setting: "16384" },
        { name: "wal_init_zero", setting: "off" },
      ]);
    } finally {
      await db.close();
    }
  });
});
