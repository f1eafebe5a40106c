/**
 * `--cpu-prof`: a V8 CPU profile of each measured window (not the set-up around it), through node:inspector,
 * written to bench/tmp/profiles/cpu-<label>.cpuprofile. Summarise with `npx tsx bench/cpu-profile.ts <file>`
 * or open in Chrome DevTools.
 */
import fs from "node:fs/promises";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { progress } from "./progress";

export function cpuProfileEnabled(): boolean {
  return process.env.BENCH_CPU_PROFILE === "1";
}

let session: Session | null = null;

export async function startCpuProfile(): Promise<void> {
  if (!cpuProfileEnabled()) return;
  session ??= new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
}

export async function stopCpuProfile(label: string): Promise<void> {
  if (!cpuProfileEnabled() || !session) return;
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const file = path.join(process.cwd(), "bench", "tmp", "profiles", `cpu-${label.replace(/[^A-Za-z0-9_.-]+/g, "-")}.cpuprofile`);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(profile));
  progress(`  CPU profile: ${path.relative(process.cwd(), file)}`);
}
