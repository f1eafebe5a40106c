/**
 * The ingest write side by side on the same rows and database: the seed's current path (one Prisma upsert per
 * record), the batch path its §1.3 proposes (Prisma findMany + createMany + $transaction of per-row updates), ours
 * (feeds this size are written by the parse step: a first ingest by a COPY straight into DealerSku, a re-poll by a
 * staging COPY and one set-based write; here as one chunk after the parse, see ours-write.ts), and the floor (COPY
 * into an empty UNLOGGED table). Three cases on one dealer each: a first ingest (all rows new), a 1%-changed
 * re-poll, and a re-poll where every row changed.
 */
import type { Db } from "@/lib/db";
import { generateFeed } from "@/lib/feeds/generate";
import type { FeedRecord } from "@/lib/feeds/types";
import { findOrCreateDealer, findOrCreateFeed } from "@/lib/pipeline/dealers";
import type { DbSpec, WriteCaseName, WriteCaseResult, WriteScenarioResult } from "../types";
import { closeScenarioDb, openScenarioDb } from "../support/database";
import { copyFloor, copyIndexedFloor, createFloorTable, dropFloorTable, floorRows } from "../support/floor";
import { batchWrite, prepareSkuUpdates, upsertPerRecordWrite, type BatchWriteResult, type UpsertWriteResult } from "../support/seed-writes";
import { oursWrite, type OursWriteResult } from "../support/ours-write";
import { progress } from "../support/progress";
import { startCpuProfile, stopCpuProfile } from "../support/cpu-profiler";
import { dumpSqlProfile, resetSqlProfile } from "../support/sql-profile";
import { median, ratio, round } from "../support/stats";

interface Case {
  name: WriteCaseName;
  records: FeedRecord[];
  text: string;
}

function cases(rows: number, seed = "write"): Case[] {
  const v1 = generateFeed({ skus: rows, format: "csv", family: "ammoseek", seed });
  const v2 = generateFeed({ format: "csv", family: "ammoseek", seed: `${seed}-v2`, mutateFrom: v1.records, changeRate: 0.01 });
  const v3 = generateFeed({ format: "csv", family: "ammoseek", seed: `${seed}-v3`, mutateFrom: v2.records, changeRate: 1 });
  return [
    { name: "first ingest (all new)", records: v1.records, text: v1.text },
    { name: "1% changed", records: v2.records, text: v2.text },
    { name: "all changed", records: v3.records, text: v3.text },
  ];
}

async function newDealer(db: Db, slug: string): Promise<{ dealerId: string; feedId: string; fileName: string }> {
  const dealer = await findOrCreateDealer(db.sql, { slug, plan: "NONE" });
  const fileName = `${slug}.csv`;
  const feed = await findOrCreateFeed(db.sql, { dealerId: dealer.id, location: { fileName }, format: "csv" });
  return { dealerId: dealer.id, feedId: feed.id, fileName };
}

