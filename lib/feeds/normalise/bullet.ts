import { memoByValue } from "./memo";
import { PhraseMatcher, type PhraseEntry } from "./phrase-matcher";
import { cleanCell, isBlankWord, matchText } from "./text";

const S = "[\\s-]*";

/**
 * Canonical bullet (or shot) types and their spellings; branded designs map to the type they are
 * (`HST`, `Gold Dot`, `XTP` are jacketed hollow points; `Critical Defense` is an FTX load).
 * Specific before general: `sjhp` before `jhp` before `hp`.
 */
const BULLET_TYPES: PhraseEntry[] = [
  { name: "V-MAX", patterns: [`v${S}max`] },
  { name: "ELD-X", patterns: [`eld${S}x`] },
  { name: "ELD Match", patterns: [`eld${S}(?:match|m)`] },
  { name: "A-MAX", patterns: [`a${S}max`] },
  { name: "FTX", patterns: ["ftx", `flex${S}tip`, `critical${S}(?:defense|duty)`] },
  {
    name: "BTHP",
    patterns: ["bthp", "hpbt", "otm", `open${S}tip${S}match`, `boat${S}tail${S}hollow${S}point`, "matchking", "smk"],
  },
  { name: "SJHP", patterns: ["sjhp", `semi${S}jacketed${S}hollow${S}point`] },
  { name: "SJSP", patterns: ["sjsp", `semi${S}jacketed${S}soft${S}point`] },
  {
    name: "JHP",
    patterns: [
      "jhp",
      `jacketed${S}hollow${S}points?`,
      "hst",
      "xtp",
      `gold${S}dot`,
      "gdhp",
      `hydra${S}shok`,
      `golden${S}saber`,
      `ranger${S}t`,
    ],
  },
  { name: "JSP", patterns: ["jsp", `jacketed${S}soft${S}points?`] },
  { name: "TMJ", patterns: ["tmj", `total${S}metal${S}(?:jacket|case)`, "tmc"] },
  {
    name: "FMJ",
    patterns: [`fmj(?:${S}bt)?`, `full${S}metal${S}jacket`, `full${S}metal${S}case`, "fmc", `metal${S}case`, "mc", "ball"],
  },
  { name: "Polymer Tip", patterns: [`polymer${S}tip(?:ped)?`, `ballistic${S}tip`, "sst", "accubond"] },
  { name: "Solid Copper", patterns: [`solid${S}copper`, "tsx", "ttsx", `copper${S}(?:solid|monolithic)`] },
  { name: "Frangible", patterns: ["frangible"] },
  { name: "LRN", patterns: ["lrn", `lead${S}round${S}nose`, `solid${S}points?`] },
  { name: "SWC", patterns: ["l?swc", `semi${S}wad${S}cutter`] },
  { name: "WC", patterns: ["l?wc", `wad${S}cutter`] },
  { name: "SP", patterns: ["p?sp", `(?:pointed${S})?soft${S}points?`, "interlock"] },
  { name: "HP", patterns: ["hp", `hollow${S}points?`] },
  { name: "RN", patterns: ["rn", "cprn", `(?:copper${S}plated${S})?round${S}nose`] },
  { name: "FN", patterns: ["fp", "jfp", `flat${S}(?:nose|point)`] },
  { name: "Buckshot", patterns: ["buckshot", `(?:0{1,3}|#?[1-4]|bb|t)${S}buck`, `buck${S}shot`] },
  { name: "Slug", patterns: [`(?:rifled${S}|sabot${S}|foster${S})?slugs?`] },
  {
    name: "Birdshot",
    patterns: [`bird${S}shot`, `(?:steel|lead|bismuth|tungsten)${S}shot`, `#${S}\\d(?:\\.\\d)?${S}shot`, `target${S}loads?`, `game${S}loads?`, "dove", "upland", "trap", "skeet"],
  },
];

const matcher = new PhraseMatcher(BULLET_TYPES);

export function bulletTypeFromText(text: string): string | null {
  return matcher.first(matchText(text))?.name ?? null;
}

/** A bullet-type column value in canonical form; unknown values are kept as written (short). */
export const parseBulletType = memoByValue(function parseBulletType(value: string | null | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  return bulletTypeFromText(cleaned) ?? cleaned.slice(0, 32);
});

export function resolveBulletType(column: string | null | undefined, titleWithoutCaliber: string): string | null {
  return parseBulletType(column) ?? bulletTypeFromText(titleWithoutCaliber);
}
