/**
 * `npm run pipeline -- <command> [...args]`: dispatches to lib/cli/<command>.ts,
 * each of which exports `run(args: string[]): Promise<number>` (the exit code).
 */
const commands: Record<string, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  parse: () => import("../lib/cli/parse"),
  "generate-feed": () => import("../lib/cli/generate-feed"),
  ingest: () => import("../lib/cli/ingest"),
  run: () => import("../lib/cli/run"),
};

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: npm run pipeline -- <${Object.keys(commands).join("|")}> [options]\n`);
    return 2;
  }
  const command = await load();
  return command.run(args);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
