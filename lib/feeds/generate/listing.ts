import { round } from "../normalise/text";
import type { FeedRecord } from "../types";
import { BRAND_SPECS, BULLET_SPELLINGS, CALIBER_SPECS, CASE_SPELLINGS, SHOTSHELL_DETAIL, type CaliberSpec } from "./catalog";
import { hashSeed, Rng } from "./prng";

/** Bullet types that sell at the upper end of a caliber's price range. */
const PREMIUM_BULLETS = new Set(["JHP", "FTX", "BTHP", "ELD Match", "ELD-X", "V-MAX", "Polymer Tip"]);

const CALIBER_WEIGHTS = CALIBER_SPECS.map((spec) => [spec, spec.weight] as const);

/** A valid UPC-A: 11 digits and the GS1 check digit. About a third start with 0 (lost by spreadsheets). */
export function makeUpc(rng: Rng): string {
  const first = rng.chance(0.35) ? "0" : String(rng.int(1, 9));
  let body = first;
  for (let i = 0; i < 10; i += 1) body += String(rng.int(0, 9));
  let sum = 0;
  for (let i = 0; i < 11; i += 1) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

export function skuPrefix(seed: string | number): string {
  return `D${(hashSeed("sku", seed) % 0xffff).toString(16).toUpperCase().padStart(4, "0")}`;
}

export function dealerHost(seed: string | number): string {
  return `www.dealer-${(hashSeed("host", seed) % 0xffffff).toString(36)}.example`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

function countPhrase(rng: Rng, rounds: number): string {
  if (rounds >= 200) return rng.pick([`${rounds} Round Case`, `${rounds} Rounds`, `Case of ${rounds}`]);
  return rng.pick([`${rounds} Rounds`, `${rounds}rd`, `Box of ${rounds}`, `${rounds}/box`, `${rounds} Round Box`, `${rounds} Rds`]);
}

function grainPhrase(rng: Rng, grain: number): string {
  return rng.pick([`${grain}gr`, `${grain} Grain`, `${grain}-Grain`, `${grain} GR`]);
}

function priceFor(rng: Rng, spec: CaliberSpec, bullet: string, caseType: string | null, rounds: number): number {
  const [min, max] = spec.pricePerRound;
  const span = max - min;
  let low = min;
  let high = max;
  if (PREMIUM_BULLETS.has(bullet)) low = min + span * 0.6;
  else if (caseType === "steel") high = min + span * 0.4;
  else high = min + span * 0.8;
  // Cases of 1000 sell cheaper per round than boxes of 20.
  if (rounds >= 500) high = low + (high - low) * 0.6;
  return round(rng.between(low, high) * rounds, 2);
}

/**
 * Listing number `index` of a generated dealer feed: the same seed and index always give the same
 * listing, whatever the feed size, so feeds of any length can be streamed without holding them.
 */
export function makeListing(seed: string | number, index: number, skuText?: string): FeedRecord {
  const rng = new Rng(hashSeed("listing", seed, index));
  const spec = rng.weighted(CALIBER_WEIGHTS);
  const brands = BRAND_SPECS.filter((brand) => brand.kinds.includes(spec.kind));
  const brand = rng.weighted(brands.map((entry) => [entry, entry.weight] as const));
  const line = rng.pick(brand.lines);
  const bullet = rng.pick(spec.bullets);
  const grain = spec.grains.length === 0 ? null : rng.pick(spec.grains);
  const caseType = spec.kind === "shotgun" || (spec.kind === "rimfire" && rng.chance(0.5)) ? null : rng.pick(brand.cases);
  const rounds = rng.pick(spec.packs);

  const parts = [rng.pick(brand.titleNames), line, rng.pick(spec.spellings)];
  if (grain !== null) parts.push(grainPhrase(rng, grain));
  else parts.push(rng.pick(SHOTSHELL_DETAIL[bullet] ?? [""]));
  parts.push(rng.pick(BULLET_SPELLINGS[bullet] ?? [bullet]));
  if (caseType !== null) parts.push(rng.pick(CASE_SPELLINGS[caseType] ?? [caseType]));
  parts.push(countPhrase(rng, rounds));
  const title = parts.filter((part) => part !== "").join(" ");

  const price = priceFor(rng, spec, bullet, caseType, rounds);
  const sku = skuText ?? `${skuPrefix(seed)}-${String(index + 1).padStart(6, "0")}`;
  return {
    sku,
    upc: rng.chance(0.9) ? makeUpc(rng) : null,
    title,
    price,
    inStock: rng.chance(0.85),
    brand: brand.brand,
    caliber: spec.caliber,
    grainWeight: grain,
    roundCount: rounds,
    bulletType: bullet,
    caseType,
    url: `https://${dealerHost(seed)}/p/${slug(title)}-${sku.toLowerCase()}`,
    pricePerRound: round(price / rounds, 4),
  };
}
