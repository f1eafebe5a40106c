/** GS1 check digit over all digits but the last. */
function hasValidCheckDigit(code: string): boolean {
  let sum = 0;
  for (let i = code.length - 2, weight = 3; i >= 0; i -= 1, weight = 4 - weight) {
    sum += Number(code[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(code[code.length - 1]);
}

/**
 * A UPC/EAN as digits: separators dropped, leading zeros that spreadsheets ate (9-11 digits) restored
 * to the 12 digits of a UPC-A, and an EAN-13 that is a zero-padded UPC-A written as that UPC-A (the same
 * product). EAN-8/13 and GTIN-14 are kept. Anything without a valid check digit is `null`:
 * a wrong UPC must never match a product by accident.
 */
export function normaliseUpc(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (!/^[\d\s-]+$/.test(text)) return null;
  let digits = text.replace(/[\s-]/g, "");
  if (digits.length >= 9 && digits.length <= 11) digits = digits.padStart(12, "0");
  if (digits.length === 13 && digits.startsWith("0")) digits = digits.slice(1);
  if (digits.length === 14 && digits.startsWith("00")) digits = digits.slice(2);
  if (![8, 12, 13, 14].includes(digits.length)) return null;
  if (/^0+$/.test(digits)) return null;
  return hasValidCheckDigit(digits) ? digits : null;
}
