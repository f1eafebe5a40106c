/**
 * Market data the generator draws from: real calibers with how dealers spell them, typical bullet
 * weights, bullet types, pack sizes and price-per-round ranges (USD, 2020s retail), and brands.
 */
export type Kind = "handgun" | "rifle" | "rimfire" | "shotgun";

export interface CaliberSpec {
  caliber: string; // canonical, as the normaliser returns it
  kind: Kind;
  weight: number; // how common among listings
  spellings: string[]; // each must normalise back to `caliber`
  grains: number[]; // empty for shotshells
  bullets: string[]; // canonical bullet types
  packs: number[];
  pricePerRound: [number, number];
}

export const CALIBER_SPECS: CaliberSpec[] = [
  { caliber: "9mm", kind: "handgun", weight: 22, spellings: ["9mm Luger", "9mm", "9x19mm", "9mm Parabellum", "9MM Luger"], grains: [115, 124, 147], bullets: ["FMJ", "FMJ", "JHP", "TMJ"], packs: [50, 50, 20, 1000], pricePerRound: [0.22, 0.45] },
  { caliber: ".380 ACP", kind: "handgun", weight: 5, spellings: [".380 ACP", "380 Auto", ".380 Auto"], grains: [90, 95, 100], bullets: ["FMJ", "JHP", "FTX"], packs: [50, 20], pricePerRound: [0.35, 0.7] },
  { caliber: ".40 S&W", kind: "handgun", weight: 5, spellings: [".40 S&W", "40 S&W", "40SW"], grains: [165, 180], bullets: ["FMJ", "JHP"], packs: [50, 20], pricePerRound: [0.3, 0.6] },
  { caliber: ".45 ACP", kind: "handgun", weight: 6, spellings: [".45 ACP", "45 Auto", ".45 Auto"], grains: [185, 230], bullets: ["FMJ", "JHP"], packs: [50, 20, 100], pricePerRound: [0.4, 0.8] },
  { caliber: ".38 Special", kind: "handgun", weight: 4, spellings: [".38 Special", "38 Spl", ".38 Spl"], grains: [125, 130, 158], bullets: ["FMJ", "JHP", "LRN"], packs: [50], pricePerRound: [0.4, 0.8] },
  { caliber: ".357 Magnum", kind: "handgun", weight: 3, spellings: [".357 Magnum", "357 Mag"], grains: [125, 158], bullets: ["JHP", "JSP", "FMJ"], packs: [50, 20], pricePerRound: [0.5, 1.0] },
  { caliber: "10mm Auto", kind: "handgun", weight: 2, spellings: ["10mm Auto", "10mm"], grains: [180, 200], bullets: ["FMJ", "JHP"], packs: [50, 20], pricePerRound: [0.5, 1.0] },
  { caliber: ".44 Magnum", kind: "handgun", weight: 1, spellings: [".44 Magnum", "44 Mag", ".44 Rem Mag"], grains: [240], bullets: ["JHP", "JSP"], packs: [50, 20], pricePerRound: [0.8, 1.6] },
  { caliber: "5.7x28mm", kind: "handgun", weight: 1, spellings: ["5.7x28mm"], grains: [40], bullets: ["FMJ", "V-MAX"], packs: [50], pricePerRound: [0.5, 0.9] },
  { caliber: ".22 LR", kind: "rimfire", weight: 9, spellings: [".22 LR", "22 Long Rifle", "22LR"], grains: [36, 40], bullets: ["LRN", "HP", "RN"], packs: [50, 100, 500], pricePerRound: [0.06, 0.15] },
  { caliber: ".22 WMR", kind: "rimfire", weight: 1, spellings: [".22 WMR", "22 Mag", ".22 Win Mag"], grains: [30, 40], bullets: ["JHP", "V-MAX"], packs: [50], pricePerRound: [0.2, 0.4] },
  { caliber: ".223 Remington", kind: "rifle", weight: 7, spellings: [".223 Remington", ".223 Rem", "223 Rem"], grains: [55, 62, 77], bullets: ["FMJ", "SP", "V-MAX", "BTHP"], packs: [20, 50, 1000], pricePerRound: [0.4, 0.8] },
  { caliber: "5.56 NATO", kind: "rifle", weight: 7, spellings: ["5.56x45mm NATO", "5.56 NATO", "5.56mm"], grains: [55, 62], bullets: ["FMJ", "FMJ", "SP"], packs: [20, 1000], pricePerRound: [0.4, 0.85] },
  { caliber: ".300 Blackout", kind: "rifle", weight: 3, spellings: [".300 Blackout", "300 AAC Blackout", "300 BLK"], grains: [110, 125, 220], bullets: ["FMJ", "BTHP", "Polymer Tip"], packs: [20, 50], pricePerRound: [0.7, 1.5] },
  { caliber: "7.62x39mm", kind: "rifle", weight: 5, spellings: ["7.62x39mm", "7.62x39"], grains: [122, 123, 124], bullets: ["FMJ", "HP", "SP"], packs: [20, 1000], pricePerRound: [0.3, 0.6] },
  { caliber: ".308 Winchester", kind: "rifle", weight: 5, spellings: [".308 Winchester", ".308 Win", "308 Win"], grains: [147, 150, 168, 175], bullets: ["FMJ", "SP", "BTHP", "ELD Match"], packs: [20, 200, 500], pricePerRound: [0.9, 2.0] },
  { caliber: "7.62x51mm", kind: "rifle", weight: 1, spellings: ["7.62x51mm NATO", "7.62x51mm"], grains: [147, 149], bullets: ["FMJ"], packs: [20, 500], pricePerRound: [0.85, 1.6] },
  { caliber: "6.5 Creedmoor", kind: "rifle", weight: 4, spellings: ["6.5 Creedmoor", "6.5mm Creedmoor", "6.5 CM"], grains: [120, 140, 143], bullets: ["BTHP", "ELD Match", "ELD-X", "SP"], packs: [20], pricePerRound: [1.0, 2.5] },
  { caliber: ".30-06 Springfield", kind: "rifle", weight: 2, spellings: [".30-06 Springfield", "30-06 Sprg", ".30-06"], grains: [150, 165, 180], bullets: ["SP", "BTHP", "Polymer Tip"], packs: [20], pricePerRound: [1.1, 2.5] },
  { caliber: ".270 Winchester", kind: "rifle", weight: 1, spellings: [".270 Winchester", "270 Win"], grains: [130, 140, 150], bullets: ["SP", "Polymer Tip"], packs: [20], pricePerRound: [1.1, 2.4] },
  { caliber: ".243 Winchester", kind: "rifle", weight: 1, spellings: [".243 Winchester", "243 Win"], grains: [80, 95, 100], bullets: ["SP", "Polymer Tip", "V-MAX"], packs: [20], pricePerRound: [1.0, 2.2] },
  { caliber: "7.62x54mmR", kind: "rifle", weight: 1, spellings: ["7.62x54R", "7.62x54mmR"], grains: [148, 174], bullets: ["FMJ", "SP"], packs: [20, 440], pricePerRound: [0.6, 1.2] },
  { caliber: "12 Gauge", kind: "shotgun", weight: 6, spellings: ["12 Gauge", "12ga", "12 GA"], grains: [], bullets: ["Buckshot", "Slug", "Birdshot"], packs: [5, 10, 25], pricePerRound: [0.5, 1.5] },
  { caliber: "20 Gauge", kind: "shotgun", weight: 2, spellings: ["20 Gauge", "20ga"], grains: [], bullets: ["Birdshot", "Slug", "Buckshot"], packs: [25, 5], pricePerRound: [0.45, 1.4] },
];

