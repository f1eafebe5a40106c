/**
 * SQL for the normalised attribute values and identity keys the matcher compares. Every statement that
 * compares listings with canonical SKUs or products builds its keys here, so they can never drift apart.
 * Arguments are trusted SQL expressions (column references), never user input.
 */

/**
 * Lower case and trimmed; empty becomes NULL (an unknown attribute). Ingest's cleanCell has already
 * collapsed whitespace runs in every attribute, so no regex is spent on that here (it tripled the cost).
 */
export function normSql(expr: string): string {
  return `nullif(lower(btrim(${expr})), '')`;
}

/** The display spelling: trimmed; empty becomes NULL. */
export function cleanSql(expr: string): string {
  return `nullif(btrim(${expr}), '')`;
}

/** Already normalised (normSql) values, and the integer attributes. */
export interface KeyParts {
  caliber: string;
  brand: string;
  grainWeight: string;
  roundCount: string;
  bulletType: string;
}

/** caliber|brand|grain|roundCount (CanonicalSku.attrKey); NULL unless all four are known. */
export function attrKeySql(k: KeyParts): string {
  return `(CASE WHEN ${k.caliber} IS NOT NULL AND ${k.brand} IS NOT NULL AND ${k.grainWeight} IS NOT NULL AND ${k.roundCount} IS NOT NULL
    THEN ${k.caliber} || '|' || ${k.brand} || '|' || ${k.grainWeight}::text || '|' || ${k.roundCount}::text END)`;
}

/** brand|caliber|grain|bulletType (Product.productKey); a missing bullet type is an empty last part. */
export function productKeySql(k: KeyParts): string {
  return `(CASE WHEN ${k.caliber} IS NOT NULL AND ${k.brand} IS NOT NULL AND ${k.grainWeight} IS NOT NULL
    THEN ${k.brand} || '|' || ${k.caliber} || '|' || ${k.grainWeight}::text || '|' || coalesce(${k.bulletType}, '') END)`;
}
