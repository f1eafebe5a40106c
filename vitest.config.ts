import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    // Each test opens its own small database: PGlite's own 128 MB page cache, not the server's default.
    env: { PIPELINE_PGLITE_SHARED_BUFFERS: "128MB" },
  },
});