/** How bullet types appear in titles and bullet-type columns. */
export const BULLET_SPELLINGS: Record<string, string[]> = {
  FMJ: ["FMJ", "Full Metal Jacket", "FMJ"],
  JHP: ["JHP", "Jacketed Hollow Point"],
  TMJ: ["TMJ", "Total Metal Jacket"],
  FTX: ["FTX"],
  LRN: ["LRN", "Lead Round Nose"],
  HP: ["HP", "Hollow Point"],
  RN: ["RN", "Round Nose"],
  JSP: ["JSP", "Jacketed Soft Point"],
  SP: ["SP", "Soft Point"],
  "V-MAX": ["V-MAX", "VMAX"],
  BTHP: ["BTHP", "OTM", "HPBT"],
  "ELD Match": ["ELD Match"],
  "ELD-X": ["ELD-X"],
  "Polymer Tip": ["Polymer Tip", "Ballistic Tip"],
  Buckshot: ["00 Buck", "Buckshot"],
  Slug: ["Rifled Slug", "Slug"],
  Birdshot: ["#8 Shot", "#7.5 Shot", "Target Load"],
};

/** Shot loads carry a shell length and payload instead of a grain weight. */
export const SHOTSHELL_DETAIL: Record<string, string[]> = {
  Buckshot: ['2-3/4" 9 Pellet', '3" 15 Pellet'],
  Slug: ['2-3/4" 1 oz', '3" 1 oz'],
  Birdshot: ['2-3/4" 1 oz', '2-3/4" 1-1/8 oz'],
};

