/**
 * `npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top 30]`: self time per function (and per file) of a V8
 * CPU profile, e.g. one written by `npm run bench -- --cpu-prof` to bench/tmp/profiles. PGlite's WASM shows
 * up as its own frames (wasm-function[…]); "(program)"/"(idle)" are V8 and waiting.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: "string" } } });
const file = positionals[0];
if (!file) {
  process.stderr.write("usage: npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top 30]\n");
  process.exit(2);
}
const top = Number(values.top ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const short = (url: string) => url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "").replace(/^.*node_modules\//, "~/");
const fnTotals = new Map<string, number>();
const fileTotals = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url ? `${short(url)}:${lineNumber + 1}` : "";
  const key = `${functionName || "(anonymous)"} ${where}`.trim();
  fnTotals.set(key, (fnTotals.get(key) ?? 0) + us);
  const group = url ? short(url).replace(/^(~\/(?:@[^/]+\/)?[^/]+).*$/, "$1") : functionName;
  fileTotals.set(group, (fileTotals.get(group) ?? 0) + us);
}
const totalMs = (profile.endTime - profile.startTime) / 1000;
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(us / 1000).toFixed(0).padStart(8)} ms ${((us / 1000 / totalMs) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
  }
};
process.stdout.write(`${file}: ${totalMs.toFixed(0)} ms profiled\n`);
print("self time by package / file", fileTotals);
print("self time by function", fnTotals);
