/**
 * Runs the local OpenAI embeddings stand-in (tests/support/openai-server.ts) on 127.0.0.1, for trying the
 * pipeline's embedding work by hand without OpenAI:
 *
 *   npx tsx scripts/openai-server.ts --port 8787 --rpm 3000 --tpm 1000000 [--window-ms 60000] [--fixed]
 *   OPENAI_API_KEY=sk-test-local OPENAI_BASE_URL=http://127.0.0.1:8787/v1 npm run pipeline -- ...
 */
import { parseArgs } from "node:util";
import { startOpenAIServer } from "../tests/support/openai-server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    rpm: { type: "string" },
    tpm: { type: "string" },
    "window-ms": { type: "string" },
    fixed: { type: "boolean", default: false },
    "api-key": { type: "string" },
  },
});

const num = (v: string | undefined) => (v == null ? undefined : Number(v));
const server = await startOpenAIServer({
  port: num(values.port),
  rpm: num(values.rpm),
  tpm: num(values.tpm),
  windowMs: num(values["window-ms"]),
  mode: values.fixed ? "fixed" : "bucket",
  apiKey: values["api-key"],
});
console.log(`OpenAI embeddings stand-in at ${server.url}`);
console.log(`  OPENAI_API_KEY=${server.apiKey} OPENAI_BASE_URL=${server.url}`);

const stop = async () => {
  const { log: _log, ...stats } = server.stats;
  console.log(JSON.stringify(stats));
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
