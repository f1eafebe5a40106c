import { memoByValue } from "./memo";
import { BRANDS } from "./brand-table";
import { PhraseMatcher, type PhraseMatch } from "./phrase-matcher";
import { cleanCell, isBlankWord, matchText } from "./text";

const matcher = new PhraseMatcher(BRANDS);
const makerOf = new Map(BRANDS.flatMap((brand) => (brand.maker ? [[brand.name, brand.maker] as const] : [])));

/** A brand column value in canonical spelling (`Federal Premium` → `Federal`); `null` if unknown. */
export const canonicalBrand = memoByValue(function canonicalBrand(value: string | null | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  return matcher.first(matchText(cleaned))?.name ?? null;
});

/**
 * The brand named in free text. A product line beats its maker when both appear
 * (`Federal American Eagle` → `American Eagle`); otherwise the first brand written wins.
 * Pass text with the caliber blanked out, so `.223 Remington` or `.338 Lapua` do not read as brands.
 */
export function findBrand(text: string): PhraseMatch | null {
  const matches = matcher.all(matchText(text));
  const first = matches[0];
  if (!first) return null;
  const line = matches.find((match) => makerOf.get(match.name) === first.name);
  return line ?? first;
}

/**
 * The listing's brand: the column's (canonical if known, else as written) unless the title names
 * a product line of that same maker, which is more specific.
 */
export function resolveBrand(column: string | null | undefined, titleWithoutCaliber: string): string | null {
  const fromColumn = canonicalBrand(column);
  const fromTitle = findBrand(titleWithoutCaliber)?.name ?? null;
  if (fromColumn) {
    return fromTitle && makerOf.get(fromTitle) === fromColumn ? fromTitle : fromColumn;
  }
  const cleaned = cleanCell(column);
  if (cleaned !== null && !isBlankWord(cleaned)) return cleaned.slice(0, 64);
  return fromTitle;
}
