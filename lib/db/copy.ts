/**
 * Bulk loading with COPY … FROM (CSV): the fastest way into a table on both backends (see
 * ../../../shared/ENVIRONMENT.md "Bulk writes"). Pure encoding here; each backend streams the text.
 */
export type CopyValue = string | number | boolean | null;

/** Rows to encode here, or rows already encoded with `toCopyCsv` (e.g. by a worker thread). */
export type CopySource = { table: string; columns: readonly string[] } & (
  | { rows: Iterable<readonly CopyValue[]> }
  | { csv: string }
);

export function copyCsvOf(source: CopySource): string {
  return "csv" in source ? source.csv : toCopyCsv(source.rows);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`copyFrom: not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** `COPY "t" ("a", "b") FROM <from> WITH (FORMAT csv)`. */
export function copyStatement(table: string, columns: readonly string[], from: string): string {
  return `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(", ")}) FROM ${from} WITH (FORMAT csv)`;
}

/**
 * A text field COPY would read differently unquoted: empty (NULL unquoted), with a quote, a separator, a line
 * break or a backslash, or with whitespace at either end (`\s` is exactly what String.prototype.trim removes).
 */
const NEEDS_QUOTES = /^$|^\s|\s$|[",\r\n\\]/;

// In COPY's CSV format an unquoted empty field is NULL and a quoted one ("") the empty string.
function csvField(value: CopyValue): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The rows as COPY CSV text, one line each. */
export function toCopyCsv(rows: Iterable<readonly CopyValue[]>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(csvField).join(","));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
