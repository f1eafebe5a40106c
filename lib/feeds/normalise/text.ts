import { decodeHTMLStrict } from "entities";

/** Control characters other than tab/newline/carriage return (which whitespace collapsing handles). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/g;
const WHITESPACE_RUN = /\s+/g;

export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, " ").trim();
}

/** Anything `cleanCell` would change besides trimming. */
const UNCLEAN = /[\u0000-\u001F\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]| {2}/;

/** Trimmed, control characters removed, whitespace collapsed; `null` when nothing is left. */
export function cleanCell(value: string | null | undefined): string | null {
  if (value == null) return null;
  if (!UNCLEAN.test(value)) {
    const trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }
  const cleaned = collapseWhitespace(value.replace(CONTROL_CHARS, " "));
  return cleaned === "" ? null : cleaned;
}

/** Elements whose content is code or styling, never words of a title. */
const NON_TEXT_ELEMENTS = /<(script|style|iframe|object|template|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const COMMENTS = /<!--[\s\S]*?(?:-->|$)/g;
const TAGS = /<\/?[a-zA-Z][^<>]*>?/g;

function stripTags(text: string): string {
  return text.replace(COMMENTS, " ").replace(NON_TEXT_ELEMENTS, " ").replace(TAGS, " ");
}

export const MAX_TITLE_CHARS = 500;

/**
 * A listing title as plain text: tags dropped (script/style content with them), entities decoded,
 * whitespace collapsed. Tags are stripped again after decoding so that entity-escaped markup
 * (`&lt;script&gt;`) does not come back as markup either.
 */
export function plainText(value: string | null | undefined, maxChars = MAX_TITLE_CHARS): string | null {
  if (value == null) return null;
  const text = stripTags(decodeHTMLStrict(stripTags(value)));
  const cleaned = cleanCell(text);
  if (cleaned === null) return null;
  return cleaned.length > maxChars ? cleaned.slice(0, maxChars).trimEnd() : cleaned;
}

const TYPOGRAPHIC = /[\u2010-\u2015\u2212\u00d7\u2715\u2018\u2019\u201b\u2032\u201c\u201d\u2033]/;

/**
 * Lowercased text for pattern matching: typographic dashes, quotes and the multiplication sign
 * folded to ASCII so that `5.56×45` and `5.56x45` read the same. Whitespace is left alone (the
 * patterns allow any run of it), so offsets into the text stay valid for ASCII text.
 */
export function matchText(value: string): string {
  const lower = value.toLowerCase();
  if (!TYPOGRAPHIC.test(lower)) return lower;
  return lower
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00d7\u2715]/g, "x")
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u2033]/g, '"');
}

/** Values that mean "no value" in dealer feeds. */
const BLANK_WORDS = new Set(["n/a", "na", "none", "null", "-", "--", "unknown", "tbd", "?", "nil", "undefined"]);

export function isBlankWord(value: string): boolean {
  return BLANK_WORDS.has(value.trim().toLowerCase());
}

/** Replaces the span `[start, end)` with spaces so later matchers cannot see it but offsets stay. */
export function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
}

/**
 * Half-up decimal rounding. The nudge undoes binary drift on halves (`1.005 * 100` is
 * 100.49999999999999), so `round(1.005, 2)` is 1.01 as a person would expect.
 */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = value * factor;
  return Math.round(scaled + Math.sign(scaled) * 1e-7) / factor;
}
