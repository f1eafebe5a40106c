import { defineConfig } from "prisma/config";

// The CLI is used for `generate`, `validate` and `format` only; migrations run through
// scripts/migrate.ts (Prisma's WASM schema engine), which works on PGlite and on DATABASE_URL.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
