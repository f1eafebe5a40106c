import { round } from "./text";

export type PriceResult = { ok: true; value: number } | { ok: false; reason: string };

/** Above this a box or case of ammunition is a data error, not a price. */
export const MAX_PRICE = 100_000;

const CURRENCY = /^(?:us\$|usd|\$)\s*|\s*(?:usd|\$)$/i;
const THOUSANDS_DOT_DECIMAL = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const PLAIN = /^\d+(?:\.\d+)?$|^\.\d+$/;
const THOUSANDS_COMMA_DECIMAL = /^\d{1,3}(?:\.\d{3})+,\d{1,2}$/;
const COMMA_DECIMAL = /^\d+,\d{1,2}$/;

function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/** The digits of an unsigned amount, or `null` when the text is not an amount. */
function parseAmount(text: string): number | null {
  if (PLAIN.test(text)) return Number(text);
  if (THOUSANDS_DOT_DECIMAL.test(text)) return Number(text.replace(/,/g, ""));
  if (THOUSANDS_COMMA_DECIMAL.test(text)) return Number(text.replace(/\./g, "").replace(",", "."));
  if (COMMA_DECIMAL.test(text)) return Number(text.replace(",", "."));
  return null;
}

/**
 * A price: `$18.99`, `1,299.00`, `USD 12`, `18,99`; JSON numbers as they are. Missing, unparseable,
 * negative (`-5.00`, `(5.00)`), zero and absurd prices are reasons to quarantine the row.
 */
export function parsePrice(value: string | number | null | undefined): PriceResult {
  if (value === null || value === undefined) return { ok: false, reason: "missing price" };
  const original = String(value).trim();
  if (original === "") return { ok: false, reason: "missing price" };

  let text = original.replace(/\s+/g, "");
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised?.[1] !== undefined) {
    negative = true;
    text = parenthesised[1];
  }
  if (text.startsWith("-") || text.startsWith("+")) {
    negative = negative || text.startsWith("-");
    text = text.slice(1);
  }
  text = text.replace(CURRENCY, "");
  if (text.startsWith("-")) {
    negative = true;
    text = text.slice(1);
  }

  const amount = typeof value === "number" ? Math.abs(value) : parseAmount(text);
  if (amount === null || !Number.isFinite(amount)) return { ok: false, reason: `unparseable price: ${quote(original)}` };
  if (negative || (typeof value === "number" && value < 0)) return { ok: false, reason: `negative price: ${original}` };
  if (amount === 0) return { ok: false, reason: `zero price: ${original}` };
  if (amount > MAX_PRICE) return { ok: false, reason: `implausible price: ${original}` };
  const rounded = round(amount, 4);
  if (rounded === 0) return { ok: false, reason: `zero price: ${original}` };
  return { ok: true, value: rounded };
}

/** Price per round, the figure buyers compare: 4 decimals, `null` without a round count. */
export function pricePerRound(price: number, roundCount: number | null): number | null {
  if (roundCount === null || roundCount <= 0) return null;
  return round(price / roundCount, 4);
}
