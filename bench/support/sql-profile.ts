/**
 * Per-statement timing (`--sql-profile`): wraps the scenario database's SqlClient so every query is timed
 * and attributed to the pipeline function that issued it (file:line from the call stack). Timing is wall
 * time of the await, so through the executor it includes waiting for PGlite's single connection.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db, SqlClient } from "@/lib/db";
import { progress } from "./progress";

interface Site {
  site: string;
  statement: string;
  calls: number;
  totalMs: number;
  maxMs: number;
}

const sites = new Map<string, Site>();
const ROOT = `${process.cwd()}/`;

function callSite(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(2);
  for (const frame of frames) {
    if (!frame.includes(ROOT) || frame.includes("/node_modules/") || frame.includes("/lib/db/") || frame.includes("/bench/support/sql-profile")) continue;
    const m = /at (?:async )?(\S+)? ?\(?([^()]+):(\d+):\d+\)?$/.exec(frame.trim());
    if (m) return `${m[2]!.replace(ROOT, "").replace(/^file:\/\//, "").replace(ROOT, "")}:${m[3]} ${m[1] ?? ""}`.trim();
  }
  return "(unknown)";
}

function record(text: string, ms: number): void {
  const site = callSite();
  const statement = text.replace(/\s+/g, " ").trim().slice(0, 90);
  const key = `${site}|${statement}`;
  const s = sites.get(key) ?? { site, statement, calls: 0, totalMs: 0, maxMs: 0 };
  s.calls += 1;
  s.totalMs += ms;
  s.maxMs = Math.max(s.maxMs, ms);
  sites.set(key, s);
}

function wrap(client: SqlClient): SqlClient {
  return {
    async query(text, params) {
      const t0 = performance.now();
      try {
        return await client.query(text, params);
      } finally {
        record(text, performance.now() - t0);
      }
    },
    async exec(script) {
      const t0 = performance.now();
      try {
        return await client.exec(script);
      } finally {
        record(script, performance.now() - t0);
      }
    },
    async copyFrom(source) {
      const t0 = performance.now();
      try {
        return await client.copyFrom(source);
      } finally {
        record(`COPY "${source.table}" FROM (csv)`, performance.now() - t0);
      }
    },
    transaction: (fn) => client.transaction((tx) => fn(wrap(tx))),
  };
}

export function sqlProfileEnabled(): boolean {
  return process.env.BENCH_SQL_PROFILE === "1";
}

export function resetSqlProfile(): void {
  sites.clear();
}

export function instrumentDb(db: Db): void {
  db.sql = wrap(db.sql);
}

const PROFILE_DIR = path.join(process.cwd(), "bench", "tmp", "profiles");

/** Prints the top statements to stderr and writes them all to bench/tmp/profiles/sql-<label>.json; clears the counters. */
export function dumpSqlProfile(label: string, top = 20): void {
  if (!sqlProfileEnabled()) return;
  const file = path.join(PROFILE_DIR, `sql-${label.replace(/[^A-Za-z0-9_.-]+/g, "-")}.json`);
  const all = [...sites.values()].sort((a, b) => b.totalMs - a.totalMs);
  sites.clear();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(all.map((s) => ({ ...s, totalMs: Math.round(s.totalMs), maxMs: Math.round(s.maxMs) })), null, 2)}\n`);
  progress(`  SQL profile of ${label} (top ${top} of ${all.length}; all in ${path.relative(process.cwd(), file)}):`);
  for (const s of all.slice(0, top)) {
    progress(`    ${String(Math.round(s.totalMs)).padStart(7)} ms ${String(s.calls).padStart(5)}× max ${String(Math.round(s.maxMs)).padStart(6)}  ${s.site}  ${s.statement}`);
  }
}
