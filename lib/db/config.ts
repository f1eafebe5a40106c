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
 * The embedded database's page cache. PGlite's own 128 MB holds about twenty 3,000-listing dealers; past
 * that, every run moves pages to and from the host file system (measured: a 100-dealer poll cycle takes
 * 78 s with 128 MB, 67 s with 512 MB, for ~400 MB more memory).
 */
export const DEFAULT_SHARED_BUFFERS = "512MB";

function sharedBuffersOf(env: NodeJS.ProcessEnv): string {
  const size = env.PIPELINE_PGLITE_SHARED_BUFFERS?.trim() || DEFAULT_SHARED_BUFFERS;
  const match = /^(\d+)\s*(kB|MB|GB)$/.exec(size);
  if (!match || Number(match[1]) === 0) {
    throw new Error(`PIPELINE_PGLITE_SHARED_BUFFERS must be a size like 512MB (kB, MB or GB), got "${size}"`);
  }
  return `${match[1]}${match[2]}`;
}
