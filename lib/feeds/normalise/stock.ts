import { memoByValue } from "./memo";

const IN_STOCK = new Set([
  "yes", "y", "1", "true", "t", "in stock", "instock", "available", "avail", "limited", "limited stock",
  "low stock", "few left", "on hand", "in store", "ships today", "ready to ship", "active",
]);
const OUT_OF_STOCK = new Set([
  "no", "n", "0", "false", "f", "out of stock", "outofstock", "oos", "sold out", "soldout", "backorder",
  "back order", "backordered", "on backorder", "unavailable", "not available", "discontinued", "preorder",
  "pre order", "coming soon", "call", "call for availability", "inactive",
]);

/**
 * Whether a listing is in stock. Words and flags (`yes/no/1/0/true/false`, `in_stock`, `available`,
 * `limited`, `out_of_stock`, `backorder`, `sold out`...) and quantities (`12` → in stock).
 * No stock field at all means the dealer lists the item as sellable: in stock. A value we cannot
 * read is not counted as in stock, so it never inflates the market's in-stock figures.
 */
export const parseInStock = memoByValue(function parseInStock(value: string | number | boolean | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) && value > 0;
  const word = value.trim().toLowerCase().replace(/[_\-\s]+/g, " ").replace(/[!.]+$/, "");
  if (word === "") return true;
  if (IN_STOCK.has(word)) return true;
  if (OUT_OF_STOCK.has(word)) return false;
  if (/^\d+(?:\.0+)?$/.test(word)) return Number(word) > 0;
  if (/^\d+\+?\s*(?:in stock|available|left|on hand)$/.test(word)) return Number.parseInt(word, 10) > 0;
  if (/\b(?:out of stock|sold out|backorder|unavailable)\b/.test(word)) return false;
  if (/\bin stock\b/.test(word)) return true;
  return false;
});
