/**
 * Ammunition brands: canonical name, the spellings dealers use (regex sources over lowercased text)
 * and, for product lines sold under their own name, the maker (`American Eagle` is Federal's).
 * Longer spellings come first where one starts another (`federal premium` before `federal`).
 */
export interface BrandEntry {
  name: string;
  patterns: string[];
  maker?: string;
}

const S = "[\\s-]*";

export const BRANDS: BrandEntry[] = [
  { name: "American Eagle", patterns: [`american${S}eagle`, `ae(?=${S}\\d)`], maker: "Federal" },
  { name: "Federal", patterns: [`federal${S}(?:premium|ammunition|cartridge)`, "federal"] },
  { name: "Blazer", patterns: [`cci${S}blazer`, "blazer"], maker: "CCI" },
  { name: "CCI", patterns: ["cci"] },
  { name: "Speer", patterns: ["speer"] },
  { name: "Hornady", patterns: ["hornady"] },
  { name: "Winchester", patterns: [`winchester${S}(?:ammunition|ammo|usa|white${S}box)`, "winchester"] },
  { name: "Remington", patterns: [`remington${S}(?:ammunition|ammo|umc)`, "remington", "umc"] },
  { name: "PMC", patterns: [`pmc${S}(?:ammunition|ammo)`, "pmc", `precision${S}made${S}cartridges`] },
  { name: "Fiocchi", patterns: ["fiocchi"] },
  { name: "Sellier & Bellot", patterns: [`sellier${S}(?:&|and|&amp;)?${S}bellot`, "s\\s*&\\s*b", "sellier"] },
  { name: "Magtech", patterns: [`mag${S}tech`] },
  { name: "Aguila", patterns: ["aguila"] },
  { name: "Wolf", patterns: [`wolf${S}(?:ammunition|ammo|gold|performance)`, "wolf"] },
  { name: "Tula", patterns: [`tula${S}(?:ammo|ammunition|cartridge(?:${S}works)?)`, "tulammo", "tula"] },
  { name: "Barnaul", patterns: [`barnaul${S}(?:ammo|ammunition|cartridge(?:${S}plant)?)`, "barnaul"] },
  { name: "Nosler", patterns: ["nosler"] },
  { name: "Sig Sauer", patterns: [`sig${S}sauer`, "sig"] },
  { name: "Underwood", patterns: [`underwood${S}(?:ammo|ammunition)`, "underwood"] },
  { name: "Norma", patterns: ["norma"] },
  { name: "Prvi Partizan", patterns: [`prvi${S}partizan`, "ppu", "prvi"] },
  { name: "Geco", patterns: ["geco"] },
  { name: "Browning", patterns: [`browning${S}(?:ammo|ammunition)`, "browning"] },
  { name: "Lapua", patterns: ["lapua"] },
  { name: "Sierra", patterns: [`sierra${S}bullets`, "sierra"] },
  { name: "Barnes", patterns: [`barnes${S}bullets`, "barnes"] },
  { name: "Berger", patterns: [`berger${S}bullets`, "berger"] },
  { name: "Black Hills", patterns: [`black${S}hills${S}(?:ammunition|ammo|gold)`, `black${S}hills`] },
  { name: "Buffalo Bore", patterns: [`buffalo${S}bore`] },
  { name: "Cor-Bon", patterns: [`cor${S}bon`] },
  { name: "DoubleTap", patterns: [`double${S}tap`] },
  { name: "Lehigh Defense", patterns: [`lehigh${S}defense`, "lehigh"] },
  { name: "Liberty", patterns: [`liberty${S}(?:ammunition|ammo)`] },
  { name: "HSM", patterns: [`hsm${S}(?:ammunition|ammo)`, "hsm"] },
  { name: "Armscor", patterns: ["armscor", `rock${S}island${S}armory`] },
  { name: "Ammo Inc", patterns: [`ammo${S}inc\\.?`] },
  { name: "Wilson Combat", patterns: [`wilson${S}combat`] },
  { name: "Estate", patterns: [`estate${S}(?:cartridge|ammo)`, "estate"] },
  { name: "Kent", patterns: [`kent${S}cartridge`] },
  { name: "Rio", patterns: [`rio${S}(?:ammunition|ammo|royal)`] },
  { name: "Igman", patterns: ["igman"] },
  { name: "Sterling", patterns: [`sterling${S}(?:ammunition|ammo)`] },
  { name: "Herter's", patterns: ["herter'?s"] },
  { name: "Weatherby", patterns: ["weatherby"] },
  { name: "Steinel", patterns: [`steinel${S}(?:ammunition|ammo)`, "steinel"] },
  { name: "Military Surplus", patterns: [`military${S}surplus`, "surplus"] },
];
