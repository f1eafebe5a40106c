/** Size limits of the parsers. A row over MAX_ROW_CHARS is quarantined; a single value over
 * MAX_VALUE_CHARS (which a streaming parser must hold whole) makes the feed unreadable. */
export const MAX_ROW_CHARS = 64 * 1024;
export const MAX_VALUE_CHARS = 16 * 1024 * 1024;
/** Raw text kept with a quarantined row. */
export const MAX_RAW_CHARS = 4096;
/** Nesting allowed inside one JSON item (or XML item) before it is quarantined. */
export const MAX_ITEM_DEPTH = 32;
/** Bytes read before deciding encoding and format. */
export const HEAD_BYTES = 64 * 1024;
/** Leading whitespace tolerated before the first content. */
export const MAX_LEADING_BLANK_BYTES = 16 * 1024 * 1024;

export function capRaw(text: string): string {
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
}
