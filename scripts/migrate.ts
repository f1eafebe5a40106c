/**
 * `npm run db:migrate` applies pending migrations; `npm run db:migrate:create -- <name>` writes a new one
 * from the schema. Both work on the embedded PGlite directory and on DATABASE_URL (DIRECT_URL if set).
 */
import { PGliteAdapterFactory, postgresAdapterFactory } from "../lib/db/adapters";
import { resolveDbTarget } from "../lib/db/config";
import { acquireDataDirLock } from "../lib/db/lock";
import { applyMigrations, createMigration } from "../lib/db/migrations";
import { openPGlite } from "../lib/db/pglite";

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (command !== "deploy" && command !== "create") throw new Error("usage: migrate.ts deploy | create <name>");
  if (command === "create" && !name) throw new Error("usage: npm run db:migrate:create -- <name>");
  const target = resolveDbTarget();
  const label = target.kind === "pglite" ? `embedded database ${target.dataDir}` : "DATABASE_URL";
  let close = async () => {};
  let factory;
  if (target.kind === "pglite") {
    const release = acquireDataDirLock(target.dataDir);
    const db = await openPGlite(target.dataDir);
    factory = new PGliteAdapterFactory(db);
    close = async () => {
      await db.close();
      release();
    };
  } else {
    factory = postgresAdapterFactory(target.directUrl);
  }
  try {
    if (command === "deploy") {
      const applied = await applyMigrations(factory);
      console.log(applied.length ? `applied ${applied.length} migration(s) to ${label}: ${applied.join(", ")}` : `${label} is up to date`);
    } else {
      // As `prisma migrate dev`: the target first takes the history, or the engine refuses with a shadow-database error.
      const applied = await applyMigrations(factory);
      if (applied.length) console.log(`applied ${applied.length} migration(s) to ${label} first: ${applied.join(", ")}`);
      const created = await createMigration(factory, name!);
      console.log(created ? `created prisma/migrations/${created}/migration.sql` : "the schema has no changes: no migration created");
    }
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
