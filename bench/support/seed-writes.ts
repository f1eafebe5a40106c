/**
 * The seed's two ingest writes, on our DealerSku table, for the write comparison:
 * - `upsertPerRecordWrite`: its current path, one Prisma upsert per record (the naive path the goals compare with);
 * - `batchWrite`: the batch path its §1.3 proposes instead: batch-fetch the existing listings by hash, then one
 *   Prisma `createMany` for the new ones and one `$transaction` of per-row `update`s for the changed ones;
 *   unchanged rows are skipped.
 * Both do less than the ingest: no staging, no change classification, no deactivation of vanished listings, no run
 * state.
 */
import type { Db } from "@/lib/db";
import { contentHash, identityKey } from "@/lib/feeds/identity";
import type { FeedRecord } from "@/lib/feeds/types";

export interface SkuUpdate {
  /** The seed's dealerSkuHash; here the listing's identity key (the seed's includes the price: DOMAIN.md's flaw). */
  identityKey: string;
  contentHash: string;
  data: Omit<FeedRecord, never>;
}

/** The seed collects these first (hashing every record); prepared outside the timed write, like parsing. */
export function prepareSkuUpdates(records: readonly FeedRecord[]): SkuUpdate[] {
  return records.map((record) => ({ identityKey: identityKey(record), contentHash: contentHash(record), data: record }));
}

export interface BatchWriteResult {
  findMs: number;
  createMs: number;
  updateMs: number;
  totalMs: number;
  created: number;
  updated: number;
  unchanged: number;
}

export async function batchWrite(db: Db, dealerId: string, feedId: string, skuUpdates: readonly SkuUpdate[]): Promise<BatchWriteResult> {
  const { prisma } = db;
  const t0 = performance.now();
  // Batch fetch existing SKUs
  const existingSkus = await prisma.dealerSku.findMany({
    where: { dealerId, identityKey: { in: skuUpdates.map((s) => s.identityKey) } },
    select: { id: true, identityKey: true, contentHash: true },
  });
  const existingMap = new Map(existingSkus.map((s) => [s.identityKey, s]));

  // Partition into creates vs updates vs unchanged
  const toCreate: SkuUpdate[] = [];
  const toUpdate: Array<SkuUpdate & { id: string }> = [];
  const unchanged: string[] = [];
  for (const sku of skuUpdates) {
    const existing = existingMap.get(sku.identityKey);
    if (!existing) toCreate.push(sku);
    else if (existing.contentHash !== sku.contentHash) toUpdate.push({ ...sku, id: existing.id });
    else unchanged.push(existing.id);
  }
  const t1 = performance.now();

  // Batch create new SKUs
  if (toCreate.length > 0) {
    await prisma.dealerSku.createMany({
      data: toCreate.map((s) => ({ ...s.data, dealerId, feedId, identityKey: s.identityKey, contentHash: s.contentHash, lastChangeType: "CREATED" as const })),
    });
  }
  const t2 = performance.now();

  // Batch update changed SKUs
  if (toUpdate.length > 0) {
    await prisma.$transaction(
      toUpdate.map((s) => prisma.dealerSku.update({ where: { id: s.id }, data: { ...s.data, contentHash: s.contentHash } })),
    );
  }
  const t3 = performance.now();
  return {
    findMs: t1 - t0,
    createMs: t2 - t1,
    updateMs: t3 - t2,
    totalMs: t3 - t0,
    created: toCreate.length,
    updated: toUpdate.length,
    unchanged: unchanged.length,
  };
}

export interface UpsertWriteResult {
  totalMs: number;
  upserts: number;
}

/**
 * The seed's current ingest write, as it describes it ("Sequential record processing"; §1.3 "Replace sequential
 * upserts"): one Prisma `upsert` per record, one after another, on the listing's unique key, every record
 * written whether it changed or not.
 */
export async function upsertPerRecordWrite(db: Db, dealerId: string, feedId: string, skuUpdates: readonly SkuUpdate[]): Promise<UpsertWriteResult> {
  const { prisma } = db;
  const t0 = performance.now();
  for (const s of skuUpdates) {
    await prisma.dealerSku.upsert({
      where: { dealerId_identityKey: { dealerId, identityKey: s.identityKey } },
      create: { ...s.data, dealerId, feedId, identityKey: s.identityKey, contentHash: s.contentHash, lastChangeType: "CREATED" },
      update: { ...s.data, contentHash: s.contentHash },
    });
  }
  return { totalMs: performance.now() - t0, upserts: skuUpdates.length };
}
