import { FeedUnreadableError, type FeedFormat } from "../types";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

const MAGIC: Array<{ name: string; bytes: number[] }> = [
  { name: "gzip", bytes: [0x1f, 0x8b] },
  { name: "zip/xlsx", bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: "xls/ole", bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: "pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: "png", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: "jpeg", bytes: [0xff, 0xd8, 0xff] },
  { name: "gif", bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: "7z", bytes: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: "rar", bytes: [0x52, 0x61, 0x72, 0x21] },
  { name: "bzip2", bytes: [0x42, 0x5a, 0x68] },
  { name: "xz", bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a] },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
}

/** UTF-16 without a BOM shows as a zero byte in every other position of ASCII-range text. */
function sniffUtf16(head: Uint8Array): TextEncoding | null {
  const sample = Math.min(head.length, 4096) & ~1;
  if (sample < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (head[i] === 0) evenZeros += 1;
    if (head[i + 1] === 0) oddZeros += 1;
  }
  const pairs = sample / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

function isValidUtf8(head: Uint8Array): boolean {
  try {
    // `stream: true` leaves a character cut at the end of the head for later instead of failing.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The text encoding of a feed from its first bytes: BOM first, then UTF-16 shape, then UTF-8 validity. */
export function sniffEncoding(head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return "utf-8";
  if (startsWith(head, [0xff, 0xfe])) return "utf-16le";
  if (startsWith(head, [0xfe, 0xff])) return "utf-16be";
  const utf16 = sniffUtf16(head);
  if (utf16) return utf16;
  // Not UTF-8: a legacy single-byte export (Excel's "CSV" on Windows); every byte decodes.
  return isValidUtf8(head) ? "utf-8" : "windows-1252";
}

/** A decoder that drops a leading BOM and replaces undecodable bytes instead of failing. */
export function makeDecoder(encoding: TextEncoding): TextDecoder {
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
}

const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g;

/** Throws FeedUnreadableError when the head is binary data rather than text. */
export function assertText(head: Uint8Array, headText: string): void {
  const magic = MAGIC.find((entry) => startsWith(head, entry.bytes));
  if (magic) throw new FeedUnreadableError(`feed is binary data (${magic.name}), not CSV, JSON or XML`);
  const controls = headText.match(CONTROL)?.length ?? 0;
  if (headText.includes("\u0000") || controls > Math.max(2, headText.length * 0.02)) {
    throw new FeedUnreadableError("feed is binary data, not CSV, JSON or XML text");
  }
}

/** The format from the first non-blank character, or `null` when the text is blank. */
export function sniffFormat(headText: string): FeedFormat | null {
  const first = /\S/.exec(headText)?.[0];
  if (first === undefined) return null;
  if (first === "<") return "xml";
  if (first === "{" || first === "[") return "json";
  return "csv";
}

/**
 * The format of a feed from its first bytes (BOM-aware). Throws FeedUnreadableError for an empty
 * or whitespace-only head ("feed is empty") and for binary data.
 */
export function detectFormat(head: Uint8Array): FeedFormat {
  const headText = makeDecoder(sniffEncoding(head)).decode(head, { stream: true });
  assertText(head, headText);
  const format = sniffFormat(headText);
  if (format === null) throw new FeedUnreadableError("feed is empty");
  return format;
}