export const CASE_SPELLINGS: Record<string, string[]> = {
  brass: ["Brass", "Brass Case", "Brass Cased"],
  steel: ["Steel Case", "Steel Cased", "Steel"],
  nickel: ["Nickel", "Nickel Plated"],
  aluminum: ["Aluminum Case", "Aluminum"],
};

export interface BrandSpec {
  brand: string; // canonical, as the normaliser returns it
  titleNames: string[]; // how the title starts
  columnNames: string[]; // what a brand/manufacturer column says (may be the maker of a line)
  lines: string[];
  kinds: Kind[];
  cases: string[]; // case materials this brand's loads come in
  weight: number;
}

const ALL: Kind[] = ["handgun", "rifle", "rimfire", "shotgun"];
const CENTERFIRE: Kind[] = ["handgun", "rifle"];

export const BRAND_SPECS: BrandSpec[] = [
  { brand: "Federal", titleNames: ["Federal", "Federal Premium"], columnNames: ["Federal", "Federal Premium", "FEDERAL"], lines: ["", "Champion", "Gold Medal", "Power-Shok", "Personal Defense"], kinds: ALL, cases: ["brass", "brass", "nickel"], weight: 8 },
  { brand: "American Eagle", titleNames: ["American Eagle", "Federal American Eagle"], columnNames: ["American Eagle", "Federal"], lines: [""], kinds: ["handgun", "rifle", "rimfire"], cases: ["brass"], weight: 6 },
  { brand: "Hornady", titleNames: ["Hornady"], columnNames: ["Hornady", "Hornady Manufacturing"], lines: ["", "American Gunner", "Custom", "Black", "Precision Hunter"], kinds: CENTERFIRE, cases: ["brass", "nickel"], weight: 6 },
  { brand: "Winchester", titleNames: ["Winchester", "Winchester USA"], columnNames: ["Winchester", "Winchester Ammunition"], lines: ["", "Super-X", "Ranger"], kinds: ALL, cases: ["brass", "brass", "nickel"], weight: 7 },
  { brand: "Remington", titleNames: ["Remington", "Remington UMC"], columnNames: ["Remington", "Remington Ammunition"], lines: ["", "Core-Lokt", "HTP"], kinds: ALL, cases: ["brass", "nickel"], weight: 5 },
  { brand: "PMC", titleNames: ["PMC"], columnNames: ["PMC", "PMC Ammunition"], lines: ["", "Bronze", "X-TAC"], kinds: CENTERFIRE, cases: ["brass"], weight: 5 },
  { brand: "CCI", titleNames: ["CCI"], columnNames: ["CCI"], lines: ["", "Standard Velocity", "AR Tactical"], kinds: ["rimfire", "handgun"], cases: ["brass"], weight: 4 },
  { brand: "Blazer", titleNames: ["Blazer", "CCI Blazer"], columnNames: ["Blazer", "CCI"], lines: [""], kinds: ["handgun"], cases: ["brass", "aluminum"], weight: 4 },
  { brand: "Speer", titleNames: ["Speer"], columnNames: ["Speer"], lines: ["", "Lawman"], kinds: ["handgun"], cases: ["brass", "nickel"], weight: 3 },
  { brand: "Fiocchi", titleNames: ["Fiocchi"], columnNames: ["Fiocchi", "Fiocchi Ammunition"], lines: ["", "Range Dynamics", "Training Dynamics"], kinds: ALL, cases: ["brass"], weight: 4 },
  { brand: "Sellier & Bellot", titleNames: ["Sellier & Bellot", "S&B"], columnNames: ["Sellier & Bellot", "Sellier and Bellot", "S&B"], lines: [""], kinds: CENTERFIRE, cases: ["brass"], weight: 3 },
  { brand: "Magtech", titleNames: ["Magtech"], columnNames: ["Magtech"], lines: ["", "Sport Shooting"], kinds: ["handgun"], cases: ["brass", "nickel"], weight: 3 },
  { brand: "Aguila", titleNames: ["Aguila"], columnNames: ["Aguila"], lines: ["", "Super Extra"], kinds: ["handgun", "rimfire"], cases: ["brass"], weight: 2 },
  { brand: "Wolf", titleNames: ["Wolf"], columnNames: ["Wolf", "Wolf Ammunition"], lines: ["", "Polyformance", "Military Classic"], kinds: CENTERFIRE, cases: ["steel"], weight: 2 },
  { brand: "Tula", titleNames: ["Tula", "TulAmmo"], columnNames: ["Tula", "Tula Ammo"], lines: [""], kinds: CENTERFIRE, cases: ["steel"], weight: 2 },
  { brand: "Barnaul", titleNames: ["Barnaul"], columnNames: ["Barnaul"], lines: [""], kinds: CENTERFIRE, cases: ["steel"], weight: 1 },
  { brand: "Nosler", titleNames: ["Nosler"], columnNames: ["Nosler"], lines: ["", "Trophy Grade", "Match Grade"], kinds: ["rifle"], cases: ["brass"], weight: 1 },
  { brand: "Sig Sauer", titleNames: ["Sig Sauer", "SIG"], columnNames: ["Sig Sauer", "SIG SAUER"], lines: ["", "Elite Performance"], kinds: CENTERFIRE, cases: ["brass", "nickel"], weight: 2 },
  { brand: "Underwood", titleNames: ["Underwood"], columnNames: ["Underwood", "Underwood Ammo"], lines: ["", "Xtreme Defender"], kinds: ["handgun"], cases: ["nickel", "brass"], weight: 1 },
  { brand: "Norma", titleNames: ["Norma"], columnNames: ["Norma"], lines: ["", "Range & Training"], kinds: CENTERFIRE, cases: ["brass"], weight: 1 },
  { brand: "Prvi Partizan", titleNames: ["Prvi Partizan", "PPU"], columnNames: ["Prvi Partizan", "PPU"], lines: [""], kinds: CENTERFIRE, cases: ["brass"], weight: 2 },
  { brand: "Geco", titleNames: ["Geco"], columnNames: ["Geco"], lines: [""], kinds: ["handgun"], cases: ["brass"], weight: 1 },
  { brand: "Browning", titleNames: ["Browning"], columnNames: ["Browning", "Browning Ammunition"], lines: ["", "BPT"], kinds: ALL, cases: ["brass"], weight: 1 },
  { brand: "Lapua", titleNames: ["Lapua"], columnNames: ["Lapua"], lines: ["", "Scenar"], kinds: ["rifle"], cases: ["brass"], weight: 1 },
];
