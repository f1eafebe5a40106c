import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { openMemoryPGlite } from "./pglite";
import { poolConfigFromUrl } from "./postgres";

/** PGlite for Prisma; its shadow database (for creating migrations) is a fresh in-memory PGlite with pgvector. */
export class PGliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "pglite-with-vector";

  constructor(private readonly db: PGlite) {}

  connect(): Promise<SqlDriverAdapter> {
    return new PrismaPGlite(this.db).connect();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await openMemoryPGlite();
    const adapter = await new PrismaPGlite(shadow).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.close();
    };
    return adapter;
  }
}

export function postgresAdapterFactory(url: string): PrismaPg {
  return new PrismaPg(poolConfigFromUrl(url));
}
