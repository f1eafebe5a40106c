import { classifyChange, contentHash, identityKey } from "../identity";
import { round } from "../normalise/text";
import type { FeedRecord } from "../types";
import { makeListing, skuPrefix } from "./listing";
import { hashSeed, Rng } from "./prng";

export type FeedChangeKind = "CREATED" | "PRICE_CHANGE" | "STOCK_CHANGE" | "ATTRIBUTE_CHANGE" | "VANISHED";

export interface FeedChange {
  identity: string;
  kind: FeedChangeKind;
}

export interface MutateOptions {
  seed: string | number;
  /** Share of listings changed in place (price ~70%, stock ~20%, other attributes ~10%). */
  changeRate: number;
  /** Share of listings dropped from the feed. */
  vanishRate?: number;
  /** New listings, as a share of the previous count. */
  newRate?: number;
}

function changePrice(record: FeedRecord, rng: Rng): FeedRecord {
  const delta = rng.between(0.03, 0.15) * (rng.chance(0.5) ? 1 : -1);
  let price = round(record.price * (1 + delta), 2);
  if (price === record.price || price <= 0) price = round(record.price + 0.01, 2);
  const pricePerRound = record.roundCount === null ? null : round(price / record.roundCount, 4);
  return { ...record, price, pricePerRound };
}

/** Changes something that is neither price nor stock, and never the listing's identity. */
function changeAttribute(record: FeedRecord, rng: Rng): FeedRecord {
  if (record.url !== null) {
    const url = new URL(record.url);
    url.searchParams.set("rev", String(rng.int(2, 99_999)));
    return { ...record, url: url.href };
  }
  if (record.sku !== null || record.upc !== null) return { ...record, title: `${record.title} (New Packaging)` };
  return { ...record, caseType: record.caseType === "brass" ? "nickel" : "brass" };
}

/** Picks `count` distinct positions out of `total` (partial Fisher-Yates). */
function pickPositions(total: number, count: number, rng: Rng): number[] {
  const positions = Array.from({ length: total }, (_, i) => i);
  const picked: number[] = [];
  for (let i = 0; i < Math.min(count, total); i += 1) {
    const j = rng.int(i, total - 1);
    const a = positions[i] ?? i;
    const b = positions[j] ?? j;
    positions[i] = b;
    positions[j] = a;
    picked.push(b);
  }
  return picked;
}

/**
 * The next version of a feed: about `changeRate` of the listings changed (mostly price, some
 * stock, a few attributes), optionally some vanished and some new. Unchanged listings keep every
 * field, so their identity and content hash stay the same. Returns what changed, per identity.
 */
export function mutateListings(previous: readonly FeedRecord[], opts: MutateOptions): { records: FeedRecord[]; changes: FeedChange[] } {
  const rng = new Rng(hashSeed("mutate", opts.seed));
  const changeCount = Math.round(previous.length * opts.changeRate);
  const vanishCount = Math.round(previous.length * (opts.vanishRate ?? 0));
  const newCount = Math.round(previous.length * (opts.newRate ?? 0));
  const picked = pickPositions(previous.length, changeCount + vanishCount, rng);
  const changed = new Map<number, FeedChangeKind>();
  picked.forEach((position, i) => {
    const kind: FeedChangeKind =
      i >= changeCount
        ? "VANISHED"
        : rng.weighted<FeedChangeKind>([
            ["PRICE_CHANGE", 0.7],
            ["STOCK_CHANGE", 0.2],
            ["ATTRIBUTE_CHANGE", 0.1],
          ]);
    changed.set(position, kind);
  });

  const records: FeedRecord[] = [];
  const changes: FeedChange[] = [];
  previous.forEach((record, position) => {
    const kind = changed.get(position);
    if (kind !== undefined) changes.push({ identity: identityKey(record), kind });
    if (kind === "VANISHED") return;
    if (kind === "PRICE_CHANGE") records.push(changePrice(record, rng));
    else if (kind === "STOCK_CHANGE") records.push({ ...record, inStock: !record.inStock });
    else if (kind === "ATTRIBUTE_CHANGE") records.push(changeAttribute(record, rng));
    else records.push(record);
  });
  const prefix = `${skuPrefix(opts.seed)}N`;
  for (let k = 0; k < newCount; k += 1) {
    const sku = `${prefix}-${String(k + 1).padStart(6, "0")}`;
    const record = makeListing(opts.seed, 1_000_000_000 + k, sku);
    records.push(record);
    changes.push({ identity: identityKey(record), kind: "CREATED" });
  }
  return { records, changes };
}

/**
 * How one version of a feed differs from the previous, per identity (DOMAIN.md change types, plus
 * VANISHED). Unchanged listings are left out. Later duplicates of an identity override earlier ones.
 */
export function diffFeeds(previous: readonly FeedRecord[], next: readonly FeedRecord[]): FeedChange[] {
  const before = new Map(previous.map((record) => [identityKey(record), record]));
  const after = new Map(next.map((record) => [identityKey(record), record]));
  const changes: FeedChange[] = [];
  for (const [identity, record] of after) {
    const old = before.get(identity);
    if (old === undefined) changes.push({ identity, kind: "CREATED" });
    else if (contentHash(old) !== contentHash(record)) changes.push({ identity, kind: classifyChange(old, record) });
  }
  for (const identity of before.keys()) if (!after.has(identity)) changes.push({ identity, kind: "VANISHED" });
  return changes;
}
