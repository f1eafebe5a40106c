/**
 * The migrated template and the seeded template (other dealers in the market) are cached in bench/tmp/cache,
 * keyed by a hash of everything that decides their content: the migrations, the pipeline's code (lib/,
 * inngest/), the bench's seeding code and the seed list. Any change to those builds them afresh.
 */
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = process.cwd();
const SOURCES = ["prisma/migrations", "prisma/schema.prisma", "lib", "inngest", "bench/support/dealers.ts", "bench/support/database.ts"];

async function files(entry: string): Promise<string[]> {
  const full = path.join(ROOT, entry);
  const stat = await fs.stat(full).catch(() => null);
  if (!stat) return [];
  if (stat.isFile()) return [entry];
  const out: string[] = [];
  for (const child of (await fs.readdir(full)).sort()) {
    if (child === "generated" || child === "node_modules") continue;
    out.push(...(await files(path.join(entry, child))));
  }
  return out;
}

/** Hash of the sources that decide a template's content, plus `extra` (e.g. the seed list). */
export async function templateKey(extra: unknown): Promise<string> {
  const hash = createHash("sha256").update(JSON.stringify(extra));
  for (const entry of SOURCES) {
    for (const file of await files(entry)) hash.update(file).update(await fs.readFile(path.join(ROOT, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** `cp -a` (twice as fast as fs.cp on PGlite's thousand small files), fs.cp where there is no cp. */
export async function copyDir(from: string, to: string): Promise<void> {
  try {
    await run("cp", ["-a", from, to]);
  } catch {
    await fs.rm(to, { recursive: true, force: true });
    await fs.cp(from, to, { recursive: true });
  }
}

/**
 * The cached directory for `name` + `key`, built with `build(dir)` when missing. Older entries of the same
 * name are removed; a build goes to a temporary directory first, so a crash never leaves a half template.
 */
export async function cachedDir(cacheRoot: string, name: string, key: string, build: (dir: string) => Promise<void>): Promise<{ dir: string; hit: boolean }> {
  const dir = path.join(cacheRoot, `${name}-${key}`);
  if (await fs.stat(path.join(dir, "PG_VERSION")).catch(() => null)) return { dir, hit: true };
  await fs.mkdir(cacheRoot, { recursive: true });
  const temp = path.join(cacheRoot, `.${name}-${key}-${process.pid}`);
  await fs.rm(temp, { recursive: true, force: true });
  await build(temp);
  for (const entry of await fs.readdir(cacheRoot)) {
    if (entry.startsWith(`${name}-`) && entry !== `${name}-${key}`) await fs.rm(path.join(cacheRoot, entry), { recursive: true, force: true });
  }
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rename(temp, dir);
  return { dir, hit: false };
}
