import path from "node:path";

export type DbTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string; directUrl: string };

/** DATABASE_URL selects PostgreSQL; without it the embedded PGlite directory is used. */
export function resolveDbTarget(env: NodeJS.ProcessEnv = process.env): DbTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url, directUrl: env.DIRECT_URL?.trim() || env.DATABASE_DIRECT_URL?.trim() || url };
  return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ env.PIPELINE_DATA_DIR?.trim() || path.join(process.cwd(), ".data", "pglite")) };
}
