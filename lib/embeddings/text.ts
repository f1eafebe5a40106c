import { createHash } from "node:crypto";

/**
 * The product fields that change what a product means (DOMAIN.md "Embeddings"). Price, stock, URL, UPC and
 * pack size are deliberately absent: changing them must not cost a new embedding.
 */
export interface SemanticFields {
  name: string;
  description?: string | null;
  brand?: string | null;
  caliber?: string | null;
  purpose?: string | null;
  category?: string | null;
  bulletType?: string | null;
  grainWeight?: number | null;
}

/** Descriptions beyond this add tokens, not meaning. */
const MAX_DESCRIPTION_CHARS = 1_000;

function clean(value: string | null | undefined): string {
  if (value == null) return "";
  return value
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function grain(value: number | null | undefined): string {
  return value != null && Number.isFinite(value) && value > 0 ? String(value) : "";
}

/** The normalised semantic values, in a fixed order; both the text and the hash derive from these. */
function semanticValues(p: SemanticFields) {
  return {
    name: clean(p.name),
    brand: clean(p.brand),
    caliber: clean(p.caliber),
    bulletType: clean(p.bulletType),
    grain: grain(p.grainWeight),
    purpose: clean(p.purpose),
    category: clean(p.category),
    description: clean(p.description).slice(0, MAX_DESCRIPTION_CHARS).trim(),
  };
}

/** The text that is embedded: the name first, then labelled attributes, then the description. */
export function buildProductText(p: SemanticFields): string {
  const v = semanticValues(p);
  const parts = [v.name];
  if (v.brand) parts.push(`Brand: ${v.brand}`);
  if (v.caliber) parts.push(`Caliber: ${v.caliber}`);
  if (v.bulletType) parts.push(`Bullet: ${v.bulletType}`);
  if (v.grain) parts.push(`Grain: ${v.grain} gr`);
  if (v.purpose) parts.push(`Purpose: ${v.purpose}`);
  if (v.category) parts.push(`Category: ${v.category}`);
  if (v.description) parts.push(v.description);
  return parts.filter(Boolean).join(". ");
}

/**
 * SHA-256 (hex) over the semantic fields only. JSON of a fixed-order tuple rather than a `|`-join, so
 * no value can imitate a field boundary. Whitespace and markup differences that do not reach the embedded
 * text do not change the hash.
 */
export function semanticHash(p: SemanticFields): string {
  const v = semanticValues(p);
  const tuple = [v.name, v.description, v.brand, v.caliber, v.purpose, v.category, v.bulletType, v.grain];
  return createHash("sha256").update(JSON.stringify(tuple)).digest("hex");
}
