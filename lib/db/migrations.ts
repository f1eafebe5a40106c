/**
 * Prisma's own migration engine, compiled to WASM, driven through a driver adapter: the same
 * `prisma/migrations/<ts>_<name>/migration.sql` files and `_prisma_migrations` table as `prisma migrate`,
 * on PGlite and on native PostgreSQL, with no native engine binary.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

const runtimeRequire = createRequire(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"));

export const schemaPath = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", "schema.prisma");
export const migrationsDir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

interface EngineModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  __wbindgen_start?: () => void;
  SchemaEngine: typeof SchemaEngine;
}

let engineModule: Promise<EngineModule> | null = null;

/** Node 20 rejects the package's `import … from "*.wasm"`: instantiate the module ourselves. */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    // Resolved and imported by Node itself at run time: bundlers (Next's Turbopack) must not touch it.
    const entry = runtimeRequire.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import(/* turbopackIgnore: true */ /* webpackIgnore: true */ pathToFileURL(entry).href)) as EngineModule;
    const wasmPath = path.join(path.dirname(entry), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(await fs.readFile(wasmPath), {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bindings;
  })();
  return engineModule;
}

async function openEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await fs.readFile(schemaPath, "utf8");
  const log = (message: string) => {
    if (process.env.PIPELINE_MIGRATE_DEBUG) process.stderr.write(`[schema-engine] ${message}\n`);
  };
  return SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
}

async function readMigrations(): Promise<MigrationList> {
  await fs.mkdir(migrationsDir, { recursive: true });
  const entries = (await fs.readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await fs.readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      entries.map(async (name) => {
        const content = await fs.readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

const noFilter = { externalTables: [], externalEnums: [] };

/** Applies every pending migration (idempotent). Returns the names applied now. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openEngine(factory);
  try {
    const migrationsList = await readMigrations();
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * Writes a new migration from the schema's difference to the migrations history (checked on a shadow
 * database). Returns its directory name, or null when the schema has no changes.
 */
export async function createMigration(factory: SqlMigrationAwareDriverAdapterFactory, name: string): Promise<string | null> {
  const engine = await openEngine(factory);
  try {
    const migrationsList = await readMigrations();
    await engine.devDiagnostic({ migrationsList, filters: noFilter });
    const schema = await fs.readFile(schemaPath, "utf8");
    const output = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [{ path: schemaPath, content: schema }] },
      filters: noFilter,
    });
    if (!output.migrationScript) return null;
    const dir = path.join(migrationsDir, output.generatedMigrationName);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, `migration.${output.extension}`), prepareScript(output.migrationScript, migrationsList));
    const lockPath = path.join(migrationsDir, "migration_lock.toml");
    await fs.writeFile(lockPath, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${output.connectorType}"\n`);
    return output.generatedMigrationName;
  } finally {
    engine.free();
  }
}

/**
 * The two hand edits ENVIRONMENT.md prescribes, applied mechanically: the vector extension at the top of
 * the first migration, and HNSW (cosine) for indexes named `*_embedding_hnsw_idx`.
 */
function prepareScript(script: string, history: MigrationList): string {
  let out = script.replace(
    /CREATE INDEX "(\w+_embedding_hnsw_idx)" ON "(\w+)"\("embedding"\);/g,
    'CREATE INDEX "$1" ON "$2" USING hnsw ("embedding" vector_cosine_ops);',
  );
  if (history.migrationDirectories.length === 0) out = `CREATE EXTENSION IF NOT EXISTS vector;\n\n${out}`;
  return out;
}
