import { cleanCell } from "./text";

const MAX_SKU_CHARS = 128;

/** The dealer's own id for a listing, as text (leading zeros and letters kept); `null` when blank. */
export function normaliseSku(value: string | null | undefined): string | null {
  const cleaned = cleanCell(value);
  if (cleaned === null) return null;
  return cleaned.length > MAX_SKU_CHARS ? cleaned.slice(0, MAX_SKU_CHARS) : cleaned;
}
