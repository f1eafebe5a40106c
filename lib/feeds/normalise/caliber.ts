import { memoByValue } from "./memo";
import { BARE_CALIBER_VALUES, CALIBERS } from "./caliber-table";
import { PhraseMatcher, type PhraseMatch } from "./phrase-matcher";
import { cleanCell, isBlankWord, matchText } from "./text";

const matcher = new PhraseMatcher(CALIBERS);

/** The first caliber written in a title (or any free text), with its span in `matchText(text)`. */
export function findCaliber(text: string): PhraseMatch | null {
  return matcher.first(matchText(text));
}

/** A caliber column value in canonical spelling, or `null` when it names no known caliber. */
export const canonicalCaliber = memoByValue(function canonicalCaliber(value: string | null | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  const found = matcher.first(matchText(cleaned));
  if (found) return found.name;
  const bare = cleaned.toLowerCase().replace(/^cal(?:iber)?\s*/, "").replace(/[.\s-]/g, "");
  return BARE_CALIBER_VALUES[bare] ?? null;
});

/**
 * The listing's caliber: a recognised column value, else one found in the title, else the column
 * text as written (an unknown cartridge is still information), else `null`.
 */
export function resolveCaliber(
  column: string | null | undefined,
  title: string,
  titleMatch: PhraseMatch | null = findCaliber(title),
): string | null {
  const fromColumn = canonicalCaliber(column);
  if (fromColumn) return fromColumn;
  const fromTitle = titleMatch;
  if (fromTitle) return fromTitle.name;
  const cleaned = cleanCell(column);
  return cleaned === null || isBlankWord(cleaned) ? null : cleaned.slice(0, 64);
}
