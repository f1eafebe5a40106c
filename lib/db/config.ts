import os from "node:os";
import path from "node:path";

export type DbTarget =
  /** sharedBuffers: PostgreSQL's page cache (e.g. "512MB"); unset: PGlite's 128 MB. */
  | { kind: "pglite"; dataDir: string; sharedBuffers?: string }
  | { kind: "postgres"; url: string; directUrl: string };

/** DATABASE_URL selects PostgreSQL; without it the embedded PGlite directory is used. */
export function resolveDbTarget(env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url, directUrl: env.DIRECT_URL?.trim() || env.DATABASE_DIRECT_URL?.trim() || url };
  return {
    kind: "pglite",
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.PIPELINE_DATA_DIR?.trim() || path.join(process.cwd(), ".data", "pglite")),
    sharedBuffers: sharedBuffersOf(env),
  };
}

/**
 * The embedded database's page cache by default: a quarter of the machine's memory (PostgreSQL's own rule of
 * thumb), in steps of 128 MB, between PGlite's 128 MB and 1 GB. PGlite's 128 MB holds about twenty
 * 3,000-listing dealers; past that every run moves pages to and from the host file system. Measured, a
 * 100-dealer poll cycle (`npm run bench -- --only fleet`): 78 s with 128 MB, 67 s with 512 MB, 54 s with 1 GB
 * (peak RSS 0.8, 1.2, 1.8 GB). PGlite allocates the whole cache when it starts.
 */
export function defaultSharedBuffers(totalMemoryBytes: number): string {
  const step = 128;
  const quarterMb = Math.floor(totalMemoryBytes / 4 / 1024 / 1024 / step) * step;
  return `${Math.min(1024, Math.max(step, quarterMb))}MB`;
}

function sharedBuffersOf(env: NodeJS.ProcessEnv): string {
  const size = env.PIPELINE_PGLITE_SHARED_BUFFERS?.trim() || defaultSharedBuffers(os.totalmem());
  const match = /^(\d+)\s*(kB|MB|GB)$/.exec(size);
  if (!match || Number(match[1]) === 0) {
    throw new Error(`PIPELINE_PGLITE_SHARED_BUFFERS must be a size like 512MB (kB, MB or GB), got "${size}"`);
  }
  return `${match[1]}${match[2]}`;
}
