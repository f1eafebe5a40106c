/**
 * Pure planning of the canonical SKUs (and their products) a match creates: rule 4 of DOMAIN.md "Matching",
 * for listings with all four attributes known that no existing canonical SKU takes. Deterministic: the same
 * candidates give the same plan, whatever order they arrive in.
 */
import { semanticHash } from "@/lib/embeddings/text";
import { categoryOf } from "./category";

/** One listing that will create (or join, if a concurrent run got there first) a new canonical SKU. */
export interface CreationCandidate {
  attrKey: string;
  productKey: string;
  caliber: string;
  brand: string;
  grainWeight: number;
  roundCount: number;
  bulletType: string | null;
  caseType: string | null;
  upc: string | null;
  /** How many pending listings share exactly these values. */
  listings: number;
}

export interface NewProduct {
  productKey: string;
  name: string;
  brand: string;
  caliber: string;
  grainWeight: number;
  bulletType: string | null;
  caseType: string | null;
  category: string | null;
  semanticHash: string;
}

export interface NewCanonical {
  attrKey: string;
  productKey: string;
  /** The UPC carried from its listings, when no other canonical SKU (existing or planned) holds it. */
  upc: string | null;
  name: string;
  caliber: string;
  brand: string;
  grainWeight: number;
  roundCount: number;
  bulletType: string | null;
}

export interface CreationPlan {
  products: NewProduct[];
  canonicals: NewCanonical[];
}

export function productName(p: { brand: string; caliber: string; grainWeight: number; bulletType: string | null }): string {
  return [p.brand, p.caliber, `${p.grainWeight}gr`, p.bulletType].filter(Boolean).join(" ");
}

export function canonicalName(p: Parameters<typeof productName>[0] & { roundCount: number }): string {
  return `${productName(p)}, ${p.roundCount} rounds`;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Total order on candidates, so "first" never depends on the order rows came back in. */
function compareCandidates(a: CreationCandidate, b: CreationCandidate): number {
  const fields = (c: CreationCandidate) => [c.productKey, c.brand, c.caliber, c.bulletType ?? "", c.caseType ?? "", c.upc ?? "\uffff"];
  const fa = fields(a);
  const fb = fields(b);
  for (let i = 0; i < fa.length; i++) {
    const d = byText(fa[i]!, fb[i]!);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * One canonical SKU per attribute key. Its product is the product key most of its listings share (ties: the
 * smallest key), its spelling that of the first such listing, its UPC the smallest free one among the
 * listings of that product first, then the others.
 */
export function planNewCanonicals(candidates: readonly CreationCandidate[]): CreationPlan {
  const groups = new Map<string, CreationCandidate[]>();
  for (const c of candidates) {
    const group = groups.get(c.attrKey);
    if (group) group.push(c);
    else groups.set(c.attrKey, [c]);
  }

  const products = new Map<string, NewProduct>();
  const canonicals: NewCanonical[] = [];
  const usedUpcs = new Set<string>();

  for (const attrKey of [...groups.keys()].sort(byText)) {
    const group = [...groups.get(attrKey)!].sort(compareCandidates);
    const counts = new Map<string, number>();
    for (const c of group) counts.set(c.productKey, (counts.get(c.productKey) ?? 0) + c.listings);
    const productKey = [...counts.entries()].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0]![0];
    const rep = group.find((c) => c.productKey === productKey)!;

    // Listings whose UPC an earlier canonical SKU of this plan carries will match that one (rule 1 first):
    // a group made only of such listings would create a canonical SKU no listing is matched to.
    if (group.every((c) => c.upc !== null && usedUpcs.has(c.upc))) continue;
    const upcOrder = [...group.filter((c) => c.productKey === productKey), ...group.filter((c) => c.productKey !== productKey)];
    const upc = upcOrder.map((c) => c.upc).find((u): u is string => u !== null && !usedUpcs.has(u)) ?? null;
    if (upc) usedUpcs.add(upc);

    if (!products.has(productKey)) products.set(productKey, newProduct(productKey, rep));
    canonicals.push({
      attrKey,
      productKey,
      upc,
      name: canonicalName(rep),
      caliber: rep.caliber,
      brand: rep.brand,
      grainWeight: rep.grainWeight,
      roundCount: rep.roundCount,
      bulletType: rep.bulletType,
    });
  }
  // Sorted by key: concurrent runs then take the unique-index locks in the same order and cannot deadlock.
  return { products: [...products.values()].sort((a, b) => byText(a.productKey, b.productKey)), canonicals };
}

function newProduct(productKey: string, rep: CreationCandidate): NewProduct {
  const fields = {
    name: productName(rep),
    brand: rep.brand,
    caliber: rep.caliber,
    grainWeight: rep.grainWeight,
    bulletType: rep.bulletType,
    category: categoryOf(rep.caliber),
  };
  return { productKey, ...fields, caseType: rep.caseType, semanticHash: semanticHash(fields) };
}
