/** Builds the seeded template: the migrated template plus the other dealers, each after its first full run. */
import fs from "node:fs/promises";
import { closeDb, getDb } from "@/lib/db";
import type { OtherDealer } from "../types";
import { seedOtherDealers } from "../support/dealers";
import { removeDir } from "../support/database";
import { copyDir } from "../support/template-cache";

export async function runSeedScenario(spec: { templateDir: string; outDir: string; others: readonly OtherDealer[] }) {
  const t0 = performance.now();
  await removeDir(spec.outDir);
  await copyDir(spec.templateDir, spec.outDir);
  process.env.PIPELINE_DATA_DIR = spec.outDir;
  const db = await getDb();
  try {
    const listings = await seedOtherDealers(db, spec.others);
    return { kind: "seed" as const, others: spec.others.length, listings, ms: Math.round(performance.now() - t0) };
  } finally {
    await closeDb();
    await fs.rm(`${spec.outDir}.lock`, { force: true });
  }
}
