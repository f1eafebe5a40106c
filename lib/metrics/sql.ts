/**
 * Small SQL fragments shared by the dashboard's read queries. Timestamps are stored as UTC without a time
 * zone: they leave SQL as ISO-8601 strings ending in Z, so both drivers (PGlite, node-postgres, which would
 * read them as local time) hand the browser the same instant. Every argument is trusted SQL (a column
 * reference), never user input.
 */
export function isoSql(expr: string): string {
  return `to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Milliseconds from a stored timestamp to now. */
export function msSinceSql(expr: string): string {
  return `(extract(epoch FROM (now() - ${expr})) * 1000)::float8`;
}

/** Milliseconds between two stored timestamps. */
export function msBetweenSql(from: string, to: string): string {
  return `(extract(epoch FROM (${to} - ${from})) * 1000)::float8`;
}
