import { memoByValue } from "./memo";
import { cleanCell, isBlankWord, matchText } from "./text";

const MIN_GRAIN = 1;
/** Heavier than any cartridge load (a .50 BMG bullet is ~800 gr; a 1 oz slug 437.5 gr). */
const MAX_GRAIN = 1000;

const GRAIN_IN_TEXT = /(?<![\w.])(\d{1,4}(?:\.\d{1,2})?)[\s-]*(?:gr|grs|grain|grains|grn)\b\.?/;
const LEADING_NUMBER = /^(\d{1,4}(?:\.\d{1,2})?)\s*(?:gr|grs|grain|grains|grn)?\.?$/;

function plausible(value: number): number | null {
  return Number.isFinite(value) && value >= MIN_GRAIN && value <= MAX_GRAIN ? value : null;
}

/** Bullet weight in grains from free text: `115gr`, `115 grain`, `115-Grain`, `62 Gr.`. */
export function grainFromText(text: string): number | null {
  const found = GRAIN_IN_TEXT.exec(matchText(text));
  return found?.[1] === undefined ? null : plausible(Number(found[1]));
}

/** A grain column value: `115`, `115gr`, `115 grain`; else whatever grain the text mentions. */
export const parseGrain = memoByValue(function parseGrain(value: string | null | undefined): number | null {
  const cleaned = cleanCell(value);
  if (cleaned === null || isBlankWord(cleaned)) return null;
  const whole = LEADING_NUMBER.exec(matchText(cleaned));
  if (whole?.[1] !== undefined) return plausible(Number(whole[1]));
  return grainFromText(cleaned);
});

export function resolveGrain(column: string | null | undefined, title: string): number | null {
  return parseGrain(column) ?? grainFromText(title);
}
