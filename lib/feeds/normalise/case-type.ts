import { memoByValue } from "./memo";
import { PhraseMatcher } from "./phrase-matcher";
import { cleanCell, isBlankWord, matchText } from "./text";

const S = "[\\s-]*";

/** Cartridge case materials. "Steel" alone is a case only when it is not steel shot. */
const matcher = new PhraseMatcher([
  { name: "nickel", patterns: [`nickel${S}(?:plated${S})?(?:brass${S})?(?:cased?)?`, "nickel"] },
  { name: "aluminum", patterns: [`alumin(?:i)?um${S}(?:cased?)?`, `alum${S}cased?`, "al(?=\\s*case)"] },
  { name: "steel", patterns: [`(?:lacquered|polymer${S}coated|coated)${S}steel`, `steel${S}cased?`, `steel(?!${S}shot)`] },
  { name: "brass", patterns: [`brass${S}cased?`, "brass"] },
]);

export function caseTypeFromText(text: string): string | null {
  return matcher.first(matchText(text))?.name ?? null;
}

/** A case column value (`Brass`, `Steel Case`, `Nickel-Plated`) as brass/steel/nickel/aluminum. */
export const parseCaseType = memoByValue(function parseCaseType(value: string | null | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  return caseTypeFromText(cleaned) ?? cleaned.toLowerCase().slice(0, 32);
});

export function resolveCaseType(column: string | null | undefined, titleWithoutCaliber: string): string | null {
  return parseCaseType(column) ?? caseTypeFromText(titleWithoutCaliber);
}