export async function runWriteScenario(spec: { rows: number; reps: number; naive: boolean; db: DbSpec }): Promise<WriteScenarioResult> {
  const db = await openScenarioDb(spec.db);
  try {
    await createFloorTable(db);
    const all = cases(spec.rows);
    const prepared = all.map((c) => prepareSkuUpdates(c.records));
    // Warm-up (not timed): JIT, Prisma's first queries and the statements' first plans, as in a running server.
    const warm = cases(200, "write-warmup");
    const warmOurs = await newDealer(db, "write-warmup-ours");
    const warmBatch = await newDealer(db, "write-warmup-batch");
    const warmUpsert = await newDealer(db, "write-warmup-upsert");
    for (const c of warm) {
      await oursWrite(db, warmOurs, c.text);
      await batchWrite(db, warmBatch.dealerId, warmBatch.feedId, prepareSkuUpdates(c.records));
      await upsertPerRecordWrite(db, warmUpsert.dealerId, warmUpsert.feedId, prepareSkuUpdates(c.records));
      await copyFloor(db, floorRows(warmOurs.dealerId, warmOurs.feedId, prepareSkuUpdates(c.records)));
      await copyIndexedFloor(db, floorRows(warmOurs.dealerId, warmOurs.feedId, prepareSkuUpdates(c.records)));
    }
    progress(`  write ${spec.rows} rows: warmed up`);

    const ours: OursWriteResult[][] = all.map(() => []);
    const floors: number[][] = all.map(() => []);
    const indexedFloors: number[][] = all.map(() => []);
    const batches: Array<BatchWriteResult | null> = all.map(() => null);
    const upserts: Array<UpsertWriteResult | null> = all.map(() => null);

    for (let rep = 0; rep < spec.reps; rep++) {
      const oursDealer = await newDealer(db, `write-ours-${rep}`);
      const batchDealer = spec.naive && rep === 0 ? await newDealer(db, "write-batch") : null;
      const upsertDealer = spec.naive && rep === 0 ? await newDealer(db, "write-upsert") : null;
      for (const [i, c] of all.entries()) {
        resetSqlProfile();
        if (rep === 0) await startCpuProfile();
        const o = await oursWrite(db, oursDealer, c.text);
        if (rep === 0) {
          await stopCpuProfile(`write-${spec.rows}-ours-${c.name}`);
          dumpSqlProfile(`write-${spec.rows}-ours-${c.name}`, 12);
        }
        ours[i]!.push(o);
        const rows = floorRows(oursDealer.dealerId, oursDealer.feedId, prepared[i]!);
        const floorMs = await copyFloor(db, rows);
        floors[i]!.push(floorMs);
        indexedFloors[i]!.push(await copyIndexedFloor(db, rows));
        let line = `  write ${spec.rows} rows, ${c.name}, rep ${rep + 1}/${spec.reps}: ours ${Math.round(o.totalMs)} ms, floor ${Math.round(floorMs)} ms`;
        if (batchDealer) {
          const n = await batchWrite(db, batchDealer.dealerId, batchDealer.feedId, prepared[i]!);
          batches[i] = n;
          line += `, §1.3 batch ${Math.round(n.totalMs)} ms (find ${Math.round(n.findMs)}, createMany ${Math.round(n.createMs)}, ${n.updated} updates ${Math.round(n.updateMs)})`;
        }
        if (upsertDealer) {
          const u = await upsertPerRecordWrite(db, upsertDealer.dealerId, upsertDealer.feedId, prepared[i]!);
          upserts[i] = u;
          line += `, upsert per record ${Math.round(u.totalMs)} ms (${u.upserts} upserts)`;
        }
        progress(line);
      }
    }

    const results: WriteCaseResult[] = all.map((c, i) => {
      const samples = ours[i]!;
      const oursMs = median(samples.map((o) => o.totalMs));
      const floorMs = median(floors[i]!);
      const n = batches[i];
      const u = upserts[i];
      const pick = (key: "copyMs" | "planMs" | "writeMs" | "finalizeMs") => round(median(samples.map((o) => o[key])));
      return {
        case: c.name,
        rows: spec.rows,
        written: samples[0]!.created + samples[0]!.changed,
        upsertMs: u ? round(u.totalMs) : null,
        batchMs: n ? round(n.totalMs) : null,
        batchDetail: n ? { findMs: round(n.findMs), createMs: round(n.createMs), updateMs: round(n.updateMs) } : null,
        oursMs: round(oursMs),
        oursSamples: samples.map((o) => round(o.totalMs)),
        oursDetail: { copyMs: pick("copyMs"), planMs: pick("planMs"), writeMs: pick("writeMs"), finalizeMs: pick("finalizeMs") },
        floorMs: round(floorMs, 1),
        floorSamples: floors[i]!.map((f) => round(f, 1)),
        indexedFloorMs: round(median(indexedFloors[i]!), 1),
        upsertOverOurs: u ? ratio(u.totalMs, oursMs) : null,
        batchOverOurs: n ? ratio(n.totalMs, oursMs) : null,
        oursOverFloor: ratio(oursMs, floorMs) ?? NaN,
      };
    });
    await dropFloorTable(db);
    return { rows: spec.rows, reps: spec.reps, cases: results };
  } finally {
    await closeScenarioDb(spec.db);
  }
}
