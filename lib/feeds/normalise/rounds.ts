import { memoByValue } from "./memo";
import { cleanCell, isBlankWord, matchText } from "./text";

const MAX_ROUNDS = 20_000;

const NUMBER = "(\\d{1,3}(?:,\\d{3})+|\\d{1,5})";
const UNIT = "(?:rounds?|rnds?|rds?|ct|count|shells?|cartridges?|pk|pack|pcs)";
const CONTAINER = "(?:box|boxes|bx|case|can|pack|package|bag|tin|bucket|brick|carton)";
const LEFT = "(?<![\\w.,/#])";

/** Ordered by how directly they state the total: `10 boxes of 50` is 500, not 10 or 50. */
const PATTERNS: Array<{ regex: RegExp; total: (m: RegExpExecArray) => number }> = [
  {
    regex: new RegExp(`${LEFT}${NUMBER}[\\s-]*${CONTAINER}(?:es)?\\s*of\\s*${NUMBER}(?!\\d)`),
    total: (m) => toInt(m[1]) * toInt(m[2]),
  },
  { regex: new RegExp(`${LEFT}${NUMBER}[\\s-]*${UNIT}\\b`), total: (m) => toInt(m[1]) },
  { regex: new RegExp(`\\b(?:${CONTAINER}|pack|case)\\s*of\\s*${NUMBER}(?!\\d)`), total: (m) => toInt(m[1]) },
  { regex: new RegExp(`${LEFT}${NUMBER}\\s*(?:/|per)\\s*${CONTAINER}\\b`), total: (m) => toInt(m[1]) },
  { regex: new RegExp(`${LEFT}${NUMBER}[\\s-]*${CONTAINER}\\b`), total: (m) => toInt(m[1]) },
];

function toInt(text: string | undefined): number {
  return text === undefined ? Number.NaN : Number(text.replace(/,/g, ""));
}

function plausible(value: number): number | null {
  return Number.isInteger(value) && value >= 1 && value <= MAX_ROUNDS ? value : null;
}

/**
 * Round count (pack size) from free text: `50 Rounds`, `50rd`, `Box of 20`, `1000 Round Case`,
 * `20/box`, `10 Boxes of 50`. The earliest statement in the text wins within the most direct form.
 */
export function roundsFromText(text: string): number | null {
  const lowered = matchText(text);
  let best: { index: number; value: number } | null = null;
  for (const { regex, total } of PATTERNS) {
    const found = regex.exec(lowered);
    if (!found) continue;
    const value = plausible(total(found));
    // Ties go to the pattern listed first: `10 Boxes of 50` is also `10 Boxes` at the same place.
    if (value !== null && (best === null || found.index < best.index)) best = { index: found.index, value };
  }
  return best?.value ?? null;
}

/** A round-count column value: `50`, `1,000`, `50 rounds`, `Box of 20`. */
export const parseRounds = memoByValue(function parseRounds(value: string | null | undefined): number | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  const digits = cleaned.replace(/,/g, "");
  if (/^\d+(?:\.0+)?$/.test(digits)) return plausible(Number(digits));
  return roundsFromText(cleaned);
});

export function resolveRounds(column: string | null | undefined, title: string): number | null {
  return parseRounds(column) ?? roundsFromText(title);
}
