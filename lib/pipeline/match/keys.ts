/**
 * SQL for the normalised attribute values and identity keys the matcher compares. Every statement that
 * compares listings with canonical SKUs or products builds its keys here, so they can never drift apart.
 * Arguments are trusted SQL expressions (column references), never user input.
 */

/** Lower case, trimmed, runs of whitespace as one space; empty becomes NULL (an unknown attribute). */
export function normSql(expr: string): string {
  return `nullif(lower(regexp_replace(btrim(${expr}), '\\s+', ' ', 'g')), '')`;
}

/** The display spelling: trimmed, runs of whitespace as one space; empty becomes NULL. */
export function cleanSql(expr: string): string {
  return `nullif(regexp_replace(btrim(${expr}), '\\s+', ' ', 'g'), '')`;
}

interface AttributeColumns {
  caliber: string;
  brand: string;
  grainWeight: string;
  roundCount: string;
}

/** caliber|brand|grain|roundCount (CanonicalSku.attrKey); NULL unless all four are known. */
export function attrKeySql(c: AttributeColumns): string {
  const cal = normSql(c.caliber);
  const brand = normSql(c.brand);
  return `(CASE WHEN ${cal} IS NOT NULL AND ${brand} IS NOT NULL AND ${c.grainWeight} IS NOT NULL AND ${c.roundCount} IS NOT NULL
    THEN ${cal} || '|' || ${brand} || '|' || ${c.grainWeight}::text || '|' || ${c.roundCount}::text END)`;
}

/** brand|caliber|grain|bulletType (Product.productKey); a missing bullet type is an empty last part. */
export function productKeySql(c: { brand: string; caliber: string; grainWeight: string; bulletType: string }): string {
  const cal = normSql(c.caliber);
  const brand = normSql(c.brand);
  return `(CASE WHEN ${cal} IS NOT NULL AND ${brand} IS NOT NULL AND ${c.grainWeight} IS NOT NULL
    THEN ${brand} || '|' || ${cal} || '|' || ${c.grainWeight}::text || '|' || coalesce(${normSql(c.bulletType)}, '') END)`;
}

/** The listing columns of a "DealerSku" alias, for the key builders. */
export function listingColumns(alias: string) {
  return {
    caliber: `${alias}.caliber`,
    brand: `${alias}.brand`,
    grainWeight: `${alias}."grainWeight"`,
    roundCount: `${alias}."roundCount"`,
    bulletType: `${alias}."bulletType"`,
  };
}
