/** Next.js calls register() once per server process: the embedded default starts its runtime here. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { isEmbeddedMode } = await import("./inngest/client");
  if (!isEmbeddedMode()) return;
  const { startEmbeddedRuntime } = await import("./lib/runtime/embedded");
  await startEmbeddedRuntime();
}
