/** Deterministic, varied ammunition products for embedding tests. */
import type { SemanticFields } from "@/lib/embeddings/text";

const BRANDS = ["Federal", "Hornady", "Winchester", "Remington", "CCI", "PMC", "Fiocchi", "Sellier & Bellot", "Magtech",
  "Speer", "Nosler", "Barnes", "Tula", "Wolf", "Aguila", "Blazer", "Sig Sauer", "Underwood", "Buffalo Bore", "Norma"];
const LINES = ["American Eagle", "Critical Defense", "Super-X", "UMC", "Gold Dot", "Bronze", "Training", "Precision Hunter",
  "Match", "Steel Case", "V-Crown", "Elite", "Xtreme Defender", "Vital-Shok", "Black"];
const LOADS: Array<{ caliber: string; grains: number[]; category: string }> = [
  { caliber: "9mm", grains: [115, 124, 147], category: "handgun ammunition" },
  { caliber: ".45 ACP", grains: [185, 200, 230], category: "handgun ammunition" },
  { caliber: ".40 S&W", grains: [155, 165, 180], category: "handgun ammunition" },
  { caliber: ".380 ACP", grains: [90, 95, 100], category: "handgun ammunition" },
  { caliber: "10mm Auto", grains: [155, 180, 200], category: "handgun ammunition" },
  { caliber: ".38 Special", grains: [110, 125, 158], category: "handgun ammunition" },
  { caliber: ".357 Magnum", grains: [125, 158, 180], category: "handgun ammunition" },
  { caliber: ".223 Remington", grains: [55, 62, 77], category: "rifle ammunition" },
  { caliber: "5.56 NATO", grains: [55, 62, 77], category: "rifle ammunition" },
  { caliber: ".308 Winchester", grains: [150, 165, 168, 175], category: "rifle ammunition" },
  { caliber: "6.5 Creedmoor", grains: [120, 140, 143, 147], category: "rifle ammunition" },
  { caliber: "7.62x39mm", grains: [122, 123, 124], category: "rifle ammunition" },
  { caliber: ".300 Blackout", grains: [110, 125, 220], category: "rifle ammunition" },
  { caliber: "12 Gauge", grains: [0], category: "shotgun shells" },
  { caliber: "20 Gauge", grains: [0], category: "shotgun shells" },
  { caliber: ".22 LR", grains: [36, 40], category: "rimfire ammunition" },
];
const BULLETS = ["FMJ", "JHP", "HP", "SP", "BTHP", "OTM", "FTX", "V-MAX", "TMJ", "ELD-X", "Buckshot", "Slug"];
const PURPOSES = ["range", "target practice", "self-defense", "hunting", "competition", "plinking"];
const PHRASES = [
  "Reliable feeding and consistent velocity",
  "boxer-primed, reloadable brass cases",
  "low recoil for extended sessions",
  "controlled expansion and deep penetration",
  "match-grade accuracy at long range",
  "non-corrosive primers, clean burning powder",
  "sealed primer and case mouth for all-weather use",
  "ideal for high-volume training",
];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

export function makeProduct(i: number): SemanticFields {
  const load = pick(LOADS, i * 7 + 3);
  const grain = pick(load.grains, i * 11);
  const brand = pick(BRANDS, i * 13 + 1);
  const bullet = pick(BULLETS, i * 5 + (i >> 3));
  const line = pick(LINES, i * 3 + (i >> 5));
  const rounds = pick([20, 25, 50, 100, 250, 500, 1000], i * 17);
  return {
    name: `${brand} ${line} ${load.caliber}${grain ? ` ${grain}gr` : ""} ${bullet} - ${rounds} Rounds #${i}`,
    description: `${pick(PHRASES, i)}; ${pick(PHRASES, i * 3 + 1).toLowerCase()}. Lot ${1000 + (i % 8999)}.`,
    brand,
    caliber: load.caliber,
    purpose: pick(PURPOSES, i * 19 + 2),
    category: load.category,
    bulletType: bullet,
    grainWeight: grain || null,
  };
}

export function makeProducts(n: number, offset = 0): SemanticFields[] {
  return Array.from({ length: n }, (_, i) => makeProduct(offset + i));
}
