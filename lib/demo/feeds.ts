/**
 * The embedded demo's dealers and their feeds. Each feed drifts about 1% per poll: listing i changes once
 * every 100 polls, at its own phase, so every poll changes a different 1% — deterministically, from the
 * clock alone, with no state to keep.
 */
import type { PlanName } from "@/inngest/events";
import { makeListing, renderFeed } from "@/lib/feeds/generate";
import { hashSeed, Rng } from "@/lib/feeds/generate/prng";
import { round } from "@/lib/feeds/normalise/text";
import type { FeedFamily, FeedFormat, FeedRecord } from "@/lib/feeds/types";

export interface DemoDealer {
  slug: string;
  name: string;
  plan: PlanName;
  skus: number;
  format: FeedFormat;
  family: FeedFamily;
  pollIntervalMinutes: number;
}

export const demoDealers: readonly DemoDealer[] = [
  { slug: "founders-armory", name: "Founders Armory", plan: "FOUNDING", skus: 5_000, format: "csv", family: "ammoseek", pollIntervalMinutes: 2 },
  { slug: "pro-ammo-depot", name: "Pro Ammo Depot", plan: "PRO", skus: 3_000, format: "json", family: "gunengine", pollIntervalMinutes: 1 },
  { slug: "range-day-supply", name: "Range Day Supply", plan: "STANDARD", skus: 800, format: "xml", family: "generic", pollIntervalMinutes: 1 },
  { slug: "backcountry-rounds", name: "Backcountry Rounds", plan: "STANDARD", skus: 800, format: "csv", family: "gunengine", pollIntervalMinutes: 2 },
  { slug: "hobby-shooter", name: "Hobby Shooter", plan: "NONE", skus: 150, format: "csv", family: "generic", pollIntervalMinutes: 1 },
  { slug: "national-outfitters", name: "National Outfitters", plan: "PRO", skus: 10_000, format: "csv", family: "ammoseek", pollIntervalMinutes: 5 },
];

const changeEvery = 100;

/** The listing as it stands after `version` changes: price moves within ±10%, sometimes the stock flips. */
function drifted(base: FeedRecord, seed: string, index: number, version: number): FeedRecord {
  if (version === 0) return base;
  const rng = new Rng(hashSeed("drift", seed, index, version));
  const inStock = rng.chance(0.2) ? !base.inStock : base.inStock;
  const price = round(base.price * (0.9 + rng.next() * 0.2), 2);
  return { ...base, price, inStock, pricePerRound: base.roundCount ? round(price / base.roundCount, 4) : null };
}

export function demoListings(dealer: DemoDealer, poll: number): FeedRecord[] {
  const records: FeedRecord[] = [];
  for (let index = 0; index < dealer.skus; index++) {
    const phase = hashSeed("phase", dealer.slug, index) % changeEvery;
    const version = Math.floor((poll + phase) / changeEvery);
    records.push(drifted(makeListing(dealer.slug, index), dealer.slug, index, version));
  }
  return records;
}

/** The poll number a time falls in, for a dealer's poll interval. */
export function pollNumber(dealer: DemoDealer, at: Date): number {
  return Math.floor(at.getTime() / (dealer.pollIntervalMinutes * 60_000));
}

export function renderDemoFeed(dealer: DemoDealer, at: Date): string {
  return renderFeed(demoListings(dealer, pollNumber(dealer, at)), dealer.format, dealer.family);
}

export const contentTypes: Record<FeedFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json",
  xml: "application/xml",
};
